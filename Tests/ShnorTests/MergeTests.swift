import Foundation
import Testing

/// `shnor merge`: the results of disjoint parts of a dataset add up to the results of the whole.
@Suite("Regional roll-up", .serialized)
struct MergeTests {
    static let root = ShnorProcess.packageRoot

    /// The sample's schools told apart by a word only that school has; three «districts» of two schools.
    static func district(_ school: String) -> Int {
        let text = school.lowercased()
        if text.contains("восточн") || text.contains("кошай") { return 1 }
        if text.contains("романов") || text.contains("пасынок") { return 2 }
        return 0
    }

    static func csv(_ rows: [[String]], delimiter: String) -> String {
        rows.map { row in
            row.map {
                $0.contains(delimiter) || $0.contains("\"") || $0.contains("\n")
                    ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
            }
            .joined(separator: delimiter)
        }.joined(separator: "\r\n") + "\r\n"
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func mergingThreeDistrictsEqualsTheWhole() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let samples = Self.root.appendingPathComponent("Surveys/samples")
        let survey = referenceRows(
            try String(contentsOf: samples.appendingPathComponent("november-satisfaction-2023.csv"), encoding: .utf8),
            delimiter: ",")
        // The staff register (the roster the November pipeline reads), its BOM kept in the first cell.
        let roster = referenceRows(
            try String(contentsOf: samples.appendingPathComponent("staff-register-2024.csv"), encoding: .utf8),
            delimiter: ";"
        ).filter { $0.count > 1 }
        var yaml = try String(
            contentsOf: Self.root.appendingPathComponent("Pipelines/november-satisfaction.yaml"), encoding: .utf8)
        // Small schools hidden one by one rather than pooled: a pooled group is a different group
        // in each district and in the whole, so only unpooled groups can be compared.
        yaml = yaml.replacingOccurrences(
            of: "disclosure:\n  k: 5", with: "disclosure:\n  k: 5\n  pool_small_schools: false")
        let wholeYAML = yaml.replacingOccurrences(of: "../", with: Self.root.path + "/")
            .replacingOccurrences(of: "template: november", with: "template: \(Self.root.path)/Pipelines/november")
        yaml = yaml.replacingOccurrences(of: "../Surveys/samples/", with: "")
            .replacingOccurrences(of: "../", with: Self.root.path + "/")
            .replacingOccurrences(of: "template: november", with: "template: \(Self.root.path)/Pipelines/november")
        var parts: [String] = []
        var published: [String] = []
        for district in 0..<3 {
            let part = folder.appendingPathComponent("district-\(district)")
            try FileManager.default.createDirectory(at: part, withIntermediateDirectories: true)
            let answers = [survey[0]] + survey.dropFirst().filter { Self.district($0[2]) == district }
            let staff = [Array(roster)[0]] + roster.dropFirst().filter { Self.district($0[1]) == district }
            try Data(Self.csv(answers, delimiter: ",").utf8).write(
                to: part.appendingPathComponent("november-satisfaction-2023.csv"))
            try Data(Self.csv(staff, delimiter: ";").utf8).write(
                to: part.appendingPathComponent("staff-register-2024.csv"))
            try yaml.write(to: part.appendingPathComponent("pipeline.yaml"), atomically: true, encoding: .utf8)
            let run = try ShnorProcess.run([
                "run", part.appendingPathComponent("pipeline.yaml").path, "--out",
                part.appendingPathComponent("out").path,
            ])
            try #require(run.status == 0 || run.status == 1, "\(run.stderr)")
            parts.append(part.appendingPathComponent("out/private/results-unsuppressed.json").path)
            published.append(part.appendingPathComponent("out/results.json").path)
        }
        let whole = folder.appendingPathComponent("whole")
        let wholePipeline = folder.appendingPathComponent("whole.yaml")
        try wholeYAML.write(to: wholePipeline, atomically: true, encoding: .utf8)
        #expect(wholeYAML.contains("pool_small_schools: false"))
        let wholeRun = try ShnorProcess.run(["run", wholePipeline.path, "--out", whole.path])
        try #require(wholeRun.completed, "\(wholeRun.stderr)")
        let merged = folder.appendingPathComponent("region")
        let merge = try ShnorProcess.run(["merge"] + parts + ["--out", merged.path])
        #expect(merge.status == 0, "\(merge.stderr)")

        let wholeMeasures = try #require(
            try json(whole.appendingPathComponent("results.json"))["measures"] as? [[String: Any]])
        let mergedMeasures = try #require(
            try json(merged.appendingPathComponent("results.json"))["measures"] as? [[String: Any]])
        #expect(wholeMeasures.map { $0["id"] as? String } == mergedMeasures.map { $0["id"] as? String })
        var flags = Set<Bool>()
        for (a, b) in zip(wholeMeasures, mergedMeasures) {
            for key in ["numerator", "denominator", "definition_sha256", "status", "census", "unit", "uncounted"] {
                #expect("\(a[key] ?? "nil")" == "\(b[key] ?? "nil")", "\(a["id"] ?? ""): \(key)")
            }
            let ci = [a, b].map { ($0["ci95"] as? [Double]) ?? [] }
            // A census (coverage against the roster) has no interval in either.
            let expectedCount = a["census"] as? Bool == true ? 0 : 2
            #expect(
                ci[0].count == expectedCount && ci[1].count == expectedCount
                    && zip(ci[0], ci[1]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(a["id"] ?? ""): ci95")
            // Groups: the same schools and positions, hidden or shown alike, with the same figures.
            let groups = [a, b].map { ($0["groups"] as? [[String: Any]]) ?? [] }
            let describe = { (group: [String: Any]) in
                "\(group["by"] ?? "") \(group["suppressed"] ?? "") \(group["numerator"] ?? "null") \(group["denominator"] ?? "null")"
            }
            #expect(groups[0].map(describe) == groups[1].map(describe), "\(a["id"] ?? "")")
            flags.formUnion(groups[0].compactMap { $0["suppressed"] as? Bool })
        }
        #expect(flags == [true, false], "both shown and hidden groups were compared")
        // The districts' published results add up to the same headline figures; their hidden
        // groups stay hidden in the merge.
        let fromPublished = folder.appendingPathComponent("region-published")
        #expect(try ShnorProcess.run(["merge"] + published + ["--out", fromPublished.path]).status == 0)
        let publishedMeasures = try #require(
            try json(fromPublished.appendingPathComponent("results.json"))["measures"] as? [[String: Any]])
        #expect(
            publishedMeasures.map { "\($0["numerator"] ?? "") \($0["denominator"] ?? "")" }
                == wholeMeasures.map { "\($0["numerator"] ?? "") \($0["denominator"] ?? "")" })
        let note = try String(contentsOf: merged.appendingPathComponent("note.md"), encoding: .utf8)
        let satisfied = try #require(mergedMeasures.first { $0["id"] as? String == "satisfied_teachers" })
        #expect(note.contains("| \(satisfied["numerator"] ?? "") из \(satisfied["denominator"] ?? "") |"))
    }

    @Test func resultsOfDifferentDefinitionsOrPipelinesAreRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let run = try ShnorProcess.run([
            "run", Self.root.appendingPathComponent("Pipelines/november-satisfaction.yaml").path,
            "--out", folder.appendingPathComponent("a").path,
        ])
        try #require(run.completed)
        let original = try String(contentsOf: folder.appendingPathComponent("a/results.json"), encoding: .utf8)
        let changed = folder.appendingPathComponent("changed.json")
        try original.replacingOccurrences(of: "\"definition_sha256\" : \"", with: "\"definition_sha256\" : \"0")
            .write(to: changed, atomically: true, encoding: .utf8)
        let refused = try ShnorProcess.run([
            "merge", folder.appendingPathComponent("a/results.json").path, changed.path,
            "--out", folder.appendingPathComponent("region").path,
        ])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("определён иначе"), "\(refused.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("region").path), "nothing written")
        let other = try ShnorProcess.run([
            "run", Self.root.appendingPathComponent("Pipelines/march-2024-results.yaml").path,
            "--out", folder.appendingPathComponent("b").path,
        ])
        try #require(other.status == 0)
        let mixed = try ShnorProcess.run([
            "merge", folder.appendingPathComponent("a/results.json").path,
            folder.appendingPathComponent("b/results.json").path, "--out", folder.appendingPathComponent("region").path,
        ])
        #expect(mixed.status == 3)
        #expect(mixed.stderr.contains("а сводятся «november-satisfaction»"), "\(mixed.stderr)")
    }
}

/// `shnor generate survey` writes a questionnaire the benchmark pipeline (Benchmarks/compare/t3.yaml) reads whole.
@Suite("Generated survey at scale")
struct SurveyAtScaleTests {
    @Test func theSatisfiedShareOfAGeneratedSurveyIsRecomputed() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot
        #expect(
            try ShnorProcess.run([
                "generate", "survey", "--respondents", "400", "--items", "5", "--out",
                folder.appendingPathComponent("data/T3").path,
            ]).status == 0)
        var yaml = try String(contentsOf: root.appendingPathComponent("Benchmarks/compare/t3.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "../../", with: root.path + "/")
            .replacingOccurrences(
                of: "instrument: t3-instrument.yaml",
                with: "instrument: \(root.path)/Benchmarks/compare/t3-instrument.yaml")
        try yaml.write(to: folder.appendingPathComponent("t3.yaml"), atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("t3.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = referenceRows(
            try String(contentsOf: folder.appendingPathComponent("data/T3/survey-at-scale.csv"), encoding: .utf8),
            delimiter: ","
        ).dropFirst()
        #expect(rows.count == 400 && rows.allSatisfy { $0.count == 10 })
        // Programme schools: every school but № 1; the overall answer is column 5.
        let programme = rows.filter { !$0[2].contains("1") }
        let answers = programme.map { $0[4].lowercased() }.filter { !$0.isEmpty && !$0.hasPrefix("затрудняюсь") }
        let satisfied = answers.filter { $0.hasPrefix("полностью") || ($0.hasPrefix("скорее удовлетвор")) }
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json")))
                as? [String: Any])
        let measure = try #require((results["measures"] as? [[String: Any]])?.first)
        #expect(measure["denominator"] as? Int == answers.count)
        #expect(measure["numerator"] as? Int == satisfied.count)
    }
}
