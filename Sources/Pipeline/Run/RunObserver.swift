import Ingest
import Notes
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stage of a run, as its progress and its timings name it.
public enum RunStage: String, Sendable, CaseIterable {
    /// Reading the exports: parsing, and cleaning (results: also counting and linking) row by
    /// row as the threads read.
    case read
    /// Cleaning after the read: de-duplicating submissions.
    case clean
    /// Linking: respondents to the roster, records of two points by name.
    case link
    /// Counting the figures, with disclosure control.
    case count
    /// Wording the notes: the template, Markdown, HTML, Word, the workbook.
    case render
    /// Writing the outputs: notes, results.json, clean/, private/, manifest, history.
    case write

    /// The stage's name for the analyst.
    public var label: String {
        switch self {
        case .read: "чтение"
        case .clean: "очистка"
        case .link: "сопоставление"
        case .count: "подсчёт"
        case .render: "справка"
        case .write: "запись"
        }
    }
}

extension RunObserver {
    /// Where a run is: what a caller shows as progress (a terminal line, a web page).
    public struct Progress: Sendable, Equatable {
        /// The stage under way; nil before the first and after the last.
        public var stage: RunStage?
        /// Bytes of the inputs read so far, and of all the inputs the pipeline names.
        public var bytesRead: Int
        public var bytesTotal: Int
        /// Rows of the inputs read so far.
        public var rows: Int
        /// Seconds since the run began.
        public var seconds: Double
        /// The inputs read to the end so far, in the order they were read.
        public var inputsRead: [InputRead]

        public init(
            stage: RunStage?, bytesRead: Int, bytesTotal: Int, rows: Int, seconds: Double, inputsRead: [InputRead] = []
        ) {
            self.stage = stage
            self.bytesRead = bytesRead
            self.bytesTotal = bytesTotal
            self.rows = rows
            self.seconds = seconds
            self.inputsRead = inputsRead
        }
    }

    /// An input of the pipeline read to the end: its id and the rows it held.
    public struct InputRead: Sendable, Equatable {
        public let input: String
        public let rows: Int
    }
}

/// The time one stage of a run took, summed over its occurrences (a stage may come once per input).
public struct StageTiming: Sendable, Equatable {
    public let stage: RunStage
    /// Wall-clock seconds.
    public var wall: Double
    /// Processor seconds of the whole process (user and system, every thread) meanwhile.
    public var cpu: Double
    /// For ``RunStage/read`` with timings asked: the processor seconds spent folding rows
    /// (cleaning; for result exports also counting, linking and laying out the clean table),
    /// summed over the threads; the rest of the stage's processor time is parsing.
    public var folding: Double?

    public init(stage: RunStage, wall: Double, cpu: Double, folding: Double? = nil) {
        self.stage = stage
        self.wall = wall
        self.cpu = cpu
        self.folding = folding
    }
}

/// Watches one run: its stage, how much of its inputs it has read, and — when asked — how long
/// each stage took. Any thread may look at it while the run goes on (``progress``); the run's
/// own thread marks the stages. Nothing of it reaches the run's outputs.
///
/// The run never calls back: a caller that shows progress looks at ``progress`` as often as it
/// likes (a few times a second), which costs the run nothing — the readers count into
/// ``reading`` without a lock, once per piece of a file.
public final class RunObserver: Sendable {
    /// The counters every read of the run adds to.
    public let reading: ReadProgress
    /// Whether the run keeps ``timings`` (and times the folding of rows, a clock read twice a row).
    public let keepsTimings: Bool
    private let started: Double
    private let startedProcessor: Double
    private let state = Mutex(State())

    private struct State {
        var stage: RunStage?
        var bytesTotal = 0
        var inputsRead: [InputRead] = []
        var timings: [StageTiming] = []
        /// Per stage under way, innermost last: the time of the stages run inside it, which
        /// its own line leaves out.
        var inner: [(wall: Double, cpu: Double)] = []
    }

    public init(timings: Bool = false) {
        keepsTimings = timings
        reading = ReadProgress(timesFolds: timings)
        started = Self.wallSeconds()
        startedProcessor = Self.processorSeconds()
    }

    /// Where the run is now.
    public var progress: Progress {
        let (stage, total, inputs) = state.withLock { ($0.stage, $0.bytesTotal, $0.inputsRead) }
        return Progress(
            stage: stage, bytesRead: reading.bytesRead, bytesTotal: total, rows: reading.rowsRead,
            seconds: Self.wallSeconds() - started, inputsRead: inputs)
    }

    /// The stages in the order they first began, each summed over its occurrences, a stage run
    /// inside another counted in its own line only (a stage under way counts what it has done).
    public var timings: [StageTiming] { state.withLock { $0.timings } }

    /// Sets the bytes of all the inputs, the total of ``Progress/bytesTotal``.
    func expect(bytes: Int) {
        state.withLock { $0.bytesTotal = bytes }
    }

    /// Notes that `input` has been read to the end, with its `rows`.
    func read(input: String, rows: Int) {
        state.withLock { $0.inputsRead.append(InputRead(input: input, rows: rows)) }
    }

    /// Runs `body` as `stage`: shown as the stage under way meanwhile, and timed.
    func stage<Result>(_ stage: RunStage, _ body: () throws -> Result) rethrows -> Result {
        let outer = state.withLock { current in
            defer {
                current.stage = stage
                current.inner.append((0, 0))
                if !current.timings.contains(where: { $0.stage == stage }) {
                    current.timings.append(
                        StageTiming(stage: stage, wall: 0, cpu: 0, folding: stage == .read && keepsTimings ? 0 : nil))
                }
            }
            return current.stage
        }
        let wall = Self.wallSeconds()
        let cpu = Self.processorSeconds()
        let folded = reading.foldSeconds
        defer {
            let (elapsed, used) = (Self.wallSeconds() - wall, Self.processorSeconds() - cpu)
            let folding = stage == .read && keepsTimings ? reading.foldSeconds - folded : nil
            state.withLock { current in
                current.stage = outer
                let inner = current.inner.removeLast()
                if let last = current.inner.indices.last {
                    current.inner[last].wall += elapsed
                    current.inner[last].cpu += used
                }
                if let index = current.timings.firstIndex(where: { $0.stage == stage }) {
                    current.timings[index].wall += elapsed - inner.wall
                    current.timings[index].cpu += used - inner.cpu
                    if let folding {
                        current.timings[index].folding = (current.timings[index].folding ?? 0) + folding
                    }
                }
            }
        }
        return try body()
    }

    static func wallSeconds() -> Double { seconds(CLOCK_MONOTONIC) }

    static func processorSeconds() -> Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

extension PipelineConfiguration {
    /// Runs `body` as `stage` of the run's observer, if it has one.
    func stage<Result>(_ stage: RunStage, _ body: () throws -> Result) rethrows -> Result {
        guard let observer else { return try body() }
        return try observer.stage(stage, body)
    }
}

extension RunObserver.Progress {
    /// One line for a terminal: «чтение: 120,3 из 279,0 МБ (43 %), строк 86 000, 2,1 с»
    /// (MB of 10⁶ bytes; bytes read beyond the total, a file read again, show as the total).
    public var line: String {
        var text = stage?.label ?? "подготовка"
        if bytesTotal > 0 {
            let read = min(bytesRead, bytesTotal)
            text +=
                ": \(RussianFormat.decimal(Double(read) / 1e6, decimals: 1)) из "
                + "\(RussianFormat.decimal(Double(bytesTotal) / 1e6, decimals: 1)) МБ"
                + " (\(read * 100 / bytesTotal) %)"
        }
        text += ", строк \(RussianFormat.integer(rows)), \(RussianFormat.decimal(seconds, decimals: 1)) с"
        return text
    }
}

extension StageTiming {
    /// The lines `--timings` prints: each stage's wall and processor seconds, the read split
    /// into parsing and folding rows when timed, the rest of the run («прочее»: loading the
    /// configuration, hashing inputs not yet hashed) and the whole, given the run's own wall
    /// and processor seconds.
    public static func lines(_ timings: [StageTiming], wall: Double, cpu: Double) -> [String] {
        func seconds(_ value: Double) -> String { RussianFormat.decimal(max(0, value), decimals: 2) }
        func row(_ label: String, _ wall: String, _ cpu: String) -> String {
            "  " + label + String(repeating: " ", count: max(0, 22 - label.count))
                + String(repeating: " ", count: max(0, 8 - wall.count)) + wall
                + String(repeating: " ", count: max(0, 10 - cpu.count)) + cpu
        }
        var lines = ["время по стадиям, с:", row("стадия", "стена", "процессор")]
        for timing in timings {
            lines.append(row(timing.stage.label, seconds(timing.wall), seconds(timing.cpu)))
            if let folding = timing.folding {
                lines.append(row("  разбор", "", seconds(timing.cpu - folding)))
                lines.append(row("  обработка строк", "", seconds(folding)))
            }
        }
        let staged = timings.reduce((wall: 0.0, cpu: 0.0)) { ($0.wall + $1.wall, $0.cpu + $1.cpu) }
        lines.append(row("прочее", seconds(wall - staged.wall), seconds(cpu - staged.cpu)))
        lines.append(row("всего", seconds(wall), seconds(cpu)))
        return lines
    }
}

extension RunObserver {
    /// The lines of ``StageTiming/lines(_:wall:cpu:)`` for this run up to now.
    public var timingLines: [String] {
        StageTiming.lines(
            timings, wall: Self.wallSeconds() - started, cpu: Self.processorSeconds() - startedProcessor)
    }
}
