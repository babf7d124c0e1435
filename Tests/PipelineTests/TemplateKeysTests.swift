import Foundation
import Notes
import Testing

@testable import Pipeline

/// Every name the shipped note templates use is a key of the typed context of their analysis:
/// a misspelt key, which Mustache would render as nothing, fails here.
@Suite("Template keys of the shipped notes")
struct TemplateKeysTests {
    static let pipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Pipelines")

    static func keys(of template: String) throws -> Set<String> {
        switch template {
        case "november-satisfaction.note.md": try TemplateKeys.of(SurveyContext.Template.self)
        case "self-assessment.start.note.md":
            try TemplateKeys.of(SelfAssessmentContext.Note<SelfAssessmentContext.Start>.self)
        case "self-assessment.change.note.md":
            try TemplateKeys.of(SelfAssessmentContext.Note<SelfAssessmentContext.Change>.self)
        case "march-2024-results.note.md": try TemplateKeys.of(ResultsContext.Template.self)
        case "programme-indicators.note.md": try TemplateKeys.of(IndicatorsContext.Template.self)
        default: []
        }
    }

    @Test(arguments: [
        "november-satisfaction.note.md", "self-assessment.start.note.md", "self-assessment.change.note.md",
        "march-2024-results.note.md", "programme-indicators.note.md",
    ])
    func everyNameIsAKeyOfTheContext(template: String) throws {
        let text = try String(contentsOf: Self.pipelines.appendingPathComponent(template), encoding: .utf8)
        // Every note also has the dynamics from the history (PipelineRun.renderNotes joins them).
        let keys = try Self.keys(of: template).union(TemplateKeys.of(NoteDynamics.self))
        #expect(keys.contains("title") && keys.contains("any_suppressed"))
        #expect(TemplateKeys.unknown(in: text, keys: keys) == [])
    }

    /// What loading a pipeline refuses: nothing for the shipped pipelines, the misspelt name
    /// (with its line and the nearest key) for a copy of a template with one.
    @Test func loadingRefusesTheMisspeltNamesOfAPipelinesTemplates() throws {
        for name in ["november-satisfaction", "self-assessment", "march-2024-results", "programme-indicators"] {
            _ = try PipelineConfiguration.load(path: Self.pipelines.appendingPathComponent(name + ".yaml").path)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "shnor-template-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(
            contentsOf: Self.pipelines.appendingPathComponent("programme-indicators.note.md"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "{{title}}", with: "{{titel}}").utf8).write(
            to: folder.appendingPathComponent("note.md"))
        let pipeline = try String(
            contentsOf: Self.pipelines.appendingPathComponent("programme-indicators.yaml"), encoding: .utf8
        )
        .replacingOccurrences(
            of: "template: programme-indicators.note.md",
            with: "template: " + folder.appendingPathComponent("note.md").path
        )
        .replacingOccurrences(of: "../", with: Self.pipelines.deletingLastPathComponent().path + "/")
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let line = (text.components(separatedBy: "{{title}}").first ?? "").count { $0 == "\n" } + 1
        #expect(
            throws: ConfigurationError(
                file: folder.appendingPathComponent("note.md").path, line: line,
                "в шаблоне имя «titel», которого нет в данных справки (на его месте было бы пусто) — может быть, «title»?"
            )
        ) {
            try PipelineConfiguration.load(path: path.path)
        }
    }

    @Test func aMisspeltKeyIsFound() throws {
        let keys = try TemplateKeys.of(IndicatorsContext.Template.self)
        let text =
            "{{title}} {{#indicators}}{{label}} {{lable}} {{summary.total_text}}{{/indicators}} {{summary.totl_text}} {{{charts.x}}}"
        #expect(TemplateKeys.unknown(in: text, keys: keys) == ["lable", "summary.totl_text"])
    }

    @Test func keysChosenByThePipelineStandAsAStar() throws {
        let keys = try TemplateKeys.of(SurveyContext.Template.self)
        #expect(keys.contains("measures.*.share_text"))
        #expect(keys.contains("measures.*.by.*"))
        #expect(keys.contains("*_answered_text"))
        #expect(
            TemplateKeys.unknown(in: "{{forms_answered}} {{forms_answered_text}} {{titel}}", keys: keys) == ["titel"])
        #expect(
            TemplateKeys.unknown(in: "{{measures.overall.share_txt}}", keys: keys) == ["measures.overall.share_txt"])
    }
}
