/// Counts of a paired comparison (the same student and subject, baseline → follow-up):
/// improved, unchanged, worsened, with the shares and the exact McNemar test (DESIGN.md §5).
///
/// A counter, not a list: a run adds pairs as it streams and adds groups together.
public struct PairedChange: Sendable, Equatable {
    public private(set) var improved = 0
    public private(set) var unchanged = 0
    public private(set) var worsened = 0

    public init() {}

    public init(improved: Int, unchanged: Int, worsened: Int) {
        self.improved = improved
        self.unchanged = unchanged
        self.worsened = worsened
    }

    /// Which way one compared pair (or person) went.
    public enum Direction: Sendable, Equatable {
        case improved, unchanged, worsened

        /// It improved when the value rose by at least `minRise`, worsened when it fell by at
        /// least `minRise`; anything between is unchanged. With marks, `minRise` is 1.
        public init(before: Double, after: Double, minRise: Double) {
            // The tolerance keeps 0,1 + 0,2 - 0,3 from reading as a change below the threshold.
            let change = after - before
            if change >= minRise - 1e-9 {
                self = .improved
            } else if change <= -minRise + 1e-9 {
                self = .worsened
            } else {
                self = .unchanged
            }
        }
    }

    /// Adds one pair, its direction as ``Direction/init(before:after:minRise:)`` decides.
    public mutating func add(before: Double, after: Double, minRise: Double) {
        add(Direction(before: before, after: after, minRise: minRise))
    }

    /// Adds one pair (or person) whose direction is already decided.
    public mutating func add(_ direction: Direction) {
        switch direction {
        case .improved: improved += 1
        case .unchanged: unchanged += 1
        case .worsened: worsened += 1
        }
    }

    /// Pairs compared.
    public var total: Int { improved + unchanged + worsened }
    public var improvedShare: Share { Share(numerator: improved, denominator: total) }
    public var unchangedShare: Share { Share(numerator: unchanged, denominator: total) }
    public var worsenedShare: Share { Share(numerator: worsened, denominator: total) }
    public var test: McNemarTest { McNemarTest(improved: improved, worsened: worsened) }

    public static func + (lhs: PairedChange, rhs: PairedChange) -> PairedChange {
        PairedChange(
            improved: lhs.improved + rhs.improved, unchanged: lhs.unchanged + rhs.unchanged,
            worsened: lhs.worsened + rhs.worsened)
    }
}
