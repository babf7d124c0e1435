import Foundation
import Testing

/// Measures on questions as exports have them (issue 21, point 3): one row of a grid, a
/// threshold on a numeric scale, and a clear refusal of `top` on a scale without an order.
@Suite("Survey measures on grid rows and numeric scales", .serialized)
struct SurveyMeasuresTests {
    static let root = ShnorProcess.packageRoot.path

    /// The shipped November pipeline with `edit` applied, in `folder`.
    static func november(in folder: URL, edit: (String) -> String) throws -> URL {
        try CataloguePipelineTests.pipeline(in: folder, export: nil, edit)
    }

    /// A measure on the grid's row «Семинары» gives that row's top-two share in the grid's table.
    @Test func aMeasureOnOneRowOfAGrid() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try Self.november(in: folder) {
            $0.replacingOccurrences(
                of: "  - id: coverage\n",
                with: """
                      - id: seminars
                        kind: top_box
                        label: Доля оценивших семинары как полезные
                        item: usefulness[Семинары]
                        population: programme
                      - id: coverage

                    """)
        }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json")))
                as? [String: Any])
        let measures = try #require(results["measures"] as? [[String: Any]])
        let seminars = try #require(measures.first { $0["id"] as? String == "seminars" })
        let tables = try #require(results["tables"] as? [[String: Any]])
        let usefulness = try #require(tables.first { $0["id"] as? String == "usefulness" })
        let columns = try #require(usefulness["columns"] as? [String])
        let row = try #require((usefulness["rows"] as? [[Any]])?.first { $0.first as? String == "Семинары" })
        let substantiveColumn = try #require(columns.firstIndex(of: "substantive"))
        let substantive = try #require(row[substantiveColumn] as? Int)
        let top = try #require(columns.firstIndex(of: "Скорее полезно"))
        let topTwo = (row[top] as? Int ?? 0) + (row[top + 1] as? Int ?? 0)
        #expect(seminars["numerator"] as? Int == topTwo)
        #expect(seminars["denominator"] as? Int == substantive)
        #expect((seminars["definition"] as? String)?.contains("«Скорее полезно» или «Очень полезно»") == true)
    }

    /// `min: 7` on a 0–10 rating counts the answers 7 to 10.
    @Test func aThresholdOnANumericScale() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let ratings = [10, 9, 7, 7, 6, 5, 3, 8, 0, 7, 9, 4]
        var rows = ["Школа;Оценка"]
        for rating in ratings { rows.append("СОШ № 2;\(rating)") }
        rows.append("СОШ № 2;не знаю")
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent("ratings.csv"))
        let categories = (0...10).map { "      - label: \"\($0)\"" }.joined(separator: "\n")
        try Data(
            """
            instrument: ratings
            scales:
              rating:
                categories:
            \(categories)
                non_substantive:
                  - label: Не знаю
            columns:
              - {id: school, role: school, header: Школа}
              - {id: rating, role: item, label: Оценка методической помощи, header: Оценка, scale: rating}
            """.utf8
        ).write(to: folder.appendingPathComponent("instrument.yaml"))
        try Data(
            """
            pipeline: ratings
            title: Оценки
            period: 2024-05
            register: \(Self.root)/Surveys/schools.yaml
            inputs:
              - {id: survey, kind: responses, file: ratings.csv, instrument: instrument.yaml}
            cleaning: {duplicates: keep_all}
            measures:
              - {id: high, kind: top_box, label: Доля высоких оценок, item: rating, min: 7, population: all}
            note: {template: \(Self.root)/Pipelines/november-satisfaction.note.md}
            """.utf8
        ).write(to: folder.appendingPathComponent("pipeline.yaml"))
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("pipeline.yaml").path, "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json")))
                as? [String: Any])
        let high = try #require((results["measures"] as? [[String: Any]])?.first)
        #expect(high["numerator"] as? Int == ratings.filter { $0 >= 7 }.count)
        #expect(high["denominator"] as? Int == ratings.count, "«не знаю» is not substantive")
        #expect((high["definition"] as? String)?.contains("не менее 7 по шкале вопроса") == true)
    }

    @Test(
        "a top-box measure the scale cannot carry is refused",
        arguments: [
            (
                "    item: overall\n    top: 2", "    item: position\n    top: 2",
                "item «position» — не вопрос со шкалой (role: item)"
            ),
            (
                "    item: overall\n    top: 2", "    item: usefulness[Лекции]\n    top: 2",
                "в вопросе «usefulness» нет строки «Лекции»"
            ),
            ("    item: overall\n    top: 2", "    item: overall\n    min: 3", "min/max требуют шкалы из чисел"),
            ("    item: overall\n    top: 2", "    item: overall\n    top: 4", "доля была бы всегда 0 или 100 %"),
        ])
    func refused(find: String, replace: String, message: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try Self.november(in: folder) {
            #expect($0.contains(find))
            return $0.replacingOccurrences(of: find, with: replace)
        }
        let result = try ShnorProcess.run(["validate", pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// An unordered scale has no highest categories.
    @Test func topOnAnUnorderedScaleNamesTheCause() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let instrument = try String(contentsOfFile: Self.root + "/Surveys/november-satisfaction.yaml", encoding: .utf8)
            .replacingOccurrences(
                of: "  satisfaction:            # категории — от низшей к высшей\n",
                with: "  satisfaction:\n    ordered: false\n")
        #expect(instrument.contains("  satisfaction:\n    ordered: false\n"))
        let instrumentURL = folder.appendingPathComponent("instrument.yaml")
        try Data(instrument.utf8).write(to: instrumentURL)
        let pipeline = try Self.november(in: folder) {
            $0.replacingOccurrences(of: Self.root + "/Surveys/november-satisfaction.yaml", with: instrumentURL.path)
        }
        let result = try ShnorProcess.run(["validate", pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("не упорядочена (ordered: false)"), "\(result.stderr)")
    }
}
