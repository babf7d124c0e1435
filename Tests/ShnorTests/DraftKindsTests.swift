import Foundation
import Testing

/// `shnor draft` for the exports that are not surveys (issue 21, point 1): self-assessments,
/// student results and lesson observations in two waves, and the staff register. For each
/// sample export: draft, make only the edits the draft marks (the target; with one file, the
/// second wave's file), run — the headline equals the shipped pipeline's.
@Suite("shnor draft --kind, end to end", .serialized)
struct DraftKindsTests {
    static let root = ShnorProcess.packageRoot.path
    static func sample(_ name: String) -> String { root + "/Surveys/samples/" + name }

    /// Runs a shipped pipeline; `measure`'s numerator and denominator.
    static func shipped(_ pipeline: String, _ measure: String) throws -> (Int, Int) {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("shipped")
        let run = try ShnorProcess.run(["run", root + "/Pipelines/\(pipeline).yaml", "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        let found = try DraftCommandTests.measure(out, measure)
        return (try #require(found["numerator"] as? Int), try #require(found["denominator"] as? Int))
    }

    /// Drafts `exports` (with `kind` when given), makes the edits the draft marks — the target
    /// and, when `secondWave` is given, the second wave's file — and runs the pipeline.
    static func draftAndRun(
        _ exports: [String], kind: String? = nil, target: Double, secondWave: String? = nil
    ) throws -> (text: String, out: URL, note: String, pipeline: String) {
        let folder = try ShnorProcess.temporaryFolder()
        let draftFolder = folder.appendingPathComponent("draft")
        let draft = try ShnorProcess.run(
            ["draft"] + exports + (kind.map { ["--kind", $0] } ?? []) + [
                "--register", root + "/Surveys/schools.yaml", "--out", draftFolder.path,
            ])
        #expect(draft.status == 0, "\(draft.stderr)")
        let pipelineName = try #require(
            try FileManager.default.contentsOfDirectory(atPath: draftFolder.path).first {
                $0.hasSuffix(".pipeline.yaml")
            })
        let pipelineURL = draftFolder.appendingPathComponent(pipelineName)
        let drafted = try String(contentsOf: pipelineURL, encoding: .utf8)
        let validate = try ShnorProcess.run(["validate", pipelineURL.path])
        #expect(validate.completed, "the draft validates as written: \(validate.stderr)")
        // The edits the draft marks «ЗАДАЙТЕ»: the target, and the second wave's file.
        var lines = drafted.components(separatedBy: "\n")
        let targets = lines.indices.filter { lines[$0].contains("# target:") && lines[$0].contains("ЗАДАЙТЕ") }
        #expect(targets.count == 1, "one target to set: \(drafted)")
        for index in targets {
            let indent = lines[index].prefix { $0 == " " }
            lines[index] = indent + "target: \(target)"
        }
        if let secondWave {
            let files = lines.indices.filter {
                lines[$0].contains("file:") && lines[$0].contains("ЗАДАЙТЕ файл второй волны")
            }
            #expect(files.count == 1, "the second wave's file is marked: \(drafted)")
            for index in files { lines[index] = "    file: \"\(secondWave)\"" }
        }
        let pipeline = lines.joined(separator: "\n")
        try Data(pipeline.utf8).write(to: pipelineURL)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipelineURL.path, "--out", out.path, "--threads", "1"])
        #expect(run.completed, "\(run.stderr)")
        let notes =
            FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix("note.md") } ?? []
        // Two notes (a self-assessment's start and change): the change note holds the headline.
        let headlineNote = notes.first { $0.hasPrefix("change/") } ?? notes.first
        let note =
            try headlineNote.map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) } ?? ""
        return (draft.text, out, note, pipeline)
    }

    static func figures(_ out: URL, _ id: String) throws -> (Int?, Int?) {
        let measure = try DraftCommandTests.measure(out, id)
        return (measure["numerator"] as? Int, measure["denominator"] as? Int)
    }

    @Test func selfAssessmentInTwoWavesGivesTheShippedShareOfTeachersWhoImproved() throws {
        let (numerator, denominator) = try Self.shipped("self-assessment", "improved_teachers")
        let (text, out, note, _) = try Self.draftAndRun(
            [Self.sample("self-assessment-start-2023.csv"), Self.sample("self-assessment-end-2024.csv")], target: 0.2)
        #expect(text.contains("Вид выгрузки: self-assessment"), "the kind is guessed: \(text)")
        for role in ["→ timestamp", "→ respondent", "→ school", "→ position", "→ subject", "→ grid"] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        let (found, of) = try Self.figures(out, "improved_teachers")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
        #expect(note.contains("\(numerator) из \(denominator)"), "\(note)")
    }

    /// One file drafted: the second wave's file is the one edit besides the target.
    @Test func selfAssessmentFromTheStartFileAloneNeedsOnlyTheEndFileAndTheTarget() throws {
        let (numerator, denominator) = try Self.shipped("self-assessment", "improved_teachers")
        let (_, out, _, _) = try Self.draftAndRun(
            [Self.sample("self-assessment-start-2023.csv")], kind: "self-assessment", target: 0.2,
            secondWave: Self.sample("self-assessment-end-2024.csv"))
        let (found, of) = try Self.figures(out, "improved_teachers")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
    }

    @Test func resultsAtTwoPointsGiveTheShippedShareOfStudentsWhoImproved() throws {
        let (numerator, denominator) = try Self.shipped("march-2024-results", "improved_students")
        let (text, out, note, _) = try Self.draftAndRun(
            [Self.sample("results-autumn-2023.csv"), Self.sample("results-march-2024.csv")], target: 0.48)
        #expect(text.contains("Вид выгрузки: results"), "the kind is guessed: \(text)")
        for role in ["→ person_id", "→ respondent", "→ school", "→ class", "→ subject", "→ mark", "→ score"] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        let (found, of) = try Self.figures(out, "improved_students")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
        #expect(note.contains("\(numerator) из \(denominator)"), "\(note)")
    }

    @Test func lessonObservationsInTwoWavesGiveTheShippedShareOfTeachersObservedImproving() throws {
        let (numerator, denominator) = try Self.shipped("may-observation", "observed_improved_teachers")
        let (text, out, note, _) = try Self.draftAndRun(
            [Self.sample("lesson-observation-2023-10.csv"), Self.sample("lesson-observation-2024-05.csv")], target: 0.2)
        #expect(text.contains("Вид выгрузки: observation"), "the kind is guessed: \(text)")
        for role in ["→ timestamp", "→ respondent", "→ school", "→ subject", "→ class", "→ observer", "→ criterion"] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        let (found, of) = try Self.figures(out, "observed_improved_teachers")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
        #expect(note.contains("\(numerator) из \(denominator)"), "\(note)")
    }

    /// The staff register: the programme's staff the shipped notes count coverage against, and
    /// the share of the district's schools in the programme (the indicators report's first figure).
    @Test func theStaffRegisterGivesTheShippedCountOfProgrammeStaff() throws {
        let (_, staff) = try Self.shipped("self-assessment", "coverage_before")
        let (text, out, note, _) = try Self.draftAndRun([Self.sample("staff-register-2024.csv")], target: 0.833)
        #expect(text.contains("Вид выгрузки: register"), "the kind is guessed: \(text)")
        let (found, of) = try Self.figures(out, "programme_schools")
        #expect(found == 5 && of == 6, "as the shipped indicators report: 5 of 6 schools")
        #expect(note.contains(": \(staff) работник"), "the programme's staff by the register: \(note)")
        #expect(note.contains("Руководитель — 10"), "positions grouped as the shipped register: \(note)")
    }

    /// `rows` with their columns reversed and the headers in `renamed` replaced, as CSV.
    static func reshaped(_ rows: [[String]], renamed: (String) -> String?) -> String {
        var rows = rows.filter { $0.count > 1 }
        rows[0] = rows[0].map { renamed($0) ?? $0 }
        return rows.map { row in
            row.reversed().map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";")
        }.joined(separator: "\n") + "\n"
    }

    /// Headers that say nothing the draft knows: the values tell each column's role.
    @Test func aShuffledAndRenamedSelfAssessmentStillBindsEveryColumn() throws {
        let (numerator, denominator) = try Self.shipped("self-assessment", "improved_teachers")
        let folder = try ShnorProcess.temporaryFolder()
        let renamed: [String: String] = [
            "Отметка времени": "Когда заполнено", "ФИО (полностью)": "Педагог",
            "Образовательная организация": "Место работы",
            "Должность": "Кем вы работаете", "Преподаваемый предмет": "Что вы ведёте",
        ]
        var exports: [String] = []
        for name in ["self-assessment-start-2023", "self-assessment-end-2024"] {
            let rows = referenceRows(
                try String(contentsOfFile: Self.sample(name + ".csv"), encoding: .utf8), delimiter: ",")
            let csv = Self.reshaped(rows) { header in
                if let open = header.firstIndex(of: "["), header.hasPrefix("Оцените") {
                    return "Затруднения по областям " + header[open...]
                }
                return renamed[header]
            }
            let url = folder.appendingPathComponent(name + "-renamed.csv")
            try Data(csv.utf8).write(to: url)
            exports.append(url.path)
        }
        let (text, out, _, _) = try Self.draftAndRun(exports, target: 0.2)
        for role in [
            "«1: Когда заполнено» → timestamp", "«1: Педагог» → respondent", "«1: Место работы» → school",
            "«1: Кем вы работаете» → position", "«1: Что вы ведёте» → subject", "«1: Затруднения по областям» → grid",
            "«2: Педагог» → respondent",
        ] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        let (found, of) = try Self.figures(out, "improved_teachers")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
    }

    @Test func shuffledAndRenamedResultsStillBindEveryColumn() throws {
        let (numerator, denominator) = try Self.shipped("march-2024-results", "improved_students")
        let folder = try ShnorProcess.temporaryFolder()
        let renamed: [String: String] = [
            "Код обучающегося": "Номер в базе", "ФИО обучающегося": "Ученик", "ОО": "Учреждение",
            "Класс": "Параллель и литера", "Предмет": "Дисциплина", "Отметка": "Итог", "Балл": "Сумма",
        ]
        let autumn = try #require(
            String(
                data: try Data(contentsOf: URL(fileURLWithPath: Self.sample("results-autumn-2023.csv"))),
                encoding: .windowsCP1251))
        let march = try String(contentsOfFile: Self.sample("results-march-2024.csv"), encoding: .utf8)
        var exports: [String] = []
        for (name, text, delimiter) in [("autumn", autumn, Character(";")), ("march", march, Character(","))] {
            let url = folder.appendingPathComponent(name + "-renamed.csv")
            try Data(Self.reshaped(referenceRows(text, delimiter: delimiter)) { renamed[$0] }.utf8).write(to: url)
            exports.append(url.path)
        }
        let (text, out, _, _) = try Self.draftAndRun(exports, target: 0.48)
        for role in [
            "«1: Номер в базе» → person_id", "«1: Ученик» → respondent", "«1: Учреждение» → school",
            "«1: Параллель и литера» → class", "«1: Дисциплина» → subject", "«1: Итог» → mark", "«1: Сумма» → score",
        ] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        let (found, of) = try Self.figures(out, "improved_students")
        #expect(found == numerator && of == denominator, "\(String(describing: found)) из \(String(describing: of))")
    }

    /// Both points in one row («Отметка (декабрь)», «Отметка (март)»): one input, the points
    /// as columns with `stage`, as `Surveys/student-results-both-points.yaml` has them.
    @Test func resultsWithBothPointsInARowNeedNoSecondExport() throws {
        let export = Self.root + "/Samples/student-results-march-2024.csv"
        let (text, out, _, pipeline) = try Self.draftAndRun([export], target: 0.48)
        #expect(text.contains("обе точки в строке: «Отметка (март)» — вторая"), "\(text)")
        #expect(!text.contains("вторая (итоговая) выгрузка не указана"), "\(text)")
        #expect(pipeline.contains("- {id: results, kind: results, file:"), "\(pipeline)")
        let instrument = try String(
            contentsOf: out.deletingLastPathComponent().appendingPathComponent(
                "draft/student-results-march-2024.instrument.yaml"), encoding: .utf8)
        #expect(instrument.contains("{id: before, role: mark, stage: pre, header: \"Отметка (декабрь)\"}"))
        #expect(instrument.contains("{id: after, role: mark, stage: post, header: \"Отметка (март)\"}"))
        #expect(instrument.contains("#   \"Отметка по журналу\" — mark"), "the third mark column is listed, not bound")
        let (found, of) = try Self.figures(out, "improved_students")
        #expect((of ?? 0) > 0 && (found ?? 0) > 0, "\(String(describing: found)) из \(String(describing: of))")
    }

    @Test func theSurveyKindIsStillGuessedForTheNovemberSample() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let draft = try ShnorProcess.run([
            "draft", Self.sample("november-satisfaction-2023.csv"), "--register", Self.root + "/Surveys/schools.yaml",
            "--out", folder.path,
        ])
        #expect(draft.status == 0, "\(draft.stderr)")
        #expect(draft.text.contains("Вид выгрузки: survey — анкета (опрос) (уверенно"), "\(draft.text)")
    }
}
