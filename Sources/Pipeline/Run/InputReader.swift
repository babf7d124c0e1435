import Clean
import Ingest
import Synchronization

/// One input read through its instrument: ingest and clean, with the ledger and every rejection.
struct InputResult {
    let input: PipelineSpec.Input
    let path: String
    let summary: ReadSummary
    let binding: InstrumentBinding
    /// The survey cleaner (nil for result exports, whose records are streamed, not kept).
    let cleaner: ResponseCleaner?
    var responses: [Response]
    /// The answers of ``responses`` counted per school as they were cleaned; nil when they
    /// could not be (answers not one byte each) or when ``responses`` has changed since.
    var answerTally: SchoolAnswerTally? = nil
    /// (stage, rejection), in the order they arose.
    var rejections: [(stage: String, rejection: Rejection)]
}

enum InputReader {
    /// Opens an input's file with the encoding and delimiter the pipeline declares, if any.
    static func open(_ input: PipelineSpec.Input, configuration: PipelineConfiguration) throws -> (
        reader: TableReader, instrument: Instrument
    ) {
        let path = configuration.resolve(input.file)
        var options = TableReader.Options(sheet: input.sheet)
        let textKeys = [("encoding", input.encoding != nil), ("delimiter", input.delimiter != nil)].filter(\.1).map(\.0)
        if let conflict = try WorkbookOptions.conflict(
            file: path, sheetGiven: input.sheet != nil, sheetName: "ключ sheet", textOptions: textKeys)
        {
            throw ConfigurationError(file: configuration.path, "вход «\(input.id)»: \(conflict)")
        }
        if let name = input.encoding {
            guard let encoding = TextEncoding(name: name) else {
                throw ConfigurationError(
                    file: configuration.path, "вход «\(input.id)»: неизвестная кодировка «\(name)»")
            }
            options.encoding = encoding
        }
        if let name = input.delimiter {
            guard let delimiter = Dialect.delimiter(named: name) else {
                throw ConfigurationError(
                    file: configuration.path, "вход «\(input.id)»: разделитель «\(name)» не подходит")
            }
            options.delimiter = delimiter
        }
        guard let instrument = configuration.instruments[input.id] else {
            throw ConfigurationError(file: configuration.path, "вход «\(input.id)»: нет инструмента")
        }
        options.header = instrument.declaredHeader
        return (try TableReader(path: path, options: options), instrument)
    }

    /// The instrument bound to the file's header; a fault names the instrument file.
    static func bind(
        _ input: PipelineSpec.Input, _ instrument: Instrument, header: Header, path: String,
        configuration: PipelineConfiguration
    ) throws -> InstrumentBinding {
        do {
            return try InstrumentBinding(instrument: instrument, header: header, file: path)
        } catch let error as InstrumentError {
            throw ConfigurationError(file: configuration.resolve(input.instrument), error.message)
        }
    }

    /// The file's header; a file without one cannot be read through an instrument, and a read
    /// in which no row survives (a header alone, every row rejected) stops the run.
    static func header(of summary: ReadSummary, path: String, firstRejection: Rejection? = nil) throws -> Header {
        guard let header = summary.header else {
            throw IngestError(.cannotRead, file: path, detail: "файл пуст: нет ни заголовка, ни строк")
        }
        if let refusal = summary.noRowSurvived(firstRejection: firstRejection) { throw refusal }
        return header
    }

    /// The ledger's ingest and clean entries of an input.
    static func book(
        _ input: PipelineSpec.Input, _ summary: ReadSummary, cleaned: Int, rejected: [Rejection.Reason: Int],
        ledger: inout Ledger
    ) {
        ledger.record(
            input: input.id, stage: "ingest", rowsIn: summary.rowsRead, rowsOut: summary.rowsPassed,
            rejected: summary.rejectedByReason,
            noted: [
                "blank_lines": summary.blankLines, "preamble_lines": summary.preambleLines,
                "quote_repairs": summary.quoteRepairs,
            ].filter { $0.value > 0 })
        ledger.record(input: input.id, stage: "clean", rowsIn: summary.rowsPassed, rowsOut: cleaned, rejected: rejected)
    }

    /// Reads a survey export through its instrument; a large file in stretches on several
    /// threads (each takes the next free one, so a thread slowed down by another process reads
    /// fewer), the responses and rejections joined in file order.
    static func read(
        _ input: PipelineSpec.Input, configuration: PipelineConfiguration, policy: CleaningPolicy,
        ledger: inout Ledger
    ) throws -> InputResult {
        let (reader, instrument) = try open(input, configuration: configuration)
        let path = reader.path
        let register = configuration.register
        let instrumentFile = configuration.resolve(input.instrument)
        let prepare = { (header: Header) throws -> ResponseCleaner in
            let binding = try bind(input, instrument, header: header, path: path, configuration: configuration)
            do {
                return try ResponseCleaner(binding: binding, register: register, policy: policy)
            } catch let error as InstrumentError {
                throw ConfigurationError(file: instrumentFile, error.message)
            }
        }
        let fold = ResponseFold(prepare: prepare)
        var (summary, state) = try configuration.stage(.read) {
            try reader.fold(
                fold, threads: configuration.threads,
                schedule: .stretches(bytes: configuration.stretchBytes),
                progress: configuration.observer?.reading)
        }
        // Continuation rows at the very top of the file have no submission to join.
        state.rejectOrphans()
        let firstRejection = state.rejections.first { $0.stage == "ingest" }?.rejection
        let ready = try fold.cleaners.cleaner(
            for: try header(of: summary, path: path, firstRejection: firstRejection), prepare: prepare)
        book(input, summary, cleaned: state.responses.count, rejected: state.cleanRejected, ledger: &ledger)
        configuration.observer?.read(input: input.id, rows: summary.rowsRead)
        ledger.recordFallbacks(input: input.id, instrument: instrument, counts: state.allFallbackReadings)
        return InputResult(
            input: input, path: path, summary: summary, binding: ready.binding, cleaner: ready,
            responses: state.responses, answerTally: state.untallied ? nil : state.answerTally,
            rejections: state.rejections)
    }
}

/// Cleans a survey export's rows into responses: the fold a read in parallel hands every part.
private struct ResponseFold: RecordFold {
    let prepare: (Header) throws -> ResponseCleaner
    let cleaners = PreparedCleaner()

    func start(writing output: PartialOutput?) -> Responses { Responses() }

    func fold(_ row: Row, into state: inout Responses) throws {
        if state.cleaner == nil {
            let cleaner = try cleaners.cleaner(for: row.header, prepare: prepare)
            state.cleaner = cleaner
            state.answerTally = SchoolAnswerTally(binding: cleaner.binding, schools: cleaner.register.schools.count)
            if state.answerTally == nil { state.untallied = true }
        }
        // In place: the cleaner's spelling caches must not be copied per row.
        switch state.cleaner?.clean(row) {
        case .response(let response):
            state.responses.append(response)
            if state.answerTally?.add(response) == false {
                state.answerTally = nil
                state.untallied = true
            }
        case .rejected(let rejection):
            state.cleanRejected[rejection.reason, default: 0] += 1
            state.rejections.append(("clean", rejection))
        case .continuation(let continuation):
            if state.responses.isEmpty {
                // The part begins inside a submission: the part before has it.
                state.pending.append(continuation)
            } else {
                state.join(continuation)
            }
        case nil: break
        }
    }

    func reject(_ rejection: Rejection, into state: inout Responses) throws {
        state.rejections.append(("ingest", rejection))
    }
}

/// The cleaner prepared for a file's header, made once and copied to every part of the read:
/// binding the instrument and building its scales' and register's lookups costs as much as
/// cleaning a few hundred rows, and a large export is read in dozens of stretches. Each copy
/// starts with the cache of spellings empty and keeps its own from then on.
private final class PreparedCleaner: Sendable {
    private let made = Mutex<(header: Header, cleaner: ResponseCleaner)?>(nil)

    /// The cleaner for `header`: the one made before for the same header, or a new one from
    /// `prepare` (its error, if any, is thrown to every caller and nothing is kept).
    func cleaner(for header: Header, prepare: (Header) throws -> ResponseCleaner) throws -> ResponseCleaner {
        try made.withLock { made in
            if let made, made.header == header { return made.cleaner }
            let cleaner = try prepare(header)
            made = (header, cleaner)
            return cleaner
        }
    }
}

/// The responses of a survey export, or of one part of it, with its rejections in file order.
private struct Responses: Partial {
    /// The part's own cleaner, made from the first row's header.
    var cleaner: ResponseCleaner?
    var responses: [Response] = []
    /// The part's answers counted per school (``SchoolAnswerTally``), while ``untallied`` is false.
    var answerTally: SchoolAnswerTally?
    /// Some answers of the part (or of a part merged into it) could not be tallied.
    var untallied = false
    var rejections: [(stage: String, rejection: Rejection)] = []
    var cleanRejected: [Rejection.Reason: Int] = [:]
    /// Fallback readings of the parts merged into this one (their cleaners are gone).
    var mergedFallbackReadings: [String: Int] = [:]
    /// Continuation rows before this part's first submission, waiting for the part before.
    var pending: [Response.Continuation] = []

    /// Joins a continuation row to the last submission, and books the row as joined.
    mutating func join(_ continuation: Response.Continuation) {
        guard let last = responses.indices.last else { return }
        responses[last].absorb(continuation)
        let rejection = Rejection(
            origin: continuation.origin, reason: .continuationFolded,
            detail: "строка-продолжение: ответы присоединены к анкете строки \(responses[last].origin.line)",
            cells: continuation.cells)
        cleanRejected[rejection.reason, default: 0] += 1
        rejections.append(("clean", rejection))
    }

    /// Books the continuation rows no submission came before.
    mutating func rejectOrphans() {
        for continuation in pending {
            let rejection = Rejection(
                origin: continuation.origin, reason: .orphanContinuation,
                detail: "строка-продолжение без анкеты выше: не указаны ни респондент, ни школа, ни время",
                cells: continuation.cells)
            cleanRejected[rejection.reason, default: 0] += 1
            rejections.insert(("clean", rejection), at: 0)
        }
        pending = []
    }

    /// Fallback readings of this part and of the parts merged into it, by column id.
    var allFallbackReadings: [String: Int] {
        mergedFallbackReadings.merging(cleaner?.fallbackReadings ?? [:], uniquingKeysWith: +)
    }

    mutating func merge(_ later: consuming Responses) {
        if responses.isEmpty {
            pending += later.pending
        } else {
            for continuation in later.pending { join(continuation) }
        }
        responses += later.responses
        if untallied || later.untallied {
            untallied = true
            answerTally = nil
        } else if let counted = later.answerTally {
            if answerTally == nil { answerTally = counted } else { answerTally?.add(counted) }
        }
        rejections += later.rejections
        cleanRejected.merge(later.cleanRejected, uniquingKeysWith: +)
        mergedFallbackReadings.merge(later.allFallbackReadings, uniquingKeysWith: +)
    }
}

extension InputResult {
    /// Continuation rows joined to the submission above them (`continuation_rows: fold`): rows
    /// of the file that are not submissions of their own.
    var foldedContinuations: Int { rejections.filter { $0.rejection.reason == .continuationFolded }.count }

    /// Submissions the export holds: its rows less the continuation rows joined to others.
    var submissionsRead: Int { summary.rowsRead - foldedContinuations }
}

extension InputResult {
    /// Rows rejected for a reason that does not keep them out of a share by definition (not a
    /// repeat, a test or an empty submission): what the bounds of a headline count (DESIGN.md §5).
    var uncountedRows: Int { rejections.filter { $0.rejection.reason.couldHaveCounted }.count }
}

extension InputResult {
    /// Tells whether a staff register's row is the school's own staff: its position is not one
    /// of the instrument's `not_staff` (наставники-кураторы are written under a school, not
    /// employed by it).
    ///
    /// The one reading of `not_staff` that every count of «педагоги ШНОР» goes through. The
    /// positions are looked up once per call of this property: keep the test, not the register.
    var isSchoolStaff: (Response) -> Bool {
        let outside = binding.instrument.notStaffPositions
        return { row in outside.isEmpty || !(row.position.map(outside.contains) ?? false) }
    }
}
