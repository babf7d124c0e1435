import Ingest

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

    /// How many rejected rows are named on standard error; the rest are counted.
    public static let rejectionsShown = 10

    public var file: String
    public var format: Format
    /// Nil: standard output.
    public var output: String?
    /// A CSV of the rejected rows (may hold personal data: written as a private file).
    public var rejects: String?
    public var outputDelimiter: String
    public var byteOrderMark: Bool
    public var overrides: ReadingOverrides

    public init(
        file: String, format: Format, output: String?, rejects: String?, outputDelimiter: String, byteOrderMark: Bool,
        overrides: ReadingOverrides
    ) {
        self.file = file
        self.format = format
        self.output = output
        self.rejects = rejects
        self.outputDelimiter = outputDelimiter
        self.byteOrderMark = byteOrderMark
        self.overrides = overrides
    }

    /// Converts the file and returns what to tell the analyst.
    public func run() throws -> [Message] {
        let outputDelimiterByte = try ReadingOverrides.delimiter(outputDelimiter)
        let reader = try TableReader(path: file, options: overrides.readerOptions())
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
        try start(summary.header)
        try json?.finish()
        try destination.commit()
        try rejectsFile?.commit()
        return report(summary, shown: shown)
    }

    private func report(_ summary: ReadSummary, shown: [Rejection]) -> [Message] {
        var messages: [Message] = []
        if summary.header == nil { messages.append(.warning("\(file): файл пуст — записан пустой результат")) }
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
        if summary.encoding.confidence < DetectedEncoding.trustworthyConfidence {
            messages.append(
                .warning(
                    "\(file): кодировка \(summary.encoding.encoding.rawValue) определена неуверенно; при ошибке укажите --encoding"
                ))
        }
        return messages
    }
}
