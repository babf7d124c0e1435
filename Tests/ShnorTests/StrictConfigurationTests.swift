import Foundation
import Testing

/// Configuration mistakes that used to pass silently (issue 17, «strict configuration»): each
/// is its own fixture — a copy of the shipped November pipeline, its instrument, the school
/// register and the note template — with one mistake, refused with exit status 2 and a Russian
/// message naming the file, the line and the nearest valid key.
@Suite("Strict configuration")
struct StrictConfigurationTests {
    static let root = ShnorProcess.packageRoot.path

    /// Which file of the fixture a case edits.
    enum File: String {
        case pipeline = "pipeline.yaml"
        case instrument = "instrument.yaml"
        case register = "schools.yaml"
        case template = "note.md"
    }

    /// One mistake: `find` replaced by `replace` in `file`; the message names the file and the
    /// line where `replace` begins (unless `line` is false: libyaml finds some faults later).
    struct Mistake: CustomTestStringConvertible, Sendable {
        let name: String
        let file: File
        let find: String
        let replace: String
        let message: String
        var line = true

        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(
            name: "targt", file: .pipeline, find: "    target: 0.78", replace: "    targt: 0.78",
            message: "неизвестный ключ «targt» в «measures[0]» — может быть, «target»?"),
        Mistake(
            name: "populaton", file: .pipeline, find: "    population: programme\n    breakdowns: [school, position]",
            replace: "    populaton: programme\n    breakdowns: [school, position]",
            message: "неизвестный ключ «populaton» в «measures[0]» — может быть, «population»?"),
        Mistake(
            name: "max_reject_rat", file: .pipeline, find: "  max_reject_rate: 0.20", replace: "  max_reject_rat: 0.20",
            message: "неизвестный ключ «max_reject_rat» в «cleaning» — может быть, «max_reject_rate»?"),
        Mistake(
            name: "disclosur", file: .pipeline, find: "disclosure:\n  k: 5", replace: "disclosur:\n  k: 5",
            message: "неизвестный ключ «disclosur» на верхнем уровне файла — может быть, «disclosure»?"),
        Mistake(
            name: "scael", file: .instrument, find: "    scale: satisfaction", replace: "    scael: satisfaction",
            message: "неизвестный ключ «scael» в «columns[4]» — может быть, «scale»?"),
        Mistake(
            name: "synonym", file: .instrument, find: "        synonyms: [Скорее не удовлетворен,",
            replace: "        synonym: [Скорее не удовлетворен,",
            message: "неизвестный ключ «synonym» в «scales.satisfaction.categories[1]» — может быть, «synonyms»?"),
        Mistake(
            name: "a register school's programm", file: .register, find: "    programme: true\n",
            replace: "    programm: true\n",
            message: "неизвестный ключ «programm» в «schools[1]» — может быть, «programme»?"),
        Mistake(
            name: "a key nothing is near", file: .pipeline, find: "    target: 0.78", replace: "    цель: 0.78",
            message:
                "неизвестный ключ «цель» в «measures[0]»; здесь допустимы: id, kind, label, item, top, min, max, target, population, breakdowns"
        ),
        Mistake(
            name: "a fallback on an ordered scale", file: .instrument,
            find: "    categories:\n      - label: Совсем не удовлетворён(а)",
            replace: "    fallback: Скорее удовлетворён(а)\n    categories:\n      - label: Совсем не удовлетворён(а)",
            message: "fallback допустим только у списка с ordered: false (должности)"),
        Mistake(
            name: "alow", file: .pipeline, find: "disclosure:\n", replace: "alow: [empty_column]\ndisclosure:\n",
            message: "неизвестный ключ «alow» на верхнем уровне файла — может быть, «allow»?"),
        Mistake(
            name: "period 2023-13", file: .pipeline, find: "period: 2023-11", replace: "period: 2023-13",
            message: "period: «2023-13» — нужен год и месяц в виде ГГГГ-ММ, месяц от 01 до 12"),
        Mistake(
            name: "period as words", file: .pipeline, find: "period: 2023-11", replace: "period: ноябрь",
            message: "period: «ноябрь» — нужен год и месяц в виде ГГГГ-ММ"),
        Mistake(
            name: "a string where a number is expected", file: .pipeline, find: "    target: 0.78",
            replace: "    target: много", message: "ключ «measures[0].target»: нужно число, а записано «много»"),
        Mistake(
            name: "a word where yes or no is expected", file: .instrument, find: "    required: false",
            replace: "    required: нет",
            message: "ключ «columns[0].required»: нужно да или нет (true/false), а записано «нет»"),
        Mistake(
            name: "a list where a mapping is expected", file: .pipeline, find: "disclosure:\n  k: 5",
            replace: "disclosure:\n  - 5",
            message: "ключ «disclosure»: нужно набор ключей (ключ: значение), а записано список"),
        Mistake(
            name: "an unknown analysis", file: .pipeline, find: "register: schools.yaml",
            replace: "analysis: survy\nregister: schools.yaml",
            message: "analysis: анализа «survy» нет — может быть, «survey»?"),
        Mistake(
            name: "a section another analysis reads", file: .pipeline, find: "disclosure:\n",
            replace: "indicators: []\ndisclosure:\n",
            message: "раздел «indicators» читает только analysis: indicators, а этот файл — analysis: survey"),
        Mistake(
            name: "a YAML syntax error", file: .pipeline, find: "period: 2023-11", replace: "period: [2023-11",
            message: "ошибка синтаксиса YAML: не найдено ожидаемое «,» или «]» в списке", line: false),
        Mistake(
            name: "an unknown template key", file: .template, find: "**{{title}}**", replace: "**{{titel}}**",
            message:
                "в шаблоне имя «titel», которого нет в данных справки (на его месте было бы пусто) — может быть, «title»?"
        ),
        Mistake(
            name: "an unknown key inside a template section", file: .template, find: "{{#measures.satisfied_teachers}}",
            replace: "{{#measures.satisfied_teachers}}{{shar_text}}", message: "может быть, «share_text»?"),
    ]

    /// The fixture's files — the November pipeline pointing at local copies of its instrument,
    /// the register and the template — with `edit` applied to `file`, by file.
    static func fixtureFiles(_ file: File, edit: (String) -> String) throws -> [File: String] {
        var pipeline = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
        pipeline = pipeline.replacingOccurrences(of: "../Surveys/november-satisfaction.yaml", with: "instrument.yaml")
            .replacingOccurrences(of: "../Surveys/schools.yaml", with: "schools.yaml")
            .replacingOccurrences(of: "template: november-satisfaction.note.md", with: "template: note.md")
        var files: [File: String] = [
            .pipeline: pipeline,
            .instrument: try String(contentsOfFile: root + "/Surveys/november-satisfaction.yaml", encoding: .utf8),
            .register: try String(contentsOfFile: root + "/Surveys/schools.yaml", encoding: .utf8),
            .template: try String(contentsOfFile: root + "/Pipelines/november-satisfaction.note.md", encoding: .utf8),
        ]
        files[file] = edit(files[file] ?? "")
        // Paths left relative to the shipped files (the exports, the roster's instrument) made absolute.
        files[.pipeline] = files[.pipeline]?.replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
        return files
    }

    /// The fixture written into `folder` (a fresh one when nil): the pipeline and the edited file.
    static func fixture(_ file: File, in folder: URL? = nil, edit: (String) -> String) throws -> (
        pipeline: URL, edited: URL
    ) {
        let folder = try folder ?? ShnorProcess.temporaryFolder()
        for (name, text) in try fixtureFiles(file, edit: edit) {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name.rawValue))
        }
        return (folder.appendingPathComponent(File.pipeline.rawValue), folder.appendingPathComponent(file.rawValue))
    }

    /// The line of `mistake`'s edited file where its replacement begins.
    static func line(of mistake: Mistake) throws -> Int {
        let text =
            try fixtureFiles(mistake.file) { $0.replacingOccurrences(of: mistake.find, with: mistake.replace) }[
                mistake.file] ?? ""
        // A replacement the fixture lacks is reported by the test's own check of `find`.
        let start = text.range(of: mistake.replace)?.lowerBound ?? text.startIndex
        return text[..<start].count { $0 == "\n" } + 1
    }

    @Test("each configuration mistake is refused naming file, line and the nearest key", arguments: mistakes)
    func mistakeIsRefused(_ mistake: Mistake) throws {
        let (pipeline, edited) = try Self.fixture(mistake.file) { text in
            #expect(text.contains(mistake.find), "the fixture has «\(mistake.find)»")
            return text.replacingOccurrences(of: mistake.find, with: mistake.replace)
        }
        let line = try Self.line(of: mistake)
        for command in ["validate", "run"] {
            var arguments = [command, pipeline.path]
            if command == "run" { arguments += ["--out", pipeline.deletingLastPathComponent().path + "/out"] }
            let result = try ShnorProcess.run(arguments)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            let place = mistake.line ? "\(edited.path), строка \(line)" : "\(edited.path), строка "
            #expect(result.stderr.contains(place), "\(command): \(result.stderr)")
            #expect(result.stderr.contains(mistake.message), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("Expected"), "\(command): \(result.stderr)")
        }
    }

    /// YAML anchors, aliases and merge keys still work: merged keys are read (the figures are
    /// those of the shipped file) and checked like any other.
    @Test func mergeKeysAreReadAndChecked() throws {
        func merged(_ key: String) -> (String) -> String {
            { text in
                text.replacingOccurrences(
                    of: "    population: programme\n    breakdowns: [school, position]",
                    with: "    population: &population programme\n    breakdowns: [school, position]"
                )
                .replacingOccurrences(
                    of:
                        "    label: Охват педагогических работников анкетированием\n    population: programme\n    breakdowns: [school]",
                    with:
                        "    label: Охват педагогических работников анкетированием\n    <<: {\(key): *population, breakdowns: [school]}"
                )
            }
        }
        let (good, _) = try Self.fixture(.pipeline, edit: merged("population"))
        let accepted = try ShnorProcess.run(["validate", good.path])
        #expect(accepted.status == 0 || accepted.status == 1, "\(accepted.stderr)")
        let (shipped, _) = try Self.fixture(.pipeline) { $0 }
        #expect(accepted.text == (try ShnorProcess.run(["validate", shipped.path])).text)
        let (bad, _) = try Self.fixture(.pipeline, edit: merged("populaton"))
        let refused = try ShnorProcess.run(["validate", bad.path])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(
            refused.stderr.contains("неизвестный ключ «populaton» в «measures[1]» — может быть, «population»?"),
            "\(refused.stderr)")
    }

    /// A `fallback:` that fires is counted per input and column, in the terminal summary and in
    /// manifest.json; the count is recomputed from the raw export and the rejects list.
    @Test func aFallbackThatFiresIsCounted() throws {
        let (pipeline, _) = try Self.fixture(.instrument) { text in
            // «педагог-психолог» is no longer listed: the fallback reads it as «Другие…».
            text.replacingOccurrences(of: "педагог-психолог, ", with: "")
        }
        let out = pipeline.deletingLastPathComponent().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        // Exit status 1 is the sample's own data warnings (an answer off the scale), not the fallback.
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("fallback"), "\(result.stderr)")

        let export = try String(
            contentsOfFile: Self.root + "/Surveys/samples/november-satisfaction-2023.csv", encoding: .utf8)
        let rows = referenceRows(export, delimiter: ",")
        let position = try #require(rows.first?.firstIndex { $0.hasPrefix("Должность") })
        let rejects = referenceRows(
            try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8), delimiter: ";")
        // Rejected before the position was booked: the ingest and clean stages (their line numbers).
        let rejectedLines = Set(
            rejects.dropFirst().filter { ["ingest", "clean"].contains($0[1]) }.compactMap { Int($0[3]) })
        let lines = Self.recordLines(export)
        try #require(lines.count == rows.count)
        let expected = zip(rows, lines).dropFirst().filter { row, line in
            row.count > position
                && row[position].trimmingCharacters(in: .whitespaces).lowercased() == "педагог-психолог"
                && !rejectedLines.contains(line)
        }.count
        #expect(expected > 0)
        #expect(
            result.text.contains(
                "вход «survey», столбец «position»: значение не из шкалы «positions» прочитано как «Другие педагогические работники»: \(expected)"
            ), "\(result.text)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let readings = try #require(manifest["fallback_readings"] as? [[String: Any]])
        #expect(readings.count == 1)
        #expect(readings.first?["input"] as? String == "survey")
        #expect(readings.first?["column"] as? String == "position")
        #expect(readings.first?["read_as"] as? String == "Другие педагогические работники")
        #expect(readings.first?["count"] as? Int == expected)
    }

    /// `allow:` (the warnings a pipeline tolerates) is a key of the pipeline like any other.
    @Test func theAllowListIsAKnownKey() throws {
        let (pipeline, _) = try Self.fixture(.pipeline) {
            $0.replacingOccurrences(of: "disclosure:\n", with: "allow: [unknown_answer]\ndisclosure:\n")
        }
        let result = try ShnorProcess.run(["validate", pipeline.path])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("неизвестный ключ"), "\(result.stderr)")
    }

    /// `shnor merge --template` refuses a template naming a key of no regional note.
    @Test func aMergeTemplateWithAnUnknownKeyIsRefused() throws {
        // Two districts: the sample export whole, and without its last ten records.
        let export = Self.root + "/Surveys/samples/november-satisfaction-2023.csv"
        let rows = referenceRows(try String(contentsOfFile: export, encoding: .utf8), delimiter: ",")
        var results: [String] = []
        for trimmed in [false, true] {
            let (pipeline, _) = try Self.fixture(.pipeline) { $0 }
            let folder = pipeline.deletingLastPathComponent()
            if trimmed {
                let part = folder.appendingPathComponent("part.csv")
                try Data(MergeTests.csv(Array(rows.dropLast(10)), delimiter: ",").utf8).write(to: part)
                let text = try String(contentsOf: pipeline, encoding: .utf8)
                try Data(text.replacingOccurrences(of: export, with: part.path).utf8).write(to: pipeline)
            }
            let out = folder.appendingPathComponent("out")
            let run = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
            try #require(run.status == 0 || run.status == 1, "\(run.stderr)")
            results.append(out.appendingPathComponent("results.json").path)
        }
        let folder = try ShnorProcess.temporaryFolder()
        let template = folder.appendingPathComponent("regional.md")
        try Data("# Свод\n\n{{title}}, {{perod}}\n".utf8).write(to: template)
        let merged = folder.appendingPathComponent("merged")
        let merge = try ShnorProcess.run(["merge"] + results + ["--template", template.path, "--out", merged.path])
        #expect(merge.status == 2, "\(merge.stderr)")
        #expect(
            merge.stderr.contains(
                "\(template.path), строка 3: в шаблоне имя «perod», которого нет в данных справки (на его месте было бы пусто) — может быть, «period»?"
            ), "\(merge.stderr)")
        #expect(!FileManager.default.fileExists(atPath: merged.appendingPathComponent("note.md").path))
    }

    /// The line each record of a CSV text starts on (a quoted cell may span lines).
    static func recordLines(_ text: String) -> [Int] {
        var starts: [Int] = []
        var line = 1
        var quoted = false
        var atStart = true
        for character in text {
            if atStart && !character.isNewline {
                starts.append(line)
                atStart = false
            }
            if character == "\"" { quoted.toggle() }
            if character.isNewline {
                line += 1
                if !quoted { atStart = true }
            }
        }
        return starts
    }

    /// The five shipped pipelines pass every new check (the indicators one reads the others'
    /// results): no configuration error, whatever the samples' data warnings (exit status 1).
    @Test func shippedPipelinesValidateClean() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let indicators = try IndicatorsPipelineTests.prepare(folder)
        for pipeline in IndicatorsPipelineTests.sources {
            let result = try ShnorProcess.run(["validate", Self.root + "/Pipelines/\(pipeline).yaml"])
            #expect(result.status == 0 || result.status == 1, "\(pipeline): \(result.stderr)")
        }
        let result = try ShnorProcess.run(["validate", indicators.path])
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
    }
}
