import Clean
import Ingest
import Measures

/// Which schools and classes clean/results.csv may name as they are (DESIGN.md §6): the table
/// holds each record's school and class beside a pseudonym, so left alone it would recount a
/// group the notes hide, or show a class of two students with its marks.
///
/// A school is written as «другие школы» when a published breakdown hides it or it holds fewer
/// than k people of one kind (students, or teachers of the diagnostic: counted apart) in the
/// table; a class as «другие
/// классы» when a breakdown hides it, it holds fewer than k people, or its school is pooled.
/// What is pooled inside one school must itself hold k people or none, else the school's
/// classes are all pooled; and the pooled schools together hold k people or none, else the
/// smallest schools still named join them. Values are pooled in every row, never in some.
///
/// The table is written while the exports stream, before anything is known of the groups, so
/// pooling rewrites it afterwards — and only reads it when the counts in memory cannot already
/// show that every school and class passes.
enum ResultCleanPooling {
    static let otherClasses = "другие классы"

    /// What was pooled, for the ledger and the tests.
    struct Outcome: Equatable {
        var schools = 0
        var classes = 0
    }

    /// Pools in the table at `path` (as ``ResultCleanTable`` wrote it) what `analysis` hides or
    /// k-anonymity forbids.
    static func apply(to path: String, analysis: ResultsAnalysis, hasCompetence: Bool) throws -> Outcome {
        let k = analysis.disclosure.threshold
        let register = analysis.groups.register
        let classes = analysis.groups.classes
        var hiddenSchools = Set<Int>()
        var hiddenClasses = Set<Int>()
        func collect<Value>(_ tally: Tally<Value>, size: (Value) -> Int) {
            let hidden = analysis.suppression(tally, size: size)
            for (index, isHidden) in hidden[.school] ?? [:] where isHidden { hiddenSchools.insert(index) }
            for (index, isHidden) in hidden[.schoolClass] ?? [:] where isHidden { hiddenClasses.insert(index) }
        }
        let students = analysis.students
        collect(students.change) { $0.total }
        collect(students.marks[0]) { $0.total }
        collect(students.marks[1]) { $0.total }
        collect(analysis.programmeStudents) { $0.total }
        if let competence = analysis.competence {
            collect(competence.change) { $0.total }
            collect(competence.marks[0]) { $0.total }
            collect(competence.marks[1]) { $0.total }
        }
        if hiddenSchools.isEmpty && hiddenClasses.isEmpty && !hasCompetence
            && passesInMemory(analysis, threshold: k)
        {
            return Outcome()
        }

        // The people the table names per school and per school and class, by their pseudonyms:
        // students and teachers apart, as each is a population of its own.
        let reader = try TableReader(path: path, options: .init(encoding: .utf8, delimiter: UInt8(ascii: ";")))
        var bySchool: [SchoolKey: Set<String>] = [:]
        var byClass: [ClassKey: Set<String>] = [:]
        try reader.read { row in
            let school = SchoolKey(who: row.string(at: 1), school: row.string(at: 3))
            let person = row.string(at: 0)
            bySchool[school, default: []].insert(person)
            byClass[ClassKey(school: school, label: row.string(at: 4)), default: []].insert(person)
        }
        let short = register.schools.map(\.short)
        let hiddenNames = Set(hiddenSchools.map { short[$0] })
        var pooledSchools = Set(
            bySchool.keys.filter { hiddenNames.contains($0.school) || (bySchool[$0]?.count ?? 0) < k })
        let hiddenClassNames = Set(hiddenClasses.map { "\(short[classes[$0].school])|\(classes[$0].label)" })
        var pooledClasses = Set(
            byClass.keys.filter {
                hiddenClassNames.contains("\($0.school.school)|\($0.label)") || (byClass[$0]?.count ?? 0) < k
            })
        // What is pooled inside a school holds k people or none.
        for school in bySchool.keys where !pooledSchools.contains(school) {
            let keys = byClass.keys.filter { $0.school == school }
            let pooled = keys.filter(pooledClasses.contains).reduce(Set<String>()) { $0.union(byClass[$1] ?? []) }
            if !pooled.isEmpty && pooled.count < k { pooledClasses.formUnion(keys) }
        }
        // And the pooled schools together, students and teachers apart.
        for who in Set(bySchool.keys.map(\.who)) {
            func pooledPeople() -> Int {
                pooledSchools.filter { $0.who == who }.reduce(Set<String>()) { $0.union(bySchool[$1] ?? []) }.count
            }
            while pooledPeople() > 0 && pooledPeople() < k {
                guard
                    let next = bySchool.keys.filter({ $0.who == who && !pooledSchools.contains($0) }).min(by: {
                        (bySchool[$0]?.count ?? 0, $0.school) < (bySchool[$1]?.count ?? 0, $1.school)
                    })
                else { break }
                pooledSchools.insert(next)
            }
        }
        let outcome = Outcome(
            schools: pooledSchools.count,
            classes: byClass.keys.filter {
                !$0.label.isEmpty && (pooledClasses.contains($0) || pooledSchools.contains($0.school))
            }
            .count)
        guard outcome != Outcome() else { return outcome }
        let file = try OutputFile(path: path)
        let table = try CSVTableWriter(output: file, format: CSVTableWriter.Format())
        try table.writeRow(ResultCleanTable.header)
        try reader.read { row in
            var cells = row.strings()
            let key = ClassKey(school: SchoolKey(who: cells[1], school: cells[3]), label: cells[4])
            if pooledSchools.contains(key.school) {
                cells[3] = CleanGeneralisation.otherSchools
                if !key.label.isEmpty { cells[4] = otherClasses }
            } else if pooledClasses.contains(key), !key.label.isEmpty {
                cells[4] = otherClasses
            }
            try table.writeRow(cells)
        }
        try file.commit()
        return outcome
    }

    /// Whether the counts in memory already show every school and class of the table holding
    /// k students: each class met has k people compared, each school too, and no record lacks
    /// a class. People compared are some of those the table names, so this never passes wrongly.
    private static func passesInMemory(_ analysis: ResultsAnalysis, threshold k: Int) -> Bool {
        let people = analysis.students.counts.people.people
        var perClass = [Int](repeating: 0, count: analysis.groups.classes.count)
        var perSchool: [Int: Int] = [:]
        for person in people where person.isCompared {
            if let schoolClass = person.keys.schoolClass, schoolClass < perClass.count { perClass[schoolClass] += 1 }
            perSchool[person.keys.school, default: 0] += 1
        }
        guard perClass.allSatisfy({ $0 >= k }) else { return false }
        let schoolsMet = Set(analysis.groups.classes.map(\.school))
        guard schoolsMet.allSatisfy({ (perSchool[$0] ?? 0) >= k }) else { return false }
        // Every record in a class: the whole equals the sum of the classes at both points.
        for point in 0...1 {
            let tally = analysis.students.marks[point]
            let classes = analysis.groups.classes.indices.reduce(0) { $0 + tally.value(.schoolClass, $1).total }
            if classes != tally.total.total { return false }
        }
        return true
    }

    private struct SchoolKey: Hashable {
        /// «ученик» or «педагог»: the population the row belongs to.
        let who: String
        let school: String
    }

    private struct ClassKey: Hashable {
        let school: SchoolKey
        let label: String
    }
}
