import Benchmark
import ByteTables

/// `CompactKeyTable` with a million student codes: inserting them into a new table (growing
/// from the default capacity, as `PointLink` does), and finding each in another order.
enum CompactKeyTableBenchmarks {
    static let count = 1_000_000

    static func register() {
        Benchmark("CompactKeyTable.insert", configuration: .perRow()) {
            (benchmark: Benchmark, codes: StudentCodes) throws in
            var table = CompactKeyTable()
            codes.forEach { blackHole(table.insert($0)) }
            guard table.count == count else { throw Failure("\(table.count) keys inserted of \(count)") }
        } setup: {
            StudentCodes(count: count)
        }

        Benchmark("CompactKeyTable.find", configuration: .perRow()) {
            (benchmark: Benchmark, setup: (codes: StudentCodes, table: CompactKeyTable)) throws in
            var found = 0
            setup.codes.forEach(order: { StudentCodes.shuffled($0, count: count) }) { code in
                if setup.table.find(code) != nil { found += 1 }
            }
            guard found == count else { throw Failure("\(found) keys found of \(count)") }
        } setup: {
            let codes = StudentCodes(count: count)
            var table = CompactKeyTable()
            codes.forEach { _ = table.insert($0) }
            return (codes: codes, table: table)
        }
    }
}
