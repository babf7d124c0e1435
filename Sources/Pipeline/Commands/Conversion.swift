import Ingest
import Notes

/// `shnor convert`: an export, in whatever encoding and dialect, to clean UTF-8 CSV or JSON.
///
/// Rows that do not match the header are left out, named on standard error (the first
/// ``rejectionsShown``) and listed in full in the rejects file when one is asked for.
public struct Conversion: Sendable {
    public enum Format: String, Sendable, CaseIterable { case csv, json }

    /// A line for standard error.
    public enum Message: Sendable, Equatable {
        case note(String)
        case warning(String)
    }

    /// What a conversion tells the analyst, and the failure it ends with (nil: exit status 0).
    public struct Outcome: Sendable {
        public var messages: [Message]
        /// Rows were rejected over `maxRejectRate`: the result is written, the exit status is 1.
        public var failure: CommandError?
    }

    /// How many rejected rows are named on standard error; the rest are counted.
    public static let rejectionsShown = 10
    /// The share of rows read that may be rejected before the conversion fails (exit status 1).
    public static let defaultMaxRejectRate = 0.5

    public var file: String
    public var format: Format
    /// Nil: standard output.
    public var output: String?
    /// A CSV of the rejected rows (may hold personal data: written as a private file).
    public var rejects: String?
    public var outputDelimiter: String
    public var byteOrderMark: Bool
    public var overrides: ReadingOverrides
    /// Share of rows read that may be rejected; above it the conversion ends with exit status 1.
    public var maxRejectRate: Double

    public init(
        file: String, format: Format, output: String?, rejects: String?, outputDelimiter: String, byteOrderMark: Bool,
        overrides: ReadingOverrides, maxRejectRate: Double = Conversion.defaultMaxRejectRate
    ) {
        self.maxRejectRate = maxRejectRate
        self.file = file
        self.format = format
        self.output = output
        self.rejects = rejects
        self.outputDelimiter = outputDelimiter
        self.byteOrderMark = byteOrderMark
        self.overrides = overrides
    }

    /// Converts the file and returns what to tell the analyst. A read in which no row survives
    /// (an empty file, a header alone, every row rejected) writes nothing and throws
    /// ``IngestError`` (exit status 3, ``ReadSummary/noRowSurvived(firstRejection:)``): an
    /// empty result never looks like a success.
    public func run() throws -> Outcome {
        let outputDelimiterByte = try ReadingOverrides.delimiter(outputDelimiter)
        let reader = try TableReader(path: file, options: overrides.readerOptions(for: file))
        let destination = try output.map { try OutputFile(path: $0) } ?? OutputFile()
        let rejectsFile = try rejects.map { try OutputFile(path: $0, private: true) }
        let rejectsTable = try rejectsFile.map { try CSVTableWriter(output: $0) }
        try rejectsTable?.writeRow(["файл", "строка", "причина", "описание", "значения"])

        var shown: [Rejection] = []
        var csv: CSVTableWriter?
        var json: JSONRowsWriter?
        var headerWritten = false
        let csvFormat = CSVTableWriter.Format(delimiter: outputDelimiterByte, byteOrderMark: byteOrderMark)

        func start(_ header: Header?) throws {
            guard !headerWritten else { return }
            headerWritten = true
            switch format {
            case .csv:
                csv = try CSVTableWriter(output: destination, format: csvFormat)
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
        try rejectsFile?.commit()
        if let refusal = summary.noRowSurvived(firstRejection: shown.first) { throw refusal }
        try start(summary.header)
        try json?.finish()
        try destination.commit()
        var failure: CommandError?
        if summary.rowsRead > 0, Double(summary.rowsRejected) > maxRejectRate * Double(summary.rowsRead) {
            failure = CommandError(
                message:
                    "\(file): отклонено \(summary.rowsRejected) из \(summary.rowsRead) строк — больше допустимой доли \(RussianFormat.percent(maxRejectRate, decimals: 0)) (--max-reject-rate); проверьте заголовок и разделитель: shnor inspect \(file)",
                status: ExitStatus.toleranceExceeded)
        }
        return Outcome(messages: report(summary, shown: shown), failure: failure)
    }

    private func report(_ summary: ReadSummary, shown: [Rejection]) -> [Message] {
        var messages: [Message] = []
        if summary.preambleLines > 0 {
            messages.append(
                .note(
                    "\(file): строки над заголовком пропущены (\(summary.preambleLines)): \(summary.preambleLineNumbers.map(String.init).joined(separator: ", "))"
                ))
        }
        for doubt in summary.layout.doubts { messages.append(.warning("\(file): \(doubt)")) }
        if summary.quoteRepairs > 0 {
            messages.append(.warning("\(file): \(Self.quoteRepairText(summary))"))
        }
        for note in summary.header?.notes ?? [] { messages.append(.note("\(file): \(note.message)")) }
        if summary.blankLines > 0 {
            messages.append(.note("\(file): пропущено пустых строк: \(summary.blankLines)"))
        }
        for rejection in shown {
            messages.append(.warning("\(rejection.origin): \(rejection.detail) — строка не записана"))
        }
        if summary.rowsRejected > shown.count {
            messages.append(
                .warning(
                    "\(file): и ещё \(summary.rowsRejected - shown.count) отклонённых строк"
                        + (rejects == nil ? " (полный список: --rejects ФАЙЛ)" : "")))
        }
        if summary.encoding.isInDoubt {
            messages.append(
                .warning(
                    "\(file): кодировка \(summary.encoding.encoding.rawValue) определена неуверенно; при ошибке укажите --encoding"
                ))
        }
        return messages
    }
}

extension Conversion {
    /// «кавычки внутри значений в кавычках не удвоены: 2 (строки 4, 9) — прочитаны как символы, как в Excel»
    static func quoteRepairText(_ summary: ReadSummary) -> String {
        var lines = summary.quoteRepairLines.map(String.init).joined(separator: ", ")
        if summary.quoteRepairs > summary.quoteRepairLines.count { lines += ", …" }
        return
            "кавычки внутри значений в кавычках не удвоены: \(summary.quoteRepairs) (строки \(lines)) — прочитаны как символы, как в Excel; чтобы отказываться от таких файлов: --strict-quotes"
    }
}
