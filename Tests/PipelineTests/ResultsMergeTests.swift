import Foundation
import Pipeline
import TestSupport
import Testing

/// `shnor merge`: districts' results.json files add up into a regional one.
@Suite("Results merge")
struct ResultsMergeTests {
    /// A group of a breakdown by school; nil figures are a group the district's file hides.
    struct Group {
        var school: String
        var numerator: Int?
        var denominator: Int?
    }

    struct Measure {
        var id: String
        var definition = "доля удовлетворённых"
        var numerator: Int
        var denominator: Int
        var groups: [Group] = []
    }

    /// Writes a results.json of schema shnor.results/1 and returns its path.
    static func write(
        _ measures: [Measure], pipeline: String = "november-satisfaction", period: String = "2023-11", in folder: URL,
        name: String
    ) throws -> String {
        let document: [String: Any] = [
            "schema": "shnor.results/1", "pipeline": pipeline, "title": "Удовлетворённость", "period": period,
            "measures": measures.map { measure in
                [
                    "id": measure.id, "label": "Показатель \(measure.id)", "definition": measure.definition,
                    "numerator": measure.numerator, "denominator": measure.denominator,
                    "groups": measure.groups.map { group in
                        [
                            "by": ["school": group.school], "numerator": group.numerator.map { $0 as Any } ?? NSNull(),
                            "denominator": group.denominator.map { $0 as Any } ?? NSNull(),
                            "suppressed": group.numerator == nil,
                        ]
                    },
                ]
            },
            "tables": [],
        ]
        let url = folder.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(to: url)
        return url.path
    }

    /// Merges `files` with k = 5 and returns the merged results.json's measures.
    static func merge(_ files: [String], in folder: URL) throws -> [[String: Any]] {
        let out = folder.appendingPathComponent("region")
        _ = try ResultsMerge.run(paths: files, outputFolder: out.path, k: 5, templatePath: nil)
        let data = try Data(contentsOf: out.appendingPathComponent("results.json"))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(results["measures"] as? [[String: Any]])
    }

    /// "school: numerator/denominator", or "school: hidden" for a suppressed group.
    static func groups(_ measure: [String: Any]) -> [String] {
        (measure["groups"] as? [[String: Any]] ?? []).map { group in
            let school = (group["by"] as? [String: String])?["school"] ?? "?"
            guard group["suppressed"] as? Bool == false else {
                return group["numerator"] is NSNull && group["denominator"] is NSNull
                    ? "\(school): hidden" : "\(school): hidden, with figures"
            }
            return "\(school): \(group["numerator"] ?? "?")/\(group["denominator"] ?? "?")"
        }
    }

    @Test func numeratorsAndDenominatorsAreSummedInTheFirstFilesOrder() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.write(
            [
                Measure(id: "second", numerator: 1, denominator: 2),
                Measure(id: "first", numerator: 30, denominator: 40),
            ], in: folder, name: "a.json")
        let b = try Self.write(
            [
                Measure(id: "first", numerator: 10, denominator: 20),
                Measure(id: "second", numerator: 3, denominator: 8),
            ], in: folder, name: "b.json")
        let measures = try Self.merge([a, b], in: folder)
        #expect(measures.map { $0["id"] as? String } == ["second", "first"])
        #expect(measures.map { "\($0["numerator"] ?? "")/\($0["denominator"] ?? "")" } == ["4/10", "40/60"])
        // The share of the sums, not the mean of the shares (0,625 for «first»).
        #expect(measures[1]["share"] as? Double == 40.0 / 60.0)
        let interval = try #require(measures[1]["ci95"] as? [Double])
        #expect(interval.count == 2 && interval[0] < 40.0 / 60.0 && 40.0 / 60.0 < interval[1])
    }

    /// A file with the one measure «m» broken down by school; nil figures are a hidden school.
    static func district(
        _ name: String, _ numerator: Int, _ denominator: Int, schools: [(String, Int?, Int?)], in folder: URL
    ) throws -> String {
        let groups = schools.map { Group(school: $0.0, numerator: $0.1, denominator: $0.2) }
        return try write(
            [Measure(id: "m", numerator: numerator, denominator: denominator, groups: groups)], in: folder, name: name)
    }

    @Test func groupsOfTheSameSchoolAreSummedAndShownOnceLargeEnough() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.district("a.json", 13, 16, schools: [("№ 1", 3, 4), ("№ 2", 10, 12)], in: folder)
        let b = try Self.district("b.json", 10, 13, schools: [("№ 2", 8, 10), ("№ 1", 2, 3)], in: folder)
        let measures = try Self.merge([a, b], in: folder)
        // Each district's «№ 1» is below k = 5; together they are 7 and are shown.
        #expect(Self.groups(measures[0]) == ["№ 1: 5/7", "№ 2: 18/22"])
    }

    @Test func aGroupHiddenInADistrictStaysHiddenAndItsComplementToo() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.district(
            "a.json", 40, 50, schools: [("№ 1", 5, 7), ("№ 2", 18, 22), ("№ 3", nil, nil)], in: folder)
        let b = try Self.district("b.json", 20, 30, schools: [("№ 3", 20, 30)], in: folder)
        let measures = try Self.merge([a, b], in: folder)
        // «№ 3» is hidden in a.json, so its sum is unknown; «№ 1», the smallest shown, is hidden
        // too so that «№ 3» cannot be found by subtraction from the total.
        #expect(Self.groups(measures[0]) == ["№ 1: hidden", "№ 2: 18/22", "№ 3: hidden"])
        #expect("\(measures[0]["numerator"] ?? "")/\(measures[0]["denominator"] ?? "")" == "60/80")
    }

    @Test func aMergedGroupBelowTheThresholdIsHidden() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.district(
            "a.json", 16, 24, schools: [("№ 1", 1, 2), ("№ 2", 6, 10), ("№ 3", 8, 12)], in: folder)
        let b = try Self.district(
            "b.json", 16, 24, schools: [("№ 1", 1, 2), ("№ 2", 6, 10), ("№ 3", 10, 12)], in: folder)
        let measures = try Self.merge([a, b], in: folder)
        #expect(Self.groups(measures[0]) == ["№ 1: hidden", "№ 2: hidden", "№ 3: 18/24"])
    }

    @Test func aMeasureDefinedDifferentlyIsRefusedAndNothingIsWritten() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.write([Measure(id: "m", numerator: 1, denominator: 2)], in: folder, name: "a.json")
        let b = try Self.write(
            [Measure(id: "m", definition: "доля полностью удовлетворённых", numerator: 1, denominator: 2)], in: folder,
            name: "b.json")
        let error = #expect(throws: (any Error).self) { try Self.merge([a, b], in: folder) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("определён иначе"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("region").path))
    }

    @Test func filesOfAnotherPipelineOrPeriodOrMissingAMeasureAreRefused() throws {
        let folder = try TemporaryFolder.make("merge")
        let a = try Self.write([Measure(id: "m", numerator: 1, denominator: 2)], in: folder, name: "a.json")
        let otherPipeline = try Self.write(
            [Measure(id: "m", numerator: 1, denominator: 2)], pipeline: "march-2024-results", in: folder, name: "b.json"
        )
        let otherPeriod = try Self.write(
            [Measure(id: "m", numerator: 1, denominator: 2)], period: "2024-11", in: folder, name: "c.json")
        let fewer = try Self.write([Measure(id: "n", numerator: 1, denominator: 2)], in: folder, name: "d.json")
        let same = try Self.write([Measure(id: "m", numerator: 2, denominator: 3)], in: folder, name: "e.json")
        for (files, message) in [
            ([a, otherPipeline], "а сводятся"), ([a, otherPeriod], "а сводятся"), ([a, fewer], "нет показателя «m»"),
            ([a], "хотя бы два"),
        ] {
            let error = #expect(throws: (any Error).self) { try Self.merge(files, in: folder) }
            #expect(
                "\(error.map { "\($0)" } ?? "")".contains(message),
                "\(files.map { ($0 as NSString).lastPathComponent })")
        }
        #expect(throws: (any Error).self) {
            try ResultsMerge.run(
                paths: [a, same], outputFolder: folder.appendingPathComponent("k4").path, k: 4, templatePath: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("region").path))
        #expect(try Self.merge([a, same], in: folder).count == 1)
    }
}
