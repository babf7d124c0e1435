/// Sizes past which a file is refused rather than read, so a damaged or hostile export
/// fails with a clear message instead of exhausting memory.
public struct IngestLimits: Sendable, Equatable {
    /// Bytes in one field after decoding. An unterminated quote makes a field swallow the
    /// rest of the file; this limit stops it early and names the line where it began.
    public var maxFieldBytes: Int
    /// Cells in one record.
    public var maxCellsPerRow: Int
    /// Bytes in one file: 16 GiB, past any export of the country's results.
    public var maxFileBytes: Int
    /// Bytes an .xlsx book's shared strings may take in memory (each string counted with 16
    /// bytes of bookkeeping): the one part of a workbook held whole. 256 MiB holds the names of
    /// several million people; a book needing more is refused rather than read into swap.
    public var maxSharedStringBytes: Int
    /// How many times its compressed size a part of an .xlsx book may inflate to (past its
    /// first MiB). Real sheets inflate 5–30 times; deflate cannot exceed about 1 030; 100 is
    /// the bound Apache POI refuses ZIP bombs at (`ZipSecureFile`, minimum ratio 1 %).
    public var maxInflationRatio: Int

    public init(
        maxFieldBytes: Int = 1 << 20, maxCellsPerRow: Int = 10_000, maxFileBytes: Int = 16 << 30,
        maxSharedStringBytes: Int = 256 << 20, maxInflationRatio: Int = 100
    ) {
        self.maxFieldBytes = maxFieldBytes
        self.maxCellsPerRow = maxCellsPerRow
        self.maxFileBytes = maxFileBytes
        self.maxSharedStringBytes = maxSharedStringBytes
        self.maxInflationRatio = maxInflationRatio
    }

    public static let standard = IngestLimits()
}
