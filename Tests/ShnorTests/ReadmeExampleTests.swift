import Foundation
import Testing

/// The README's examples of the register, an instrument and a pipeline are files the tool
/// accepts: a configuration error in them would exit with status 2.
@Suite("README examples")
struct ReadmeExampleTests {
    /// The YAML code blocks of the README, in order.
    static func yamlBlocks() throws -> [String] {
        let readme = try String(
            contentsOf: ShnorProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        return readme.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test func registerInstrumentAndPipelineExamplesAreAccepted() throws {
        let blocks = try Self.yamlBlocks()
        try #require(blocks.count == 6)
        let root = ShnorProcess.packageRoot.path
        let folder = try ShnorProcess.temporaryFolder()
        try Data(blocks[0].utf8).write(to: folder.appendingPathComponent("schools.yaml"))
        try Data(blocks[1].utf8).write(to: folder.appendingPathComponent("instrument.yaml"))
        let pipeline = blocks[2]
            .replacingOccurrences(
                of: "../Surveys/schools.yaml", with: folder.appendingPathComponent("schools.yaml").path
            )
            .replacingOccurrences(
                of: "../Surveys/november-satisfaction.yaml", with: folder.appendingPathComponent("instrument.yaml").path
            )
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: november-satisfaction.note.md",
                with: "template: \(root)/Pipelines/november-satisfaction.note.md")
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let result = try ShnorProcess.run(["validate", path.path])
        // 0, or 1 when the example's short synonym lists leave sample answers off the scale.
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        // No configuration fault (which names the file and line); answers off the scale may be named.
        #expect(!result.stderr.contains(".yaml, строка"), "\(result.stderr)")
    }

    @Test func selfAssessmentPipelineExampleIsAccepted() throws {
        let blocks = try Self.yamlBlocks()
        try #require(blocks.count == 6)
        let root = ShnorProcess.packageRoot.path
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = blocks[3]
            .replacingOccurrences(of: "…", with: "")
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: self-assessment.", with: "template: \(root)/Pipelines/self-assessment.")
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let result = try ShnorProcess.run(["validate", path.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func studentResultsPipelineExampleIsAccepted() throws {
        let blocks = try Self.yamlBlocks()
        try #require(blocks.count == 6)
        let root = ShnorProcess.packageRoot.path
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = blocks[4]
            .replacingOccurrences(of: "…", with: "")
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: march-2024-results.", with: "template: \(root)/Pipelines/march-2024-results.")
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let result = try ShnorProcess.run(["validate", path.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("Доля обучающихся ШНОР, повысивших образовательные результаты"), "\(result.text)")
    }

    @Test func lessonObservationPipelineExampleIsAccepted() throws {
        let blocks = try Self.yamlBlocks()
        try #require(blocks.count == 6)
        let root = ShnorProcess.packageRoot.path
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = blocks[5]
            .replacingOccurrences(of: "…", with: "")
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: may-observation.", with: "template: \(root)/Pipelines/may-observation.")
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let result = try ShnorProcess.run(["validate", path.path])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
