import Clean
import Measures

/// The answers of a survey's responses counted per school, in one flat array of integers:
/// every figure by population or by school is then a sum over a few schools' counts, not
/// another pass over hundreds of thousands of responses.
///
/// Counted as the responses are cleaned (each part of a parallel read its own, added up in
/// the end), or from the kept responses when de-duplication has dropped some. A school's
/// place in the register is its bucket; responses without a school (an export without a
/// school column) have the last one. Per bucket and slot, the counts are: each category below
/// ``categories`` (the most any scale of the instrument has), then the non-substantive
/// answers, the blanks, the answers off the scale, and the categories at or above
/// ``categories`` (none, as the cleaner reads them; kept so that no answer is lost).
struct SchoolAnswerTally: Sendable {
    /// Categories counted one by one: the most categories of any scale of the instrument.
    let categories: Int
    let slots: Int
    /// Buckets: the register's schools, then the responses without a school.
    let buckets: Int
    /// Responses per bucket.
    private(set) var respondents: [Int]
    /// [bucket][slot][column]: ``width`` columns per slot; a bucket without responses is left
    /// empty (a part of a read meets a few schools of a register of hundreds).
    private var counts: [[Int]]
    /// Each answer byte's column: a category, or one of the four marks after them.
    private let columnOfCode: [Int]

    private var width: Int { categories + 4 }
    private var nonSubstantiveColumn: Int { categories }
    private var blankColumn: Int { categories + 1 }
    private var unknownColumn: Int { categories + 2 }
    private var higherCategoryColumn: Int { categories + 3 }

    /// An empty tally for the responses of `binding` from the schools of a register of `schools`;
    /// nil when some scale's categories do not fit in a byte (then count response by response).
    init?(binding: InstrumentBinding, schools: Int) {
        self.init(
            slots: binding.slots.count, categories: binding.instrument.scales.values.map(\.categories.count).max() ?? 0,
            schools: schools)
    }

    /// An empty tally of `slots` answers per response, the first `categories` categories counted
    /// one by one; nil when they do not fit in a byte.
    init?(slots: Int, categories: Int, schools: Int) {
        guard categories < Int(AnswerCode.nonSubstantive) else { return nil }
        self.categories = categories
        self.slots = slots
        buckets = schools + 1
        respondents = [Int](repeating: 0, count: buckets)
        counts = [[Int]](repeating: [], count: buckets)
        var column = [Int](repeating: categories + 3, count: 256)
        for code in 0..<categories { column[code] = code }
        column[Int(AnswerCode.nonSubstantive)] = categories
        column[Int(AnswerCode.blank)] = categories + 1
        column[Int(AnswerCode.unknown)] = categories + 2
        columnOfCode = column
    }

    /// The tally of `responses`; nil when some response holds answers not one byte each (a
    /// scale of 250 categories or more) or not one per slot.
    init?(_ responses: [Response], binding: InstrumentBinding, schools: Int) {
        guard var tally = SchoolAnswerTally(binding: binding, schools: schools) else { return nil }
        for response in responses {
            guard tally.add(response) else { return nil }
        }
        self = tally
    }

    /// Counts one response's answers; false (and nothing counted) when they are not one byte
    /// per slot: then the tally cannot stand for the responses.
    @inline(__always)
    mutating func add(_ response: Response) -> Bool {
        guard let codes = response.answerCodes, codes.count == slots else { return false }
        let schools = buckets - 1
        let bucket = response.school.map { $0 >= 0 && $0 < schools ? $0 : schools } ?? schools
        respondents[bucket] += 1
        let width = width
        if counts[bucket].isEmpty { counts[bucket] = [Int](repeating: 0, count: slots * width) }
        counts[bucket].withUnsafeMutableBufferPointer { counts in
            columnOfCode.withUnsafeBufferPointer { column in
                codes.withUnsafeBufferPointer { codes in
                    var base = 0
                    for code in codes {
                        counts[base + column[Int(code)]] += 1
                        base += width
                    }
                }
            }
        }
        return true
    }

    /// Adds the counts of another part of the same export.
    mutating func add(_ other: SchoolAnswerTally) {
        precondition(
            other.buckets == buckets && other.slots == slots && other.categories == categories,
            "a tally of the same input")
        for index in respondents.indices { respondents[index] += other.respondents[index] }
        for bucket in counts.indices where !other.counts[bucket].isEmpty {
            if counts[bucket].isEmpty {
                counts[bucket] = other.counts[bucket]
                continue
            }
            counts[bucket].withUnsafeMutableBufferPointer { counts in
                other.counts[bucket].withUnsafeBufferPointer { more in
                    for index in counts.indices { counts[index] += more[index] }
                }
            }
        }
    }

    private func column(_ bucket: Int, _ slot: Int, _ column: Int) -> Int {
        counts[bucket].isEmpty ? 0 : counts[bucket][slot * width + column]
    }

    /// Every response counted.
    var total: Int { respondents.reduce(0, +) }

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
