/// A data row that matched the header: one cell per column, and where it came from.
///
/// A view into the parser's buffers, valid only inside the callback that receives it.
public struct Row {
    public let record: RawRecord
    /// What every row of one read shares, behind one reference: handing a row over then costs
    /// one reference count, not one for each of the header, the file name and the sheet.
    let context: RowContext

    public var header: Header { context.header }
    public var file: String { context.file }
    /// The workbook's sheet the row is on; nil for a text export.
    public var sheet: String? { context.sheet }

    /// Physical line the row begins on.
    public var line: Int { record.line }
    public var origin: Origin { Origin(file: file, line: record.line, sheet: sheet) }
    /// Cells, one per header column (empty cells past the header are not counted).
    public var count: Int { header.count }

    @inline(__always)
    public subscript(column: Int) -> UnsafeRawBufferPointer { record[column] }

    public func string(at column: Int) -> String { record.string(at: column) }

    public func strings() -> [String] { (0..<count).map(string(at:)) }
}

/// The header, file and sheet the rows of one read share (``Row/context``).
final class RowContext {
    let header: Header
    let file: String
    let sheet: String?

    init(header: Header, file: String, sheet: String?) {
        self.header = header
        self.file = file
        self.sheet = sheet
    }
}
