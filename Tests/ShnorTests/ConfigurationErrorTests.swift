import Foundation
import Testing

/// Broken configuration is a usage error (exit status 2) naming the file and, where it can, the line.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    static let root = ShnorProcess.packageRoot.path

    /// The shipped pipeline with absolute paths, edited by `change`, in a fresh folder.
    func pipeline(_ change: (String) -> String) throws -> URL {
        let folder = try ShnorProcess.temporaryFolder()
        var text = try String(contentsOfFile: Self.root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "../Surveys/", with: Self.root + "/Surveys/")
            .replacingOccurrences(
                of: "template: november-satisfaction.note.md",
                with: "template: \(Self.root)/Pipelines/november-satisfaction.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        return url
    }

    func validate(_ url: URL) throws -> ShnorProcess.Result {
        try ShnorProcess.run(["validate", url.path])
    }

    @Test func yamlSyntaxErrorNamesTheLine() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "period: 2023-11", with: "period: [2023-11") }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(url.path), строка "))
        #expect(result.stderr.contains("ошибка синтаксиса YAML"))
    }

    @Test func unknownMeasureKindNamesTheLineAndKey() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "kind: top_box", with: "kind: average") }
        let result = try validate(url)
        #expect(result.status == 2)
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("kind: average") }) + 1
        #expect(result.stderr.contains("\(url.path), строка \(line)"), "\(result.stderr)")
        #expect(result.stderr.contains("measures[0].kind"))
    }

    @Test func missingFileIsNamed() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "staff-register.yaml", with: "no-such-instrument.yaml") }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no-such-instrument.yaml: файл не найден"))
    }

    @Test func itemThatIsNotInTheInstrument() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "item: overall", with: "item: overal") }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("item «overal»"))
    }

    @Test func disclosureThresholdBelowFiveIsRefused() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "  k: 5", with: "  k: 3") }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("disclosure.k = 3"))
    }

    @Test func exportWithoutARequiredColumnNamesExportAndHeader() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = folder.appendingPathComponent("survey.csv")
        try Data("Отметка времени,\"Фамилия, имя, отчество\",Должность\n25.11.2023 10:00:00,Иванова,учитель\n".utf8)
            .write(to: export)
        let url = try pipeline {
            $0.replacingOccurrences(
                of: Self.root + "/Surveys/samples/november-satisfaction-2023.csv", with: export.path)
        }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "\(export.path): нет столбца «school» — ожидался заголовок начинается с «Образовательная организация»"),
            "\(result.stderr)")
    }

    @Test func templateErrorNamesFileAndLine() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let template = folder.appendingPathComponent("note.md")
        try Data("# Справка\n\n{{#measures}}\nтекст\n".utf8).write(to: template)
        let url = try pipeline {
            $0.replacingOccurrences(of: "\(Self.root)/Pipelines/november-satisfaction.note.md", with: template.path)
        }
        let result = try validate(url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(template.path), строка "), "\(result.stderr)")
    }

    @Test func rejectRateAboveTheLimitExitsWithOneAfterWriting() throws {
        let url = try pipeline { $0.replacingOccurrences(of: "max_reject_rate: 0.20", with: "max_reject_rate: 0.05") }
        let out = url.deletingLastPathComponent().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", url.path, "--out", out.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("больше допустимого max_reject_rate"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("note.md").path))
    }

    /// The results pipeline with absolute paths, edited by `change`.
    func resultsPipeline(_ change: (String) -> String) throws -> URL {
        let folder = try ShnorProcess.temporaryFolder()
        var text = try String(contentsOfFile: Self.root + "/Pipelines/march-2024-results.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "../Surveys/", with: Self.root + "/Surveys/")
            .replacingOccurrences(
                of: "template: march-2024-results.note.md",
                with: "template: \(Self.root)/Pipelines/march-2024-results.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        return url
    }

    @Test(
        "result pipelines that cannot be run say why",
        arguments: [
            (
                "    stage: post                   # итоговые работы, март 2024 г.\n", "    stage: pre\n",
                "у одного нужен stage: pre, у другого stage: post"
            ),
            ("    target: 0.48", "    target: 48", "results.improved.target = 48.0: нужна доля от 0 до 1"),
            ("    min_rise: 3 ", "    min_rise: 0 ", "results.competence.min_rise = 0.0: рост должен быть больше нуля"),
            (
                "kind: vpr\n    file: ../Surveys/samples/vpr-mathematics-2024.csv\n    instrument: ../Surveys/vpr-results.yaml",
                "kind: vpr\n    file: ../Surveys/samples/vpr-mathematics-2024.csv\n    instrument: ../Surveys/competence-diagnostics.yaml",
                "вход «vpr-mathematics» (kind: vpr): в инструменте нет столбца role: mark"
            ),
            // The results: section would be ignored by a survey: refused before the inputs are.
            (
                "analysis: student_results", "analysis: survey",
                "раздел «results» читает только analysis: student_results, а этот файл — analysis: survey"
            ),
        ])
    func resultsConfiguration(original: String, replacement: String, message: String) throws {
        let url = try resultsPipeline { text in
            // Edits are written against the shipped file's relative paths, then made absolute.
            text.replacingOccurrences(
                of: original.replacingOccurrences(of: "../Surveys/", with: Self.root + "/Surveys/"),
                with: replacement.replacingOccurrences(of: "../Surveys/", with: Self.root + "/Surveys/"))
        }
        let edited = try String(contentsOf: url, encoding: .utf8)
        #expect(
            edited.contains(replacement.replacingOccurrences(of: "../Surveys/", with: Self.root + "/Surveys/")),
            "the edit applies")
        let result = try validate(url)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
