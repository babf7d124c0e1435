/// The 95 % Wilson score interval of a share (DESIGN.md §5), clipped to [0, 1].
///
/// centre = (p + z²/2n) / (1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n),
/// z = 1.959964. Undefined for n = 0.
public struct WilsonInterval: Sendable, Equatable, Codable {
    public static let z95 = 1.959964

    public let lower: Double
    public let upper: Double

    public init?(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        lower = max(0, centre - halfWidth)
        upper = min(1, centre + halfWidth)
    }
}
