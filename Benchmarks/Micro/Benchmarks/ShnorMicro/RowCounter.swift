import Ingest

/// The rows of a read counted and nothing else, so the benchmark measures the reading.
struct RowCount: Partial {
    var rows = 0
    var rejected = 0
    /// Stretches merged into this count.
    var stretches = 1

    mutating func merge(_ later: consuming RowCount) {
        rows += later.rows
        rejected += later.rejected
        stretches += later.stretches
    }
}

/// Counts rows into a ``RowCount``.
struct RowCounter: RecordFold {
    func start(writing output: PartialOutput?) -> RowCount { RowCount() }
    func fold(_ row: Row, into state: inout RowCount) { state.rows += 1 }
    func reject(_ rejection: Rejection, into state: inout RowCount) { state.rejected += 1 }
}
