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
        if !hasSchoolColumn(configuration) {
            let byMeasure = configuration.spec.measures.first { $0.breakdowns.contains(.school) }.map {
                "показатель «\($0.id)»"
            }
            let byTable = configuration.spec.tables.first { $0.breakdowns.contains(.school) }.map {
                "таблица «\($0.id)»"
            }
            if let owner = byMeasure ?? byTable {
                throw fail(
                    "\(owner): разбивка по школе, но в инструменте анкеты нет столбца role: school — уберите school из breakdowns"
                )
            }
            if let coverage = configuration.spec.measures.first(where: { $0.kind == .coverage }) {
                throw fail(
                    "показатель «\(coverage.id)» (coverage) сопоставляет анкеты с регистром работников по ФИО и школе, а в инструменте анкеты нет столбца role: school"
                )
            }
        }
        for table in configuration.spec.tables where table.kind != .likert && table.columns.count != 1 {
            throw fail(
                "таблица «\(table.id)» (\(table.kind.rawValue)): нужен ровно один столбец (column:), а их \(table.columns.count)"
            )
        }
    }

    /// A survey needs `register:` only when its exports name schools.
    static let needsRegister = false

    /// True when the questionnaire's export has a school column. Without one there are no
    /// programme schools to tell apart: every respondent counts, nothing is by school, and the
    /// note says the export has no school column.
    static func hasSchoolColumn(_ configuration: PipelineConfiguration) -> Bool {
        configuration.instruments[configuration.responsesInput.id]?.column(role: .school) != nil
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        try TemplateKeys.of(SurveyContext.Template.self)
    }

    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        SurveyBuiltInNote.template(for: configuration)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runSurvey(configuration, outputFolder: outputFolder)
    }
}
