/// What reading one file found: its format, its header, and the books of its rows.
///
/// The books balance: `rowsRead == rowsPassed + rowsRejected`. Blank lines and the
/// header are not rows; they are counted on their own.
public struct ReadSummary: Sendable {
    public var file: String
    public var bytes: Int
    public var encoding: DetectedEncoding
    public var dialect: Dialect
    /// Where the table begins: preamble, header rows, or no header.
    public var layout: TableLayout = .plain
    /// nil for an empty file (no header at all).
    public var header: Header?
    public var headerLine: Int?
    /// Non-blank lines above the header (a title, a date) that were skipped.
    public var preambleLines = 0
    /// The first preamble lines' numbers, for the report.
    public var preambleLineNumbers: [Int] = []
    /// Data records met (after the header), blank ones excluded.
    public var rowsRead = 0
    public var rowsPassed = 0
    public var rejectedByReason: [Rejection.Reason: Int] = [:]
    /// Blank lines, and rows whose every cell is empty (Excel's `;;;`), anywhere in the file.
    public var blankLines = 0
    /// The first blank lines' numbers, for the report.
    public var blankLineNumbers: [Int] = []
    /// Rows passed on that had empty cells beyond the header's columns (trailing `;;;`).
    public var rowsWithTrailingEmptyCells = 0
    public var lineEndings = LineEndingCounts()
    /// Quotes met inside values that were not enclosed in quotes (`МАОУ "СОШ № 1"`), kept as text.
    public var quotesInsideUnquotedFields = 0
    /// Quotes inside quoted values not followed by the delimiter or a line end, kept as text
    /// the way Excel reads them (`"МБОУ "СОШ №5""`).
    public var quoteRepairs = 0
    /// The lines of the first quote repairs, for the report.
    public var quoteRepairLines: [Int] = []
    /// The workbook and sheet the rows came from; nil for a text export.
    public var workbook: WorkbookSummary?

    public var rowsRejected: Int { rejectedByReason.values.reduce(0, +) }
    public var balances: Bool { rowsRead == rowsPassed + rowsRejected }

    /// How many blank line numbers are kept.
    public static let blankLinesListed = 20
}

/// Which workbook sheet an export was read from, and what other sheets the book has.
public struct WorkbookSummary: Sendable, Equatable {
    public var format: WorkbookFormat
    /// Every sheet of the book, in order.
    public var sheets: [String]
    /// The sheet read.
    public var sheet: String
    /// Its number, from 1.
    public var number: Int

    init(_ sheet: WorkbookSheet) {
        format = sheet.format
        sheets = sheet.names
        self.sheet = sheet.name
        number = sheet.index + 1
    }
}

extension ReadSummary {
    /// The error for a read in which no row survives — an empty file, a header alone, every
    /// row rejected — naming the first rejected row's fault; nil when a row was passed on.
    /// An empty result must never pass for a success (exit status 3).
    public func noRowSurvived(firstRejection: Rejection?) -> IngestError? {
        guard let header else {
            return IngestError(
                .noRows, file: file, detail: "файл пуст: нет ни заголовка, ни строк — результат не записан")
        }
        if rowsRead == 0 {
            return IngestError(
                .noRows, file: file, line: headerLine,
                detail: "в файле только заголовок (\(header.count) столбцов), строк данных нет — результат не записан")
        }
        guard rowsPassed == 0 else { return nil }
        let first = firstRejection.map { "; первая — \($0.origin): \($0.detail)" } ?? ""
        return IngestError(
            .noRows, file: file,
            detail:
                "ни одна из \(rowsRead) строк не совпала с заголовком (строка \(headerLine ?? 1), столбцов: \(header.count))\(first). Проверьте разделитель и строку заголовка: shnor inspect — результат не записан"
        )
    }
}
