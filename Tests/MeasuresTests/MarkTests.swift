import Testing

@testable import Measures

@Suite("Marks")
struct MarkTests {
    @Test func schoolStatisticsFollowTheirDefinitions() throws {
        // 25 students: five 5s, eight 4s, seven 3s, three 2s, two not assessed.
        let marks = MarkDistribution(n2: 3, n3: 7, n4: 8, n5: 5, notAssessed: 2)
        #expect(marks.total == 25)
        #expect(marks.successRate == Share(numerator: 20, denominator: 25))
        #expect(marks.quality == Share(numerator: 13, denominator: 25))
        let level = try #require(marks.learningLevel)
        #expect(abs(level - Double(100 * 5 + 64 * 8 + 36 * 7 + 16 * 3 + 7 * 2) / 25) < 1e-12)
        #expect(abs(level - 53.04) < 1e-12)  // (500 + 512 + 252 + 48 + 14) / 25
    }

    @Test func extremesAndEmpty() {
        #expect(MarkDistribution(n2: 0, n3: 0, n4: 0, n5: 4).learningLevel == 100)
        #expect(MarkDistribution(n2: 0, n3: 0, n4: 0, n5: 0, notAssessed: 3).learningLevel == 7)
        #expect(MarkDistribution().learningLevel == nil)
        #expect(MarkDistribution().successRate.value == nil)
    }

    @Test func marksOutsideTwoToFiveAreRefused() {
        var marks = MarkDistribution()
        let accepted = [marks.add(mark: 5), marks.add(mark: 1), marks.add(mark: 6)]
        #expect(accepted == [true, false, false])
        marks.addNotAssessed()
        #expect(marks == MarkDistribution(n2: 0, n3: 0, n4: 0, n5: 1, notAssessed: 1))
        #expect(marks + marks == MarkDistribution(n2: 0, n3: 0, n4: 0, n5: 2, notAssessed: 2))
    }

    @Test func testMarksAgainstJournalMarks() {
        var comparison = JournalComparison()
        for (test, journal) in [(3, 4), (4, 4), (5, 4), (2, 3), (4, 4), (7, 4), (4, 0)] {
            comparison.add(test: test, journal: journal)
        }
        #expect(comparison == JournalComparison(lowered: 2, confirmed: 2, raised: 1))
        #expect(comparison.confirmedShare == Share(numerator: 2, denominator: 5))
    }
}

@Suite("Paired change")
struct PairedChangeTests {
    @Test func marksAndScoresAgainstTheirThresholds() {
        var marks = PairedChange()
        for (before, after) in [(3, 4), (3, 5), (4, 4), (5, 4), (2, 2), (2, 3)] {
            marks.add(before: Double(before), after: Double(after), minRise: 1)
        }
        #expect(marks == PairedChange(improved: 3, unchanged: 2, worsened: 1))
        #expect(marks.improvedShare == Share(numerator: 3, denominator: 6))
        #expect(marks.test == McNemarTest(improved: 3, worsened: 1))

        // A score must rise by the whole threshold; decimal noise does not move a pair across it.
        var scores = PairedChange()
        scores.add(before: 10.3, after: 12.3, minRise: 2)
        scores.add(before: 0.1 + 0.2, after: 2.3, minRise: 2)
        scores.add(before: 10, after: 11.9, minRise: 2)
        scores.add(before: 10, after: 8, minRise: 2)
        #expect(scores == PairedChange(improved: 2, unchanged: 1, worsened: 1))
        #expect(scores + marks == PairedChange(improved: 5, unchanged: 3, worsened: 2))
    }
}
