import Foundation
import Testing

/// Pipelines without `note:` (issue 21, item 2): each analysis words a built-in справка with
/// every part the shipped notes have, its figures those of results.json; and a survey whose
/// export has no school column runs without `register:`.
@Suite("Built-in notes and pipelines without a register, end to end", .serialized)
struct BuiltInNoteTests {
    static let root = ShnorProcess.packageRoot

    /// The shipped pipeline `name` written into `folder` with absolute paths and without its
    /// notes' templates: `note:` dropped, and under `notes:` each `template:` line.
    static func withoutTemplates(_ name: String, into folder: URL) throws -> URL {
        let text = try String(contentsOf: root.appendingPathComponent("Pipelines/\(name).yaml"), encoding: .utf8)
        var lines: [Substring] = []
        var skippingNote = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("note:") {
                skippingNote = true
                continue
            }
            if skippingNote, line.hasPrefix(" ") { continue }
            skippingNote = false
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("template:") { continue }
            lines.append(line)
        }
        let yaml = lines.joined(separator: "\n").replacingOccurrences(of: "../", with: root.path + "/")
        #expect(!yaml.contains("template"), "\(name): a template left")
        let pipeline = folder.appendingPathComponent("\(name).yaml")
        try yaml.write(to: pipeline, atomically: true, encoding: .utf8)
        return pipeline
    }

    /// The measures of a results.json by id.
    static func measures(_ results: URL) throws -> [String: [String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        let list = try #require(json["measures"] as? [[String: Any]])
        return Dictionary(list.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Runs the shipped pipeline `name` and its copy without templates; checks that the copy
    /// ends as the shipped one does, publishes the same results.json, and that each note is a
    /// complete справка stating the headline `measure` as results.json has it.
    func expectBuiltInNotes(_ name: String, notes: [String], headline: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = folder.appendingPathComponent("shipped")
        let builtIn = folder.appendingPathComponent("built-in")
        let shippedRun = try ShnorProcess.run([
            "run", Self.root.appendingPathComponent("Pipelines/\(name).yaml").path, "--out", shipped.path,
        ])
        let run = try ShnorProcess.run([
            "run", try Self.withoutTemplates(name, into: folder).path, "--out", builtIn.path,
        ])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(run.status == shippedRun.status, "\(run.stderr)")
        // The figures do not depend on the wording.
        let results = builtIn.appendingPathComponent("results.json")
        #expect(
            try Data(contentsOf: results) == Data(contentsOf: shipped.appendingPathComponent("results.json")),
            "\(name): results.json differs from the shipped pipeline's")
        let measure = try #require(try Self.measures(results)[headline])
        let numerator = try #require(measure["numerator"] as? Int)
        let denominator = try #require(measure["denominator"] as? Int)
        let share = try #require(measure["share"] as? Double)
        let label = try #require(measure["label"] as? String)
        for note in notes {
            let notePath = builtIn.appendingPathComponent(note.isEmpty ? "note.md" : "\(note)/note.md")
            try SpravkaTests.expectCompleteSpravka(note: notePath, results: results)
            for format in ["note.html", "note.docx"] {
                #expect(
                    FileManager.default.fileExists(
                        atPath: notePath.deletingLastPathComponent().appendingPathComponent(format).path),
                    "\(name) \(note): \(format)")
            }
            guard note != "start" else { continue }
            let text = SpravkaTests.plain(try String(contentsOf: notePath, encoding: .utf8))
            #expect(text.contains(label), "\(name): the headline's label")
            #expect(text.contains("**\(SpravkaTests.percent(share))**"), "\(name): the headline's share")
            #expect(text.contains("\(numerator) из \(denominator)"), "\(name): the headline's counts")
        }
    }

    @Test func theNovemberSurveyWithoutANoteWordsACompleteNote() throws {
        try expectBuiltInNotes("november-satisfaction", notes: [""], headline: "satisfied_teachers")
    }

    @Test func theSelfAssessmentWithoutTemplatesWordsBothNotes() throws {
        try expectBuiltInNotes("self-assessment", notes: ["start", "change"], headline: "improved_teachers")
    }

    @Test func theStudentResultsWithoutANoteWordACompleteNote() throws {
        try expectBuiltInNotes("march-2024-results", notes: [""], headline: "improved_students")
    }

    @Test func theLessonObservationWithoutANoteWordsACompleteNote() throws {
        try expectBuiltInNotes("may-observation", notes: [""], headline: "observed_improved_teachers")
    }

    @Test func theIndicatorsReportWithoutANoteWordsACompleteNote() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shipped = try IndicatorsPipelineTests.prepare(folder)
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let builtIn = folder.appendingPathComponent("indicators-built-in.yaml")
        try text.split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("note:") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("template:")
        }.joined(separator: "\n").write(to: builtIn, atomically: true, encoding: .utf8)
        #expect(try !String(contentsOf: builtIn, encoding: .utf8).contains("template"))
        let shippedOut = folder.appendingPathComponent("out/shipped")
        let builtInOut = folder.appendingPathComponent("out/ind")
        let shippedRun = try ShnorProcess.run(["run", shipped.path, "--out", shippedOut.path])
        let run = try ShnorProcess.run(["run", builtIn.path, "--out", builtInOut.path])
        #expect(run.status == shippedRun.status, "\(run.stderr)")
        let results = builtInOut.appendingPathComponent("results.json")
        #expect(try Data(contentsOf: results) == Data(contentsOf: shippedOut.appendingPathComponent("results.json")))
        try SpravkaTests.expectCompleteSpravka(note: builtInOut.appendingPathComponent("note.md"), results: results)
    }

    /// `validate --save-note` writes the built-in template, which a pipeline can then name: the
    /// note it words is the built-in note, byte for byte. Existing files are not overwritten.
    @Test func theSavedBuiltInTemplateWordsTheSameNote() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = try Self.withoutTemplates("november-satisfaction", into: folder)
        let saved = folder.appendingPathComponent("templates")
        let validate = try ShnorProcess.run(["validate", pipeline.path, "--save-note", saved.path])
        #expect(validate.status == 1, "\(validate.stderr)")  // the November sample's warnings, by design
        let template = saved.appendingPathComponent("november-satisfaction.note.md")
        #expect(FileManager.default.fileExists(atPath: template.path), "\(validate.stdout)")
        let again = try ShnorProcess.run(["validate", pipeline.path, "--save-note", saved.path])
        #expect(again.status == 3)
        #expect(again.stderr.contains("\(template.path) уже есть"), "\(again.stderr)")

        let named = folder.appendingPathComponent("named.yaml")
        try (String(contentsOf: pipeline, encoding: .utf8) + "\nnote:\n  template: \(template.path)\n").write(
            to: named, atomically: true, encoding: .utf8)
        let builtInOut = folder.appendingPathComponent("built-in")
        let namedOut = folder.appendingPathComponent("named")
        _ = try ShnorProcess.run(["run", pipeline.path, "--out", builtInOut.path])
        _ = try ShnorProcess.run(["run", named.path, "--out", namedOut.path])
        for file in ["note.md", "note.html", "results.json"] {
            #expect(
                try Data(contentsOf: builtInOut.appendingPathComponent(file))
                    == Data(contentsOf: namedOut.appendingPathComponent(file)), "\(file)")
        }
    }

    /// A pipeline without `note:` is checked before its note is worded: one with no input, or
    /// without its analysis's section, is a configuration error, never a crash.
    @Test(arguments: ["survey", "self_assessment", "student_results", "lesson_observation", "indicators"])
    func aBrokenPipelineWithoutANoteIsAConfigurationError(analysis: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = folder.appendingPathComponent("empty.yaml")
        try """
        pipeline: empty
        title: Пусто
        period: 2023-11
        analysis: \(analysis)
        register: \(Self.root.path)/Surveys/schools.yaml
        inputs: []

        """.write(to: pipeline, atomically: true, encoding: .utf8)
        let run = try ShnorProcess.run(["validate", pipeline.path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("\(pipeline.path): "), "\(run.stderr)")
    }

    // MARK: - No school column, no register

    /// A questionnaire without a school column: 12 submissions, one a test, one a repeat of
    /// «Петров» (the later one counts), one «Затрудняюсь ответить»: 9 substantive answers, 7 of
    /// them in the two highest categories.
    static func schoolless(in folder: URL, pipelineEdit: (String) -> String = { $0 }) throws -> URL {
        let instrument = """
            instrument: schoolless
            title: Анкета участника семинара
            scales:
              satisfaction:
                categories: [Совсем не удовлетворён, Скорее не удовлетворён, Скорее удовлетворён, Полностью удовлетворён]
                non_substantive: [Затрудняюсь ответить]
            columns:
              - {id: submitted, role: timestamp, header: Отметка времени}
              - {id: name, role: respondent, header: ФИО}
              - {id: overall, role: item, label: Удовлетворённость семинаром, header: {prefix: Насколько вы удовлетворены}, scale: satisfaction}
              - {id: suggestions, role: text, header: Предложения, required: false}

            """
        let answers: [(String, String)] = [
            ("Иванова Анна Петровна", "Полностью удовлетворён"), ("Петров Пётр Ильич", "Совсем не удовлетворён"),
            ("Сидорова Мария Ивановна", "Скорее удовлетворён"), ("Кузнецов Олег Павлович", "Скорее не удовлетворён"),
            ("Смирнова Ольга Юрьевна", "Полностью удовлетворён"), ("Попов Иван Сергеевич", "Затрудняюсь ответить"),
            ("Васильева Нина Олеговна", "Скорее удовлетворён"), ("Тест", "Полностью удовлетворён"),
            ("Морозова Елена Викторовна", "Скорее удовлетворён"), ("Новиков Артём Ильич", "Скорее не удовлетворён"),
            ("Фёдорова Анна Игоревна", "Полностью удовлетворён"), ("Петров Пётр Ильич", "Скорее удовлетворён"),
        ]
        var csv = "Отметка времени;ФИО;Насколько вы удовлетворены семинаром?;Предложения\r\n"
        for (index, answer) in answers.enumerated() {
            csv += "2\(index / 10).11.2023 1\(index % 10):00:00;\(answer.0);\(answer.1);\r\n"
        }
        try csv.write(to: folder.appendingPathComponent("seminar.csv"), atomically: true, encoding: .utf8)
        try instrument.write(
            to: folder.appendingPathComponent("seminar.instrument.yaml"), atomically: true, encoding: .utf8)
        let pipeline = """
            pipeline: seminar
            title: О результатах анкетирования участников семинара
            period: 2023-11
            inputs:
              - {id: survey, kind: responses, file: seminar.csv, instrument: seminar.instrument.yaml}
            cleaning:
              test_markers: [тест]
            measures:
              - id: satisfied
                kind: top_box
                label: Доля участников, удовлетворённых семинаром
                item: overall
                top: 2
                target: 0.6
            tables:
              - {id: overall_items, kind: likert, label: Удовлетворённость семинаром, columns: [overall]}
              - {id: suggestions, kind: free_text, label: Предложения участников, column: suggestions}

            """
        let url = folder.appendingPathComponent("seminar.yaml")
        try pipelineEdit(pipeline).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aSurveyWithoutASchoolColumnRunsWithoutARegister() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", try Self.schoolless(in: folder).path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let measure = try #require(try Self.measures(out.appendingPathComponent("results.json"))["satisfied"])
        // 12 rows: a test and an earlier repeat left out; «Затрудняюсь» not substantive.
        #expect(measure["numerator"] as? Int == 7)
        #expect(measure["denominator"] as? Int == 9)
        #expect((measure["groups"] as? [Any])?.isEmpty ?? true)
        // Everyone counts: no school says who is of a programme school.
        #expect(!(measure["definition"] as? String ?? "").contains("участниц программы"))
        let note = SpravkaTests.plain(try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8))
        #expect(note.contains("**77,8 %** (7 из 9"), "\(note)")
        #expect(note.contains("В выгрузке анкет нет столбца школы"), "\(note)")
        #expect(!note.contains("По школам"), "\(note)")
        #expect(note.contains("## 5. Выводы"))
        #expect(note.contains("## Приложение. Методика"))
        // The books: 12 rows in, 10 counted, a test and a repeat rejected.
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        #expect(manifest["balanced"] as? Bool == true)
        let manifestText = String(decoding: try JSONSerialization.data(withJSONObject: manifest), as: UTF8.self)
        #expect(manifestText.contains("test_submission"), "\(manifestText)")
        #expect(manifestText.contains("duplicate_submission"), "\(manifestText)")
    }

    @Test func aBreakdownBySchoolWithoutASchoolColumnIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = try Self.schoolless(in: folder) {
            $0.replacingOccurrences(of: "    target: 0.6\n", with: "    target: 0.6\n    breakdowns: [school]\n")
        }
        let run = try ShnorProcess.run(["validate", pipeline.path])
        #expect(run.status == 2)
        #expect(
            run.stderr.contains(
                "показатель «satisfied»: разбивка по школе, но в инструменте анкеты нет столбца role: school"),
            "\(run.stderr)")
    }
}
