import Foundation
import Testing

/// The built-in справка read as the head of an office who signs it: every note of the samples —
/// each shipped pipeline without its templates, and each `shnor draft` of a sample export run
/// as drafted (no target, no `document:`) and with its target set — has no empty section, no
/// template key or code word left, no statistics jargon before the appendix «Методика», and
/// the wordings fixed one by one stay fixed.
@Suite("Built-in notes worded for signing, end to end", .serialized)
struct BuiltInNoteWordingTests {
    static let root = ShnorProcess.packageRoot

    /// The note.md files under `out`, by `prefix` and their path inside it.
    static func notes(in out: URL, prefix: String) throws -> [String: String] {
        let paths =
            FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix("note.md") } ?? []
        var notes: [String: String] = [:]
        for path in paths {
            notes["\(prefix) \(path)"] = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
        }
        return notes
    }

    /// The shipped pipeline `name` without its templates, run; its built-in notes.
    static func shippedWithoutTemplates(_ name: String) throws -> [String: String] {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run([
            "run", try BuiltInNoteTests.withoutTemplates(name, into: folder).path, "--out", out.path,
        ])
        #expect(run.completed, "\(name): \(run.stderr)")
        return try notes(in: out, prefix: name)
    }

    /// `shnor draft` of `exports`, run as drafted: no target, no `document:`.
    static func draftedAsIs(_ exports: [String], name: String) throws -> [String: String] {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let draftFolder = folder.appendingPathComponent("draft")
        let draft = try ShnorProcess.run(
            ["draft"] + exports + ["--register", root.path + "/Surveys/schools.yaml", "--out", draftFolder.path])
        #expect(draft.status == 0, "\(draft.stderr)")
        let pipeline = try #require(
            try FileManager.default.contentsOfDirectory(atPath: draftFolder.path).first {
                $0.hasSuffix(".pipeline.yaml")
            })
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run([
            "run", draftFolder.appendingPathComponent(pipeline).path, "--out", out.path, "--threads", "1",
        ])
        #expect(run.completed, "\(name): \(run.stderr)")
        return try notes(in: out, prefix: "\(name) (черновик, без цели)")
    }

    /// The sample exports `shnor draft` is shown on, by kind, and a target to set.
    static let drafts: [(name: String, exports: [String], target: Double)] = [
        ("survey", ["november-satisfaction-2023.csv"], 0.78),
        ("self-assessment", ["self-assessment-start-2023.csv", "self-assessment-end-2024.csv"], 0.2),
        ("results", ["results-autumn-2023.csv", "results-march-2024.csv"], 0.48),
        ("observation", ["lesson-observation-2023-10.csv", "lesson-observation-2024-05.csv"], 0.2),
        ("register", ["staff-register-2024.csv"], 0.8),
    ]

    /// Every built-in note of the samples, by where it came from; computed once.
    static let all: Result<[String: String], any Error> = Result {
        var notes: [String: String] = [:]
        for name in [
            "november-satisfaction", "self-assessment", "march-2024-results", "may-observation",
            "programme-indicators",
        ] {
            notes.merge(try shippedWithoutTemplates(name)) { first, _ in first }
        }
        for draft in drafts {
            let exports = draft.exports.map(DraftKindsTests.sample)
            notes.merge(try draftedAsIs(exports, name: draft.name)) { first, _ in first }
            let withTarget = try DraftKindsTests.draftAndRun(exports, target: draft.target)
            notes.merge(try Self.notes(in: withTarget.out, prefix: "\(draft.name) (черновик, с целью)")) {
                first, _ in first
            }
        }
        return notes
    }

    static func note(_ key: String) throws -> String {
        let notes = try all.get()
        return try #require(notes[key], "no note \(key) among \(notes.keys.sorted())")
    }

    /// What a signed справка must not have; each problem with the line it is on.
    static func problems(_ note: String) -> [String] {
        let text = note.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
        let lines = text.components(separatedBy: "\n")
        let content = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        var problems: [String] = []
        func level(_ line: String) -> Int? {
            let hashes = line.prefix { $0 == "#" }.count
            return hashes > 0 && line.dropFirst(hashes).hasPrefix(" ") ? hashes : nil
        }
        for (index, line) in content.enumerated() {
            guard let own = level(line) else { continue }
            guard index + 1 < content.count else {
                problems.append("a heading followed by nothing: \(line)")
                continue
            }
            if let next = level(content[index + 1]), next <= own {
                problems.append("an empty section: \(line) → \(content[index + 1])")
            }
        }
        let appendix = lines.firstIndex { $0.hasPrefix("## Приложение") } ?? lines.count
        // The run's warnings stand above the note to be dealt with before it is signed, in the
        // words of the run's summary (the shipped notes print them the same way).
        let warnings = lines.firstIndex { $0.hasPrefix("**Внимание.**") }.map { start in
            start..<(lines[start...].firstIndex { $0.hasPrefix("## ") } ?? lines.count)
        }
        for (index, line) in lines.enumerated() {
            if line.contains("{{") || line.contains("}}") { problems.append("a template key: \(line)") }
            if line.contains(" — .") || line.contains(" — ;") { problems.append("a list with nothing: \(line)") }
            if line.contains("?:") { problems.append("a question with a colon: \(line)") }
            if line.trimmingCharacters(in: .whitespaces).range(of: #"^([-*]|\d+\.)$"#, options: .regularExpression)
                != nil
            {
                problems.append("an empty list item at line \(index + 1)")
            }
            // Reason codes and keys of the pipeline file (`not_staff`, `test_submission`).
            if let code = line.range(of: #"\b[a-z]+(_[a-z]+)+\b"#, options: .regularExpression),
                !line.hasPrefix("![")
            {
                problems.append("a code word «\(line[code])»: \(line)")
            }
            if line.range(of: #"[А-Яа-яЁё]-[a-z]+-\d{4}|«[a-z0-9-]*[a-z][a-z0-9-]*»"#, options: .regularExpression)
                != nil
            {
                problems.append("a file name for a title: \(line)")
            }
            // Before the appendix, the main text (tables apart) says «с учётом погрешности».
            guard index < appendix, !line.hasPrefix("|"), warnings?.contains(index) != true else { continue }
            for jargon in ["95 %", "p =", "p-", "доверительн", "ердикт", "Мак-Немар", "Уилсон", "mid-p"]
            where line.contains(jargon) {
                problems.append("«\(jargon)» before the appendix: \(line)")
            }
            let unabbreviated = line.replacingOccurrences(
                of: #"(?<![А-Яа-яЁё])(г|гг|п|р|с|ул|д|им|тел|см|др|т|ч|е)\."#, with: "", options: .regularExpression)
            if unabbreviated.range(of: #"[.?!] [а-яё]"#, options: .regularExpression) != nil {
                problems.append("a sentence in lower case: \(line)")
            }
        }
        // One sentence twice in a row (a heading repeated as a caption, a list item per school).
        for (index, line) in content.enumerated() where index > 0 {
            let previous = content[index - 1]
            if let own = level(previous),
                line == previous.dropFirst(own + 1).replacingOccurrences(
                    of: #"^\d+(\.\d+)*\. "#, with: "", options: .regularExpression) + ":"
            {
                problems.append("a heading repeated as its caption: \(line)")
            }
            if line.hasPrefix("- "), previous.hasPrefix("- "),
                let colon = line.firstIndex(of: ":"),
                line[..<colon] == previous.prefix(upTo: previous.firstIndex(of: ":") ?? previous.endIndex)
            {
                problems.append("one list item per group: \(line)")
            }
        }
        return problems
    }

    @Test func everyBuiltInNoteOfTheSamplesReadsAsASignedSpravka() throws {
        let notes = try Self.all.get()
        // 6 notes of the shipped pipelines, 2 × 6 of the drafts.
        #expect(notes.count == 18, "\(notes.keys.sorted())")
        for (name, note) in notes.sorted(by: { $0.key < $1.key }) {
            let problems = Self.problems(note)
            #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
        }
    }

    /// The check itself: each kind of problem the notes once had is found.
    @Test func theCheckFindsWhatTheNotesOnceHad() {
        let once = [
            "## 6. Управленческие решения\n\n## Приложение. Методика\n\nТекст.",
            "## 1. Цель\n\nЦель — {{goal}}.",
            "Целевой показатель достигнут: 95 % доверительный интервал содержит целевое значение.",
            "Доля — 22,4 %. изменение статистически незначимо (p = 0,585).",
            "### 4.2. Оценка полезности мероприятий\n\nОценка полезности мероприятий:",
            "- Ниже 60 %: СОШ п. Восточный — 57,1 %.\n- Ниже 60 %: СОШ с. Кошай — 59,9 %.",
            "Респонденты заполняли электронную анкету «november-satisfaction-2023».",
            "Работники not_staff не учтены.",
            "**Внимание.** Разберите:\n\n- 1 ответ не по шкале\n\n## 1. Цель\n\nДоля — 22,4 %; вердикт под сомнением.",
            "Насколько вы удовлетворены?:\n\n| a |",
            "Список:\n\n- \n\nКонец.",
            "- Область «Мотивация»: затруднения отметили 55,6 % педагогов; формы поддержки — .",
        ]
        for text in once { #expect(!Self.problems(text).isEmpty, "\(text)") }
        #expect(Self.problems("## 1. Цель\n\nС учётом погрешности — в пределах 68,4–86,9 %, р.п. Сосьва.").isEmpty)
    }

    @Test func theSurveyNamesItsSchoolsOnceAndItsHeadingsAreNotRepeated() throws {
        let note = try Self.note("november-satisfaction note.md")
        #expect(!note.contains("из 5 из 5"))
        #expect(
            note.contains(
                "Из учтённых 81 респондент\u{00A0}— из школ\u{00A0}— участниц программы (школ программы, откуда получены анкеты: 5 из 5)."
            ))
        #expect(!note.contains("### 4.2. Оценка полезности мероприятий\n\nОценка полезности мероприятий:"))
        #expect(!note.contains("Вердикт"))
        #expect(note.contains("но в пределах погрешности: доля может оказаться и ниже целевого значения."))
        // The appendix still names the method.
        #expect(note.contains("95 % доверительным интервалом, рассчитанным методом Уилсона"))
    }

    @Test func aDraftedInstrumentIsNotNamedByItsFile() throws {
        let note = try Self.note("survey (черновик, без цели) note.md")
        #expect(!note.contains("«november-satisfaction-2023»"))
        #expect(note.contains("Респонденты заполняли электронную анкету. Справка обобщает ответы на вопросы:"))
        let observation = try Self.note("observation (черновик, без цели) note.md")
        #expect(observation.contains("Уроки педагогов посещены дважды по единому протоколу; каждый критерий"))
    }

    @Test func aChangeWithoutATargetIsASentenceOfItsOwnWithoutItsPValue() throws {
        let change = try Self.note("self-assessment (черновик, без цели) change/note.md")
        #expect(
            change.contains(
                "(17 из 76 педагогов; с учётом погрешности — в пределах 14,5–32,9\u{00A0}%). Изменение может быть случайным: затруднения снизились у 17 педагогов, выросли у 13 педагогов."
            ))
        let observation = try Self.note("observation (черновик, без цели) note.md")
        #expect(
            observation.contains("). Изменение неслучайно: качество выросло у 28 педагогов, снизилось у 9 педагогов."))
        let withTarget = try Self.note("self-assessment change/note.md")
        #expect(withTarget.contains("; изменение может быть случайным: затруднения снизились у 17 педагогов"))
        #expect(withTarget.contains("Затруднения выросли у 13 педагогов (17,1\u{00A0}%)"))
    }

    @Test func anAreaWithoutSupportFormatsNamesNone() throws {
        let start = try Self.note("self-assessment (черновик, без цели) start/note.md")
        #expect(!start.contains("формы поддержки — ."))
        #expect(
            start.contains(
                "- Область «Формирование функциональной грамотности»: затруднения отметили 64,4\u{00A0}% педагогов.")
        )
    }

    @Test func theObservationListsItsSchoolsAndBlocksBelowTheThresholdOnce() throws {
        let note = try Self.note("may-observation note.md").replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(
            note.contains(
                "- Средняя доля от максимума во второй волне ниже 60 % в школах: СОШ п. Восточный — 57,1 %; СОШ с. Кошай — 59,9 %."
            ))
        #expect(
            note.contains(
                "- Ниже 60 % от максимума во второй волне блоки протокола: «Организация деятельности» — 56,0 %; «Дифференциация» — 56,7 %."
            ))
    }

    @Test func theIndicatorsReportSaysADocumentIsThereAndEndsItsSchoolList() throws {
        let note = try Self.note("programme-indicators note.md").replacingOccurrences(of: "\u{00A0}", with: " ")
        #expect(!note.contains("при целевом значении наличие"))
        #expect(
            note.contains(
                "- Достигнут показатель 1 «Наличие целевой модели системы методического сопровождения ШНОР»: имеется."))
        #expect(note.contains("ООШ п. Пасынок — 85,7 % (6 из 7); им нужна адресная помощь."))
        #expect(
            note.contains(
                "- 14. Доля обучающихся ШНОР, повысивших образовательные результаты: с учётом погрешности (в пределах 43,9–49,9 %) доля может оказаться по другую сторону от целевого значения."
            ))
        #expect(note.contains("изменение может быть случайным: улучшение у 17, ухудшение у 13;"))
    }
}
