import Foundation

/// Where a run is, for a watcher on another thread (the workbench's progress page): the stage
/// under way and the rows of each input read so far.
///
/// The run reports at stage boundaries only — an input begun, an input read with its row count,
/// the outputs being written — never per row, so watching costs the run nothing measurable.
public final class RunProgress: @unchecked Sendable {
    /// What a watcher sees.
    public struct Snapshot: Sendable, Equatable {
        public var stage: String
        /// (input id, rows read), in the order the inputs were read.
        public var inputsRead: [(input: String, rows: Int)]

        public static func == (a: Snapshot, b: Snapshot) -> Bool {
            a.stage == b.stage && a.inputsRead.map(\.input) == b.inputsRead.map(\.input)
                && a.inputsRead.map(\.rows) == b.inputsRead.map(\.rows)
        }
    }

    // Guarded by `lock`.
    private var current = Snapshot(stage: "чтение настроек", inputsRead: [])
    private let lock = NSLock()

    public init() {}

    public var snapshot: Snapshot { lock.withLock { current } }

    func begin(_ stage: String) { lock.withLock { current.stage = stage } }

    func read(input: String, rows: Int) { lock.withLock { current.inputsRead.append((input, rows)) } }
}
