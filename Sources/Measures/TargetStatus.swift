/// How a share stands against its target, no stronger than its evidence (DESIGN.md §4).
///
/// A share counted from a sample of answers has a 95 % interval, and the verdict says whether
/// that interval clears the target: four values. A census — a share counted from a complete
/// register (schools, trained staff) — has no sampling error and only two.
public enum TargetStatus: String, Sendable, Codable, CaseIterable {
    /// The interval lies at or above the target.
    case achieved
    /// The share is at or above the target, but the interval contains it.
    case achievedWithinMargin = "achieved_within_margin"
    /// The share is below the target, but the interval contains it.
    case notAchievedWithinMargin = "not_achieved_within_margin"
    /// The interval lies below the target.
    case notAchieved = "not_achieved"

    /// The verdict of a share of answers against `target`; nil without a target or without a value.
    public init?(share: Share, target: Double?) {
        guard let target, let value = share.value, let interval = share.interval else { return nil }
        let reached = Self.reaches(value, target)
        let contains = interval.lower < target - Self.tolerance && interval.upper + Self.tolerance >= target
        switch (reached, contains) {
        case (true, false): self = .achieved
        case (true, true): self = .achievedWithinMargin
        case (false, true): self = .notAchievedWithinMargin
        case (false, false): self = .notAchieved
        }
    }

    /// The verdict of a census (a complete register: no interval) against `target`: achieved or not.
    public init?(census value: Double?, target: Double?) {
        guard let value, let target else { return nil }
        self = Self.reaches(value, target) ? .achieved : .notAchieved
    }

    /// Whether the share itself is at or above the target (the first two values).
    public var reached: Bool { self == .achieved || self == .achievedWithinMargin }

    /// Whether the interval contains the target: the verdict could go either way on another sample.
    public var withinMargin: Bool { self == .achievedWithinMargin || self == .notAchievedWithinMargin }

    /// A share equal to the target up to rounding noise counts as reaching it.
    static let tolerance = 1e-12

    static func reaches(_ value: Double, _ target: Double) -> Bool { value + tolerance >= target }
}

extension Share {
    /// How many answers, counted the other way, would turn the verdict against `target`: a
    /// share at or above it falls below when that many of its numerator are not; one below it
    /// reaches it when that many more are. nil without a value or when no change of answers
    /// could turn it (a target above 100 % or at 0 %).
    public func answersDeciding(target: Double) -> Int? {
        guard let value, denominator > 0 else { return nil }
        let needed = target * Double(denominator)
        if TargetStatus.reaches(value, target) {
            // The smallest m with (numerator − m) / denominator < target.
            var m = max(1, Int((Double(numerator) - needed).rounded(.down)))
            while m > 1, !TargetStatus.reaches(Double(numerator - m + 1) / Double(denominator), target) { m -= 1 }
            while m <= numerator, TargetStatus.reaches(Double(numerator - m) / Double(denominator), target) { m += 1 }
            return m <= numerator ? m : nil
        }
        // The smallest m with (numerator + m) / denominator ≥ target.
        var m = max(1, Int((needed - Double(numerator)).rounded(.up)))
        while m > 1, TargetStatus.reaches(Double(numerator + m - 1) / Double(denominator), target) { m -= 1 }
        while numerator + m <= denominator, !TargetStatus.reaches(Double(numerator + m) / Double(denominator), target) {
            m += 1
        }
        return numerator + m <= denominator ? m : nil
    }
}

/// The range a share would take had every uncounted row been counted one way or the other
/// (DESIGN.md §5): rows rejected for a reason other than a duplicate or a test submission, and
/// answers that could not be read.
///
/// With n/d counted and u uncounted: from n/(d + u) (all of them the other way) to
/// (n + u)/(d + u) (all of them in the numerator).
public struct UncountedBounds: Sendable, Equatable {
    public let uncounted: Int
    public let lower: Double
    public let upper: Double

    /// nil when the share has no value and nothing was left uncounted.
    public init?(share: Share, uncounted: Int) {
        precondition(uncounted >= 0, "a count of rows is not negative")
        let total = share.denominator + uncounted
        guard total > 0 else { return nil }
        self.uncounted = uncounted
        lower = Double(share.numerator) / Double(total)
        upper = Double(share.numerator + uncounted) / Double(total)
    }

    /// Whether the uncounted rows could put the share on either side of `target`.
    public func cross(_ target: Double) -> Bool {
        !TargetStatus.reaches(lower, target) && TargetStatus.reaches(upper, target)
    }
}
