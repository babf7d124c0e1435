import Foundation
import Ingest
import Notes

/// The report of `shnor inspect`: what the tool sees in an export before any pipeline uses it,
/// as Russian text for the analyst or as JSON for programs.
public struct InspectionReport {
    static let rejectionsListed = 20

    let summary: ReadSummary
    let columns: [ColumnProfile]
    let rejections: [Rejection]
    let top: Int

    /// Reads the whole file and profiles each column, keeping `top` most frequent values.
    public static func inspect(file: String, overrides: ReadingOverrides, top: Int) throws -> InspectionReport {
        let reader = try TableReader(path: file, options: overrides.readerOptions(for: file))
        var profile: TableProfile?
        var rejections: [Rejection] = []
        var rejectionCount = 0
        let summary = try reader.read(
            onRow: { row in
                if profile == nil { profile = TableProfile(header: row.header) }
                profile?.add(row)
            },
            onReject: { rejection in
                rejectionCount += 1
                if rejections.count < rejectionsListed { rejections.append(rejection) }
            })
        let columns = profile?.columns ?? summary.header.map { TableProfile(header: $0).columns } ?? []
        return InspectionReport(summary: summary, columns: columns, rejections: rejections, top: top)
    }

    /// A warning for standard error when the encoding was told with little confidence.
    public var encodingWarning: String? {
        guard summary.encoding.isInDoubt else { return nil }
        return
            "кодировка определена неуверенно (\(RussianFormat.decimal(summary.encoding.confidence, decimals: 2))): проверьте текст выше и при необходимости укажите --encoding"
    }

    /// One fact of the report about the whole file: «Кодировка» — «utf-8, уверенность …».
    public struct Fact: Sendable, Equatable {
        public let label: String
        public let value: String
    }

    /// One column as the report describes it: its header, filled cells, distinct values (≈ when
    /// counted approximately), type and its most frequent values with their counts.
    public struct ColumnSummary: Sendable, Equatable {
        public let name: String
        public let type: String
        public let filled: Int
        /// Distinct values as the report words them: «12», or «≈1 200» when counted approximately.
        public let distinct: String
        public let topValues: [(value: String, count: Int)]

        public static func == (a: ColumnSummary, b: ColumnSummary) -> Bool {
            a.name == b.name && a.type == b.type && a.filled == b.filled && a.distinct == b.distinct
                && a.topValues.map(\.value) == b.topValues.map(\.value)
                && a.topValues.map(\.count) == b.topValues.map(\.count)
        }
    }

    /// Rows the columns were counted over (the rows passed).
    public var rowsCounted: Int { summary.rowsPassed }

    /// The sheets of a workbook, in the book's order, and the one read; nil for a text file.
    public var sheets: (all: [String], read: String)? { summary.workbook.map { ($0.sheets, $0.sheet) } }

    /// The facts about the file, in the order the terminal report lists them.
    public var facts: [Fact] {
        var facts: [Fact] = []
        let encoding = summary.encoding
        facts.append(Fact(label: "Файл", value: "\(summary.file) (\(RussianFormat.integer(summary.bytes)) байт)"))
        if let book = summary.workbook {
            facts.append(Fact(label: "Формат", value: book.format.title))
            let sheets = book.sheets.enumerated().map { "\($0.offset + 1). «\($0.element)»" }.joined(separator: ", ")
            facts.append(
                Fact(label: "Лист", value: "«\(book.sheet)» (\(book.number) из \(book.sheets.count): \(sheets))"))
        } else {
            facts.append(
                Fact(
                    label: "Кодировка",
                    value:
                        "\(encoding.encoding.rawValue), уверенность \(RussianFormat.decimal(encoding.confidence, decimals: 2)) — \(Self.methodName(encoding.method))"
                ))
            facts.append(
                Fact(
                    label: "Разделитель",
                    value: "\(summary.dialect.delimiterName) — \(Self.sourceName(summary.dialect.source))"))
            facts.append(Fact(label: "Кавычки", value: "«\(Character(Unicode.Scalar(summary.dialect.quote)))»"))
            facts.append(Fact(label: "Концы строк", value: summary.lineEndings.summary))
        }
        guard let header = summary.header else {
            facts.append(Fact(label: "Заголовок", value: "нет — файл пуст"))
            facts.append(Fact(label: "Строк данных", value: "0"))
            return facts
        }
        if summary.preambleLines > 0 {
            facts.append(
                Fact(
                    label: "Над заголовком",
                    value:
                        "\(RussianFormat.integer(summary.preambleLines)) (строки \(summary.preambleLineNumbers.map(String.init).joined(separator: ", "))) — пропущены"
                ))
        }
        if summary.layout.hasHeader {
            let rows =
                summary.layout.headerRows == 2
                ? "строки \(summary.headerLine ?? 1)–\((summary.headerLine ?? 1) + 1)"
                : "строка \(summary.headerLine ?? 1)"
            let how = summary.layout.source == .declared ? " — указан в инструменте" : ""
            facts.append(Fact(label: "Заголовок", value: "\(rows), столбцов: \(header.count)\(how)"))
        } else {
            facts.append(
                Fact(label: "Заголовок", value: "нет в файле — столбцы названы «Столбец 1» … «Столбец \(header.count)»")
            )
        }
        var rows = RussianFormat.integer(summary.rowsRead)
        if summary.rowsRejected > 0 {
            rows +=
                " (принято \(RussianFormat.integer(summary.rowsPassed)), отклонено \(RussianFormat.integer(summary.rowsRejected)))"
        }
        facts.append(Fact(label: "Строк данных", value: rows))
        if summary.blankLines > 0 {
            var blank =
                "\(RussianFormat.integer(summary.blankLines)) (строки \(summary.blankLineNumbers.map(String.init).joined(separator: ", "))"
            blank += summary.blankLines > summary.blankLineNumbers.count ? ", …)" : ")"
            facts.append(Fact(label: "Пустых строк", value: blank))
        }
        if summary.rowsWithTrailingEmptyCells > 0 {
            facts.append(
                Fact(
                    label: "Пустые ячейки за последним столбцом",
                    value: "в \(RussianFormat.integer(summary.rowsWithTrailingEmptyCells)) строках (не учитываются)"))
        }
        return facts
    }

    /// The remarks on the file: header doubts, quotes, the first rows rejected.
    public var remarks: [String] {
        guard let header = summary.header else { return [] }
        let quoteNote =
            summary.quotesInsideUnquotedFields > 0
            ? [
                "кавычки внутри значений без обрамляющих кавычек: \(summary.quotesInsideUnquotedFields) — сохранены как текст"
            ] : []
        let repairNote = summary.quoteRepairs > 0 ? [Conversion.quoteRepairText(summary)] : []
        return summary.layout.doubts + header.notes.map(\.message) + quoteNote + repairNote
            + rejections.map { "строка \($0.origin.line): \($0.detail) — строка отклонена" }
            + (summary.rowsRejected > rejections.count
                ? ["… и ещё \(summary.rowsRejected - rejections.count) отклонённых строк"] : [])
    }

    /// The columns in the file's order, each with its `top` most frequent values.
    public var columnSummaries: [ColumnSummary] {
        columns.map { column in
            ColumnSummary(
                name: column.name, type: Self.kindText(column), filled: column.nonEmpty,
                distinct: (column.isExact ? "" : "≈") + RussianFormat.integer(column.distinct),
                topValues: column.topValues(top).map { (value: $0.value, count: $0.count) })
        }
    }

    /// The report for the terminal, ending with a newline.
    public func text() -> String {
        var lines = facts.map { fact in
            let label = fact.label + ":"
            return label + String(repeating: " ", count: max(1, 16 - label.count)) + fact.value
        }
        guard summary.header != nil else { return lines.joined(separator: "\n") + "\n" }
        let notes = remarks
        if !notes.isEmpty {
            lines.append("Замечания:")
            lines += notes.map { "  - \($0)" }
        }
        lines.append("Столбцы:")
        let summaries = columnSummaries
        let width = String(summaries.count).count
        for (index, column) in summaries.enumerated() {
            let number = String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1)"
            lines.append("  \(number). \(column.name)")
            lines.append(
                "      заполнено \(RussianFormat.integer(column.filled)) из \(RussianFormat.integer(summary.rowsPassed)), различных \(column.distinct), тип: \(column.type)"
            )
            if !column.topValues.isEmpty {
                let shown = column.topValues.map { "«\(Self.clip($0.value))» (\(RussianFormat.integer($0.count)))" }
                    .joined(separator: ", ")
                lines.append("      чаще всего: \(shown)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func kindText(_ column: ColumnProfile) -> String {
        guard let kind = column.inferredKind else { return "нет значений" }
        guard kind == .text, column.kindCounts.count > 1 else { return kind.russianName }
        let parts = ValueKind.allCases.compactMap { k in
            column.kindCounts[k].map { "\(k.russianName): \(RussianFormat.integer($0))" }
        }
        return "текст (смесь — \(parts.joined(separator: ", ")))"
    }

    static func methodName(_ method: DetectedEncoding.Method) -> String {
        switch method {
        case .byteOrderMark: "по метке порядка байтов (BOM)"
        case .asciiOnly: "в начале файла только символы ASCII"
        case .utf8Structure: "по структуре байтов UTF-8"
        case .zeroBytePattern: "по нулевым байтам (UTF-16 без BOM)"
        case .uchardet: "libuchardet, проверено по словам"
        case .cyrillicWords: "по доле правильных русских слов (libuchardet не дал ответа)"
        case .declared: "указана в --encoding"
        case .workbook: "книга Excel: текст в Юникоде"
        }
    }

    static func sourceName(_ source: Dialect.Source) -> String {
        switch source {
        case .sepLine: "из строки sep= в начале файла"
        case .sniffed: "определён по первым строкам"
        case .declared: "указан в --delimiter"
        case .fallback: "по умолчанию (в файле один столбец или нет данных)"
        case .workbook: "книга Excel: ячейки, а не разделитель"
        }
    }

    static func clip(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        return flat.count > 60 ? String(flat.prefix(57)) + "…" : flat
    }

    /// The report as pretty-printed JSON with snake_case keys.
    public func json() throws -> String {
        let document = Document(
            file: summary.file, bytes: summary.bytes,
            encoding: .init(
                name: summary.encoding.encoding.rawValue, confidence: summary.encoding.confidence,
                method: summary.encoding.method.rawValue),
            delimiter: String(Character(Unicode.Scalar(summary.dialect.delimiter))),
            delimiterSource: summary.dialect.source.rawValue,
            quote: String(Character(Unicode.Scalar(summary.dialect.quote))),
            sepLine: summary.dialect.hasSepLine,
            lineEndings: .init(lf: summary.lineEndings.lf, crlf: summary.lineEndings.crlf, cr: summary.lineEndings.cr),
            headerLine: summary.headerLine,
            headerRows: summary.layout.hasHeader ? summary.layout.headerRows : 0,
            preambleLines: summary.preambleLineNumbers, quoteRepairs: summary.quoteRepairs,
            quoteRepairLines: summary.quoteRepairLines, headerDoubts: summary.layout.doubts,
            header: summary.header?.names ?? [],
            headerNotes: summary.header?.notes.map(\.message) ?? [],
            rowsRead: summary.rowsRead, rowsPassed: summary.rowsPassed, rowsRejected: summary.rowsRejected,
            blankLines: summary.blankLines, blankLineNumbers: summary.blankLineNumbers,
            rowsWithTrailingEmptyCells: summary.rowsWithTrailingEmptyCells,
            rejections: rejections.map { .init(line: $0.origin.line, reason: $0.reason.rawValue, detail: $0.detail) },
            workbook: summary.workbook.map { .init(format: $0.format.rawValue, sheet: $0.sheet, sheets: $0.sheets) },
            columns: columns.map { column in
                .init(
                    name: column.name, nonEmpty: column.nonEmpty, distinct: column.distinct,
                    distinctExact: column.isExact,
                    type: column.inferredKind?.rawValue,
                    typeCounts: Dictionary(uniqueKeysWithValues: column.kindCounts.map { ($0.key.rawValue, $0.value) }),
                    top: column.topValues(top).map { .init(value: $0.value, count: $0.count) })
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    struct Document: Encodable {
        struct Encoding: Encodable { var name: String; var confidence: Double; var method: String }
        struct LineEndings: Encodable { var lf: Int; var crlf: Int; var cr: Int }
        struct RejectedRow: Encodable { var line: Int; var reason: String; var detail: String }
        struct Value: Encodable { var value: String; var count: Int }
        struct Workbook: Encodable { var format: String; var sheet: String; var sheets: [String] }
        struct Column: Encodable {
            var name: String; var nonEmpty: Int; var distinct: Int; var distinctExact: Bool
            var type: String?; var typeCounts: [String: Int]; var top: [Value]
        }
        var file: String; var bytes: Int; var encoding: Encoding
        var delimiter: String; var delimiterSource: String; var quote: String; var sepLine: Bool
        var lineEndings: LineEndings; var headerLine: Int?; var headerRows: Int; var preambleLines: [Int]
        var quoteRepairs: Int; var quoteRepairLines: [Int]; var headerDoubts: [String]
        var header: [String]; var headerNotes: [String]
        var rowsRead: Int; var rowsPassed: Int; var rowsRejected: Int
        var blankLines: Int; var blankLineNumbers: [Int]; var rowsWithTrailingEmptyCells: Int
        var rejections: [RejectedRow]; var workbook: Workbook?; var columns: [Column]
    }
}
