import Foundation
import Testing

/// Exports whose multiple-choice answers spill onto rows below with the respondent left empty
/// (issue 21, point 4): with `continuation_rows: fold` each such row joins the submission above
/// it, is booked as joined, and neither counts as a submission nor as a rejected one.
@Suite("Continuation rows folded into the submission above", .serialized)
struct ContinuationRowsTests {
    static let root = ShnorProcess.packageRoot.path
    static let options = [
        "Семинары, вебинары", "Индивидуальные консультации", "Методический день в школе",
        "Наставничество, менторство", "Сетевые мероприятия с успешной школой",
    ]

    /// `respondents` submissions of a Yandex Forms–like export, each with its chosen forms on its
    /// own row and on continuation rows below; returns the rows and each option's choosers.
    static func export(respondents: Int, orphanFirst: Bool = false) -> (text: String, chosen: [Int], rows: Int) {
        var lines = ["Время;ФИО;Школа;Удовлетворённость;Какие формы помощи"]
        if orphanFirst { lines.append(";;;;Семинары, вебинары") }
        var chosen = [Int](repeating: 0, count: options.count)
        let answers = ["Полностью удовлетворён(а)", "Скорее удовлетворён(а)", "Скорее не удовлетворён(а)"]
        for number in 0..<respondents {
            let picks = (0..<options.count).filter { (number + $0 * 3) % 4 != 0 }.prefix(1 + number % 3)
            let first = picks.first ?? 0
            lines.append(
                "20.11.2023 10:\(String(format: "%02d", number % 60));Педагог \(number) Тестович;СОШ № 2;\(answers[number % 3]);\(options[first])"
            )
            for pick in picks.dropFirst() { lines.append(";;;;\(options[pick])") }
            for pick in picks { chosen[pick] += 1 }
        }
        return (lines.joined(separator: "\n") + "\n", chosen, lines.count - 1)
    }

    static func pipeline(in folder: URL, export: String, fold: Bool) throws -> URL {
        try Data(export.utf8).write(to: folder.appendingPathComponent("export.csv"))
        let options = Self.options.map { "      - \($0)" }.joined(separator: "\n")
        try Data(
            """
            instrument: forms
            \(fold ? "continuation_rows: fold" : "")
            scales:
              satisfaction:
                categories:
                  - label: Совсем не удовлетворён(а)
                  - label: Скорее не удовлетворён(а)
                  - label: Скорее удовлетворён(а)
                  - label: Полностью удовлетворён(а)
            columns:
              - {id: submitted, role: timestamp, header: Время}
              - {id: name, role: respondent, header: ФИО}
              - {id: school, role: school, header: Школа}
              - {id: overall, role: item, label: Удовлетворённость, header: Удовлетворённость, scale: satisfaction}
              - id: forms
                role: choices
                label: Полезные формы помощи
                header: Какие формы помощи
                options:
            \(options)
            """.utf8
        ).write(to: folder.appendingPathComponent("instrument.yaml"))
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(
            """
            pipeline: forms
            title: Формы помощи
            period: 2023-11
            register: \(Self.root)/Surveys/schools.yaml
            inputs:
              - {id: survey, kind: responses, file: export.csv, instrument: instrument.yaml}
            cleaning: {duplicates: keep_latest, max_reject_rate: 0.2}
            measures:
              - {id: satisfied, kind: top_box, label: Доля удовлетворённых, item: overall, population: all}
            tables:
              - {id: forms, kind: choices, label: Полезные формы помощи, column: forms, population: all}
            note: {template: \(Self.root)/Pipelines/november-satisfaction.note.md}
            """.utf8
        ).write(to: url)
        return url
    }

    static func table(_ out: URL, _ id: String) throws -> [[Any]] {
        let results = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("results.json")))
        let tables = (results as? [String: Any])?["tables"] as? [[String: Any]] ?? []
        return try #require(tables.first { $0["id"] as? String == id }?["rows"] as? [[Any]])
    }

    @Test func continuationRowsJoinTheSubmissionAbove() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let (text, chosen, rows) = Self.export(respondents: 8)
        #expect(rows == 8 + chosen.reduce(0, +) - 8, "one row per chosen form")
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run([
            "run", try Self.pipeline(in: folder, export: text, fold: true).path, "--out", out.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let forms = try Self.table(out, "forms")
        #expect(forms.map { $0[1] as? Int } == chosen.map { $0 }, "\(forms)")
        let satisfied = try #require(
            ((try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json")))
                as? [String: Any])?["measures"] as? [[String: Any]])?.first)
        #expect(satisfied["denominator"] as? Int == 8, "8 submissions, not \(rows) rows")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"continuation_folded\" : \(rows - 8)"), "\(manifest)")
        let rejects = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        #expect(
            rejects.contains(";4;continuation_folded;строка-продолжение: ответы присоединены к анкете строки 3;"),
            "\(rejects)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("Получено 8 анкет"), "\(note)")
        #expect(!note.contains("continuation_folded"))
    }

    /// Without the option the same export loses its continuation rows as rows without a school
    /// — and the run says so with exit status 1, as the reject rate is over the limit.
    @Test func withoutTheOptionTheRowsAreRejectedAndTheRunFails() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let (text, _, rows) = Self.export(respondents: 8)
        let run = try ShnorProcess.run([
            "run", try Self.pipeline(in: folder, export: text, fold: false).path, "--out",
            folder.appendingPathComponent("out").path,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("не учтено \(rows - 8) из \(rows) анкет"), "\(run.stderr)")
    }

    /// A continuation row at the top of the file has no submission to join: rejected, named.
    @Test func aContinuationRowWithNothingAboveIsRejected() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let (text, _, _) = Self.export(respondents: 8, orphanFirst: true)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run([
            "run", try Self.pipeline(in: folder, export: text, fold: true).path, "--out", out.path,
        ])
        #expect(run.completed, "\(run.stderr)")
        let rejects = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        #expect(rejects.contains(";2;orphan_continuation;"), "\(rejects)")
    }
}
