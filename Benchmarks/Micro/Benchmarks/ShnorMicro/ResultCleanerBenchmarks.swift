import Benchmark
import Clean
import Ingest

/// `ResultCleaner.clean(_:)` on every row of the results export, as the tool cleans a file.
///
/// A `Row` exists only inside the reader's callback, so an iteration reads the file and cleans
/// each row: the cleaner's own cost is this benchmark's figures less those of `TableReader.read`.
/// A new cleaner per iteration, as per file in the tool, so its spelling caches start empty.
enum ResultCleanerBenchmarks {
    /// What every iteration needs: the open file, the binding of its header, the register.
    struct Setup {
        let reader: TableReader
        let binding: InstrumentBinding
        let register: SchoolRegister
    }

    static func register() {
        Benchmark(
            "ResultCleaner.clean (with read)",
            configuration: .perRow(maxDuration: .seconds(10), teardown: { ResultsExport.remove() })
        ) { (benchmark: Benchmark, setup: Setup) throws in
            var cleaner = try ResultCleaner(binding: setup.binding, register: setup.register, point: .pre)
            var records = 0
            var rejected: [Rejection] = []
            try setup.reader.read(onRow: { row in
                switch cleaner.clean(row) {
                case .record(let record):
                    records += 1
                    blackHole(record)
                case .rejected(let rejection):
                    rejected.append(rejection)
                }
            })
            guard records == ResultsExport.rows, rejected.isEmpty else {
                throw Failure(
                    "cleaned \(records) records; rejected \(rejected.count), the first: \(rejected.first.map { "\($0)" } ?? "none")"
                )
            }
        } setup: {
            let reader = try TableReader(path: try ResultsExport.write())
            let binding = try InstrumentBinding(
                instrument: try SurveyFiles.instrument(),
                header: Header(cells: ResultsExport.header), file: reader.path)
            return Setup(reader: reader, binding: binding, register: try SurveyFiles.register())
        }
    }
}
