import Foundation
import Testing

/// A note shows its measures beside the same measures of earlier periods from the history
/// (issue 19, dynamics): same pipeline, same measure, same definition; the change is worked out
/// from the printed figures.
@Suite("Dynamics from the history, end to end", .serialized)
struct NoteDynamicsTests {
    static let root = ShnorProcess.packageRoot.path

    /// The shipped November pipeline for `period`, reading `export`, with `edit` applied.
    static func pipeline(period: String, export: String, in folder: URL, edit: (String) -> String = { $0 }) throws
        -> URL
    {
        let text = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
            .replacingOccurrences(of: "period: 2023-11", with: "period: \(period)")
            .replacingOccurrences(of: "../Surveys/samples/november-satisfaction-2023.csv", with: export)
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "november-satisfaction.note.md", with: root + "/Pipelines/november-satisfaction.note.md")
        let url = folder.appendingPathComponent("pipeline-\(period).yaml")
        try Data(edit(text).utf8).write(to: url)
        return url
    }

    static func measure(_ out: URL, _ id: String) throws -> [String: Any] {
        let results = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("results.json")))
        let measures = (results as? [String: Any])?["measures"] as? [[String: Any]] ?? []
        return try #require(measures.first { $0["id"] as? String == id })
    }

    /// «79,2 %» as the note prints a share.
    static func percent(_ numerator: Int, _ denominator: Int) -> Double {
        (Double(numerator) / Double(denominator) * 1000).rounded() / 10
    }

    @Test func aSecondPeriodShowsTheFirstBesideItWithTheChangeFromThePrintedFigures() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let sample = Self.root + "/Surveys/samples/november-satisfaction-2023.csv"
        // The year before: the same export with every «Полностью удовлетворен» turned to «Скорее не».
        let lastYear = folder.appendingPathComponent("november-2022.csv")
        let text = try String(contentsOfFile: sample, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Полностью удовлетворен(а)", with: "Скорее не удовлетворен(а)").utf8)
            .write(to: lastYear)
        let first = folder.appendingPathComponent("2022")
        let second = folder.appendingPathComponent("2023")
        let runs = [
            try ShnorProcess.run([
                "run", try Self.pipeline(period: "2022-11", export: lastYear.path, in: folder).path, "--out",
                first.path,
            ]),
            try ShnorProcess.run([
                "run", try Self.pipeline(period: "2023-11", export: sample, in: folder).path, "--out", second.path,
            ]),
        ]
        for run in runs { #expect(run.completed, "\(run.stderr)") }
        let before = try Self.measure(first, "satisfied_teachers")
        let after = try Self.measure(second, "satisfied_teachers")
        let (b, bn) = (try #require(before["numerator"] as? Int), try #require(before["denominator"] as? Int))
        let (a, an) = (try #require(after["numerator"] as? Int), try #require(after["denominator"] as? Int))
        #expect(b != a, "the two periods differ")
        let change = Self.percent(a, an) - Self.percent(b, bn)
        let changeText =
            (change > 0 ? "+" : change < 0 ? "−" : "")
            + String(format: "%.1f", abs(change)).replacingOccurrences(of: ".", with: ",") + "\u{00A0}п.\u{00A0}п."
        let note = try String(contentsOf: second.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("### 4.5. Динамика по сравнению с прошлыми периодами"), "\(note)")
        #expect(note.contains("| ноябрь 2022\u{00A0}г. |"), "\(note)")
        #expect(note.contains("\(b) из \(bn) |  |"))
        #expect(note.contains("\(a) из \(an) | \(changeText) |"), "\(changeText)")
        // The first period has nothing before it.
        let firstNote = try String(contentsOf: first.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(!firstNote.contains("### Динамика"))
        // The HTML note carries the chart with its target line.
        let html = try String(contentsOf: second.appendingPathComponent("note.html"), encoding: .utf8)
        #expect(html.contains("по периодам"))
    }

    /// A measure counted another way (top box of one category instead of two) is another figure:
    /// no dynamics.
    @Test func anotherDefinitionIsNotCompared() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let sample = Self.root + "/Surveys/samples/november-satisfaction-2023.csv"
        let first = folder.appendingPathComponent("2022")
        let second = folder.appendingPathComponent("2023")
        let oneCategory = try Self.pipeline(period: "2022-11", export: sample, in: folder) {
            $0.replacingOccurrences(of: "top: 2", with: "top: 1")
        }
        #expect(try String(contentsOf: oneCategory, encoding: .utf8).contains("top: 1"))
        #expect(try ShnorProcess.run(["run", oneCategory.path, "--out", first.path]).completed)
        let run = try ShnorProcess.run([
            "run", try Self.pipeline(period: "2023-11", export: sample, in: folder).path, "--out", second.path,
        ])
        #expect(run.completed, "\(run.stderr)")
        let note = try String(contentsOf: second.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(!note.contains("Доля педагогических работников, удовлетворённых методической помощью | ноябрь"))
    }
}
