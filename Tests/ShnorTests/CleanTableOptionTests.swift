import Foundation
import Testing

/// `clean_table:` (issue 20, point 2): the clean table written when asked, left out with a word
/// when not, and the key checked like every other.
@Suite("The clean table when asked", .serialized)
struct CleanTableOptionTests {
    @Test(arguments: ["november-satisfaction", "march-2024-results"])
    func neverWritesNoCleanTableAndSaysWhy(pipeline: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.path
        let text = try String(contentsOfFile: "\(root)/Pipelines/\(pipeline).yaml", encoding: .utf8)
            .replacingOccurrences(of: "../", with: root + "/")
            .replacingOccurrences(of: "template: \(pipeline)", with: "template: \(root)/Pipelines/\(pipeline)")
            .replacingOccurrences(of: "\nperiod: ", with: "\nclean_table: never\nperiod: ")
        #expect(text.contains("clean_table: never"))
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(text.utf8).write(to: url)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", url.path, "--out", out.path])
        #expect(run.completed, "\(run.stderr)")
        #expect(run.text.contains("clean/ не записан (clean_table: never)"), "\(run.text)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("clean").path))
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"clean_table_skipped\" : \"clean_table: never\""))
        #expect(!manifest.contains("clean/"), "no clean file among the outputs")
    }

    @Test func aValueOffTheListIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: "\nperiod: ", with: "\nclean_table: sometimes\nperiod: ")
        }
        let result = try ShnorProcess.run(["validate", url.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("clean_table"), "\(result.stderr)")
    }
}
