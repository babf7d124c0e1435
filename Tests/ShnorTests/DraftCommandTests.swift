import Foundation
import Testing

/// `shnor draft` (issue 21, point 1): from a survey export to a pipeline that runs, with only
/// the edits the draft marks for the analyst; the headline equals the shipped pipeline's.
@Suite("shnor draft, end to end", .serialized)
struct DraftCommandTests {
    static let root = ShnorProcess.packageRoot.path
    static let sample = root + "/Surveys/samples/november-satisfaction-2023.csv"

    /// The shipped November pipeline's headline: numerator, denominator.
    static func shippedHeadline() throws -> (Int, Int) {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("shipped")
        let run = try ShnorProcess.run(["run", root + "/Pipelines/november-satisfaction.yaml", "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        let measure = try Self.measure(out, "satisfied_teachers")
        return (try #require(measure["numerator"] as? Int), try #require(measure["denominator"] as? Int))
    }

    static func measure(_ out: URL, _ id: String) throws -> [String: Any] {
        let results = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("results.json")))
        let measures = (results as? [String: Any])?["measures"] as? [[String: Any]] ?? []
        return try #require(measures.first { $0["id"] as? String == id })
    }

    /// Drafts `export` into a folder, makes the marked edit (the target), runs; the headline.
    static func draftAndRun(_ export: String) throws -> (text: String, headline: [String: Any], note: String) {
        let folder = try ShnorProcess.temporaryFolder()
        let draftFolder = folder.appendingPathComponent("draft")
        let draft = try ShnorProcess.run([
            "draft", export, "--register", root + "/Surveys/schools.yaml", "--out", draftFolder.path,
        ])
        #expect(draft.status == 0, "\(draft.stderr)")
        let name = ((export as NSString).lastPathComponent as NSString).deletingPathExtension
        let pipelineURL = draftFolder.appendingPathComponent(name + ".pipeline.yaml")
        var pipeline = try String(contentsOf: pipelineURL, encoding: .utf8)
        #expect(pipeline.contains("ЗАДАЙТЕ"), "the draft marks what the analyst decides")
        // The one edit the draft asks for: the headline's target.
        pipeline = pipeline.replacingOccurrences(of: "    # target: 0.78", with: "    target: 0.78")
        try Data(pipeline.utf8).write(to: pipelineURL)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipelineURL.path, "--out", out.path, "--threads", "1"])
        #expect(run.completed, "\(run.stderr)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        return (draft.text, try Self.measure(out, "headline"), note)
    }

    @Test func theSampleDraftedAndRunGivesTheShippedHeadline() throws {
        let (numerator, denominator) = try Self.shippedHeadline()
        let (text, headline, note) = try Self.draftAndRun(Self.sample)
        for role in [
            "→ timestamp", "→ respondent", "→ school", "→ position", "→ item", "→ grid", "→ choices", "→ text",
        ] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        #expect(text.contains("не распознано: «Удовлетворена частично»"), "an unknown spelling is listed, not guessed")
        #expect(headline["numerator"] as? Int == numerator)
        #expect(headline["denominator"] as? Int == denominator)
        #expect(headline["target"] as? Double == 0.78)
        #expect(note.contains("\(numerator) из \(denominator)"), "\(note)")
    }

    /// The same export with its columns in reverse order and named in other words.
    @Test func shuffledAndRenamedColumnsAreStillBound() throws {
        let (numerator, denominator) = try Self.shippedHeadline()
        var rows = referenceRows(try String(contentsOfFile: Self.sample, encoding: .utf8), delimiter: ",")
            .filter { $0.count > 1 }
        let renamed = [
            "Отметка времени": "Время создания", "Фамилия, имя, отчество": "ФИО педагога",
            "Образовательная организация": "Ваша школа", "Должность": "Ваша должность",
        ]
        rows[0] = rows[0].map { header in
            if header.hasPrefix("Насколько вы в целом") { return "Удовлетворены ли вы методической помощью в целом?" }
            return renamed[header] ?? header
        }
        let reversed = rows.map { Array($0.reversed()) }
        let folder = try ShnorProcess.temporaryFolder()
        let export = folder.appendingPathComponent("renamed.csv")
        let csv =
            reversed.map { row in
                row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";")
            }.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: export)
        let (text, headline, _) = try Self.draftAndRun(export.path)
        for role in ["«Время создания» → timestamp", "«ФИО педагога» → respondent", "«Ваша школа» → school"] {
            #expect(text.contains(role), "\(role): \(text)")
        }
        #expect(headline["numerator"] as? Int == numerator)
        #expect(headline["denominator"] as? Int == denominator)
    }

    @Test func aDraftNeverOverwritesFiles() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let arguments = ["draft", Self.sample, "--register", Self.root + "/Surveys/schools.yaml", "--out", folder.path]
        #expect(try ShnorProcess.run(arguments).status == 0)
        let again = try ShnorProcess.run(arguments)
        #expect(again.status == 3, "\(again.stderr)")
        #expect(again.stderr.contains("уже есть: черновик не перезаписывает файлы"), "\(again.stderr)")
    }
}
