import Ingest

/// Counts the rows a stretch hands over, and nothing else: what is left of a read is shnor's
/// reader itself (libcsv, the field arena, the records, the rows) and its threads.
private struct CountingFold: RecordFold {
    struct State: Partial {
        var rows = 0
        var rejected = 0
        var cells = 0

        mutating func merge(_ later: consuming State) throws {
            rows += later.rows
            rejected += later.rejected
            cells += later.cells
        }
    }

    func start(writing output: PartialOutput?) throws -> State { State() }

    func fold(_ row: Row, into state: inout State) throws {
        state.rows += 1
        state.cells += row.count
    }

    func reject(_ rejection: Rejection, into state: inout State) throws {
        state.rejected += 1
    }
}

/// The reader of `shnor` alone: the file read by stretches on `threads` threads as `shnor run`
/// reads an input (``TableReader/stretchBytes`` each), every row only counted. Run as a child
/// (`ingest-bench stretches [--threads N] FILE`) and timed from outside; prints one line:
/// `rows=… rejected=… cells=… threads=…`.
func runStretchRead(path: String, threads: Int) throws {
    let reader = try TableReader(path: path)
    let (summary, state) = try reader.fold(
        CountingFold(), threads: threads, schedule: .stretches(bytes: TableReader.stretchBytes))
    precondition(summary.rowsRead == state.rows + state.rejected, "every row read reaches the fold")
    print("rows=\(state.rows) rejected=\(state.rejected) cells=\(state.cells) threads=\(threads)")
}
