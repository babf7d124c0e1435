import Clean
import Notes

/// The self-assessment of professional difficulties: a first wave's profile and recommendations, then the change.
enum SelfAssessment: Analysis {
    static let name = "self_assessment"
    static let reads: Set<PipelineSpec.Input.Kind> = [.responses, .roster]

    static let section: String? = "self_assessment"

    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )? {
        try file.decodeIfPresent(PipelineSpec.SelfAssessment.self, forKey: key)
    }

    /// Self-assessment: two waves (two files with `stage:`, or one file with a stage column),
    /// an areas grid on an ordered scale, notes `start` and/or `change`.
    static func check(_ configuration: PipelineConfiguration) throws {
        let (path, spec, instruments) = (configuration.path, configuration.spec, configuration.instruments)
        let responses = spec.inputs.filter { $0.kind == .responses }
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard let settings = spec.selfAssessment else {
            throw fail("для analysis: self_assessment нужен раздел self_assessment")
        }
        guard (0...1).contains(settings.threshold) else {
            throw fail("self_assessment.threshold = \(settings.threshold): нужна доля от 0 до 1")
        }
        if let target = settings.improved.target, !(0...1).contains(target) {
            throw fail("self_assessment.improved.target = \(target): нужна доля от 0 до 1 (20 % — это 0.2)")
        }
        guard !settings.improved.rules.isEmpty else { throw fail("self_assessment.improved.rules пуст") }
        let stages = responses.compactMap(\.stage)
        let stageColumn = responses.count == 1 && instruments[responses[0].id]?.column(role: .stage) != nil
        guard (responses.count == 2 && Set(stages) == [.pre, .post]) || stageColumn else {
            throw fail(
                "нужны два входа kind: responses со stage: pre и stage: post или один вход, в инструменте которого есть столбец role: stage"
            )
        }
        for input in responses {
            guard let instrument = instruments[input.id],
                let column = instrument.columns.first(where: { $0.id == settings.areas }),
                column.role == .grid || column.role == .item,
                let scale = column.scale.flatMap({ instrument.scales[$0] }),
                scale.ordered, scale.categories.count >= 2
            else {
                throw fail(
                    "вход «\(input.id)»: self_assessment.areas «\(settings.areas)» — не вопрос-сетка (или вопрос) с упорядоченной шкалой затруднений"
                )
            }
        }
        for note in spec.notes where !["start", "change"].contains(note.id ?? "") {
            throw fail(
                "справка «\(note.id ?? "")»: для самооценки бывают справки start (профиль затруднений) и change (до и после)"
            )
        }
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        note.id == "change"
            ? try TemplateKeys.of(SelfAssessmentContext.Note<SelfAssessmentContext.Change>.self)
            : try TemplateKeys.of(SelfAssessmentContext.Note<SelfAssessmentContext.Start>.self)
    }

    /// Without `notes:`, both notes: the profile (`start`) and the change (`change`).
    static let builtInNotes = [PipelineSpec.Note(id: "start"), PipelineSpec.Note(id: "change")]

    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        SelfAssessmentBuiltInNote.template(for: note, in: configuration)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runSelfAssessment(configuration, outputFolder: outputFolder)
    }
}
