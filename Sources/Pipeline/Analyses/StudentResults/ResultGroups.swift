import ByteTables
import Clean
import Measures

/// The groups a result is counted in — the whole, school, grade, class, subject — interned to
/// small integers so a run keeps one counter per group, never a row.
///
/// A group is what it is: a school by its place in the register, a grade by its number, a class
/// by its school and label, a subject by its match key (case and ё/е aside), labelled by the
/// spelling of the first record that named it. Classes and subjects are numbered in the order
/// they were met; the numbers belong to this value, and ``absorb(_:)`` says where another value's
/// groups stand in this one (by what they are, not by their numbers).
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
    private var subjectBefore: (text: String?, index: Int)?
    private var lastClass: (school: Int, label: String, index: Int)?
    init(register: SchoolRegister) {
        self.register = register
    }

    mutating func subject(_ text: String?) -> Int {
        // Records come in runs of one subject or in a student's few subjects in turn.
        // Bytes, not ==: String equality of Cyrillic text goes through Unicode normalisation.
        if let last = lastSubject, Self.same(text, last.text) { return last.index }
        // A student's subjects in turn: the one before the last is the next most often.
        if let before = subjectBefore, Self.same(text, before.text) {
            swap(&lastSubject, &subjectBefore)
            return before.index
        }
        let index = internSubject(text)
        subjectBefore = lastSubject
        lastSubject = (text, index)
        return index
    }

    private static func same(_ text: String?, _ other: String?) -> Bool {
        guard let text, let other else { return text == nil && other == nil }
        return text.hasSameUTF8(as: other)
    }

    private mutating func internSubject(_ text: String?) -> Int {
        let (spelling, isNew) = subjectSpellings.insert(text ?? "")
        if !isNew { return subjectOfSpelling[spelling] }
        let key = MatchKey.of(text ?? "")
        let index: Int
        if let known = subjectIndex[key] {
            index = known
        } else {
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
        return Keys(
            school: record.school, grade: record.grade, schoolClass: schoolClass, subject: subject(record.subject))
    }

    /// How another value's class and subject numbers map to this one's.
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

    /// Takes in the classes and subjects `later` met — the groups of records that come after
    /// this value's own in the file — in the order it met them, so the numbers and labels are
    /// those one pass gives; says where each of its numbers now stands.
    mutating func absorb(_ part: ResultGroups) -> Renumbering {
        let subjects = part.subjects.map { subject($0) }
        let classes = part.classes.map { classIndex(school: $0.school, label: $0.label, grade: $0.grade) }
        return Renumbering(classes: classes, subjects: subjects)
    }

    /// The class `label` of the school at `school` in the register (with the grade of the first
    /// record that named it).
    mutating func classIndex(school: Int, label: String, grade: Int?) -> Int {
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
            classes.append((school, label, grade))
        }
        return index
    }

    /// The subject's match key: what makes two spellings one subject, the same in every part.
    func subjectKey(_ index: Int) -> String { subjectKeys[index] }

    /// The groups of a dimension present in `tally`, in the order notes print them: schools as in
    /// the register, grades by number, classes by school then grade, subjects alphabetically.
    func groups<Value>(_ dimension: Dimension, in tally: Tally<Value>, present: (Value) -> Bool) -> [(
        index: Int, label: String
    )] {
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
                (classes[a].school, classes[a].grade ?? 0, classes[a].label) < (
                    classes[b].school, classes[b].grade ?? 0, classes[b].label
                )
            }.map { ($0, "\(register.schools[classes[$0].school].short), \(classes[$0].label)") }
        case .subject:
            return present.sorted { subjects[$0] < subjects[$1] }.map {
                ($0, subjects[$0].isEmpty ? "предмет не указан" : subjects[$0])
            }
        }
    }
}

/// The finest group a record is counted in — its school, grade, class and subject at once —
/// which disclosure control needs to know how the breakdowns overlap (``LinkedTable``).
struct ResultAtom: Hashable {
    var school: Int32
    /// -1: no grade.
    var grade: Int32
    /// -1: no class.
    var schoolClass: Int32
    var subject: Int32

    init(_ keys: ResultGroups.Keys) {
        school = Int32(truncatingIfNeeded: keys.school)
        grade = Int32(truncatingIfNeeded: keys.grade ?? -1)
        schoolClass = Int32(truncatingIfNeeded: keys.schoolClass ?? -1)
        subject = Int32(truncatingIfNeeded: keys.subject)
    }

    /// The atom's group in `dimension` (nil: it has none there).
    func index(_ dimension: ResultGroups.Dimension) -> Int? {
        switch dimension {
        case .all: 0
        case .school: Int(school)
        case .grade: grade < 0 ? nil : Int(grade)
        case .schoolClass: schoolClass < 0 ? nil : Int(schoolClass)
        case .subject: Int(subject)
        }
    }
}

/// Atoms as a set: each once, in the order first met, found by a multiplicative hash of its four
/// numbers in an open-addressing index (a record's atom is looked up without a `Hasher`).
struct AtomSet: Sequence {
    private(set) var members: [ResultAtom] = []
    /// Positions in ``members`` + 1 (0: empty), a power of two at most half full.
    private var slots = [Int32](repeating: 0, count: 64)

    var count: Int { members.count }

    func makeIterator() -> IndexingIterator<[ResultAtom]> { members.makeIterator() }

    private static func hash(_ atom: ResultAtom) -> UInt64 {
        let high = UInt64(UInt32(bitPattern: atom.school)) << 32 | UInt64(UInt32(bitPattern: atom.grade))
        let low = UInt64(UInt32(bitPattern: atom.schoolClass)) << 32 | UInt64(UInt32(bitPattern: atom.subject))
        return (high &* 0x9E37_79B9_7F4A_7C15 ^ low) &* 0xBF58_476D_1CE4_E5B9
    }

    /// Where `atom` is in the index, or the empty slot where it would go.
    private func slot(of atom: ResultAtom) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(atom) >> 32) & mask
        while slots[slot] != 0 && members[Int(slots[slot]) - 1] != atom { slot = (slot + 1) & mask }
        return slot
    }

    mutating func insert(_ atom: ResultAtom) {
        let found = slot(of: atom)
        guard slots[found] == 0 else { return }
        members.append(atom)
        slots[found] = Int32(truncatingIfNeeded: members.count)
        guard members.count * 2 > slots.count else { return }
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for (index, member) in members.enumerated() { slots[slot(of: member)] = Int32(truncatingIfNeeded: index + 1) }
    }
}

/// A counter per group of every dimension, and the atoms the counted records fall in.
struct Tally<Value> {
    private(set) var cells: [[Value]]
    /// Every combination of groups a counted record had (what links the breakdowns).
    private(set) var atoms = AtomSet()
    /// Records come in runs of one class and subject: the last atom spares a lookup.
    private var lastAtom: ResultAtom?
    private var atomBefore: ResultAtom?
    private let zero: Value

    init(zero: Value) {
        self.zero = zero
        cells = ResultGroups.Dimension.allCases.map { _ in [] }
    }

    mutating func update(_ keys: ResultGroups.Keys, _ body: (inout Value) -> Void) {
        let atom = ResultAtom(keys)
        if atom != lastAtom {
            // A student's subjects in turn: the atom before the last is the next most often.
            if atom != atomBefore { atoms.insert(atom) }
            atomBefore = lastAtom
            lastAtom = atom
        }
        // The dimensions one by one, not a loop over `allCases` (an array built per call).
        update(.all, 0, body)
        update(.school, keys.school, body)
        if let grade = keys.grade { update(.grade, grade, body) }
        if let schoolClass = keys.schoolClass { update(.schoolClass, schoolClass, body) }
        update(.subject, keys.subject, body)
    }

    @inline(__always)
    private mutating func update(_ dimension: ResultGroups.Dimension, _ index: Int, _ body: (inout Value) -> Void) {
        let row = dimension.rawValue
        if cells[row].count <= index {
            cells[row].append(contentsOf: repeatElement(zero, count: index + 1 - cells[row].count))
        }
        body(&cells[row][index])
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

/// A counter that the counts of two stretches of one file add up.
protocol Summable {
    static func + (lhs: Self, rhs: Self) -> Self
}

extension ScoreSum: Summable {}
extension MarkDistribution: Summable {}
extension PairedChange: Summable {}

extension Tally where Value: Summable {
    /// Adds the counters of later records, their classes and subjects numbered as `map` says
    /// (nil: as here).
    mutating func add(_ later: Tally, renumbered map: ResultGroups.Renumbering?) {
        for var atom in later.atoms {
            if let map {
                if atom.schoolClass >= 0 { atom.schoolClass = Int32(map.index(.schoolClass, Int(atom.schoolClass))) }
                atom.subject = Int32(map.index(.subject, Int(atom.subject)))
            }
            atoms.insert(atom)
        }
        for dimension in ResultGroups.Dimension.allCases {
            let row = dimension.rawValue
            for (index, value) in later.cells[row].enumerated() {
                let target = map?.index(dimension, index) ?? index
                if cells[row].count <= target {
                    cells[row].append(contentsOf: repeatElement(zero, count: target + 1 - cells[row].count))
                }
                cells[row][target] = cells[row][target] + value
            }
        }
    }
}
