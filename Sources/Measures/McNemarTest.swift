#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exact two-sided McNemar test on the discordant pairs of a paired change (DESIGN.md §5).
///
/// b pairs improved, c worsened: p = min(1, 2·BinomCDF(min(b, c); b + c, ½)); the mid-p
/// subtracts half the probability of the observed count before doubling.
public struct McNemarTest: Sendable, Equatable {
    public let improved: Int
    public let worsened: Int
    public let p: Double
    public let midP: Double

    public init(improved b: Int, worsened c: Int) {
        improved = b
        worsened = c
        let n = b + c
        guard n > 0 else {
            p = 1
            midP = 1
            return
        }
        let k = min(b, c)
        // From k down: the terms fall at least as fast as a geometric series (k ≤ n/2), so a
        // region's hundreds of thousands of pairs need only the terms that still count. Each
        // term is the one above it times (i + 1) / (n − i) — a product, not three lgammas, for the
        // thousands of terms near n/2 (its relative error, one rounding per term, stays far
        // below the digits reported).
        let atK = Self.binomialHalf(n: n, k: k)
        var cdf = atK
        var term = atK
        var i = k - 1
        while i >= 0 {
            term *= Double(i + 1) / Double(n - i)
            cdf += term
            if term < cdf * 1e-18 { break }
            i -= 1
        }
        p = min(1, 2 * cdf)
        midP = min(1, 2 * (cdf - atK / 2))
    }

    /// C(n, k) / 2ⁿ, through lgamma so that large n does not overflow.
    static func binomialHalf(n: Int, k: Int) -> Double {
        let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
        return exp(logChoose - Double(n) * log(2.0))
    }
}
