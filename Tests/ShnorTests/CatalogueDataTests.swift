import Foundation
import Testing

/// The catalogue of bad input, continued: registers, templates, results files for `merge` and
/// cells whose content is not what their column promises.
@Suite("Catalogue of bad input: registers, templates, merged results, cells", .serialized)
struct CatalogueDataTests {
    static let root = CataloguePipelineTests.root

    /// The shipped register with `edit` applied, written into `folder`, and the shipped pipeline using it.
    static func pipeline(in folder: URL, register edit: (String) -> String) throws -> (pipeline: URL, register: URL) {
        let register = try String(contentsOfFile: root + "/Surveys/schools.yaml", encoding: .utf8)
        let registerURL = folder.appendingPathComponent("schools.yaml")
        try Data(edit(register).utf8).write(to: registerURL)
        let url = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: root + "/Surveys/schools.yaml", with: registerURL.path)
        }
        return (url, registerURL)
    }

    // MARK: - Registers

    @Test func anEmptyRegisterIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder) { _ in "title: Пустой реестр\nschools: []\n" }
        let result = try ShnorProcess.run(["validate", files.pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(files.register.path): ключ «schools» пуст"), "\(result.stderr)")
    }

    @Test func aRegisterWithoutProgrammeSchoolsRunsWithEmptyProgrammeFigures() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder) {
            $0.replacingOccurrences(of: "programme: true", with: "programme: false")
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", files.pipeline.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("(0 из 0)"), "\(result.text)")
    }

    // MARK: - Templates

    /// The shipped pipeline with its note template replaced by `text`, and the template's path.
    static func pipeline(in folder: URL, template text: String) throws -> (pipeline: URL, template: String) {
        let template = folder.appendingPathComponent("note.md")
        try Data(text.utf8).write(to: template)
        let url = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: "template: \(root)/Pipelines/november-satisfaction.note.md", with: "template: \(template.path)")
        }
        return (url, template.path)
    }

    @Test(
        "templates nested too deep",
        arguments: [
            (
                "a thousand nested sections",
                "# Справка\n\n" + (0..<1000).map { "{{#a\($0)}}\n" }.joined() + "x\n"
                    + (0..<1000).reversed().map { "{{/a\($0)}}\n" }.joined(),
                "строка 35, столбец 1"
            ),
            ("a hundred thousand unclosed sections", String(repeating: "{{#a}}", count: 100_000), "строка 1, столбец 193"),
            (
                "nesting behind changed delimiters",
                "{{=<% %>=}}\n" + String(repeating: "<%^a%>", count: 40) + String(repeating: "<%/a%>", count: 40),
                "строка 2, столбец 193"
            ),
        ])
    func aTemplateNestedTooDeepIsAConfigurationError(name: String, text: String, place: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder, template: text)
        let result = try ShnorProcess.run(["validate", files.pipeline.path])
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(
            result.stderr.contains("\(files.template), \(place): разделы вложены глубже 32 уровней"),
            "\(name): \(result.stderr)")
    }

    @Test func sectionsNestedThirtyTwoDeepAndATenMegabyteTemplate() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let deepest = try Self.pipeline(
            in: folder, template: String(repeating: "{{#a}}", count: 32) + "x" + String(repeating: "{{/a}}", count: 32))
        let allowed = try ShnorProcess.run(["validate", deepest.pipeline.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        let huge = try Self.pipeline(in: folder, template: String(repeating: "{{#a}}x{{/a}}\n", count: 800_000))
        let refused = try ShnorProcess.run(["validate", huge.pipeline.path])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(huge.template): файл больше 1048576 байт"), "\(refused.stderr)")
    }
}
