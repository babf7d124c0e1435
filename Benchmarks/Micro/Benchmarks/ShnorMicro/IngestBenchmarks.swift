import Benchmark
import Ingest

/// Reading the results export through `TableReader`: in one pass, and in two parts on two threads.
///
/// The file is written once per benchmark process; the reader is opened (encoding and dialect
/// detected) in the setup, so an iteration is the read alone. Figures are per row.
enum IngestBenchmarks {
    static func register() {
        let configuration = Benchmark.Configuration.perRow(
            maxDuration: .seconds(10), teardown: { ResultsExport.remove() })

        Benchmark("TableReader.read", configuration: configuration) {
            (benchmark: Benchmark, reader: TableReader) throws in
            var rows = 0
            let summary = try reader.read(onRow: { _ in rows += 1 })
            try check(rows, summary.rowsRejected)
        } setup: {
            try TableReader(path: try ResultsExport.write())
        }

        Benchmark("TableReader.read threads 2", configuration: configuration) {
            (benchmark: Benchmark, reader: TableReader) throws in
            let read = try reader.fold(
                RowCounter(), threads: 2, schedule: .parts(minimumPartBytes: TableReader.minimumPartBytes))
            guard read.state.stretches == 2 else {
                throw Failure("the file was read in \(read.state.stretches) part(s), not 2")
            }
            try check(read.state.rows, read.summary.rowsRejected)
        } setup: {
            try TableReader(path: try ResultsExport.write())
        }
    }

    /// Fails the benchmark unless every row of the file was read and none rejected.
    static func check(_ rows: Int, _ rejected: Int) throws {
        guard rows == ResultsExport.rows, rejected == 0 else {
            throw Failure("read \(rows) rows, \(rejected) rejected; the file has \(ResultsExport.rows)")
        }
    }
}
