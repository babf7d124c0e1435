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

/// Whether a share reached its target (DESIGN.md §4: achieved when share ≥ target).
public enum TargetStatus: String, Sendable, Codable {
    case achieved
    case notAchieved = "not_achieved"

    public init?(share: Double?, target: Double?) {
        guard let share, let target else { return nil }
        // A share equal to the target up to rounding noise counts as reaching it.
        self = share + 1e-12 >= target ? .achieved : .notAchieved
    }
}
