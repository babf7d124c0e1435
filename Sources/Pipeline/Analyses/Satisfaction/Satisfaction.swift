import Notes

/// The satisfaction survey: one wave of a questionnaire, its measures and tables, coverage
/// against the staff roster.
enum Satisfaction: Analysis {
    static let name = "survey"
    static let reads: Set<PipelineSpec.Input.Kind> = [.responses, .roster]

    /// One responses input and one note; the measures and tables are checked for every pipeline.
    static func check(_ configuration: PipelineConfiguration) throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: configuration.path, message) }
        let responses = configuration.responsesInputs
        guard responses.count == 1 else {
            throw fail("нужен ровно один вход с kind: responses (анкеты), а их \(responses.count)")
        }
        guard configuration.spec.singleNote else {
            throw fail("для анкетирования пишется одна справка: используйте note:, а не notes:")
        }
        for table in configuration.spec.tables where table.kind != .likert && table.columns.count != 1 {
            throw fail(
                "таблица «\(table.id)» (\(table.kind.rawValue)): нужен ровно один столбец (column:), а их \(table.columns.count)"
            )
        }
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        try TemplateKeys.of(SurveyContext.Template.self)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runSurvey(configuration, outputFolder: outputFolder)
    }
}
