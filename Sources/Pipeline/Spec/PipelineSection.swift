/// An analysis's own section of a pipeline file (`self_assessment:`, `results:`, `indicators:`),
/// decoded by the analysis and kept in ``PipelineSpec``; the analysis's folder gives it a typed
/// property on `PipelineSpec`.
protocol PipelineSection: Sendable {}

/// A key of a pipeline file's top level named by an analysis.
struct SectionKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ key: String) { stringValue = key }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension PipelineSpec {
    /// The section `analysis` reads, if the file has it.
    func section(of analysis: (some Pipeline.Analysis).Type) -> (any PipelineSection)? {
        analysis.section.flatMap { sections[$0] }
    }
}
