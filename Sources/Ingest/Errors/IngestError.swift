/// A fault that stops reading a file: the file cannot be opened, decoded or parsed.
///
/// `description` is the message for the analyst, in Russian, naming the file, the physical
/// line and, where it applies, the column. Problems that only affect single rows are not
/// errors: they become ``Rejection``s and reading goes on.
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable code that tests and callers can match on.
    public enum Kind: String, Sendable, Equatable {
        case cannotOpen = "cannot_open"
        /// A named pipe, a device, a socket or a folder where a file was expected.
        case notRegularFile = "not_regular_file"
        case cannotRead = "cannot_read"
        case notCSV = "not_csv"
        case unknownEncoding = "unknown_encoding"
        case invalidUTF8 = "invalid_utf8"
        case undecodableBytes = "undecodable_bytes"
        case unterminatedQuote = "unterminated_quote"
        case strayQuote = "stray_quote"
        case fieldTooLong = "field_too_long"
        case tooManyCells = "too_many_cells"
        case outOfMemory = "out_of_memory"
        case nulByte = "nul_byte"
        case byteOrderMarkInside = "byte_order_mark_inside"
        case fileTooLarge = "file_too_large"
        /// Nothing of the file was left to pass on: no header, no data rows, or every row rejected.
        case noRows = "no_rows"
        /// A workbook (.xlsx, .xls) that cannot be read: damaged, a ZIP or XML bomb, a sheet missing.
        case badWorkbook = "bad_workbook"
    }

    public var kind: Kind
    public var file: String
    /// Physical line, 1-based; nil when the fault concerns the whole file.
    public var line: Int?
    /// Column, 1-based; nil when it does not apply.
    public var column: Int?
    /// The workbook's sheet, for a fault in an .xlsx or .xls file.
    public var sheet: String?
    /// The sheet's cell (`C17`); in a workbook it names the place instead of line and column.
    public var cell: String?
    /// What happened, in Russian, without the location (``description`` adds it).
    public var detail: String

    public init(
        _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, sheet: String? = nil, cell: String? = nil,
        detail: String
    ) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cell = cell
        self.detail = detail
    }

    public var description: String {
        guard let sheet else { return "\(Self.location(file: file, line: line, column: column)): \(detail)" }
        // «книга.xlsx, лист «Ответы», ячейка C17» (or «строка 17» when no one cell is at fault).
        var location = "\(file), лист «\(sheet)»"
        if let cell {
            location += ", ячейка \(cell)"
        } else if let line {
            location += ", строка \(line)"
        }
        return "\(location): \(detail)"
    }

    /// «file, строка 3, столбец 2»: how every message of the tool names a place.
    public static func location(file: String, line: Int?, column: Int?) -> String {
        var location = file
        if let line { location += ", строка \(line)" }
        if let column { location += ", столбец \(column)" }
        return location
    }
}
