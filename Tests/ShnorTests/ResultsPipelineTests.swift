import Foundation
import Testing

/// `shnor run` on the March 2024 results sample, checked against a recomputation written here
/// from the sample's documented contents (Surveys/samples/README.md), with its own CSV reader,
/// its own linking and its own arithmetic.
@Suite("Student results pipeline, end to end", .serialized)
struct ResultsPipelineTests {
    static let pipeline = ShnorProcess.packageRoot.appendingPathComponent("Pipelines/march-2024-results.yaml").path
    static let samples = ShnorProcess.packageRoot.appendingPathComponent("Surveys/samples")

    struct Result {
        var line: Int
        var code: String
        var name: String
        var school: String
        var schoolClass: String
        var subject: String
        /// 2…5, 0 for «н/а», nil for no value.
        var mark: Int?
    }

    static func text(_ file: String) throws -> String {
        let data = try Data(contentsOf: samples.appendingPathComponent(file))
        return String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1251) ?? ""
    }

    /// The sample's two spellings of each school told apart by a word only that school has.
    static func school(_ text: String) -> String {
        let text = text.lowercased()
        for key in ["восточн", "кошай", "романов", "пасынок", "2"] where text.contains(key) { return key }
        return "1"
    }

    static func subject(_ text: String) -> String {
        text.lowercased().hasPrefix("матем") ? "Математика" : text.lowercased().hasPrefix("рус") ? "Русский язык" : text
    }

    /// nil: the row is turned away (a mark off the scale); .some(nil): no value.
    static func mark(_ text: String) -> Int?? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "2", "3", "4", "5": return .some(Int(text.trimmingCharacters(in: .whitespaces)))
        case "н/а": return .some(0)
        case "", "-", "х": return .some(nil)
        default: return nil
        }
    }

    /// Rows a school of the register sent with a readable mark, in file order.
    static func read(_ file: String, delimiter: Character) throws -> [Result] {
        referenceRows(try text(file), delimiter: delimiter).enumerated().dropFirst().compactMap { index, row in
            // Test submissions: a word of the name is one of the pipeline's test_markers.
            let words = row[1].lowercased().split(separator: " ")
            guard !words.contains(where: { ["тест", "test", "проверка"].contains($0) }) else { return nil }
            guard !row[2].contains("Серова"), let mark = mark(row[5]) else { return nil }
            let schoolClass = row[3].uppercased().filter { $0.isLetter || $0.isNumber }
            return Result(
                line: index + 1, code: row[0], name: row[1].lowercased(), school: school(row[2]),
                schoolClass: schoolClass, subject: subject(row[4]), mark: mark)
        }
    }

    /// The baseline without repeated code-and-subject rows (the first kept), the follow-up, and their pairs.
    static func linked() throws -> (before: [Result], after: [Result], pairs: [(Result, Result)]) {
        var seen = Set<String>()
        let before = try read("results-autumn-2023.csv", delimiter: ";").filter {
            seen.insert($0.code + "|" + $0.subject).inserted
        }
        let after = try read("results-march-2024.csv", delimiter: ",")
        var byCode: [String: Result] = [:]
        var byName: [String: [Result]] = [:]
        for result in before {
            byCode[result.code + "|" + result.subject] = result
            byName[
                [result.name, result.school, result.schoolClass, result.subject].joined(separator: "|"), default: []
            ].append(result)
        }
        // By code first; then, where either lacks a code, by a name unique at both points whose
        // baseline record found no partner by code.
        var pairs: [(Result, Result)] = []
        var pairedBefore = Set<Int>()
        var namesAfter: [String: Int] = [:]
        for result in after {
            namesAfter[
                [result.name, result.school, result.schoolClass, result.subject].joined(separator: "|"), default: 0] +=
                1
            if !result.code.isEmpty, let partner = byCode[result.code + "|" + result.subject] {
                pairs.append((partner, result))
                pairedBefore.insert(partner.line)
            }
        }
        for result in after where result.code.isEmpty || byCode[result.code + "|" + result.subject] == nil {
            let name = [result.name, result.school, result.schoolClass, result.subject].joined(separator: "|")
            guard let partners = byName[name], partners.count == 1, namesAfter[name] == 1,
                !pairedBefore.contains(partners[0].line),
                result.code.isEmpty || partners[0].code.isEmpty
            else { continue }
            pairs.append((partners[0], result))
        }
        return (before, after, pairs)
    }

    static func percent(_ numerator: Int, _ denominator: Int) -> String {
        let tenths = Int((Double(numerator) / Double(denominator) * 1000).rounded())
        return "\(tenths / 10),\(tenths % 10)\u{00A0}%"
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func measure(_ results: [String: Any], _ id: String) throws -> [String: Any] {
        let measures = try #require(results["measures"] as? [[String: Any]])
        return try #require(measures.first { $0["id"] as? String == id }, "no measure \(id)")
    }

    func table(_ results: [String: Any], _ id: String) throws -> [[Any]] {
        let tables = try #require(results["tables"] as? [[String: Any]])
        return try #require(tables.first { $0["id"] as? String == id }?["rows"] as? [[Any]], "no table \(id)")
    }

    @Test func improvedShareMcNemarAndMarkStatisticsMatchAnIndependentComputation() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let (before, after, pairs) = try Self.linked()
        let compared = pairs.filter { ($0.0.mark ?? 0) >= 2 && ($0.1.mark ?? 0) >= 2 }
        let improved = compared.filter { ($0.1.mark ?? 0) > ($0.0.mark ?? 0) }.count
        let worsened = compared.filter { ($0.1.mark ?? 0) < ($0.0.mark ?? 0) }.count
        #expect(compared.count > 2_500, "the sample has about 1 500 students × 2 subjects")

        // The pairs of every school (the headline counts students: ResultsPerStudentTests).
        let results = try json(out.appendingPathComponent("results.json"))
        let total = try #require(try table(results, "paired_change").first)
        #expect(total[2] as? Int == compared.count)
        #expect(total[3] as? Int == improved)
        #expect(total[5] as? Int == worsened)
        let p = try #require(total[7] as? Double)
        #expect(abs(p - SelfAssessmentPipelineTests.binomialP(improved, worsened)) < 1e-12)

        // Успеваемость, качество, СОУ at both points, over every student who should have a mark.
        let statistics = try table(results, "mark_statistics").filter { $0[0] as? String == "all" }
        var soU: [Double] = []
        for (point, rows) in [before, after].enumerated() {
            let marks = rows.compactMap(\.mark)
            let count = { (mark: Int) in marks.filter { $0 == mark }.count }
            let n = marks.count
            let row = statistics[point]
            #expect(row[3] as? Int == n)
            #expect(row[4] as? Int == count(5))
            #expect(row[8] as? Int == count(0))
            #expect(abs((row[9] as? Double ?? -1) - Double(count(5) + count(4) + count(3)) / Double(n)) < 1e-12)
            #expect(abs((row[10] as? Double ?? -1) - Double(count(5) + count(4)) / Double(n)) < 1e-12)
            let level =
                Double(100 * count(5) + 64 * count(4) + 36 * count(3) + 16 * count(2) + 7 * count(0)) / Double(n)
            #expect(abs((row[11] as? Double ?? -1) - level) < 1e-9)
            soU.append(level)
            let success = try measure(results, point == 0 ? "success_rate_pre" : "success_rate_post")
            #expect(success["numerator"] as? Int == count(5) + count(4) + count(3))
            #expect(success["denominator"] as? Int == n)
        }

        // The note states the same figures.
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(
            note.contains(
                "и в \(improved) из \(compared.count) пар «обучающийся — предмет» всех школ, включая школу-партнёра (\(Self.percent(improved, compared.count)))"
            ))
        let success = [before, after].map { rows -> String in
            let marks = rows.compactMap(\.mark)
            return Self.percent(marks.filter { $0 >= 3 }.count, marks.count)
        }
        #expect(note.contains("Успеваемость изменилась с \(success[0]) до \(success[1])"))
        let quality = [before, after].map { rows -> String in
            let marks = rows.compactMap(\.mark)
            return Self.percent(marks.filter { $0 >= 4 }.count, marks.count)
        }
        #expect(note.contains("качество знаний — с \(quality[0]) до \(quality[1])"))
        let exactP = SelfAssessmentPipelineTests.binomialP(improved, worsened)
        let pText =
            exactP < 0.001
            ? "p\u{00A0}<\u{00A0}0,001"
            : "p\u{00A0}=\u{00A0}" + String(format: "%.3f", exactP).replacingOccurrences(of: ".", with: ",")
        #expect(
            note.contains(
                "| Пары «обучающийся — предмет», все школы | \(compared.count) | \(improved) | \(compared.count - improved - worsened) | \(worsened) | \(Self.percent(improved, compared.count)) | \(pText) |"
            ))
        let levels = soU.map { level -> String in
            let tenths = Int((level * 10).rounded())
            return "\(tenths / 10),\(tenths % 10)\u{00A0}%"
        }
        #expect(note.contains("СОУ — с \(levels[0]) до \(levels[1])"))
    }

    @Test func journalComparisonAndCompetenceMatchAnIndependentComputation() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        var lowered = 0, confirmed = 0, raised = 0, written = 0, twos = 0
        for file in ["vpr-mathematics-2024.csv", "vpr-russian-2024.csv"] {
            let rows = referenceRows(try Self.text(file), delimiter: ",")
            let header = rows[0]
            let markColumn = try #require(header.firstIndex(of: "Отметка"))
            let journalColumn = try #require(header.firstIndex(of: "Отметка по журналу"))
            for row in rows.dropFirst() {
                guard let mark = Int(row[markColumn]) ?? (row[markColumn] == "н/а" ? 0 : nil) else { continue }
                written += 1
                if mark == 2 { twos += 1 }
                guard mark >= 2, let journal = Int(row[journalColumn]) else { continue }
                if mark < journal { lowered += 1 } else if mark == journal { confirmed += 1 } else { raised += 1 }
            }
        }
        let results = try json(out.appendingPathComponent("results.json"))
        for (id, count) in [("vpr_lowered", lowered), ("vpr_confirmed", confirmed), ("vpr_raised", raised)] {
            let figure = try measure(results, id)
            #expect(figure["numerator"] as? Int == count, "\(id)")
            #expect(figure["denominator"] as? Int == lowered + confirmed + raised)
        }
        let marks = try #require(try table(results, "vpr_marks").first { $0[0] as? String == "all" })
        #expect(marks[2] as? Int == written)
        #expect(marks[6] as? Int == twos)
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        let total = lowered + confirmed + raised
        #expect(
            note.contains(
                "): отметка за работу ниже журнальной — \(lowered) (\(Self.percent(lowered, total))), совпала с ней — \(confirmed) (\(Self.percent(confirmed, total))), выше — \(raised) (\(Self.percent(raised, total)))"
            ))

        #expect(note.contains("с отметкой по журналу для \(total) работ ("))

        // Teachers: the score rose by 3 or more (the pipeline's min_rise).
        let teachers = referenceRows(try Self.text("competence-2023-2024.csv"), delimiter: ",").dropFirst()
            .compactMap { row -> (Int, Int)? in Int(row[3]).flatMap { b in Int(row[4]).map { (b, $0) } } }
        let competence = try measure(results, "improved_competence_teachers")
        #expect(competence["denominator"] as? Int == teachers.count)
        #expect(competence["numerator"] as? Int == teachers.filter { $0.1 - $0.0 >= 3 }.count)
    }

    @Test func theBooksBalanceAndNoStudentIsNamedOutsidePrivate() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let (before, after, pairs) = try Self.linked()
        let rows =
            referenceRows(try Self.text("results-autumn-2023.csv"), delimiter: ";").dropFirst()
            + referenceRows(try Self.text("results-march-2024.csv"), delimiter: ",").dropFirst()
        let codes = Set(rows.map { $0[0] }.filter { !$0.isEmpty })
        let teachers = referenceRows(try Self.text("competence-2023-2024.csv"), delimiter: ",").dropFirst().map {
            $0[0]
        }
        let names = Set(
            (rows.map { $0[1] } + teachers).map {
                $0.lowercased().split(separator: " ").prefix(2).joined(separator: " ")
            })
        #expect(codes.count > 1_400 && names.count > 500)
        for file in ["note.md", "note.html", "results.json", "manifest.json", "clean/results.csv"] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            // Every run of digits and every pair of neighbouring words, looked up in the sets.
            let numbers = text.split { !$0.isNumber }.map(String.init)
            #expect(!numbers.contains { codes.contains($0) }, "\(file) holds a student code")
            let words = text.lowercased().split { !$0.isLetter }.map(String.init)
            let neighbours = zip(words, words.dropFirst()).map { "\($0) \($1)" }
            #expect(!neighbours.contains { names.contains($0) }, "\(file) holds a student name")
        }
        // Every record without a partner is listed privately, with its line.
        let unmatched = referenceRows(
            try String(contentsOf: out.appendingPathComponent("private/unmatched.csv"), encoding: .utf8), delimiter: ";"
        )
        let linkedBefore = Set(pairs.map(\.0.line))
        let linkedAfter = Set(pairs.map(\.1.line))
        let students = unmatched.dropFirst().filter { $0[0] == "ученик" }
        #expect(
            students.filter { $0[1] == "до" }.map { Int($0[3]) ?? 0 }.sorted()
                == before.map(\.line).filter { !linkedBefore.contains($0) })
        #expect(
            students.filter { $0[1] == "после" }.map { Int($0[3]) ?? 0 }.sorted()
                == after.map(\.line).filter { !linkedAfter.contains($0) })
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        #expect(manifest["balanced"] as? Bool == true)
        let ledger = try #require(manifest["ledger"] as? [[String: Any]])
        let link = try #require(ledger.first { $0["input"] as? String == "autumn" && $0["stage"] as? String == "link" })
        #expect(link["rejected"] as? [String: Int] == ["duplicate_record": 4], "README: 4 baseline rows repeated")
        let clean = try #require(
            ledger.first { $0["input"] as? String == "march" && $0["stage"] as? String == "clean" })
        #expect(clean["rejected"] as? [String: Int] == ["bad_mark": 1, "unknown_school": 1])
    }

    /// The smaller file is kept in memory and the larger streams past it; which is which must not
    /// change a figure. Padding the baseline with blank lines makes it the larger one.
    @Test func theFiguresDoNotDependOnWhichFileIsKeptInMemory() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot
        var padded = try Data(contentsOf: Self.samples.appendingPathComponent("results-autumn-2023.csv"))
        let march = try Data(contentsOf: Self.samples.appendingPathComponent("results-march-2024.csv"))
        padded.append(Data(repeating: 0x0A, count: march.count))
        try padded.write(to: folder.appendingPathComponent("autumn.csv"))
        var yaml = try String(contentsOfFile: Self.pipeline, encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "../Surveys/samples/results-autumn-2023.csv", with: folder.appendingPathComponent("autumn.csv").path
        )
        .replacingOccurrences(of: "../", with: root.path + "/")
        .replacingOccurrences(of: "template: march", with: "template: \(root.path)/Pipelines/march")
        try yaml.write(to: folder.appendingPathComponent("swapped.yaml"), atomically: true, encoding: .utf8)
        let outs = [folder.appendingPathComponent("original"), folder.appendingPathComponent("swapped")]
        #expect(try ShnorProcess.run(["run", Self.pipeline, "--out", outs[0].path]).status == 0)
        let swapped = try ShnorProcess.run([
            "run", folder.appendingPathComponent("swapped.yaml").path, "--out", outs[1].path,
        ])
        #expect(swapped.status == 0, "\(swapped.stderr)")
        let results = try outs.map { try Data(contentsOf: $0.appendingPathComponent("results.json")) }
        #expect(results[0] == results[1])
        let notes = try outs.map { try String(contentsOf: $0.appendingPathComponent("note.md"), encoding: .utf8) }
        #expect(notes[0] == notes[1])
    }

    /// A results pipeline over one file with both points in a row.
    /// `rows` (header first) as both.csv, and instrument.yaml reading code, school, class,
    /// subject and the two marks of a row, in `folder`.
    static func writeBothPoints(_ rows: [String], in folder: URL) throws {
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("both.csv"))
        try Data(
            """
            instrument: both-points
            scales:
              subjects: {ordered: false, categories: [{label: Математика}, {label: Русский язык}]}
            columns:
              - {id: code, role: person_id, header: Код}
              - {id: school, role: school, header: ОО}
              - {id: class, role: class, header: Класс}
              - {id: subject, role: subject, header: Предмет, scale: subjects}
              - {id: before, role: mark, stage: pre, header: {prefix: Отметка (осень}}
              - {id: after, role: mark, stage: post, header: {prefix: Отметка (март}}
            """.utf8
        ).write(to: folder.appendingPathComponent("instrument.yaml"))
    }

    static func bothPointsPipeline(file: String, instrument: String, results: String) -> String {
        let root = ShnorProcess.packageRoot.path
        return """
            pipeline: both-points
            analysis: student_results
            title: Проверка
            period: 2024-03
            register: \(root)/Surveys/schools.yaml
            inputs:
              - {id: results, kind: results, file: \(file), instrument: \(instrument)}
            results: \(results)
            note: {template: \(root)/Pipelines/march-2024-results.note.md}
            """
    }

    /// One export with both points in a row: the row is the pair; a repeated code and subject is
    /// rejected; «н/а» counts in N and leaves the pair out of the comparison.
    @Test func anExportWithBothPointsInARow() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.path
        let rows = [
            "Код,ОО,Класс,Предмет,Отметка (осень),Отметка (март)",
            "1,СОШ № 2,5А,Математика,3,4",  // improved
            "2,СОШ № 2,5А,Математика,4,4",  // unchanged
            "3,СОШ № 2,5А,Математика,5,3",  // worsened
            "1,СОШ № 2,5А,Математика,2,5",  // the same code and subject again: rejected
            "4,СОШ № 2,5А,Математика,3,н/а",  // not comparable, in N at the second point
            "5,СОШ № 2,5А,Математика,2,3",  // improved
            "6,СОШ № 2,5А,Математика,3,4",  // improved
        ]
        try Self.writeBothPoints(rows, in: folder)
        try Data(
            Self.bothPointsPipeline(
                file: "both.csv", instrument: "instrument.yaml",
                results: "{improved: {by: mark, target: 0.48}, breakdowns: [school]}"
            ).utf8
        )
        .write(to: folder.appendingPathComponent("pipeline.yaml"))
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("pipeline.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try json(out.appendingPathComponent("results.json"))
        let improved = try measure(results, "improved_students")
        #expect(improved["numerator"] as? Int == 3)
        #expect(improved["denominator"] as? Int == 5)
        #expect(try measure(results, "worsened_students")["numerator"] as? Int == 1)
        let success = try measure(results, "success_rate_post")
        #expect(success["denominator"] as? Int == 6, "N counts «н/а»")
        #expect(success["numerator"] as? Int == 5)
        let linkage = try #require(try table(results, "linkage").first)
        #expect(linkage[5] as? Int == 1, "one pair not comparable")
        let rejects = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("results;link;") && rejects.contains(";5;duplicate_record;"), "\(rejects)")
        let groups = try #require(improved["groups"] as? [[String: Any]])
        #expect(groups.count == 1 && groups[0]["suppressed"] as? Bool == false, "five pairs: k = 5 shows the school")
    }

    /// `shnor generate results --both-in-row` writes what Surveys/student-results-both-points.yaml reads.
    @Test func theGeneratedOneFileShapeRunsThroughItsInstrument() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.path
        #expect(
            try ShnorProcess.run(["generate", "results", "--students", "300", "--both-in-row", "--out", folder.path])
                .status == 0)
        let rows = referenceRows(
            try String(contentsOf: folder.appendingPathComponent("results-both-points-2024.csv"), encoding: .utf8),
            delimiter: ","
        ).dropFirst()
        let pairs = rows.compactMap { row in Int(row[5]).flatMap { before in Int(row[6]).map { (before, $0) } } }
        try Data(
            Self.bothPointsPipeline(
                file: "results-both-points-2024.csv", instrument: "\(root)/Surveys/student-results-both-points.yaml",
                results: "{improved: {by: mark}}"
            ).utf8
        )
        .write(to: folder.appendingPathComponent("pipeline.yaml"))
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("pipeline.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let paired = try #require(
            try table(try json(out.appendingPathComponent("results.json")), "paired_change").first)
        #expect(rows.count == 600)
        #expect(paired[2] as? Int == pairs.count)
        #expect(paired[3] as? Int == pairs.filter { $0.1 > $0.0 }.count)
    }
}
