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
        var lines: [String] = []
        var warnings: [String] = []
        var failure: String?
        var error: String?
    }

    private var states: [String: State] = [:]

    func state(_ id: String) -> State? { states[id] }

    /// Starts a run of `pipeline` into `output` unless one is under way; returns at once.
    func start(id: String, pipeline: String, output: String) {
        if let current = states[id], !current.done { return }
        states[id] = State(stage: "чтение настроек и входных файлов, очистка, расчёт", done: false)
        Task.detached {
            let outcome = await Self.runOnThread(pipeline: pipeline, output: output)
            await self.finish(id: id, outcome)
        }
    }

    private func finish(id: String, _ state: State) { states[id] = state }

    /// The run itself, on a dispatch thread (it blocks while reading).
    private static func runOnThread(pipeline: String, output: String) async -> State {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: run(pipeline: pipeline, output: output))
            }
        }
    }

    static func run(pipeline: String, output: String) -> State {
        do {
            let configuration = try PipelineConfiguration.load(path: pipeline)
            let summary = try PipelineRun.run(configuration, outputFolder: output)
            return State(
                stage: "готово", done: true, lines: summary.lines, warnings: summary.warnings.map(\.message),
                failure: summary.failure)
        } catch {
            return State(stage: "ошибка", done: true, error: CommandError.reported(error)?.message ?? "\(error)")
        }
    }
}
