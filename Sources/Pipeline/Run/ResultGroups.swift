import ByteTables
import Clean
import Measures
import Synchronization

/// One numbering of classes and subjects, told by a serial no other numbering has had.
///
/// Copies of a ``ResultGroups`` share it until one of them adds a group; that one then takes a
/// numbering of its own (the others may add other groups under the same numbers). Groups are
/// only ever added, so under one serial a number always stands for one group: a cache of what
/// a number stands for (a clean-table cell) stays good while the serial does.
final class GroupNumbering: Sendable {
    let serial: Int

    init() {
        serial = groupNumberingSerials.add(1, ordering: .relaxed).oldValue
    }
}

private let groupNumberingSerials = Atomic<Int>(0)

/// The groups a result is counted in — the whole, school, grade, class, subject — interned to
/// small integers so a run keeps one counter per group, never a row.
struct ResultGroups {
    enum Dimension: Int, CaseIterable {
        case all, school, grade, schoolClass, subject

        /// The pipeline's breakdown this dimension answers.
        var breakdown: PipelineSpec.ResultBreakdown? {
            switch self {
            case .all: nil
            case .school: .school
            case .grade: .grade
            case .schoolClass: .schoolClass
            case .subject: .subject
            }
        }

        init(_ breakdown: PipelineSpec.ResultBreakdown) {
            switch breakdown {
            case .school: self = .school
            case .grade: self = .grade
            case .schoolClass: self = .schoolClass
            case .subject: self = .subject
            }
        }
    }

    /// One record's group in each dimension (nil: the record has no class, say).
    struct Keys {
        var school: Int
        var grade: Int?
        var schoolClass: Int?
        var subject: Int

        func index(_ dimension: Dimension) -> Int? {
            switch dimension {
            case .all: 0
            case .school: school
            case .grade: grade
            case .schoolClass: schoolClass
            case .subject: subject
            }
        }
    }

    let register: SchoolRegister
    /// Subjects as first spelled; the same subject in other case or with ё/е is one group.
    private(set) var subjects: [String] = []
    private var subjectIndex: [String: Int] = [:]
    private var subjectKeys: [String] = []
    /// Spellings met → subject index, found by bytes (hashing a Cyrillic String is slow).
    private var subjectSpellings = CompactKeyTable(minimumCapacity: 64)
    private var subjectOfSpelling: [Int] = []
    private(set) var classes: [(school: Int, label: String, grade: Int?)] = []
    private var classIndex = CompactKeyTable(minimumCapacity: 1024)
    /// A class's key (school, label) while it is looked up: no String per record.
    private var classKey: [UInt8] = []
    /// The subject and class met last: the next record's are most often the same.
    private var lastSubject: (text: String?, index: Int)?
    private var lastClass: (school: Int, label: String, index: Int)?
    /// Read by a worker: where each stretch it read began in its lists of subjects and classes.
    private var stretches: [(index: Int, subjects: Int, classes: Int)] = []
    /// Touched only when a group is added: copies on other threads share it, and reading it
    /// per record would have the threads count references to one object.
    private var numbering = GroupNumbering()
    /// The serial of how these groups are numbered (see ``GroupNumbering``).
    private(set) var numberingSerial = -1

    /// Before a group is added: a numbering of its own unless no copy shares this one.
    private mutating func claimNumbering() {
        if !isKnownUniquelyReferenced(&numbering) || numberingSerial < 0 {
            numbering = GroupNumbering()
            numberingSerial = numbering.serial
        }
    }

    init(register: SchoolRegister) {
        self.register = register
    }

    mutating func subject(_ text: String?) -> Int {
        // Records come in runs of one subject or in a student's few subjects in turn.
        // Bytes, not ==: String equality of Cyrillic text goes through Unicode normalisation.
        if let last = lastSubject, last.text.map({ text?.hasSameUTF8(as: $0) ?? false }) ?? (text == nil) { return last.index }
        let index = internSubject(text)
        lastSubject = (text, index)
        return index
    }

    private mutating func internSubject(_ text: String?) -> Int {
        let (spelling, isNew) = subjectSpellings.insert(text ?? "")
        if !isNew { return subjectOfSpelling[spelling] }
        let key = MatchKey.of(text ?? "")
        let index: Int
        if let known = subjectIndex[key] {
            index = known
        } else {
            claimNumbering()
            subjects.append(text ?? "")
            subjectKeys.append(key)
            index = subjects.count - 1
            subjectIndex[key] = index
        }
        subjectOfSpelling.append(index)
        return index
    }

    mutating func keys(_ record: ResultRecord) -> Keys {
        var schoolClass: Int?
        if let label = record.schoolClass {
            schoolClass = classIndex(school: record.school, label: label, grade: record.grade)
        }
        return Keys(school: record.school, grade: record.grade, schoolClass: schoolClass, subject: subject(record.subject))
    }

    /// How a part's class and subject numbers map to this run's.
    struct Renumbering {
        var classes: [Int]
        var subjects: [Int]

        func index(_ dimension: Dimension, _ index: Int) -> Int {
            switch dimension {
            case .schoolClass: classes[index]
            case .subject: subjects[index]
            default: index
            }
        }
    }

    /// Takes in the classes and subjects a part met, in the part's order (so the numbering is
    /// the one a single pass gives), and says where each now stands.
    mutating func absorb(_ part: ResultGroups) -> Renumbering {
        let subjects = part.subjects.map { subject($0) }
        let classes = part.classes.map { classIndex(school: $0.school, label: $0.label, grade: $0.grade) }
        return Renumbering(classes: classes, subjects: subjects)
    }

    /// A worker of a read by stretches (copies of one ``ResultGroups``) begins stretch `index`.
    mutating func begin(stretch index: Int) {
        stretches.append((index, subjects.count, classes.count))
    }

    /// Takes in the classes and subjects several workers met, stretch by stretch in file order,
    /// and says for each worker where its groups now stand.
    ///
    /// A group appears first in some stretch, and the worker that read it met it there first (its
    /// earlier stretches come earlier in the file): taking each stretch's new groups in file
    /// order numbers them as one pass does. The workers' copies began as this run's groups.
    mutating func absorb(workers: [ResultGroups]) -> [Renumbering] {
        guard workers.count > 1 else { return workers.map { absorb($0) } }
        var maps = workers.map { Renumbering(classes: Array(repeating: 0, count: $0.classes.count), subjects: Array(repeating: 0, count: $0.subjects.count)) }
        var begun: [(stretch: Int, worker: Int, at: Int)] = []
        for (worker, groups) in workers.enumerated() {
            begun += groups.stretches.indices.map { (groups.stretches[$0].index, worker, $0) }
            // What the worker began with: this run's groups, numbered as they are.
            let first = groups.stretches.first
            take(groups, subjects: 0..<(first?.subjects ?? groups.subjects.count), classes: 0..<(first?.classes ?? groups.classes.count),
                 into: &maps[worker])
        }
        for (_, worker, at) in begun.sorted(by: { $0.stretch < $1.stretch }) {
            let groups = workers[worker]
            let start = groups.stretches[at]
            let end = at + 1 < groups.stretches.count ? (groups.stretches[at + 1].subjects, groups.stretches[at + 1].classes)
                : (groups.subjects.count, groups.classes.count)
            take(groups, subjects: start.subjects..<end.0, classes: start.classes..<end.1, into: &maps[worker])
        }
        return maps
    }

    private mutating func take(_ part: ResultGroups, subjects: Range<Int>, classes: Range<Int>, into map: inout Renumbering) {
        for index in subjects { map.subjects[index] = subject(part.subjects[index]) }
        for index in classes {
            let found = part.classes[index]
            map.classes[index] = classIndex(school: found.school, label: found.label, grade: found.grade)
        }
    }

    private mutating func classIndex(school: Int, label: String, grade: Int?) -> Int {
        if let last = lastClass, last.school == school, last.label.hasSameUTF8(as: label) { return last.index }
        let index = internClass(school: school, label: label, grade: grade)
        lastClass = (school, label, index)
        return index
    }

    private mutating func internClass(school: Int, label: String, grade: Int?) -> Int {
        classKey.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: school) { classKey.append(contentsOf: $0) }
        classKey.append(contentsOf: label.utf8)
        let (index, isNew) = classKey.withUnsafeBytes { classIndex.insert($0) }
        if isNew {
            claimNumbering()
            classes.append((school, label, grade))
        }
        return index
    }

    /// The subject's match key: what makes two spellings one subject, the same in every part.
    func subjectKey(_ index: Int) -> String { subjectKeys[index] }

    /// The groups of a dimension present in `tally`, in the order notes print them: schools as in
    /// the register, grades by number, classes by school then grade, subjects alphabetically.
    func groups<Value>(_ dimension: Dimension, in tally: Tally<Value>, present: (Value) -> Bool) -> [(index: Int, label: String)] {
        let cells = tally.cells[dimension.rawValue]
        let present = cells.indices.filter { present(cells[$0]) }
        switch dimension {
        case .all:
            return present.map { ($0, "Всего") }
        case .school:
            return present.map { ($0, register.schools[$0].short) }
        case .grade:
            return present.map { ($0, "\($0) класс") }
        case .schoolClass:
            return present.sorted { a, b in
                (classes[a].school, classes[a].grade ?? 0, classes[a].label) < (classes[b].school, classes[b].grade ?? 0, classes[b].label)
            }.map { ($0, "\(register.schools[classes[$0].school].short), \(classes[$0].label)") }
        case .subject:
            return present.sorted { subjects[$0] < subjects[$1] }.map { ($0, subjects[$0].isEmpty ? "предмет не указан" : subjects[$0]) }
        }
    }
}

/// A counter per group of every dimension.
struct Tally<Value> {
    private(set) var cells: [[Value]]
    private let zero: Value

    init(zero: Value) {
        self.zero = zero
        cells = ResultGroups.Dimension.allCases.map { _ in [] }
    }

    mutating func update(_ keys: ResultGroups.Keys, _ body: (inout Value) -> Void) {
        for dimension in ResultGroups.Dimension.allCases {
            guard let index = keys.index(dimension) else { continue }
            let row = dimension.rawValue
            if cells[row].count <= index {
                cells[row].append(contentsOf: repeatElement(zero, count: index + 1 - cells[row].count))
            }
            body(&cells[row][index])
        }
    }

    func value(_ dimension: ResultGroups.Dimension, _ index: Int) -> Value {
        let row = cells[dimension.rawValue]
        return index < row.count ? row[index] : zero
    }

    var total: Value { value(.all, 0) }
}

/// A sum of scores and how many there were: the mean without keeping the scores.
struct ScoreSum {
    var count = 0
    var sum = 0.0

    mutating func add(_ score: Double) {
        count += 1
        sum += score
    }

    var mean: Double? { count > 0 ? sum / Double(count) : nil }

    static func + (lhs: ScoreSum, rhs: ScoreSum) -> ScoreSum {
        ScoreSum(count: lhs.count + rhs.count, sum: lhs.sum + rhs.sum)
    }
}

/// A counter that parts of one file, counted on their own threads, add up.
protocol Summable {
    static func + (lhs: Self, rhs: Self) -> Self
}

extension ScoreSum: Summable {}
extension MarkDistribution: Summable {}
extension PairedChange: Summable {}

extension Tally where Value: Summable {
    /// Adds a part's counters, its classes and subjects renumbered as this run's groups number them.
    mutating func add(_ part: Tally, renumbered map: ResultGroups.Renumbering) {
        for dimension in ResultGroups.Dimension.allCases {
            let row = dimension.rawValue
            for (index, value) in part.cells[row].enumerated() {
                let target = map.index(dimension, index)
                if cells[row].count <= target {
                    cells[row].append(contentsOf: repeatElement(zero, count: target + 1 - cells[row].count))
                }
                cells[row][target] = cells[row][target] + value
            }
        }
    }
}
