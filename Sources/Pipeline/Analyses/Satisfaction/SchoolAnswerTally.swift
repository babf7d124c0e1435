import Clean
import Measures

/// The answers of a survey's kept responses counted once per school, in one flat array of
/// integers: every figure by population or by school is then a sum over a few schools' counts,
/// not another pass over hundreds of thousands of responses.
///
/// A school's place in the register is its bucket; responses without a school (an export
/// without a school column) have the last one. Per bucket and slot, the counts are: each
/// category below ``categories`` (the most any scale of the instrument has), then the
/// non-substantive answers, the blanks, the answers off the scale, and the categories at or
/// above ``categories`` (none, as the cleaner reads them; kept so that no answer is lost).
struct SchoolAnswerTally {
    /// Categories counted one by one: the most categories of any scale of the instrument.
    let categories: Int
    let slots: Int
    /// Buckets: the register's schools, then the responses without a school.
    let buckets: Int
    /// Responses per bucket.
    private(set) var respondents: [Int]
    /// [bucket][slot][column]: ``width`` columns per slot.
    private var counts: [Int]

    private var width: Int { categories + 4 }
    private var nonSubstantiveColumn: Int { categories }
    private var blankColumn: Int { categories + 1 }
    private var unknownColumn: Int { categories + 2 }
    private var higherCategoryColumn: Int { categories + 3 }

    /// The bucket of responses without a school.
    var withoutSchool: Int { buckets - 1 }

    /// Counts `responses`' answers; nil when some response holds answers not one byte each
    /// (a scale of 250 categories or more) or not one per slot: then count response by response.
    init?(_ responses: [Response], slots: Int, categories: Int, schools: Int) {
        guard categories < Int(AnswerCode.nonSubstantive) else { return nil }
        self.categories = categories
        self.slots = slots
        buckets = schools + 1
        var respondents = [Int](repeating: 0, count: schools + 1)
        let width = categories + 4
        // Each answer byte's column: a category, or one of the four marks after them.
        var column = [Int](repeating: categories + 3, count: 256)
        for code in 0..<categories { column[code] = code }
        column[Int(AnswerCode.nonSubstantive)] = categories
        column[Int(AnswerCode.blank)] = categories + 1
        column[Int(AnswerCode.unknown)] = categories + 2
        var counts = [Int](repeating: 0, count: buckets * slots * width)
        let complete = counts.withUnsafeMutableBufferPointer { counts in
            column.withUnsafeBufferPointer { column in
                respondents.withUnsafeMutableBufferPointer { respondents in
                    for response in responses {
                        guard let codes = response.answerCodes, codes.count == slots else { return false }
                        let bucket = response.school.map { $0 >= 0 && $0 < schools ? $0 : schools } ?? schools
                        respondents[bucket] += 1
                        var base = bucket * slots * width
                        codes.withUnsafeBufferPointer { codes in
                            for code in codes {
                                counts[base + column[Int(code)]] += 1
                                base += width
                            }
                        }
                    }
                    return true
                }
            }
        }
        guard complete else { return nil }
        self.counts = counts
        self.respondents = respondents
    }

    private func column(_ bucket: Int, _ slot: Int, _ column: Int) -> Int {
        counts[(bucket * slots + slot) * width + column]
    }

    /// Responses in `buckets`.
    func respondents(in buckets: [Int]) -> Int { buckets.reduce(0) { $0 + respondents[$1] } }

    /// The distribution of one slot's answers on a scale of `categories` categories among the
    /// responses of `buckets`: as counting response by response would give it.
    func distribution(slot: Int, categories: Int, in buckets: [Int]) -> CategoryDistribution {
        precondition(categories <= self.categories, "a scale of the instrument")
        var byCategory = [Int](repeating: 0, count: categories)
        var nonSubstantive = 0
        var blank = 0
        for bucket in buckets {
            for category in 0..<categories { byCategory[category] += column(bucket, slot, category) }
            nonSubstantive += column(bucket, slot, nonSubstantiveColumn)
            blank += column(bucket, slot, blankColumn)
        }
        return CategoryDistribution(counts: byCategory, nonSubstantive: nonSubstantive, blank: blank)
    }

    /// Responses of `buckets` whose answer to `slot` is a category of its scale.
    func answeredWithCategory(slot: Int, in buckets: [Int]) -> Int {
        buckets.reduce(0) { total, bucket in
            var sum = total + column(bucket, slot, higherCategoryColumn)
            for category in 0..<categories { sum += column(bucket, slot, category) }
            return sum
        }
    }

    /// Responses of `buckets` whose answer to `slot` is off its scale.
    func unreadable(slot: Int, in buckets: [Int]) -> Int {
        buckets.reduce(0) { $0 + column($1, slot, unknownColumn) }
    }
}
