import Ingest

/// A part of a read in parts that only counts its rows, so the benchmark measures the reading.
struct RowCounter: TablePart {
    var rows = 0
    var rejected = 0

    mutating func row(_ row: Row) { rows += 1 }
    mutating func reject(_ rejection: Rejection) { rejected += 1 }
}
