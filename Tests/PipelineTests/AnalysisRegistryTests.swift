import Testing

@testable import Pipeline

/// Every analysis a pipeline can name is registered once and found by its `analysis:` name.
@Suite("Analysis registry")
struct AnalysisRegistryTests {
    @Test func theFiveAnalysesAreRegisteredUnderTheirPipelineNames() {
        let names = AnalysisRegistry.all.map { $0.name }
        #expect(names == ["survey", "self_assessment", "student_results", "indicators", "lesson_observation"])
        #expect(Set(names).count == names.count)
        for name in names { #expect(AnalysisRegistry.named(name)?.name == name) }
        #expect(AnalysisRegistry.named("observation") == nil)
    }

    @Test func aPipelineNamesOnlyARegisteredAnalysis() {
        #expect(PipelineSpec.Analysis(rawValue: "student_results")?.rawValue == "student_results")
        #expect(PipelineSpec.Analysis(rawValue: "students") == nil)
        #expect(PipelineSpec.Analysis.survey.rawValue == Satisfaction.name)
    }

    /// Each input kind is read by some analysis, so a pipeline's kind error can name one.
    @Test func everyInputKindHasAReader() {
        let kinds: [PipelineSpec.Input.Kind] = [
            .responses, .roster, .results, .vpr, .competence, .courses, .attendance,
        ]
        for kind in kinds { #expect(AnalysisRegistry.all.contains { $0.reads.contains(kind) }, "\(kind)") }
    }

    @Test func libraryErrorsMapToTheirExitStatuses() {
        #expect(CommandError.reported(ConfigurationError(file: "p.yaml", "x"))?.status == ExitStatus.usage)
        #expect(CommandError.reported(ConfigurationError(file: "p.yaml", "x"))?.message == "p.yaml: x")
        #expect(CommandError.reported(CommandError.usage("y"))?.message == "y")
        struct Other: Error {}
        #expect(CommandError.reported(Other()) == nil)
    }
}
