import Clean
import Testing

@testable import Pipeline

@Suite("Groups of student results")
struct ResultGroupsTests {
    static let register = SchoolRegister(schools: [
        .init(id: "1", name: "МБОУ СОШ № 1", short: "СОШ № 1", programme: true),
        .init(id: "2", name: "МБОУ СОШ № 2", short: "СОШ № 2", programme: true),
    ])

    /// A subject is its match key: case, spaces and ё/е aside, one group, labelled as first spelled.
    @Test func aSubjectIsItsMatchKeyLabelledByItsFirstSpelling() {
        var groups = ResultGroups(register: Self.register)
        let maths = groups.subject("Математика")
        #expect(groups.subject("МАТЕМАТИКА") == maths)
        #expect(groups.subject("  математика ") == maths)
        let russian = groups.subject("Русский язык")
        #expect(russian != maths)
        #expect(groups.subject("Естествознание") == groups.subject("естествознание"))
        #expect(groups.subject("Химия") != groups.subject("Физика"))
        #expect(groups.subjects[maths] == "Математика")
        #expect(groups.subjectKey(maths) == groups.subjectKey(groups.subject("МАТЕМАТИКА")))
    }

    /// A class is its school and label: the same label in two schools is two classes.
    @Test func aClassIsItsSchoolAndLabel() {
        var groups = ResultGroups(register: Self.register)
        let first = groups.classIndex(school: 0, label: "5А", grade: 5)
        #expect(groups.classIndex(school: 0, label: "5А", grade: 5) == first)
        #expect(groups.classIndex(school: 1, label: "5А", grade: 5) != first)
        #expect(groups.classIndex(school: 0, label: "5Б", grade: 5) != first)
        #expect(groups.classes.count == 3)
    }

    /// Groups met in two halves of a file, the later absorbed into the earlier, are numbered and
    /// labelled as one pass over the whole numbers and labels them; the map says where the later
    /// half's numbers went.
    @Test func absorbingTheLaterHalfGivesWhatOnePassGives() {
        let subjects = [
            "Математика", "Русский язык", "физика", "МАТЕМАТИКА", "Физика", "История", "русский язык", "Химия",
        ]
        let classes = [(0, "5А"), (1, "6Б"), (0, "7В"), (1, "6Б"), (0, "5А"), (1, "8Г"), (0, "9Д")]
        var whole = ResultGroups(register: Self.register)
        for subject in subjects { _ = whole.subject(subject) }
        for (school, label) in classes { _ = whole.classIndex(school: school, label: label, grade: nil) }
        for cut in 0...subjects.count {
            var earlier = ResultGroups(register: Self.register)
            var later = ResultGroups(register: Self.register)
            for subject in subjects[..<cut] { _ = earlier.subject(subject) }
            for subject in subjects[cut...] { _ = later.subject(subject) }
            let classCut = min(cut, classes.count)
            for (school, label) in classes[..<classCut] {
                _ = earlier.classIndex(school: school, label: label, grade: nil)
            }
            for (school, label) in classes[classCut...] {
                _ = later.classIndex(school: school, label: label, grade: nil)
            }
            let map = earlier.absorb(later)
            #expect(earlier.subjects == whole.subjects, "cut at \(cut)")
            #expect(
                earlier.classes.map(\.label) == whole.classes.map(\.label)
                    && earlier.classes.map(\.school) == whole.classes.map(\.school))
            for (index, subject) in later.subjects.enumerated() {
                #expect(earlier.subjects[map.subjects[index]] == whole.subjects[whole.subject(subject)])
            }
            for (index, found) in later.classes.enumerated() {
                #expect(
                    earlier.classes[map.classes[index]].label == found.label
                        && earlier.classes[map.classes[index]].school == found.school)
            }
        }
        #expect(whole.subjects == ["Математика", "Русский язык", "физика", "История", "Химия"])
    }

    /// A later tally's counters land on the groups the map names; groups are listed as notes print them.
    @Test func aLaterTallyAddsUpUnderTheMap() {
        var earlier = ResultGroups(register: Self.register)
        var later = ResultGroups(register: Self.register)
        let maths = earlier.subject("Математика")
        let physics = later.subject("Физика")
        let laterMaths = later.subject("математика")
        var tally = Tally(zero: ScoreSum())
        tally.update(ResultGroups.Keys(school: 0, grade: 5, schoolClass: nil, subject: maths)) { $0.add(4) }
        var laterTally = Tally(zero: ScoreSum())
        laterTally.update(ResultGroups.Keys(school: 1, grade: 5, schoolClass: nil, subject: physics)) { $0.add(3) }
        laterTally.update(ResultGroups.Keys(school: 0, grade: 6, schoolClass: nil, subject: laterMaths)) { $0.add(5) }
        let map = earlier.absorb(later)
        tally.add(laterTally, renumbered: map)
        #expect(tally.total.count == 3 && tally.total.sum == 12)
        #expect(tally.value(.subject, maths).count == 2)
        #expect(tally.value(.subject, map.subjects[physics]).sum == 3)
        #expect(tally.value(.school, 1).count == 1 && tally.value(.grade, 6).count == 1)
        let listed = earlier.groups(.subject, in: tally) { $0.count > 0 }
        #expect(listed.map(\.label) == ["Математика", "Физика"])
        #expect(earlier.groups(.school, in: tally) { $0.count > 0 }.map(\.label) == ["СОШ № 1", "СОШ № 2"])
    }
}
