import Foundation
import Testing

/// The ВПР part compares the district's marks with published figures given as a file
/// (`results.vpr_reference`, issue 19): recomputed here from the rows written, a test below k
/// hidden, a malformed reference refused with its line and column.
@Suite("ВПР beside published figures, end to end", .serialized)
struct VPRReferenceTests {
    static let root = ShnorProcess.packageRoot.path

    /// A results pipeline with both points in a row, a ВПР export and the reference at `reference`.
    static func write(vpr: [String], reference: String, in folder: URL) throws -> URL {
        let students = (1...12).map { "\($0),СОШ № 2,5А,Математика,3,4" }
        try ResultsPipelineTests.writeBothPoints(
            ["Код,ОО,Класс,Предмет,Отметка (осень),Отметка (март)"] + students, in: folder)
        try Data(
            (["Код участника,ОО,Класс,Предмет,1,2,Первичный балл,Отметка,Отметка по журналу"] + vpr).joined(
                separator: "\n"
            ).utf8
        ).write(to: folder.appendingPathComponent("vpr.csv"))
        try Data(reference.utf8).write(to: folder.appendingPathComponent("reference.csv"))
        let pipeline =
            ResultsPipelineTests.bothPointsPipeline(
                file: "both.csv", instrument: "instrument.yaml",
                results:
                    "{improved: {by: mark, target: 0.48}, breakdowns: [school, grade], vpr_reference: reference.csv}"
            )
            .replacingOccurrences(
                of: "inputs:\n",
                with: "inputs:\n  - {id: vpr, kind: vpr, file: vpr.csv, instrument: \(root)/Surveys/vpr-results.yaml}\n"
            )
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: url)
        return url
    }

    @Test func theDistrictsSharesStandBesideThePublishedOnesAndASmallTestIsHidden() throws {
        let folder = try ShnorProcess.temporaryFolder()
        // Grade 5: 20 works — marks 2 ×3, 3 ×7, 4 ×6, 5 ×4; grade 6: 3 works (below k); grade 7:
        // 15 works, the smaller of the others, hidden beside grade 6 so it cannot be subtracted.
        let marks5 =
            Array(repeating: 2, count: 3) + Array(repeating: 3, count: 7) + Array(repeating: 4, count: 6)
            + Array(repeating: 5, count: 4)
        var rows: [String] = []
        for (index, mark) in marks5.enumerated() {
            rows.append("\(100 + index),СОШ № 2,5Б,Математика,1,1,2,\(mark),\(mark)")
        }
        for index in 0..<3 { rows.append("\(200 + index),СОШ № 2,6А,Математика,1,0,1,4,4") }
        for index in 0..<15 { rows.append("\(300 + index),СОШ № 2,7А,Математика,1,0,1,3,3") }
        let reference = """
            Предмет;Класс;Уровень;2;3;4;5
            Математика;5;Россия;10,0;40,0;35,0;15,0
            Математика;6;Россия;12,0;38,0;35,0;15,0
            Русский язык;5;Россия;9,0;41,0;35,0;15,0
            """
        let pipeline = try Self.write(vpr: rows, reference: reference, in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        // 3 of 20 got «2» (15,0 %), 10 of 20 got «4» or «5» (50,0 %); Russia: 10,0 % and 50,0 %.
        #expect(
            note.contains(
                "| Математика, 5 класс | Россия | 20 | 15,0\u{00A0}% | 10,0\u{00A0}% | +5,0\u{00A0}п.\u{00A0}п. | 50,0\u{00A0}% | 50,0\u{00A0}% | 0,0\u{00A0}п.\u{00A0}п. |"
            ), "\(note)")
        #expect(
            note.contains("| Математика, 6 класс | Россия | —¹ | —¹ | 12,0\u{00A0}% | —¹ | —¹ | 50,0\u{00A0}% | —¹ |"))
        #expect(!note.contains("Русский язык, 5 класс"), "the district wrote no Russian")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("reference.csv"), "the reference is listed among the sources")
    }

    @Test(
        "a malformed reference is refused with its line and column",
        arguments: [
            ("Предмет;Класс;Уровень;2;3;4;5\nМатематика;5;Россия;10;40;35;25", "строка 2, столбец 4", "в сумме 110,0"),
            ("Предмет;Класс;Уровень;2;3;4;5\nМатематика;15;Россия;10;40;35;15", "строка 2, столбец 2", "класс «15»"),
            ("Предмет;Класс;Уровень;2;3;4;5\nМатематика;5;Россия;много;40;35;15", "строка 2, столбец 4", "«много»"),
            ("Предмет;Класс;2;3;4;5\nМатематика;5;10;40;35;15", "строка 1", "нет столбца «Уровень»"),
        ])
    func malformedReference(text: String, place: String, fragment: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try Self.write(
            vpr: ["100,СОШ № 2,5Б,Математика,1,1,2,4,4"], reference: text, in: folder)
        let result = try ShnorProcess.run(["validate", pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("reference.csv, \(place)"), "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }
}
