import Benchmark
import Clean

/// `MatchKey` on typical cells of an export — ФИО in Cyrillic, school names — a million per
/// iteration: `append(_:to:)` into one reused buffer, and `of(_:)`, which builds a String.
enum MatchKeyBenchmarks {
    /// Cells of the first 1,024 invented students (a power of two: the loop picks by a mask).
    static func cells(_ column: (SyntheticStudent) -> String) -> [String] {
        (0..<1_024).map { column(SyntheticStudent(number: $0)) }
    }

    static func register() {
        let columns: [(label: String, column: (SyntheticStudent) -> String)] = [("ФИО", \.name), ("school", \.school)]
        for (label, column) in columns {
            Benchmark("MatchKey.append \(label)", configuration: .perRow()) {
                (benchmark: Benchmark, cells: [[UInt8]]) throws in
                var buffer: [UInt8] = []
                buffer.reserveCapacity(256)
                var known = 0
                for index in benchmark.scaledIterations {
                    buffer.removeAll(keepingCapacity: true)
                    if cells[index & 1_023].withUnsafeBytes({ MatchKey.append($0, to: &buffer) }) { known += 1 }
                }
                blackHole(buffer)
                guard known == benchmark.scaledIterations.count else {
                    throw Failure("only \(known) cells took the fast path")
                }
            } setup: {
                cells(column).map { Array($0.utf8) }
            }

            Benchmark("MatchKey.of \(label)", configuration: .perRow()) { (benchmark: Benchmark, cells: [String]) in
                for index in benchmark.scaledIterations {
                    blackHole(MatchKey.of(cells[index & 1_023]))
                }
            } setup: {
                cells(column)
            }
        }
    }
}
