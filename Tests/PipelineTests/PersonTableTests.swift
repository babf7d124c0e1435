import Measures
import Testing

@testable import Pipeline

/// The persons of student results: one per code, their records' subjects for repeats, their
/// pairs added up, and two stretches' tables merged as one pass would have kept them.
@Suite("Persons of student results")
struct PersonTableTests {
    static func keys(school: Int, schoolClass: Int?, subject: Int = 0) -> ResultGroups.Keys {
        ResultGroups.Keys(school: school, grade: 5, schoolClass: schoolClass, subject: subject)
    }

    /// A code met again, right after or after others, is the same person; a subject met again
    /// for that person is a repeat naming the first line, another subject is not.
    @Test func aCodeIsOnePersonAndItsSubjectsRepeatOnce() {
        var table = PersonTable()
        let first = table.position(word: 11)
        let same = table.position(word: 11)
        let second = table.position(word: 12)
        let again = table.position(word: 11)
        #expect(same == first && second != first)
        #expect(again == first, "met again after another person")
        let text = (table.position(.text("А")), table.position(.text("А")))
        #expect(text.0 == text.1)
        let lines = [
            table.repeatedLine(person: first, subject: 0, line: 2),
            table.repeatedLine(person: first, subject: 1, line: 3),
            table.repeatedLine(person: second, subject: 0, line: 4),
            table.repeatedLine(person: first, subject: 0, line: 9),
            table.repeatedLine(person: first, subject: 1, line: 9),
        ]
        #expect(lines == [nil, nil, nil, 2, 3])
        #expect(table.people.count == 3)
        #expect(table.people.allSatisfy { !$0.isCompared }, "met, but no pair compared")
    }

    /// A person counts once, in the groups of their first compared pair; persons with no pair
    /// compared are not counted.
    @Test func aPersonCountsOnceInTheGroupsOfTheFirstComparedPair() {
        var table = PersonTable()
        let student = table.position(word: 7)
        _ = table.position(word: 8)
        table.add(student, keys: Self.keys(school: 1, schoolClass: 3), marks: (3, 4), direction: .improved)
        table.add(student, keys: Self.keys(school: 0, schoolClass: 1), marks: (4, 4), direction: .unchanged)
        let tally = table.tally(.meanMark) { _ in true }
        #expect(tally.total == PairedChange(improved: 1, unchanged: 0, worsened: 0))
        #expect(tally.value(.school, 1).improved == 1 && tally.value(.school, 0).improved == 0)
        #expect(tally.value(.schoolClass, 3).improved == 1)
    }

    /// Merged, a person in both stretches is one, in the earlier stretch's groups when compared
    /// there, else the later's (classes renumbered); a subject of theirs in both is a repeat.
    @Test func mergingAddsUpAPersonMetInBothStretches() {
        var earlier = PersonTable()
        var later = PersonTable()
        let a = earlier.position(word: 1)
        _ = earlier.repeatedLine(person: a, subject: 0, line: 2)
        earlier.add(a, keys: Self.keys(school: 0, schoolClass: 0), marks: (3, 4), direction: .improved)
        let b = earlier.position(word: 2)
        _ = earlier.repeatedLine(person: b, subject: 0, line: 3)
        let laterA = later.position(word: 1)
        _ = later.repeatedLine(person: laterA, subject: 1, line: 4)
        later.add(laterA, keys: Self.keys(school: 1, schoolClass: 0), marks: (4, 3), direction: .worsened)
        let laterB = later.position(word: 2)
        _ = later.repeatedLine(person: laterB, subject: 1, line: 5)
        later.add(laterB, keys: Self.keys(school: 1, schoolClass: 0), marks: (2, 3), direction: .improved)
        let map = ResultGroups.Renumbering(classes: [5], subjects: [0, 1])
        var merged = earlier
        let distinct = merged.add(later, renumbered: map)
        #expect(distinct)
        #expect(merged.people.count == 2)
        let tally = merged.tally(.anySubject) { _ in true }
        #expect(tally.total == PairedChange(improved: 1, unchanged: 1, worsened: 0), "a rose and fell: unchanged")
        #expect(tally.value(.school, 0).unchanged == 1, "a in the earlier stretch's groups")
        #expect(tally.value(.schoolClass, 5).improved == 1, "b in the later's, its class renumbered")
        let mergedA = merged.position(word: 1)
        let repeated = merged.repeatedLine(person: mergedA, subject: 1, line: 9)
        #expect(repeated == 4)

        var repeating = PersonTable()
        _ = repeating.repeatedLine(person: repeating.position(word: 1), subject: 0, line: 7)
        var again = earlier
        let added = again.add(repeating, renumbered: map)
        #expect(!added, "person 1, subject 0 in both")
    }
}
