import Clean
import Ingest

/// What counts the cleaned records of a result export: linking, repeats, marks and scores. A
/// read in parallel folds each stretch of the file into a count of its own and merges the
/// counts in file order (``Partial``); a count never learns which stretch it holds.
protocol RecordCount: Partial {
    /// Counts a record, or turns it away (a duplicate) with the rejection to list.
    mutating func count(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection?
}

/// What a result export's records come to: a count, and the books and rejections of cleaning.
struct ResultPartial<Count: RecordCount>: Partial {
    var count: Count
    /// The stretch's own cleaner (with its own spelling caches), made from the first row's header.
    fileprivate var cleaner: ResultCleaner?
    /// (stage, rejection) in file order.
    private(set) var rejections: [(stage: String, rejection: Rejection)] = []
    private(set) var cleanRejected: [Rejection.Reason: Int] = [:]
    private(set) var linkRejected: [Rejection.Reason: Int] = [:]
    private(set) var cleaned = 0

    init(count: Count) {
        self.count = count
    }

    mutating func row(_ row: Row, prepare: (Header) throws -> ResultCleaner) throws {
        if cleaner == nil { cleaner = try prepare(row.header) }
        // In place: the cleaner's spelling caches must not be copied per row.
        guard let outcome = cleaner?.clean(row), let binding = cleaner?.binding else { return }
        switch outcome {
        case .record(let record):
            cleaned += 1
            if let rejection = try count.count(record, row: row, binding: binding) {
                linkRejected[rejection.reason, default: 0] += 1
                rejections.append(("link", rejection))
            }
        case .rejected(let rejection):
            cleanRejected[rejection.reason, default: 0] += 1
            rejections.append(("clean", rejection))
        }
    }

    mutating func reject(_ rejection: Rejection) {
        rejections.append(("ingest", rejection))
    }

    mutating func merge(_ later: consuming ResultPartial) throws {
        try count.merge(later.count)
        rejections += later.rejections
        cleanRejected.merge(later.cleanRejected, uniquingKeysWith: +)
        linkRejected.merge(later.linkRejected, uniquingKeysWith: +)
        cleaned += later.cleaned
    }
}

/// What ``ResultFold`` folds rows into: a ``ResultPartial``.
///
/// A protocol, so that the fold's generic parameter is the state itself: a row then reaches the
/// state through the state's own conformance, with no generic type to look up per row (looking
/// up `ResultPartial<Count>` from `Count` cost a per cent of a run).
protocol ResultState: Partial {
    associatedtype Count: RecordCount
    init(count: Count)
    mutating func row(_ row: Row, prepare: (Header) throws -> ResultCleaner) throws
    mutating func reject(_ rejection: Rejection)
}

extension ResultPartial: ResultState {}

/// Cleans a result export's rows and counts the records: the fold a read in parallel hands
/// every stretch of the file (``RecordFold``).
struct ResultFold<State: ResultState>: RecordFold {
    let prepare: (Header) throws -> ResultCleaner
    /// A fresh count, writing its clean-table rows (if any) to the output given.
    let makeCount: (PartialOutput?) throws -> State.Count
    let output: OrderedOutput?

    func start(writing output: PartialOutput?) throws -> State {
        State(count: try makeCount(output))
    }

    func fold(_ row: Row, into state: inout State) throws {
        try state.row(row, prepare: prepare)
    }

    func reject(_ rejection: Rejection, into state: inout State) throws {
        state.reject(rejection)
    }
}

/// A count of one closure, for reads on one thread: a closure's count cannot be merged, so a
/// read in parts would turn to one pass.
private struct RecordClosure: RecordCount {
    let body: (ResultRecord, Row, InstrumentBinding) throws -> Rejection?

    func count(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        try body(record, row, binding)
    }

    func merge(_ later: consuming RecordClosure) throws { throw StretchesOverlap() }
}

extension InputReader {
    /// Streams a result export on one thread: each cleaned record goes to `onRecord`, which may
    /// still turn it away (a duplicate); rejections are collected with their stage, the ledger
    /// gets ingest and clean.
    ///
    /// - Parameter point: the point of marks and scores without a `stage` of their own.
    static func streamResults(
        _ input: PipelineSpec.Input, configuration: PipelineConfiguration, point: Column.Point,
        ledger: inout Ledger,
        onRecord: (ResultRecord, Row, InstrumentBinding) throws -> Rejection?
    ) throws -> InputResult {
        try withoutActuallyEscaping(onRecord) { onRecord in
            try streamResults(
                input, configuration: configuration, point: point, ledger: &ledger, threads: 1, output: nil
            ) { _ in
                RecordClosure(body: onRecord)
            }.result
        }
    }

    /// Streams a result export on up to `threads` threads, folding its records into counts made
    /// by `makeCount` (given where the count writes its clean-table rows) and merged in file
    /// order. Returns the merged count; rejections and the ledger are as one pass gives them.
    ///
    /// - Parameter output: where the counts' clean-table rows go, in file order.
    /// - Parameter namesOfCodedRecords: whether records with a code carry their ФИО too.
    static func streamResults<Count: RecordCount>(
        _ input: PipelineSpec.Input, configuration: PipelineConfiguration, point: Column.Point,
        ledger: inout Ledger, threads: Int, namesOfCodedRecords: Bool = true,
        output: OrderedOutput?,
        makeCount: @escaping (PartialOutput?) throws -> Count
    ) throws -> (result: InputResult, count: Count) {
        let (reader, instrument) = try open(input, configuration: configuration)
        let path = reader.path
        let register = configuration.register
        let testMarkers = configuration.spec.cleaning.testMarkers
        let instrumentFile = configuration.resolve(input.instrument)
        let prepare = { (header: Header) throws -> ResultCleaner in
            let binding = try bind(input, instrument, header: header, path: path, configuration: configuration)
            do {
                var cleaner = try ResultCleaner(
                    binding: binding, register: register, point: point, testMarkers: testMarkers)
                cleaner.namesOfCodedRecords = namesOfCodedRecords
                return cleaner
            } catch let error as InstrumentError {
                throw ConfigurationError(file: instrumentFile, error.message)
            }
        }
        let fold = ResultFold<ResultPartial<Count>>(prepare: prepare, makeCount: makeCount, output: output)
        let (summary, state) = try configuration.stage(.read) {
            try reader.fold(
                fold, threads: threads, schedule: .stretches(bytes: configuration.stretchBytes),
                progress: configuration.observer?.reading)
        }
        let firstRejection = state.rejections.first { $0.stage == "ingest" }?.rejection
        let ready = try prepare(try header(of: summary, path: path, firstRejection: firstRejection))
        book(input, summary, cleaned: state.cleaned, rejected: state.cleanRejected, ledger: &ledger)
        configuration.observer?.read(input: input.id, rows: summary.rowsRead)
        ledger.record(
            input: input.id, stage: "link", rowsIn: state.cleaned,
            rowsOut: state.cleaned - state.linkRejected.values.reduce(0, +),
            rejected: state.linkRejected)
        let result = InputResult(
            input: input, path: path, summary: summary, binding: ready.binding, cleaner: nil,
            responses: [], rejections: state.rejections)
        return (result, state.count)
    }
}
