/// One person's change over the pairs compared for them (a student's subjects, a teacher's
/// diagnostics), and the named rule that decides whether the person improved (DESIGN.md §5,
/// improved student: counted per student, not per pair).
///
/// Adds up: the counts of two stretches of a file are summed, so a person whose pairs are read
/// in different stretches is decided once, on all of them.
public struct PersonChange: Sendable, Equatable {
    /// What makes a person improved, worsened or neither.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// The mean of the person's comparable marks (2–5 at both points) rose; fell: worsened;
        /// the same: unchanged. A person without a comparable mark is not compared.
        case meanMark = "mean_mark"
        /// A pair improved in at least one subject and none worsened; worsened: the other way
        /// round; anything else (no change, or changes both ways) is neither.
        case anySubject = "any_subject"
    }

    /// Sums of the marks compared at each point, and how many marks they are.
    public private(set) var marksBefore = 0
    public private(set) var marksAfter = 0
    public private(set) var marks = 0
    /// Pairs compared by the pair rule, and how many of them went each way.
    public private(set) var pairs = 0
    public private(set) var rose = 0
    public private(set) var fell = 0

    public init() {}

    /// Adds one compared pair: its marks where both points have one (2–5), and its direction
    /// by the pair rule (nil when the pair rule had nothing to compare).
    public mutating func add(marks: (before: Int, after: Int)?, direction: PairedChange.Direction?) {
        if let marks {
            marksBefore += marks.before
            marksAfter += marks.after
            self.marks += 1
        }
        guard let direction else { return }
        pairs += 1
        switch direction {
        case .improved: rose += 1
        case .worsened: fell += 1
        case .unchanged: break
        }
    }

    /// Which way the person went by `rule`; nil when the rule has nothing of theirs to compare.
    public func direction(_ rule: Rule) -> PairedChange.Direction? {
        switch rule {
        case .meanMark:
            // Equal counts at both points: comparing the sums compares the means, exactly.
            guard marks > 0 else { return nil }
            return marksAfter > marksBefore ? .improved : marksAfter < marksBefore ? .worsened : .unchanged
        case .anySubject:
            guard pairs > 0 else { return nil }
            return rose > 0 && fell == 0 ? .improved : fell > 0 && rose == 0 ? .worsened : .unchanged
        }
    }

    public static func + (lhs: PersonChange, rhs: PersonChange) -> PersonChange {
        var sum = lhs
        sum.marksBefore += rhs.marksBefore
        sum.marksAfter += rhs.marksAfter
        sum.marks += rhs.marks
        sum.pairs += rhs.pairs
        sum.rose += rhs.rose
        sum.fell += rhs.fell
        return sum
    }
}
