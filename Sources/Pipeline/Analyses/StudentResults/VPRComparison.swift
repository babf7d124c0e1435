import Clean
import Measures
import Notes

/// The district's ВПР marks per test (subject and grade) beside the published figures of
/// ``VPRReference``: the share of «2» and of «4» and «5» among the participants, and the
/// difference in percentage points from the printed figures.
///
/// A test of the district is a new published cell (subject × grade), linked with every other
/// breakdown of the test's marks: ``ResultsAnalysis/testSuppression(_:)`` hides it with what
/// keeps it from being recovered. A reference row of a test the district did not write is left
/// out and counted.
struct VPRComparison {
    struct Row {
        let test: String
        let level: String
        /// Participants with a mark «2»–«5» (no «н/а»: ФИС ОКО counts shares of participants).
        let participants: Int
        /// Per cent of «2» and of «4»–«5» in the district; nil when hidden.
        let districtFail: Double?
        let districtQuality: Double?
        let referenceFail: Double
        let referenceQuality: Double
        let suppressed: Bool
    }

    let rows: [Row]
    /// Reference rows whose subject and grade the district's test export does not have.
    let unmatched: Int

    init(reference: VPRReference, analysis: ResultsAnalysis) {
        guard let test = analysis.test else {
            rows = []
            unmatched = reference.rows.count
            return
        }
        let hidden = analysis.testSuppression(test)
        let groups = analysis.groups
        var rows: [Row] = []
        var unmatched = 0
        for line in reference.rows {
            guard
                let key = test.marksByTest.keys.first(where: {
                    $0.grade == line.grade && groups.subjectKey($0.subject) == line.subjectKey
                }), let marks = test.marksByTest[key]
            else {
                unmatched += 1
                continue
            }
            let counts = marks.counts
            let participants = counts.reduce(0, +)
            guard participants > 0 else {
                unmatched += 1
                continue
            }
            let isHidden = hidden.contains(key)
            let fail = Double(counts[0]) / Double(participants) * 100
            let quality = Double(counts[2] + counts[3]) / Double(participants) * 100
            rows.append(
                Row(
                    test: "\(groups.subjects[key.subject]), \(line.grade) класс", level: line.level,
                    participants: participants, districtFail: isHidden ? nil : fail,
                    districtQuality: isHidden ? nil : quality, referenceFail: line.shares[0],
                    referenceQuality: line.shares[2] + line.shares[3], suppressed: isHidden))
        }
        self.rows = rows
        self.unmatched = unmatched
    }

    /// The note's table; the differences are worked out from the printed (one-decimal) figures.
    var markdown: String {
        func printed(_ value: Double) -> Double {
            ((value * 10 * 1e6).rounded() / 1e6).rounded(.toNearestOrAwayFromZero) / 10
        }
        func percent(_ value: Double?) -> String {
            value.map { RussianFormat.decimal($0, decimals: 1) + RussianFormat.nonBreakingSpace + "%" } ?? "—¹"
        }
        func difference(_ district: Double?, _ reference: Double) -> String {
            guard let district else { return "—¹" }
            return NoteDynamics.pointsText(printed(district) - printed(reference))
        }
        return MarkdownTable(
            columns: [
                "Работа", "С чем сравниваем", "Участников в округе", "«2» в округе", "«2» — сравнение",
                "Разница по «2»", "«4» и «5» в округе", "«4» и «5» — сравнение", "Разница по «4» и «5»",
            ],
            rightAligned: [2, 3, 4, 5, 6, 7, 8],
            rows: rows.map { row in
                [
                    row.test, row.level, row.suppressed ? "—¹" : String(row.participants), percent(row.districtFail),
                    percent(row.referenceFail), difference(row.districtFail, row.referenceFail),
                    percent(row.districtQuality), percent(row.referenceQuality),
                    difference(row.districtQuality, row.referenceQuality),
                ]
            }
        ).markdown
    }
}
