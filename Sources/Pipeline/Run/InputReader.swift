import Clean
import Ingest

/// One input read through its instrument: ingest and clean, with the ledger and every rejection.
struct InputResult {
    let input: PipelineSpec.Input
    let path: String
    let summary: ReadSummary
    let binding: InstrumentBinding
    let cleaner: ResponseCleaner
    var responses: [Response]
    /// (stage, rejection), in the order they arose.
    var rejections: [(stage: String, rejection: Rejection)]
}

enum InputReader {
    static func read(_ input: PipelineSpec.Input, configuration: PipelineConfiguration, policy: CleaningPolicy,
                     ledger: inout Ledger) throws -> InputResult {
        let path = configuration.resolve(input.file)
        var options = TableReader.Options()
        if let name = input.encoding {
            guard let encoding = TextEncoding(name: name) else {
                throw ConfigurationError(file: configuration.path, "вход «\(input.id)»: неизвестная кодировка «\(name)»")
            }
            options.encoding = encoding
        }
        if let name = input.delimiter {
            guard let delimiter = Dialect.delimiter(named: name) else {
                throw ConfigurationError(file: configuration.path, "вход «\(input.id)»: разделитель «\(name)» не подходит")
            }
            options.delimiter = delimiter
        }
        guard let instrument = configuration.instruments[input.id] else {
            throw ConfigurationError(file: configuration.path, "вход «\(input.id)»: нет инструмента")
        }
        let reader = try TableReader(path: path, options: options)
        var cleaner: ResponseCleaner?
        var responses: [Response] = []
        var rejections: [(String, Rejection)] = []
        var cleanRejected: [Rejection.Reason: Int] = [:]

        func prepare(_ header: Header) throws -> ResponseCleaner {
            if let cleaner { return cleaner }
            do {
                let binding = try InstrumentBinding(instrument: instrument, header: header, file: path)
                let made = try ResponseCleaner(binding: binding, register: configuration.register, policy: policy)
                cleaner = made
                return made
            } catch let error as InstrumentError {
                throw ConfigurationError(file: configuration.resolve(input.instrument), error.message)
            }
        }

        let summary = try reader.read(
            onRow: { row in
                switch try prepare(row.header).clean(row) {
                case .response(let response): responses.append(response)
                case .rejected(let rejection):
                    cleanRejected[rejection.reason, default: 0] += 1
                    rejections.append(("clean", rejection))
                }
            },
            onReject: { rejections.append(("ingest", $0)) })
        guard let header = summary.header else {
            throw IngestError(.cannotRead, file: path, detail: "файл пуст: нет ни заголовка, ни строк")
        }
        let ready = try prepare(header)
        ledger.record(input: input.id, stage: "ingest", rowsIn: summary.rowsRead, rowsOut: summary.rowsPassed,
                      rejected: summary.rejectedByReason,
                      noted: summary.blankLines > 0 ? ["blank_lines": summary.blankLines] : [:])
        ledger.record(input: input.id, stage: "clean", rowsIn: summary.rowsPassed, rowsOut: responses.count, rejected: cleanRejected)
        return InputResult(input: input, path: path, summary: summary, binding: ready.binding, cleaner: ready,
                           responses: responses, rejections: rejections)
    }
}
