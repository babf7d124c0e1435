import Clean
import Ingest

/// What counts the cleaned records of one part of a result export.
protocol RecordSink {
    /// Counts a record, or turns it away (a duplicate) with the rejection to list.
    mutating func record(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection?
    /// Before the records of stretch `index` of the file (see ``TablePart``).
    mutating func begin(stretch index: Int) throws
    /// After the records of stretch `index`.
    mutating func end(stretch index: Int) throws
}

extension RecordSink {
    mutating func begin(stretch index: Int) throws {}
    mutating func end(stretch index: Int) throws {}
}

/// One part of a result export read on its own thread: its cleaner (with its own spelling
/// caches), its sink, and its books; merged with the others in file order afterwards.
struct ResultPart<Sink: RecordSink>: TablePart {
    var sink: Sink
    private let prepare: (Header) throws -> ResultCleaner
    private var cleaner: ResultCleaner?
    private(set) var rejections: [(stage: String, rejection: Rejection)] = []
    private(set) var cleanRejected: [Rejection.Reason: Int] = [:]
    private(set) var linkRejected: [Rejection.Reason: Int] = [:]
    private(set) var cleaned = 0

    init(sink: Sink, prepare: @escaping (Header) throws -> ResultCleaner) {
        self.sink = sink
        self.prepare = prepare
    }

    mutating func row(_ row: Row) throws {
        if cleaner == nil { cleaner = try prepare(row.header) }
        // In place: the cleaner's spelling caches must not be copied per row.
        guard let outcome = cleaner?.clean(row), let binding = cleaner?.binding else { return }
        switch outcome {
        case .record(let record):
            cleaned += 1
            if let rejection = try sink.record(record, row: row, binding: binding) {
                linkRejected[rejection.reason, default: 0] += 1
                rejections.append(("link", rejection))
            }
        case .rejected(let rejection):
            cleanRejected[rejection.reason, default: 0] += 1
            rejections.append(("clean", rejection))
        }
    }

    mutating func reject(_ rejection: Rejection) throws {
        rejections.append(("ingest", rejection))
    }

    mutating func begin(stretch index: Int) throws { try sink.begin(stretch: index) }
    mutating func end(stretch index: Int) throws { try sink.end(stretch: index) }
}

/// A sink of one closure, for reads that stay on one thread.
private struct RecordClosure: RecordSink {
    let body: (ResultRecord, Row, InstrumentBinding) throws -> Rejection?

    func record(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        try body(record, row, binding)
    }
}

extension InputReader {
    /// Streams a result export: each cleaned record goes to `onRecord`, which may still turn it
    /// away (a duplicate); rejections are collected with their stage, the ledger gets ingest and clean.
    ///
    /// - Parameter point: the point of marks and scores without a `stage` of their own.
    static func streamResults(_ input: PipelineSpec.Input, configuration: PipelineConfiguration, point: Column.Point,
                              ledger: inout Ledger,
                              onRecord: (ResultRecord, Row, InstrumentBinding) throws -> Rejection?) throws -> InputResult {
        try withoutActuallyEscaping(onRecord) { onRecord in
            try streamResults(input, configuration: configuration, point: point, ledger: &ledger, threads: 1) { _, _ in
                RecordClosure(body: onRecord)
            }.result
        }
    }

    /// Streams a result export by up to `threads` workers at once, each into a sink made by
    /// `make` (see ``TableReader/read(workers:stretchBytes:restart:make:)``): a sink gets the
    /// records of several stretches of the file, in file order, each framed by
    /// ``RecordSink/begin(stretch:)`` and ``RecordSink/end(stretch:)``. Returns the sinks for the
    /// caller to merge; rejections and the ledger are as one pass would give them.
    ///
    /// - Parameter separable: whether the sinks can be merged as they are; when not (a record of
    ///   one worker turns out to repeat one of another's), the file is read again in one pass,
    ///   after `restart` has undone what the workers wrote.
    /// - Parameter namesOfCodedRecords: whether records with a code carry their ФИО too.
    static func streamResults<Sink: RecordSink>(_ input: PipelineSpec.Input, configuration: PipelineConfiguration, point: Column.Point,
                                                ledger: inout Ledger, threads: Int, namesOfCodedRecords: Bool = true,
                                                separable: ([Sink]) -> Bool = { _ in true }, restart: () throws -> Void = {},
                                                make: (_ index: Int, _ count: Int) throws -> Sink) throws -> (result: InputResult, sinks: [Sink]) {
        let (reader, instrument) = try open(input, configuration: configuration)
        let path = reader.path
        let register = configuration.register
        let testMarkers = configuration.spec.cleaning.testMarkers
        let instrumentFile = configuration.resolve(input.instrument)
        let prepare = { (header: Header) throws -> ResultCleaner in
            let binding = try bind(input, instrument, header: header, path: path, configuration: configuration)
            do {
                var cleaner = try ResultCleaner(binding: binding, register: register, point: point, testMarkers: testMarkers)
                cleaner.namesOfCodedRecords = namesOfCodedRecords
                return cleaner
            } catch let error as InstrumentError {
                throw ConfigurationError(file: instrumentFile, error.message)
            }
        }
        var (summary, parts) = try reader.read(workers: threads, stretchBytes: configuration.stretchBytes, restart: restart) { index, count in
            ResultPart(sink: try make(index, count), prepare: prepare)
        }
        if parts.count > 1 && !separable(parts.map(\.sink)) {
            parts = []
            try restart()
            (summary, parts) = try reader.read(workers: 1) { index, count in ResultPart(sink: try make(index, count), prepare: prepare) }
        }
        let ready = try prepare(try header(of: summary, path: path))
        let cleaned = parts.reduce(0) { $0 + $1.cleaned }
        var cleanRejected: [Rejection.Reason: Int] = [:]
        var linkRejected: [Rejection.Reason: Int] = [:]
        for part in parts {
            cleanRejected.merge(part.cleanRejected, uniquingKeysWith: +)
            linkRejected.merge(part.linkRejected, uniquingKeysWith: +)
        }
        book(input, summary, cleaned: cleaned, rejected: cleanRejected, ledger: &ledger)
        ledger.record(input: input.id, stage: "link", rowsIn: cleaned, rowsOut: cleaned - linkRejected.values.reduce(0, +),
                      rejected: linkRejected)
        // Each worker's rejections are in file order; a row has at most one, so its line orders them all.
        var rejections = parts.flatMap(\.rejections)
        if parts.count > 1 { rejections.sort { $0.rejection.origin.line < $1.rejection.origin.line } }
        let result = InputResult(input: input, path: path, summary: summary, binding: ready.binding, cleaner: nil,
                                 responses: [], rejections: rejections)
        return (result, parts.map(\.sink))
    }
}
