/// Where the table of an export begins: the lines above its header (a title, a date), how many
/// rows the header has, or that it has none.
///
/// Found by ``HeaderSniffer`` from the start of the file, or told by the instrument
/// (`header_row:`, `header_rows:`, `header: none`). Records above ``headerLine`` are skipped and
/// counted as preamble lines; a two-row header joins each group name with the column name below
/// it («Математика / Балл»).
public struct TableLayout: Sendable, Equatable {
    /// Where the layout came from.
    public enum Source: String, Sendable, Equatable {
        /// Found from the first records of the file.
        case sniffed
        /// Told by the instrument.
        case declared
    }

    /// Physical line of the (first) header row; records above it are preamble. nil: the first
    /// record that is not blank.
    public var headerLine: Int?
    /// Rows the header spans: 1, or 2 for a group row over the column row.
    public var headerRows: Int
    /// False when the file has no header: every record is data, columns are «Столбец N».
    public var hasHeader: Bool
    /// Columns the data of the file's start fills: blank header names up to here are kept as
    /// «Столбец N» instead of being dropped as Excel's trailing `;;;`.
    public var dataWidth: Int
    /// Blank header cells (0-based) no data stands under: the rows have as many values as the
    /// header has names without them (a stray delimiter in the header row). They are dropped.
    public var unbackedBlankColumns: [Int] = []
    public var source: Source
    /// Warnings about the header for the analyst (the first row looks like data…), in Russian.
    public var doubts: [String]

    public init(
        headerLine: Int? = nil, headerRows: Int = 1, hasHeader: Bool = true, dataWidth: Int = 0,
        source: Source = .sniffed, doubts: [String] = []
    ) {
        self.headerLine = headerLine
        self.headerRows = headerRows
        self.hasHeader = hasHeader
        self.dataWidth = dataWidth
        self.source = source
        self.doubts = doubts
    }

    /// The first non-blank record is the one header row.
    public static let plain = TableLayout()
}

/// What the instrument says about the header, overriding detection.
public struct DeclaredHeader: Sendable, Equatable {
    /// Physical line of the (first) header row (`header_row:`).
    public var line: Int?
    /// `header_rows:` — 1 or 2.
    public var rows: Int?
    /// `header: none`.
    public var absent: Bool

    public init(line: Int? = nil, rows: Int? = nil, absent: Bool = false) {
        self.line = line
        self.rows = rows
        self.absent = absent
    }

    public var isEmpty: Bool { line == nil && rows == nil && !absent }
}
