/// Counts of marks on the Russian 2–5 scale, with the school statistics of DESIGN.md §2.
///
/// N counts every student who should have a mark, «н/а» (not assessed) included:
/// успеваемость = (n5 + n4 + n3) / N, качество знаний = (n5 + n4) / N,
/// СОУ (степень обученности) = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_на) / N, in per cent.
public struct MarkDistribution: Sendable, Equatable {
    /// Students with marks 2, 3, 4, 5, held inline: a run updates a distribution per record and group.
    @usableFromInline var n2 = 0, n3 = 0, n4 = 0, n5 = 0
    /// Students with marks 2, 3, 4, 5 (index 0 is mark 2).
    public var counts: [Int] { [n2, n3, n4, n5] }
    /// Students who should have a mark but were not assessed («н/а»).
    public private(set) var notAssessed = 0

    public init() {}

    public init(n2: Int, n3: Int, n4: Int, n5: Int, notAssessed: Int = 0) {
        self.n2 = n2
        self.n3 = n3
        self.n4 = n4
        self.n5 = n5
        self.notAssessed = notAssessed
    }

    /// Adds a mark 2…5; other values are a caller's error and are refused.
    ///
    /// Inlinable: a run adds a mark per record and group from another module.
    @discardableResult @inlinable
    public mutating func add(mark: Int) -> Bool {
        switch mark {
        case 2: n2 += 1
        case 3: n3 += 1
        case 4: n4 += 1
        case 5: n5 += 1
        default: return false
        }
        return true
    }

    /// Adds another distribution's counts (a part of the same file, another district).
    public mutating func add(_ other: MarkDistribution) {
        n2 += other.n2
        n3 += other.n3
        n4 += other.n4
        n5 += other.n5
        notAssessed += other.notAssessed
    }

    public mutating func addNotAssessed() { notAssessed += 1 }

    public func count(of mark: Int) -> Int {
        switch mark {
        case 2: n2
        case 3: n3
        case 4: n4
        case 5: n5
        default: 0
        }
    }

    /// N: every student who should have a mark.
    public var total: Int { n2 + n3 + n4 + n5 + notAssessed }

    /// Успеваемость: marks 3, 4, 5 over N.
    public var successRate: Share { Share(numerator: count(of: 3) + count(of: 4) + count(of: 5), denominator: total) }

    /// Качество знаний: marks 4 and 5 over N.
    public var quality: Share { Share(numerator: count(of: 4) + count(of: 5), denominator: total) }

    /// СОУ, степень обученности, in per cent; nil for N = 0.
    public var learningLevel: Double? {
        guard total > 0 else { return nil }
        let points = 100 * count(of: 5) + 64 * count(of: 4) + 36 * count(of: 3) + 16 * count(of: 2) + 7 * notAssessed
        return Double(points) / Double(total)
    }

    public static func + (lhs: MarkDistribution, rhs: MarkDistribution) -> MarkDistribution {
        var sum = lhs
        sum.add(rhs)
        return sum
    }
}

/// A test mark against the journal mark (ВПР's standard comparison): понизили (lower than the
/// journal), подтвердили (equal), повысили (higher).
public struct JournalComparison: Sendable, Equatable {
    public private(set) var lowered = 0
    public private(set) var confirmed = 0
    public private(set) var raised = 0

    public init() {}

    public init(lowered: Int, confirmed: Int, raised: Int) {
        self.lowered = lowered
        self.confirmed = confirmed
        self.raised = raised
    }

    /// Adds one student with both marks 2…5; false (and nothing counted) otherwise.
    @discardableResult
    public mutating func add(test: Int, journal: Int) -> Bool {
        guard (2...5).contains(test), (2...5).contains(journal) else { return false }
        if test < journal { lowered += 1 } else if test == journal { confirmed += 1 } else { raised += 1 }
        return true
    }

    public var total: Int { lowered + confirmed + raised }
    public var loweredShare: Share { Share(numerator: lowered, denominator: total) }
    public var confirmedShare: Share { Share(numerator: confirmed, denominator: total) }
    public var raisedShare: Share { Share(numerator: raised, denominator: total) }
}
