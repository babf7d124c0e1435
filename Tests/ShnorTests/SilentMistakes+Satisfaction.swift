import Foundation

/// The satisfaction survey's silent mistakes of issue 17, each on a copy of the shipped
/// November pipeline with one change. The copies drop the headline's target, so that the
/// sample's own verdict (57 of 72 against 78 %, uncertain by design) does not mask the case.
extension SilentMistake {
    static let root = ShnorProcess.packageRoot.path

    /// The November pipeline with absolute paths and no target, its instrument and export
    /// optionally replaced by edited copies; returns the `shnor run` arguments.
    static func november(
        in folder: URL, pipeline edit: (String) -> String = { $0 }, instrument: ((String) -> String)? = nil,
        export: ((String) -> String)? = nil
    ) throws -> [String] {
        var text = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "    target: 0.78\n", with: "")
        if let instrument {
            let original = try String(contentsOfFile: root + "/Surveys/november-satisfaction.yaml", encoding: .utf8)
            let path = folder.appendingPathComponent("instrument.yaml").path
            try Data(instrument(original).utf8).write(to: URL(fileURLWithPath: path))
            text = text.replacingOccurrences(of: "../Surveys/november-satisfaction.yaml", with: path)
        }
        if let export {
            let original = try String(
                contentsOfFile: root + "/Surveys/samples/november-satisfaction-2023.csv", encoding: .utf8)
            let path = folder.appendingPathComponent("survey.csv").path
            try Data(export(original).utf8).write(to: URL(fileURLWithPath: path))
            text = text.replacingOccurrences(of: "../Surveys/samples/november-satisfaction-2023.csv", with: path)
        }
        text = text.replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: november-satisfaction.note.md",
                with: "template: \(root)/Pipelines/november-satisfaction.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(edit(text).utf8).write(to: url)
        return ["run", url.path, "--out", folder.appendingPathComponent("out").path]
    }

    /// The sample's one off-scale answer, which these cases do not test, is allowed.
    static func allowingTheSampleAnswer(_ text: String) -> String { text + "\nallow: [unknown_answer]\n" }

    static let satisfaction: [SilentMistake] = [
        SilentMistake(
            name: "fallback: reads unlisted positions as another category — counted and shown, not silent",
            setUp: { folder in
                try november(
                    in: folder, pipeline: allowingTheSampleAnswer,
                    instrument: { $0.replacingOccurrences(of: "synonyms: [педагог-психолог, ", with: "synonyms: [") })
            },
            status: 0,
            messages: [
                "столбец «position»: значение не из шкалы «positions» прочитано как «Другие педагогические работники»: 13"
            ],
            files: [("out/manifest.json", "\"fallback_readings\"")]),
        SilentMistake(
            name: "a breakdown's count column says what the measure counts, not «Удовлетворены»",
            setUp: { folder in
                try november(in: folder) { text in
                    allowingTheSampleAnswer(
                        text.replacingOccurrences(of: "    top: 2\n", with: "    top: 1\n"))
                }
            },
            status: 0, messages: [], files: [("out/note.md", "| Школа | В высшей категории | Всего |")]),
        SilentMistake(
            name: "a table without a population counts the measure's (180, not 120)",
            setUp: { folder in
                try november(in: folder) { text in
                    allowingTheSampleAnswer(
                        text.replacingOccurrences(
                            of: "    population: programme\n    breakdowns: [school, position]",
                            with: "    population: all\n    breakdowns: [school, position]"))
                }
            },
            // 57 + 7 of the partner school's answers, over 72 + 9: the table's count is the measure's.
            status: 0, messages: [],
            files: [("out/note.md", "| Удовлетворённость методической помощью в целом | 81 |")]),
        SilentMistake(
            name: "the school column matches nothing: empty figures are a warning, not «— (0 из 0)»",
            setUp: { folder in
                try november(
                    in: folder, pipeline: allowingTheSampleAnswer,
                    instrument: { text in
                        text.replacingOccurrences(
                            of: "    header: {prefix: Образовательная организация}",
                            with: "    header: {prefix: Номер кабинета}\n    required: false")
                    })
            },
            status: 1,
            messages: ["показатель «Доля педагогических работников, удовлетворённых методической помощью» не посчитан"],
            files: [("out/note.md", "не посчитан"), ("out/manifest.json", "\"empty_denominator\"")]),
        SilentMistake(
            name: "a scale that forgot its top category does not shift the top-2 box down a step",
            setUp: { folder in
                try november(
                    in: folder,
                    instrument: { text in
                        text.replacingOccurrences(
                            of:
                                "      - label: Полностью удовлетворён(а)\n        synonyms: [Полностью удовлетворен, Полностью удовлетворена, \"4\"]\n",
                            with: "")
                    })
            },
            status: 1, messages: ["ответов не из шкалы вопроса", "«Полностью"]),
        SilentMistake(
            name: "an answer «5» on a four-category scale hints at a missing category",
            setUp: { folder in
                try november(
                    in: folder,
                    export: { text in
                        text.replacingOccurrences(of: ",Полностью  удовлетворен,", with: ",5,")
                    })
            },
            status: 1, messages: ["«5»", "возможно, в шкале не хватает категории", "allow: конвейера: unknown_answer"]),
        SilentMistake(
            name: "a programme school nobody answered from hides no other school",
            setUp: { folder in
                try november(
                    in: folder, pipeline: allowingTheSampleAnswer,
                    export: { text in
                        // Rows end in CRLF (one Character in Swift); answers hold bare LFs.
                        text.components(separatedBy: "\r\n").filter { !$0.contains("Пасынок") }
                            .joined(separator: "\r\n")
                    })
            },
            // Before issue 17 the empty school counted as a small group and Романово was hidden with it.
            status: 0, messages: [], files: [("out/note.md", "| СОШ с. Романово | 9 | 13 |")]),
        SilentMistake(
            name: "a definition does not name non-substantive answers the scale does not have",
            setUp: { folder in
                try november(
                    in: folder, pipeline: allowingTheSampleAnswer,
                    instrument: { text in
                        text.replacingOccurrences(
                            of:
                                "    non_substantive:\n      - label: Затрудняюсь ответить\n        synonyms: [Не знаю, Затрудняюсь]\n",
                            with: "")
                    })
            },
            status: 0, messages: [], files: [("out/note.md", "»; пропуски в знаменатель не входят")]),
    ]
}
