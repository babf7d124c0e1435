/// Every analysis a pipeline can name. A new analysis is its folder under `Analyses/` and one
/// line here.
enum AnalysisRegistry {
    static var all: [any Analysis.Type] {
        [Satisfaction.self, SelfAssessment.self, StudentResults.self, Indicators.self, LessonObservation.self]
    }

    /// The analysis `analysis:` names, or nil for a name no analysis has.
    static func named(_ name: String) -> (any Analysis.Type)? {
        all.first { $0.name == name }
    }
}
