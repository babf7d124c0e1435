import Foundation
import Testing

@testable import Measures

@Suite("Measures")
struct MeasuresTests {
    @Test func wilsonMatchesTheReferenceValues() throws {
        let seven = try #require(WilsonInterval(successes: 7, trials: 10))
        #expect(abs(seven.lower - 0.39678) < 5e-6)
        #expect(abs(seven.upper - 0.89221) < 5e-6)
        let zero = try #require(WilsonInterval(successes: 0, trials: 10))
        #expect(zero.lower == 0)
        #expect(abs(zero.upper - 0.27753) < 5e-6)
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
    }

    @Test func wilsonMatchesAnIndependentFormulaTo1e9() throws {
        for (k, n) in [(7, 10), (0, 10), (10, 10), (61, 78), (1, 3), (500, 1234)] {
            let interval = try #require(WilsonInterval(successes: k, trials: n))
            // Written out again from DESIGN.md §5, term by term.
            let z = 1.959964, p = Double(k) / Double(n), nn = Double(n)
            let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
            let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
            #expect(abs(interval.lower - max(0, centre - half)) < 1e-9)
            #expect(abs(interval.upper - min(1, centre + half)) < 1e-9)
        }
    }

    @Test func mcNemarMatchesTheReferenceValues() {
        let small = McNemarTest(improved: 5, worsened: 1)
        #expect(abs(small.p - 0.21875) < 1e-12)
        #expect(abs(small.midP - 0.125) < 1e-12)
        #expect(abs(McNemarTest(improved: 12, worsened: 3).p - 0.03515625) < 1e-12)
        #expect(McNemarTest(improved: 0, worsened: 0).p == 1)
        #expect(McNemarTest(improved: 4, worsened: 4).p == 1)
    }

    /// A region's hundreds of thousands of pairs: the tail summed term by term through lgamma
    /// (each term on its own) agrees with the test's product of ratios to far more digits than
    /// a note shows. (Not to the last digit: lgamma near 6·10⁵ is about 7·10⁶, so each term
    /// through it carries a relative error near 10⁻⁹ of its own.)
    @Test func mcNemarOnAHundredsOfThousandsOfPairsMatchesTheTermByTermSum() {
        func reference(_ b: Int, _ c: Int) -> (p: Double, midP: Double) {
            let n = b + c, k = min(b, c)
            func term(_ i: Int) -> Double {
                exp(lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - Double(n) * log(2.0))
            }
            var cdf = 0.0
            for i in stride(from: k, through: max(0, k - 20_000), by: -1) { cdf += term(i) }
            return (min(1, 2 * cdf), min(1, 2 * (cdf - term(k) / 2)))
        }
        for (b, c) in [(300_000, 299_700), (299_000, 301_000), (250_000, 251_234), (120_000, 90_000), (1_000, 950)] {
            let test = McNemarTest(improved: b, worsened: c)
            let expected = reference(b, c)
            #expect(abs(test.p - expected.p) <= 1e-8 * max(expected.p, 1e-300), "p for \(b) and \(c)")
            #expect(abs(test.midP - expected.midP) <= 1e-8 * max(expected.midP, 1e-300), "mid-p for \(b) and \(c)")
        }
    }

    @Test func statusAgainstTarget() {
        #expect(TargetStatus(share: 0.78, target: 0.78) == .achieved)
        #expect(TargetStatus(share: 0.7799, target: 0.78) == .notAchieved)
        #expect(TargetStatus(share: 0.5, target: nil) == nil)
    }

    @Test func distributionSummaries() {
        var distribution = CategoryDistribution(categoryCount: 4)
        for category in [0, 1, 2, 2, 3, 3, 3] { distribution.add(category: category) }
        distribution.addNonSubstantive()
        distribution.addBlank()
        #expect(distribution.substantive == 7)
        #expect(distribution.topBox(2) == Share(numerator: 5, denominator: 7))
        #expect(distribution.medianCategory == 2)
        #expect(CategoryDistribution(categoryCount: 3).medianCategory == nil)
    }

    @Test func disclosureSuppressesSmallCellsAndOneMore() {
        let control = DisclosureControl(threshold: 5)
        #expect(control.suppressed(denominators: [12, 3, 8, 20]) == [false, true, true, false])
        #expect(control.suppressed(denominators: [12, 3, 2, 20]) == [false, true, true, false])
        #expect(control.suppressed(denominators: [12, 30]) == [false, false])
        #expect(control.suppressed(denominators: [12, 3], totalShown: false) == [false, true])
        #expect(DisclosureControl(threshold: 10).suppressed(denominators: [9, 10, 11]) == [true, true, false])
    }
}
