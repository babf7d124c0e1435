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

    // 32-bit counts (20 bytes a person: a run keeps one per student of the file); they add
    // with wrapping, never trapping, and no file has the 400 million pairs of one person that
    // would wrap them.
    private var sumBefore: Int32 = 0
    private var sumAfter: Int32 = 0
    private var markCount: Int32 = 0
    private var pairCount: Int32 = 0
    private var roseCount: Int32 = 0
    private var fellCount: Int32 = 0

    /// Sums of the marks compared at each point, and how many marks they are.
    public var marksBefore: Int { Int(sumBefore) }
    public var marksAfter: Int { Int(sumAfter) }
    public var marks: Int { Int(markCount) }
    /// Pairs compared by the pair rule, and how many of them went each way.
    public var pairs: Int { Int(pairCount) }
    public var rose: Int { Int(roseCount) }
    public var fell: Int { Int(fellCount) }

    public init() {}

    /// Adds one compared pair: its marks where both points have one (2–5), and its direction
    /// by the pair rule (nil when the pair rule had nothing to compare).
    public mutating func add(marks: (before: Int, after: Int)?, direction: PairedChange.Direction?) {
        if let marks {
            sumBefore &+= Int32(truncatingIfNeeded: marks.before)
            sumAfter &+= Int32(truncatingIfNeeded: marks.after)
            markCount &+= 1
        }
        guard let direction else { return }
        pairCount &+= 1
        switch direction {
        case .improved: roseCount &+= 1
        case .worsened: fellCount &+= 1
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
        sum.sumBefore &+= rhs.sumBefore
        sum.sumAfter &+= rhs.sumAfter
        sum.markCount &+= rhs.markCount
        sum.pairCount &+= rhs.pairCount
        sum.roseCount &+= rhs.roseCount
        sum.fellCount &+= rhs.fellCount
        return sum
    }
}
