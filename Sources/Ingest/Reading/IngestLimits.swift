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

    public init(maxFieldBytes: Int = 1 << 20, maxCellsPerRow: Int = 10_000, maxFileBytes: Int = 16 << 30) {
        self.maxFieldBytes = maxFieldBytes
        self.maxCellsPerRow = maxCellsPerRow
        self.maxFileBytes = maxFileBytes
    }

    public static let standard = IngestLimits()
}
