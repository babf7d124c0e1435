import ArgumentParser
import Ingest

/// `shnor convert FILE --to csv|json`: any export to clean UTF-8.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Перевести выгрузку в чистый UTF-8: CSV (для Excel) или JSON (массив объектов по заголовку).",
        discussion: """
            CSV пишется в UTF-8 с меткой BOM, с разделителем «;» и переводами строк CRLF, как его \
            открывает русский Excel; ячейки, которые Excel принял бы за формулу (=, +, -, @), \
            получают апостроф в начале. Строки, не совпавшие с заголовком по числу значений, \
            не попадают в результат: их номера выводятся в поток ошибок, а полный список — \
            в файл --rejects.
            """)

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Argument(help: ArgumentHelp("Файл выгрузки (CSV).", valueName: "файл"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Формат результата: csv или json.", valueName: "формат"))
    var to: Target

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp(
        "Куда записать результат (по умолчанию — стандартный вывод).", valueName: "файл"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp(
        "Записать отклонённые строки (с номерами строк и причинами) в этот CSV-файл. В нём могут быть персональные данные.",
        valueName: "файл"))
    var rejects: String?

    @Option(name: .customLong("output-delimiter"), help: ArgumentHelp("Разделитель в CSV-результате.", valueName: "символ"))
    var outputDelimiter: String = ";"

    @Flag(name: .customLong("no-bom"), help: "Не ставить метку BOM в начало CSV-результата.")
    var noByteOrderMark = false

    @OptionGroup var input: InputOptions

    /// How many rejected rows are named on standard error; the rest are counted.
    static let rejectionsShown = 10

    func run() throws {
        guard let outputDelimiterByte = Dialect.delimiter(named: outputDelimiter) else {
            throw CommandFailure.usage("разделитель «\(outputDelimiter)» не подходит: нужен один символ, например ; , | или tab")
        }
        let reader = try TableReader(path: file, options: input.readerOptions())
        let destination = try output.map { try OutputFile(path: $0) } ?? OutputFile()
        let rejectsFile = try rejects.map { try OutputFile(path: $0, private: true) }
        let rejectsTable = try rejectsFile.map { try CSVTableWriter(output: $0) }
        try rejectsTable?.writeRow(["файл", "строка", "причина", "описание", "значения"])

        var shown: [Rejection] = []
        var csv: CSVTableWriter?
        var json: JSONRowsWriter?
        var headerWritten = false
        let format = CSVTableWriter.Format(delimiter: outputDelimiterByte, byteOrderMark: !noByteOrderMark)

        func start(_ header: Header?) throws {
            guard !headerWritten else { return }
            headerWritten = true
            switch to {
            case .csv:
                csv = try CSVTableWriter(output: destination, format: format)
                if let header { try csv?.writeRow(header.names) }
            case .json:
                json = try JSONRowsWriter(output: destination, header: header)
            }
        }

        let summary = try reader.read(
            onRow: { row in
                try start(row.header)
                try csv?.writeRow(row)
                try json?.writeRow(row)
            },
            onReject: { rejection in
                if shown.count < Self.rejectionsShown { shown.append(rejection) }
                try rejectsTable?.writeRow([
                    rejection.origin.file, String(rejection.origin.line), rejection.reason.rawValue, rejection.detail,
                    rejection.cells.joined(separator: " | "),
                ])
            })
        try start(summary.header)
        try json?.finish()
        try destination.commit()
        try rejectsFile?.commit()
        report(summary, shown: shown)
    }

    private func report(_ summary: ReadSummary, shown: [Rejection]) {
        if summary.header == nil { Terminal.warning("\(file): файл пуст — записан пустой результат") }
        for note in summary.header?.notes ?? [] { Terminal.note("\(file): \(note.message)") }
        if summary.blankLines > 0 {
            Terminal.note("\(file): пропущено пустых строк: \(summary.blankLines)")
        }
        for rejection in shown {
            Terminal.warning("\(rejection.origin): \(rejection.detail) — строка не записана")
        }
        if summary.rowsRejected > shown.count {
            Terminal.warning("\(file): и ещё \(summary.rowsRejected - shown.count) отклонённых строк"
                + (rejects == nil ? " (полный список: --rejects ФАЙЛ)" : ""))
        }
        if summary.encoding.confidence < DetectedEncoding.trustworthyConfidence {
            Terminal.warning("\(file): кодировка \(summary.encoding.encoding.rawValue) определена неуверенно; при ошибке укажите --encoding")
        }
    }
}
