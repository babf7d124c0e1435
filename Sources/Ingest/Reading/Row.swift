/// A data row that matched the header: one cell per column, and where it came from.
///
/// A view into the parser's buffers, valid only inside the callback that receives it.
public struct Row {
    public let record: RawRecord
    public let header: Header
    public let file: String
    /// The workbook's sheet the row is on; nil for a text export.
    public var sheet: String? = nil

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
