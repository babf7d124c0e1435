import Dispatch
import Foundation
import Pipeline

/// The runs the workbench started, one per project at a time, each on a thread of its own so
/// the server keeps answering while a large export is read.
///
/// A run is `PipelineRun.run` — the same call as `shnor run` — into `out/<id>`; its state is
/// what the progress page polls.
actor RunJobs {
    struct State: Sendable {
        var stage: String
        var done: Bool
        /// The inputs read so far: (input id, rows).
        var inputsRead: [(input: String, rows: Int)] = []
        var lines: [String] = []
        var warnings: [String] = []
        var failure: String?
        var error: String?
    }

    private var states: [String: State] = [:]
    private var watched: [String: RunObserver] = [:]

    /// The run's state; while it runs, the stage, bytes and rows its observer reports.
    func state(_ id: String) -> State? {
        guard var state = states[id] else { return nil }
        if !state.done, let observer = watched[id] {
            let progress = observer.progress
            state.stage = progress.line
            state.inputsRead = progress.inputsRead.map { ($0.input, $0.rows) }
        }
        return state
    }

    /// Starts a run of `pipeline` into `output` unless one is under way; returns at once.
    func start(id: String, pipeline: String, output: String) {
        if let current = states[id], !current.done { return }
        let observer = RunObserver()
        states[id] = State(stage: observer.progress.line, done: false)
        watched[id] = observer
        Task.detached {
            let outcome = await Self.runOnThread(pipeline: pipeline, output: output, observer: observer)
            await self.finish(id: id, outcome)
        }
    }

    private func finish(id: String, _ state: State) {
        var state = state
        state.inputsRead = watched[id]?.progress.inputsRead.map { ($0.input, $0.rows) } ?? []
        states[id] = state
        watched[id] = nil
    }

    /// The run itself, on a dispatch thread (it blocks while reading).
    private static func runOnThread(pipeline: String, output: String, observer: RunObserver) async -> State {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: run(pipeline: pipeline, output: output, observer: observer))
            }
        }
    }

    static func run(pipeline: String, output: String, observer: RunObserver) -> State {
        do {
            var configuration = try PipelineConfiguration.load(path: pipeline)
            configuration.observer = observer
            let summary = try PipelineRun.run(configuration, outputFolder: output)
            return State(
                stage: "готово", done: true, lines: summary.lines, warnings: summary.warnings.map(\.message),
                failure: summary.failure)
        } catch {
            return State(stage: "ошибка", done: true, error: CommandError.reported(error)?.message ?? "\(error)")
        }
    }
}
