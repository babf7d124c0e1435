import Clean
import Link
import Measures

/// What every two-wave analysis publishes about its linking and its coverage, written once:
/// the `linkage` table of results.json, private/linkage.csv, and the coverage measures.
enum WaveLinkOutputs {
    /// The `linkage` table: how many records were linked by each method, and how many were not.
    static func table(_ link: WaveLink, label: String) -> ResultsDocument.TableResult {
        ResultsDocument.TableResult(
            id: "linkage", label: label,
            columns: ["linked_by_id", "linked_by_name", "linked_by_initials", "unmatched_before", "unmatched_after"],
            rows: [
                [
                    .integer(link.pairs.filter { $0.method == .id }.count),
                    .integer(link.pairs.filter { $0.method == .name }.count),
                    .integer(link.pairs.filter { $0.method == .initials }.count),
                    .integer(link.unmatchedBefore.count), .integer(link.unmatchedAfter.count),
                ]
            ])
    }

    /// private/linkage.csv: every record of both waves, paired or not, each described by
    /// `describe` (ФИО, school, file, line or lines: four cells) under the header `header`.
    static func privateFile(
        _ link: WaveLink, header: [String], onlyBefore: String, onlyAfter: String,
        describeBefore: (Int) -> [String], describeAfter: (Int) -> [String]
    ) -> (String, [String], [[String]]) {
        let empty = ["", "", "", ""]
        var rows = link.pairs.map { pair in
            ["связаны (\(pair.method.rawValue))"] + describeBefore(pair.before) + describeAfter(pair.after)
        }
        rows += link.unmatchedBefore.map { [onlyBefore] + describeBefore($0) + empty }
        rows += link.unmatchedAfter.map { [onlyAfter] + empty + describeAfter($0) }
        return ("linkage.csv", ["статус"] + header, rows)
    }

    /// `coverage_before` and `coverage_after`: a census against the staff register.
    /// - Parameter label: the measure's label from the wave's adjective («входной», «первой»).
    static func coverageMeasures(
        _ coverage: SelfAssessmentCoverage, waves: (before: String, after: String), label: (String) -> String,
        definition: String
    ) -> [ResultsDocument.MeasureResult] {
        [("coverage_before", waves.before, coverage.before), ("coverage_after", waves.after, coverage.after)].map {
            id, wave, count in
            ResultsDocument.measure(
                id: id, label: label(wave), definition: definition,
                share: Share(numerator: count, denominator: coverage.staff), target: nil, unit: .person,
                population: "programme", census: true, groups: [])
        }
    }
}
