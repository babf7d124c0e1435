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
}
