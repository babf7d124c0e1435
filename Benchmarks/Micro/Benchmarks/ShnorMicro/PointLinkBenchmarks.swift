import Benchmark
import Link

/// `PointLink` pairing two points by code: keeping a million records (500,000 students in two
/// subjects, the subject as the code's scope), then matching the same records in another order.
///
/// Records carry a code and no name, so only the link by code is measured; scopes are interned
/// groups, as the tool passes them. Each iteration of `match` works on a copy of the kept link,
/// whose first pairing copies its million paired flags (1 MB, well under 1 ns per record).
enum PointLinkBenchmarks {
    static let students = 500_000

    static func register() {
        Benchmark("PointLink.keep", configuration: .perRow()) { (benchmark: Benchmark, codes: [String]) throws in
            var link = PointLink()
            for code in codes {
                for subject in 0..<2 {
                    blackHole(link.keep(code: code, name: nil, codeScope: subject, nameScope: (0, 0, subject)))
                }
            }
            guard link.count == 2 * students else { throw Failure("\(link.count) records kept of \(2 * students)") }
        } setup: {
            strings()
        }

        Benchmark("PointLink.match", configuration: .perRow()) {
            (benchmark: Benchmark, setup: (codes: [String], kept: PointLink)) throws in
            var link = setup.kept
            var partners = 0
            for index in 0..<students {
                let code = setup.codes[StudentCodes.shuffled(index, count: students)]
                for subject in 0..<2 {
                    if case .partner = link.match(
                        code: code, name: nil, codeScope: subject, nameScope: (0, 0, subject), line: index)
                    {
                        partners += 1
                    }
                }
            }
            guard partners == 2 * students else { throw Failure("\(partners) records paired of \(2 * students)") }
        } setup: {
            let codes = strings()
            var kept = PointLink()
            for code in codes {
                for subject in 0..<2 {
                    _ = kept.keep(code: code, name: nil, codeScope: subject, nameScope: (0, 0, subject))
                }
            }
            return (codes: codes, kept: kept)
        }
    }

    /// The students' codes as the cleaner hands them over (ten ASCII bytes: a String held inline).
    static func strings() -> [String] {
        (0..<students).map { SyntheticStudent(number: $0).code }
    }
}
