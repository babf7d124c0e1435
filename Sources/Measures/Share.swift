/// A share with its numerator, denominator and 95 % Wilson interval.
public struct Share: Sendable, Equatable {
    public let numerator: Int
    public let denominator: Int

    public init(numerator: Int, denominator: Int) {
        precondition(numerator >= 0 && numerator <= denominator, "a share's numerator lies within its denominator")
        self.numerator = numerator
        self.denominator = denominator
    }

    /// nil when the denominator is zero.
    public var value: Double? { denominator > 0 ? Double(numerator) / Double(denominator) : nil }
    public var interval: WilsonInterval? { WilsonInterval(successes: numerator, trials: denominator) }
}
