import Clean
import Measures

/// Which school, position and subject values a clean table may publish as they are (DESIGN.md §6).
///
/// The clean table carries quasi-identifiers per row, so left as they are it would undo the
/// notes' suppression (a suppressed school's share recounted from its rows) and publish
/// one-person profiles (school + position + subject). A value is pooled — written as «другие
/// школы», «другие должности», «другое» — when
/// - the notes' disclosure control, run over that dimension's groups on the same counts (people
///   of a wave, answers of every question, every population), would hide its group: whatever
///   the notes hide, and its complementary cells, is pooled, so no hidden group is recounted;
/// - a school is one of those the notes show together as «Малочисленные школы (…)»
///   (``SmallSchools``): naming one would leave the others as the group minus it;
/// - a combination of school, position and subject of a wave holds fewer than `threshold`
///   people: of its values still published, the one with the fewest rows is pooled wholesale
///   (every row; a subject before a position before a school among equals), until every
///   published combination passes k-anonymity.
///
/// Values are pooled for every row, never for some rows of a group, so a published group
/// minus its clean rows recovers nothing.
struct CleanGeneralisation {
    static let otherSchools = "другие школы"
    static let otherPositions = "другие должности"

    private(set) var pooledSchools: Set<Int> = []
    /// Position categories pooled; `positionCount` stands for «not stated».
    private(set) var pooledPositions: Set<Int> = []
    /// Subject match keys pooled; "" stands for «not stated».
    private(set) var pooledSubjects: Set<String> = []
    private let positionCount: Int
    /// Subject label → its match key, for the few labels met.
    private let subjectKeys: [String: String]

    /// `responses` with their wave; `slots` answers per response; `positionCount` categories of
    /// the position scale.
    init(
        _ responses: [(response: Response, stage: String?)], register: SchoolRegister, positionCount: Int,
        threshold: Int
    ) {
        self.positionCount = positionCount
        let disclosure = DisclosureControl(threshold: threshold)
        let other = MatchKey.of(Response.otherSubject)
        let rare = SubjectGroups.rareSubjects(responses.map { ($0.stage, $0.response.subject) }, threshold: threshold)
        var subjectKeys: [String: String] = [:]
        for (response, _) in responses {
            if let subject = response.subject, subjectKeys[subject] == nil {
                subjectKeys[subject] = MatchKey.of(subject)
            }
        }
        self.subjectKeys = subjectKeys
        // What each row is, worked out once: the passes below read these facts and never copy a
        // Response (a region's survey has hundreds of thousands of them).
        var waveNumbers: [String: Int] = [:]
        var facts: [RowFacts] = []
        facts.reserveCapacity(responses.count)
        for (response, stage) in responses {
            let wave = stage ?? ""
            let waveNumber = waveNumbers[wave] ?? waveNumbers.count
            waveNumbers[wave] = waveNumber
            let subject = response.subject.flatMap { subjectKeys[$0] } ?? ""
            facts.append(
                RowFacts(
                    wave: waveNumber, waveName: wave, school: response.school,
                    position: response.position ?? positionCount, subject: rare.contains(subject) ? other : subject,
                    programme: response.school.map { register.schools[$0].programme } == true,
                    answers: response.answerCodes
                        ?? response.answers.map {
                            if case .category = $0 { return 0 }
                            return AnswerCode.blank
                        }))
        }

        /// The groups `disclosure` hides in some count of some wave and population.
        func hidden<Key: Hashable>(_ groups: [Key], key: (RowFacts) -> Key?) -> Set<Key> {
            var found: Set<Key> = []
            let index = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1, $0) })
            let groupOf = facts.map { key($0).flatMap { index[$0] } }
            for wave in 0..<waveNumbers.count {
                for programmeOnly in [false, true] {
                    let included = { (row: Int) in
                        facts[row].wave == wave && (!programmeOnly || facts[row].programme)
                    }
                    guard let first = facts.indices.first(where: included) else { continue }
                    let slots = facts[first].answers.count
                    // One flat array of integers, a row of groups per count: row 0 people,
                    // row 1 + s the substantive answers to slot s.
                    var counts = [Int](repeating: 0, count: groups.count * (slots + 1))
                    for row in facts.indices where included(row) {
                        guard let group = groupOf[row] else { continue }
                        counts[group] += 1
                        let answers = facts[row].answers
                        for slot in 0..<min(slots, answers.count) {
                            if answers[slot] < AnswerCode.nonSubstantive {
                                counts[(slot + 1) * groups.count + group] += 1
                            }
                        }
                    }
                    for start in stride(from: 0, to: counts.count, by: max(1, groups.count)) {
                        let row = Array(counts[start..<(start + groups.count)])
                        for (group, hide) in disclosure.suppressed(denominators: row).enumerated() where hide {
                            found.insert(groups[group])
                        }
                    }
                }
            }
            return found
        }

        pooledSchools = hidden(Array(register.schools.indices), key: { $0.school })
        // Schools the notes show together as «Малочисленные школы (…)» (``SmallSchools``): a
        // member named here would leave the others as the group minus it.
        for wave in 0..<waveNumbers.count {
            for programmeOnly in [false, true] {
                var people = [Int](repeating: 0, count: register.schools.count)
                for row in facts where row.wave == wave && (!programmeOnly || row.programme) {
                    if let school = row.school, school < people.count { people[school] += 1 }
                }
                let sizes = register.schools.indices.filter { !programmeOnly || register.schools[$0].programme }
                    .map { (school: $0, size: people[$0]) }
                pooledSchools.formUnion(SmallSchools.pooled(sizes, threshold: threshold))
            }
        }
        pooledPositions = hidden(Array(0...positionCount), key: { $0.position })
        let subjects = Set(facts.map(\.subject))
        let ordered = subjects.sorted { (Self.rank($0), $0) < (Self.rank($1), $1) }
        pooledSubjects = hidden(ordered, key: { $0.subject }).union(rare)

        // k-anonymity of the combinations: pool one value at a time, the smallest first.
        var schoolRows: [Int: Int] = [:]
        var positionRows: [Int: Int] = [:]
        var subjectRows: [String: Int] = [:]
        // The rows' combinations, counted once; -1 marks a pooled value, -2 a school not stated.
        var combinations: [Combination: Int] = [:]
        for row in facts {
            if let school = row.school { schoolRows[school, default: 0] += 1 }
            positionRows[row.position, default: 0] += 1
            subjectRows[row.subject, default: 0] += 1
            let combination = Combination(
                wave: row.waveName, school: row.school ?? -2, position: row.position, subject: row.subject)
            combinations[combination, default: 0] += 1
        }
        while true {
            var classes: [Combination: Int] = [:]
            for (combination, count) in combinations {
                let published = Combination(
                    wave: combination.wave,
                    school: pooledSchools.contains(combination.school) ? -1 : combination.school,
                    position: pooledPositions.contains(combination.position) ? -1 : combination.position,
                    subject: pooledSubjects.contains(combination.subject) ? other : combination.subject)
                classes[published, default: 0] += count
            }
            let small = classes.keys.sorted().first { entry in
                (classes[entry] ?? 0) < threshold
                    && (entry.subject != other || entry.position >= 0 || entry.school >= 0)
            }
            guard let small else { break }
            let candidates = [
                small.subject != other ? subjectRows[small.subject] ?? 0 : Int.max,
                small.position >= 0 ? positionRows[small.position] ?? 0 : Int.max,
                small.school >= 0 ? schoolRows[small.school] ?? 0 : Int.max,
            ]
            switch candidates.indices.min(by: { (candidates[$0], $0) < (candidates[$1], $1) }) {
            case 0: pooledSubjects.insert(small.subject)
            case 1: pooledPositions.insert(small.position)
            default: pooledSchools.insert(small.school)
            }
        }
    }

    /// A row's wave, school, position, subject (pooled when rare), population and answers.
    private struct RowFacts {
        let wave: Int
        let waveName: String
        let school: Int?
        let position: Int
        let subject: String
        let programme: Bool
        /// The response's ``AnswerCode``s (its own bytes, not a copy): below
        /// ``AnswerCode/nonSubstantive`` a category.
        let answers: [UInt8]
    }

    /// A wave's school, position and subject, as keys.
    private struct Combination: Hashable, Comparable {
        let wave: String
        let school: Int
        let position: Int
        let subject: String

        static func < (a: Self, b: Self) -> Bool {
            (a.wave, a.school, a.position, a.subject) < (b.wave, b.school, b.position, b.subject)
        }
    }

    /// Subjects in the notes' order: alphabetical, then «другое», then not stated.
    private static func rank(_ key: String) -> Int {
        key.isEmpty ? 2 : key == MatchKey.of(Response.otherSubject) ? 1 : 0
    }

    /// The school column's value and the programme column's: pooled schools name neither.
    func school(_ index: Int?, register: SchoolRegister) -> (name: String, programme: String) {
        guard let index else { return ("", "") }
        if pooledSchools.contains(index) { return (Self.otherSchools, "") }
        let school = register.schools[index]
        return (school.short, school.programme ? "ШНОР" : (school.partner ? "партнёр" : ""))
    }

    /// The position column's value (`label` of the category, or "" when not stated).
    func position(_ category: Int?, label: String) -> String {
        pooledPositions.contains(category ?? positionCount) ? Self.otherPositions : label
    }

    /// The subject column's value.
    func subject(_ subject: String?) -> String {
        pooledSubjects.contains(subject.flatMap { subjectKeys[$0] } ?? "") ? Response.otherSubject : subject ?? ""
    }
}
