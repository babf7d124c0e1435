import Foundation
import Testing

/// The headline «improved students» counted per student of ШНОР schools (DESIGN.md §5),
/// recomputed here from the raw sample exports and the register with plain Swift: the rows a
/// school of the register sent with a readable mark, no test submissions, no repeated code and
/// subject, linked as ``ResultsPipelineTests/linked()`` links them; then a student's comparable
/// marks averaged at both points.
@Suite("Student results per student, end to end", .serialized)
struct ResultsPerStudentTests {
    typealias Sample = ResultsPipelineTests

    /// The register's programme flag by the sample's school key (``ResultsPipelineTests/school(_:)``).
    static func programme() throws -> [String: Bool] {
        let text = try String(
            contentsOf: ShnorProcess.packageRoot.appendingPathComponent("Surveys/schools.yaml"), encoding: .utf8)
        var flags: [String: Bool] = [:]
        for block in text.components(separatedBy: "\n  - id: ").dropFirst() {
            let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = lines.first(where: { $0.hasPrefix("name:") }) else { continue }
            flags[Sample.school(String(name.dropFirst(5)))] = lines.contains("programme: true")
        }
        return flags
    }

    /// A student's comparable pairs: by code (of either point), or without one by name, school and
    /// class (of the follow-up).
    struct Student {
        var school: String
        var before = 0
        var after = 0
        var rose = 0
        var fell = 0
    }

    static func students() throws -> [String: Student] {
        var students: [String: Student] = [:]
        for (before, after) in try Sample.linked().pairs {
            guard let b = before.mark, let a = after.mark, b >= 2, a >= 2 else { continue }
            let code = after.code.isEmpty ? before.code : after.code
            let key = code.isEmpty ? [after.name, after.school, after.schoolClass].joined(separator: "|") : code
            students[key, default: Student(school: after.school)].before += b
            students[key, default: Student(school: after.school)].after += a
            if a > b { students[key]?.rose += 1 } else if a < b { students[key]?.fell += 1 }
        }
        return students
    }

    /// Rows turned away for a reason other than a repeat or a test whose school is unknown or in
    /// the programme: a school outside the register, or a mark off the scale in a programme school.
    static func uncounted(programme: [String: Bool]) throws -> Int {
        var count = 0
        for (file, delimiter) in [("results-autumn-2023.csv", ";"), ("results-march-2024.csv", ",")]
            as [(String, Character)]
        {
            for row in referenceRows(try Sample.text(file), delimiter: delimiter).dropFirst() {
                if row[2].contains("Серова") {
                    count += 1
                } else if Sample.mark(row[5]) == nil, programme[Sample.school(row[2])] == true {
                    count += 1
                }
            }
        }
        return count
    }

    /// The four-way status from the Wilson interval (DESIGN.md §5), written out again here.
    static func status(_ numerator: Int, _ denominator: Int, target: Double) -> String {
        let n = Double(denominator)
        let p = Double(numerator) / n
        let z = 1.959964
        let centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()) / (1 + z * z / n)
        if centre - half >= target { return "achieved" }
        if centre + half < target { return "not_achieved" }
        return p >= target ? "achieved_within_margin" : "not_achieved_within_margin"
    }

    @Test func theHeadlineIsThePerStudentShareOfProgrammeSchoolsAndMatchesTheRawFiles() throws {
        let sample = Sample()
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", Sample.pipeline, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let programme = try Self.programme()
        #expect(programme.values.filter { $0 }.count == 5 && programme["1"] == false, "\(programme)")
        let everyone = Array(try Self.students().values)
        let students = everyone.filter { programme[$0.school] == true }
        let improved = students.filter { $0.after > $0.before }.count
        let worsened = students.filter { $0.after < $0.before }.count
        #expect(students.count > 1_000 && students.count < everyone.count)

        let results = try sample.json(out.appendingPathComponent("results.json"))
        let headline = try sample.measure(results, "improved_students")
        #expect(headline["numerator"] as? Int == improved)
        #expect(headline["denominator"] as? Int == students.count)
        #expect(headline["unit"] as? String == "student")
        #expect(headline["population"] as? String == "programme")
        #expect(headline["status"] as? String == Self.status(improved, students.count, target: 0.48))
        let uncounted = try Self.uncounted(programme: programme)
        #expect(uncounted == 2, "a school outside the register and a mark «40» in a programme school")
        #expect(headline["uncounted"] as? Int == uncounted)
        let bounds = try #require(headline["uncounted_bounds"] as? [Double])
        #expect(abs(bounds[0] - Double(improved) / Double(students.count + uncounted)) < 1e-12)
        #expect(abs(bounds[1] - Double(improved + uncounted) / Double(students.count + uncounted)) < 1e-12)
        #expect(try sample.measure(results, "worsened_students")["numerator"] as? Int == worsened)

        // Per student, the McNemar test of the headline; per student of every school beside it.
        let table = try sample.table(results, "student_change")
        let whole = try #require(table.first { $0[0] as? String == "programme" && $0[1] as? String == "all" })
        #expect(whole[3] as? Int == students.count && whole[4] as? Int == improved && whole[6] as? Int == worsened)
        let p = try #require(whole[8] as? Double)
        #expect(abs(p - SelfAssessmentPipelineTests.binomialP(improved, worsened)) < 1e-12)
        let all = try #require(table.first { $0[0] as? String == "all" && $0[1] as? String == "all" })
        #expect(all[3] as? Int == everyone.count)
        #expect(all[4] as? Int == everyone.filter { $0.after > $0.before }.count)

        // Per pair of programme schools: a measure of its own, unit pair, no target.
        let pairs = try Sample.linked().pairs.filter { pair in
            (pair.0.mark ?? 0) >= 2 && (pair.1.mark ?? 0) >= 2 && programme[pair.1.school] == true
        }
        let pairMeasure = try sample.measure(results, "improved_pairs")
        #expect(pairMeasure["unit"] as? String == "pair")
        #expect(pairMeasure["target"] == nil)
        #expect(pairMeasure["denominator"] as? Int == pairs.count)
        #expect(pairMeasure["numerator"] as? Int == pairs.filter { ($0.1.mark ?? 0) > ($0.0.mark ?? 0) }.count)

        // The note words the headline in students, its rule, and right after the verdict whether
        // the change may be chance, in plain words; the test itself in the appendix «Методика».
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("средняя отметка по сопоставимым предметам выросла"))
        #expect(
            note.contains(
                "**\(Sample.percent(improved, students.count))** (\(improved) из \(students.count) обучающихся"))
        let significant = SelfAssessmentPipelineTests.binomialP(improved, worsened) < 0.05
        #expect(
            note.contains(
                significant
                    ? (improved > worsened ? "Повысивших больше, чем понизивших" : "Понизивших больше, чем повысивших")
                        + ", и это не случайный разброс отметок."
                    : "Разница между числом повысивших и понизивших может быть случайной."))
        let appendix = try #require(note.components(separatedBy: "## Приложение. Методика").last)
        #expect(
            appendix.contains(
                "точным двусторонним критерием Мак-Немара по обучающимся (повысили \(improved), понизили \(worsened))"))
        #expect(
            note.contains(
                "в \(pairs.filter { ($0.1.mark ?? 0) > ($0.0.mark ?? 0) }.count) из \(pairs.count) пар «обучающийся — предмет» школ ШНОР"
            ))
        #expect(!note.contains("сравнённых пар"))
        #expect(
            note.contains(
                "Сроки проведения: входная диагностика — 2–13\u{00A0}октября 2023\u{00A0}г.; итоговые работы — 4–15\u{00A0}марта 2024\u{00A0}г.\n"
            ), "the sample's declared days are printed, with no second period after «г.»")
        #expect(String(decoding: run.stdout, as: UTF8.self).contains("(\(improved) из \(students.count) обучающихся)"))
    }

    @Test func anySubjectCountsAStudentWhoseMarkRoseSomewhereAndFellNowhere() throws {
        let sample = Sample()
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try SilentMistake.resultsPipeline(in: folder) {
            $0.replacingOccurrences(of: "rule: mean_mark", with: "rule: any_subject")
        }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline, "--out", out.path])
        let programme = try Self.programme()
        let students = try Self.students().values.filter { programme[$0.school] == true }
        let improved = students.filter { $0.rose > 0 && $0.fell == 0 }.count
        let worsened = students.filter { $0.fell > 0 && $0.rose == 0 }.count
        #expect(run.status == 0, "\(run.stderr)")
        let results = try sample.json(out.appendingPathComponent("results.json"))
        let headline = try sample.measure(results, "improved_students")
        #expect(headline["numerator"] as? Int == improved)
        #expect(headline["denominator"] as? Int == students.count)
        #expect(try sample.measure(results, "worsened_students")["numerator"] as? Int == worsened)
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("результат вырос хотя бы по одному предмету и ни по одному не снизился"))
    }

    /// Beside the programme schools' students, the figures of every school give the other
    /// schools' group by subtraction: with two students of the partner school (k = 5) neither
    /// the every-school students nor the programme schools' pairs are published.
    @Test func figuresOfEverySchoolThatWouldGiveAwayASmallPartnerSchoolAreHidden() throws {
        let sample = Sample()
        let folder = try ShnorProcess.temporaryFolder()
        let programme = (1...6).map { "\($0),СОШ № 2,5А,Математика,3,\($0 % 2 == 0 ? 4 : 3)" }
        let partner = ["7,СОШ № 1,5А,Математика,3,4", "8,СОШ № 1,5А,Математика,4,3"]
        let rows = ["Код,ОО,Класс,Предмет,Отметка (осень),Отметка (март)"] + programme + partner
        try Sample.writeBothPoints(rows, in: folder)
        try Data(
            Sample.bothPointsPipeline(
                file: "both.csv", instrument: "instrument.yaml",
                results: "{improved: {target: 0.48}, breakdowns: [school]}"
            ).utf8
        ).write(to: folder.appendingPathComponent("pipeline.yaml"))
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("pipeline.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try sample.json(out.appendingPathComponent("results.json"))
        let headline = try sample.measure(results, "improved_students")
        #expect(headline["numerator"] as? Int == 3 && headline["denominator"] as? Int == 6)
        let measures = try #require(results["measures"] as? [[String: Any]])
        #expect(!measures.contains { $0["id"] as? String == "improved_pairs" })
        #expect(!(try sample.table(results, "student_change")).contains { $0[0] as? String == "all" })
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("| Обучающиеся всех школ, включая школу-партнёра | —¹ |"))
        #expect(note.contains("| Пары «обучающийся — предмет», школы ШНОР | —¹ |"))
        #expect(!note.contains("8 обучающихся"))
    }

    /// Result exports carry no timestamps: the days the pipeline declares date the note (by the
    /// second point); days that do not read, or run backwards, are refused before a run.
    @Test func declaredDaysOfThePointsDateTheNote() throws {
        let folder = try ShnorProcess.temporaryFolder()
        // The sample declares its own days; the test writes others in their place.
        let sampleDays = "  collected:\n    pre: [2023-10-02, 2023-10-13]\n    post: [2024-03-04, 2024-03-15]\n"
        let declared = "  collected: {pre: [2023-10-02, 2023-10-13], post: "
        let pipeline = try SilentMistake.resultsPipeline(in: folder) {
            $0.replacingOccurrences(
                of: sampleDays, with: declared + "[01.04.2024, 05.04.2024]}\n")
        }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(
            note.contains(
                "Сроки проведения: входная диагностика — 2–13\u{00A0}октября 2023\u{00A0}г.; итоговые работы — 1–5\u{00A0}апреля 2024\u{00A0}г.\n"
            ))
        #expect(
            note.contains("«Управление образования», апрель 2024\u{00A0}г."),
            "dated by the second point, not by period: 2024-03")

        let backwards = try SilentMistake.resultsPipeline(in: folder) {
            $0.replacingOccurrences(
                of: sampleDays, with: declared + "[2024-03-15, 2024-03-04]}\n")
        }
        let refused = try ShnorProcess.run(["validate", backwards])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("results.collected.post = [2024-03-15, 2024-03-04]"), "\(refused.stderr)")
    }
}
