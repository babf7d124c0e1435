import Benchmark
import Crypto
import KeyedHashing

/// The pseudonym's HMAC-SHA-256 of a student's identity (about 30 bytes), a million per
/// iteration, two ways: the states prepared once (`PreparedHMAC`, what the clean table uses) and
/// Crypto's `HMAC<SHA256>` prepared once and copied per row. The second is the simpler code; the
/// first stays while it is clearly faster (2026-11: about 490 against 865 ns a row).
enum PseudonymBenchmarks {
    /// Identities of the first 1,024 invented students, as the clean table lays them out.
    static func identities() -> [[UInt8]] {
        (0..<1_024).map { Array("code:\(SyntheticStudent(number: $0).code)|ученик".utf8) }
    }

    static let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }

    static func register() {
        Benchmark("PreparedHMAC.authenticationCode", configuration: .perRow()) {
            (benchmark: Benchmark, identities: [[UInt8]]) in
            let hmac = PreparedHMAC(key: secret)
            for index in benchmark.scaledIterations {
                blackHole(identities[index & 1_023].withUnsafeBytes { hmac.authenticationCode($0) })
            }
        } setup: {
            identities()
        }

        Benchmark("HMAC<SHA256> copied per row", configuration: .perRow()) {
            (benchmark: Benchmark, identities: [[UInt8]]) in
            let prepared = HMAC<SHA256>(key: SymmetricKey(data: secret))
            for index in benchmark.scaledIterations {
                var hmac = prepared
                identities[index & 1_023].withUnsafeBytes { hmac.update(data: $0) }
                blackHole(hmac.finalize())
            }
        } setup: {
            identities()
        }
    }
}
