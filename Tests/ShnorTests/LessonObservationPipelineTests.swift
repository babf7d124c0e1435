import Foundation
import Testing

/// `shnor run` on the lesson observation sample (the May monitoring), checked against a
/// recomputation written here from the raw protocols, without the product's code.
@Suite("Lesson observation pipeline, end to end", .serialized)
struct LessonObservationPipelineTests {
    static let root = ShnorProcess.packageRoot.path
    static let pipeline = root + "/Pipelines/may-observation.yaml"
    static let samples = ShnorProcess.packageRoot.appendingPathComponent("Surveys/samples")
    /// The observers of Surveys/lesson-observation.yaml.
    static let observers = [
        "Белова Ирина Сергеевна", "Гусева Татьяна Олеговна", "Лебедев Андрей Петрович", "Макарова Елена Николаевна",
    ]

    /// One counted protocol: the teacher, the school, the observer and the twelve scores (nil: blank).
    struct Visit {
        var teacher: String
        var school: String
        var observer: String
        var scores: [Int?]
    }

    /// A teacher's mean share of the maximum per block (five blocks) and overall.
    struct Profile {
        var blocks: [Double?]
        var overall: Double?
    }

    /// The protocols of a file that count: a listed observer and every score 0, 1, 2 or blank.
    static func visits(_ file: String) throws -> (visits: [Visit], header: [String]) {
        var text = try String(contentsOf: samples.appendingPathComponent(file), encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = referenceRows(text, delimiter: ";")
        let visits = rows.dropFirst().compactMap { row -> Visit? in
            guard observers.contains(row[5]) else { return nil }
            let cells = row[6...].map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.allSatisfy({ $0.isEmpty || ["0", "1", "2"].contains($0) }) else { return nil }
            return Visit(teacher: row[1], school: row[2], observer: row[5], scores: cells.map { Int($0) })
        }
        return (visits, rows[0])
    }

    /// Block of each criterion column: the number before the dot of its header («3.2 …» → 2).
    static func blockOf(_ header: [String]) -> [Int] {
        header[6...].map { Int($0.prefix(1)).map { $0 - 1 } ?? -1 }
    }

    static func share(_ scores: [Int?], _ columns: [Int]) -> Double? {
        let scored = columns.compactMap { scores[$0] }
        return scored.isEmpty ? nil : Double(scored.reduce(0, +)) / Double(2 * scored.count)
    }

    /// Each teacher of a wave (ФИО and school) with the mean of their protocols' shares.
    static func profiles(_ file: String) throws -> [String: Profile] {
        let (visits, header) = try visits(file)
        let blocks = blockOf(header)
        var grouped: [String: [Visit]] = [:]
        for visit in visits { grouped[visit.teacher + "|" + visit.school, default: []].append(visit) }
        func mean(_ values: [Double?]) -> Double? {
            let present = values.compactMap { $0 }
            return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
        }
        return grouped.mapValues { visits in
            Profile(
                blocks: (0..<5).map { block in
                    mean(visits.map { share($0.scores, blocks.indices.filter { blocks[$0] == block }) })
                },
                overall: mean(visits.map { share($0.scores, Array(blocks.indices)) }))
        }
    }

    static func binomialP(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        var cdf = 0.0
        var term = pow(0.5, Double(n))
        for i in 0...min(b, c) {
            if i > 0 { term *= Double(n - i + 1) / Double(i) }
            cdf += term
        }
        return min(1, 2 * cdf)
    }

    static func percent(_ value: Double) -> String {
        String(format: "%.1f", value * 100).replacingOccurrences(of: ".", with: ",") + "\u{00A0}%"
    }

    /// Runs a copy of the shipped pipeline changed by `change` (absolute paths); returns its output folder.
    static func runCopy(_ change: (String) -> String) throws -> URL {
        let folder = try ShnorProcess.temporaryFolder()
        let text = try String(contentsOfFile: pipeline, encoding: .utf8)
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: may-observation.note.md", with: "template: \(root)/Pipelines/may-observation.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", url.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func improvedShareMcNemarAndBlockRankingMatchAnIndependentComputation() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")

        let first = try Self.profiles("lesson-observation-2023-10.csv")
        let second = try Self.profiles("lesson-observation-2024-05.csv")
        // Every protocol is of a programme school: the partner school (СОШ № 1) sends none.
        #expect(!(Array(first.keys) + Array(second.keys)).contains { $0.contains("СОШ № 1 ") })
        let pairs = first.keys.filter { second[$0] != nil }.sorted().compactMap { key -> (Profile, Profile)? in
            guard let before = first[key], let after = second[key] else { return nil }
            return (before, after)
        }
        var improved = 0
        var worsened = 0
        var compared = 0
        for (before, after) in pairs {
            guard let x = before.overall, let y = after.overall else { continue }
            compared += 1
            if y - x >= 0.1 - 1e-9 { improved += 1 }
            if x - y >= 0.1 - 1e-9 { worsened += 1 }
        }
        let p = Self.binomialP(improved, worsened)
        #expect(compared == 54)

        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let headline = try #require(measures.first { $0["id"] as? String == "observed_improved_teachers" })
        #expect(headline["numerator"] as? Int == improved)
        #expect(headline["denominator"] as? Int == compared)
        #expect(headline["target"] as? Double == 0.2)
        #expect(headline["status"] as? String == "achieved")
        let tables = try #require(results["tables"] as? [[String: Any]])
        func rows(_ id: String) throws -> [[Any]] {
            try #require(tables.first { $0["id"] as? String == id }?["rows"] as? [[Any]])
        }
        let paired = try rows("paired_change")
        #expect(abs(try #require(paired.first?[6] as? Double) - p) < 1e-12)
        #expect(paired.first?[4] as? Int == worsened)

        // Blocks by the gain of their mean share among the teachers of both waves.
        let names = [
            "Целеполагание", "Организация деятельности", "Формирующее оценивание", "Функциональная грамотность",
            "Дифференциация",
        ]
        let gains = (0..<5).map { block -> Double in
            let both = pairs.compactMap { pair -> (Double, Double)? in
                guard let x = pair.0.blocks[block], let y = pair.1.blocks[block] else { return nil }
                return (x, y)
            }
            return both.map { $0.1 - $0.0 }.reduce(0, +) / Double(both.count)
        }
        let ranking = (0..<5).sorted { gains[$0] != gains[$1] ? gains[$0] > gains[$1] : $0 < $1 }
        let published = try rows("block_change")
        #expect(published.map { $0[1] as? String } == ranking.map { names[$0] })
        for (row, block) in zip(published, ranking) {
            #expect(abs(try #require(row[5] as? Double) - gains[block]) < 1e-9)
        }

        // The note states the same figures.
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        let share = Self.percent(Double(improved) / Double(compared))
        #expect(note.contains("**\(share)** (\(improved) из \(compared) педагогов;"), "\(note)")
        let pText =
            p < 0.001 ? "<\u{00A0}0,001" : String(format: "%.3f", p).replacingOccurrences(of: ".", with: ",")
        // The test's figures are in the appendix «Методика», not in the main text.
        #expect(note.contains("(качество выросло против снизилось): p = \(pText),"), "\(note)")
        let main = note.components(separatedBy: "## Приложение. Методика")[0]
        #expect(!main.contains("Мак-Немар"), "statistics jargon stays in the appendix")
        for (rank, block) in ranking.enumerated() {
            #expect(note.contains("| \(rank + 1) | \(names[block]) |"))
        }
        #expect(note.contains("Наибольший прирост — блок «\(names[ranking[0]])»"))
        // Names stay under private/: neither teachers nor observers are published.
        let publishedText =
            note + String(decoding: try Data(contentsOf: out.appendingPathComponent("results.json")), as: UTF8.self)
        for name in Self.observers + first.keys.map({ String($0.split(separator: "|")[0]) }) {
            #expect(!publishedText.contains(name))
        }
    }

    @Test func everyPlantedDirtIsInTheLedgerWithItsReason() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        let ledger = try #require(manifest["ledger"] as? [[String: Any]])
        func entry(_ input: String, _ stage: String) -> [String: Any]? {
            ledger.first { $0["input"] as? String == input && $0["stage"] as? String == stage }
        }
        let clean = try #require(entry("second", "clean")?["rejected"] as? [String: Int])
        #expect(clean == ["score_off_scale": 1, "unknown_observer": 1])
        for input in ["first", "second"] {
            let noted = try #require(entry(input, "combine")?["noted"] as? [String: Int])
            #expect(noted["repeated_observations_averaged"] == 1, "\(input)")
        }
        // Four teachers observed in the first wave only, and the one whose only May protocol was rejected.
        #expect((entry("first", "link")?["noted"] as? [String: Int])?["teachers_only_in_first_wave"] == 5)
        #expect((entry("second", "link")?["noted"] as? [String: Int])?["teachers_only_in_second_wave"] == 2)
        let rejects = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("балл «3» вне шкалы критерия: от 0 до 2"))
        #expect(rejects.contains("наблюдателя «Орлова Нина Павловна» нет в шкале «observers»"))
        // The lenient observer stands out: the third of the list, 10 points and more above the others.
        let results = try json(out.appendingPathComponent("results.json"))
        let tables = try #require(results["tables"] as? [[String: Any]])
        let observers = try #require(tables.first { $0["id"] as? String == "observer_effects" }?["rows"] as? [[Any]])
        let lenient = try #require(observers.first { $0[0] as? String == "наблюдатель 3" })
        #expect(try #require(lenient[4] as? Double) >= 0.1)
        let names = try String(contentsOf: out.appendingPathComponent("private/observers.csv"), encoding: .utf8)
        #expect(names.contains("наблюдатель 3;Лебедев Андрей Петрович"))
    }

    @Test func theLatestProtocolCountsWhenThePipelineSaysSo() throws {
        let out = try Self.runCopy { $0.replacingOccurrences(of: "repeated: mean", with: "repeated: latest") }
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        let ledger = try #require(manifest["ledger"] as? [[String: Any]])
        for input in ["first", "second"] {
            let combine = try #require(
                ledger.first { $0["input"] as? String == input && $0["stage"] as? String == "combine" })
            #expect(combine["rejected"] as? [String: Int] == ["repeated_observation": 1], "\(input)")
        }
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("учтён последний протокол"))
    }

    /// With k = 7 the school of six linked teachers (Романово) is hidden in every breakdown, with a
    /// complementary school, and no hidden figure reaches results.json or the note.
    @Test func smallGroupsAreSuppressedInEveryBreakdown() throws {
        let out = try Self.runCopy { $0.replacingOccurrences(of: "  k: 5", with: "  k: 7") }
        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let headline = try #require(measures.first { $0["id"] as? String == "observed_improved_teachers" })
        let groups = try #require(headline["groups"] as? [[String: Any]])
        let hidden = groups.filter { $0["suppressed"] as? Bool == true }
        #expect(hidden.count == 2, "the small school and its complement")
        #expect(hidden.allSatisfy { $0["numerator"] is NSNull && $0["share"] is NSNull })
        #expect(hidden.contains { ($0["by"] as? [String: String])?["school"] == "СОШ с. Романово" })
        let tables = try #require(results["tables"] as? [[String: Any]])
        let levels = try #require(tables.first { $0["id"] as? String == "levels" }?["rows"] as? [[Any]])
        let schools = levels.filter { $0[0] as? String == "school" }
        #expect(schools.filter { $0[4] as? String == "suppressed" }.count == 2)
        #expect(schools.filter { $0[4] as? String == "suppressed" }.allSatisfy { $0[3] is NSNull })
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("| СОШ с. Романово | —¹ | —¹ | —¹ | —¹ |"), "\(note)")
        #expect(note.contains("¹ Данные не приводятся: в группе меньше 7 педагогов"))
    }
}
