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
    private var watched: [String: RunProgress] = [:]

    /// The run's state; while it runs, the stage and inputs its progress reports.
    func state(_ id: String) -> State? {
        guard var state = states[id] else { return nil }
        if !state.done, let progress = watched[id] {
            let snapshot = progress.snapshot
            state.stage = snapshot.stage
            state.inputsRead = snapshot.inputsRead
        }
        return state
    }

    /// Starts a run of `pipeline` into `output` unless one is under way; returns at once.
    func start(id: String, pipeline: String, output: String) {
        if let current = states[id], !current.done { return }
        let progress = RunProgress()
        states[id] = State(stage: progress.snapshot.stage, done: false)
        watched[id] = progress
        Task.detached {
            let outcome = await Self.runOnThread(pipeline: pipeline, output: output, progress: progress)
            await self.finish(id: id, outcome)
        }
    }

    private func finish(id: String, _ state: State) {
        var state = state
        state.inputsRead = watched[id]?.snapshot.inputsRead ?? []
        states[id] = state
        watched[id] = nil
    }

    /// The run itself, on a dispatch thread (it blocks while reading).
    private static func runOnThread(pipeline: String, output: String, progress: RunProgress) async -> State {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: run(pipeline: pipeline, output: output, progress: progress))
            }
        }
    }

    static func run(pipeline: String, output: String, progress: RunProgress) -> State {
        do {
            var configuration = try PipelineConfiguration.load(path: pipeline)
            configuration.progress = progress
            let summary = try PipelineRun.run(configuration, outputFolder: output)
            return State(
                stage: "готово", done: true, lines: summary.lines, warnings: summary.warnings.map(\.message),
                failure: summary.failure)
        } catch {
            return State(stage: "ошибка", done: true, error: CommandError.reported(error)?.message ?? "\(error)")
        }
    }
}
