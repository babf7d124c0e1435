/// Where a row came from: the file and the physical line it begins on (1-based) — in a workbook,
/// the sheet and its row number.
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The workbook's sheet (.xlsx, .xls); nil for a text export.
    public var sheet: String?

    public init(file: String, line: Int, sheet: String? = nil) {
        self.file = file
        self.line = line
        self.sheet = sheet
    }

    /// «выгрузка.csv, строка 17»; «книга.xlsx, лист «Ответы», строка 17».
    public var description: String {
        guard let sheet else { return "\(file), строка \(line)" }
        return "\(file), лист «\(sheet)», строка \(line)"
    }
}
