/// Counts of the categories of one ordered scale, with the summaries a note reports.
///
/// Categories are ordered from the lowest to the highest; non-substantive answers
/// («Затрудняюсь ответить») and blanks are counted apart and left out of every share.
public struct CategoryDistribution: Sendable, Equatable {
    public private(set) var counts: [Int]
    public private(set) var nonSubstantive: Int = 0
    public private(set) var blank: Int = 0

    public init(categoryCount: Int) {
        counts = [Int](repeating: 0, count: categoryCount)
    }

    /// A distribution counted elsewhere: answers per category, non-substantive ones, blanks.
    public init(counts: [Int], nonSubstantive: Int, blank: Int) {
        self.counts = counts
        self.nonSubstantive = nonSubstantive
        self.blank = blank
    }

    public mutating func add(category: Int) { counts[category] += 1 }
    public mutating func addNonSubstantive() { nonSubstantive += 1 }
    public mutating func addBlank() { blank += 1 }

    /// Substantive answers: the denominator of every share.
    public var substantive: Int { counts.reduce(0, +) }

    /// Share of the `top` highest categories (top-2-box for `top` = 2).
    public func topBox(_ top: Int) -> Share {
        Share(numerator: counts.suffix(top).reduce(0, +), denominator: substantive)
    }

    /// Share of the answers in `categories` among substantive answers.
    public func share(of categories: [Int]) -> Share {
        Share(
            numerator: categories.reduce(0) { $0 + ($1 >= 0 && $1 < counts.count ? counts[$1] : 0) },
            denominator: substantive)
    }

    /// Share of one category among substantive answers.
    public func share(of category: Int) -> Share {
        Share(numerator: counts[category], denominator: substantive)
    }

    /// The median category: the lowest category at which the cumulative count reaches half
    /// of the substantive answers; nil without substantive answers.
    public var medianCategory: Int? {
        let total = substantive
        guard total > 0 else { return nil }
        var cumulative = 0
        for (category, count) in counts.enumerated() {
            cumulative += count
            if 2 * cumulative >= total { return category }
        }
        return counts.count - 1
    }

    public static func + (lhs: CategoryDistribution, rhs: CategoryDistribution) -> CategoryDistribution {
        var sum = lhs
        for index in sum.counts.indices { sum.counts[index] += rhs.counts[index] }
        sum.nonSubstantive += rhs.nonSubstantive
        sum.blank += rhs.blank
        return sum
    }
}
