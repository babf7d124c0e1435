import Clean
import Notes

/// The May monitoring of teaching quality (road-map item 7): lesson observation protocols of
/// two waves, the teachers whose observed quality rose, blocks ranked by gain, observer effects.
enum LessonObservation: Analysis {
    static let name = "lesson_observation"
    static let reads: Set<PipelineSpec.Input.Kind> = [.observations, .roster]

    static let section: String? = "lesson_observation"

    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )? {
        try file.decodeIfPresent(PipelineSpec.LessonObservation.self, forKey: key)
    }

    /// Two `observations` inputs (`stage: pre` and `stage: post`) read with a protocol
    /// instrument: the teacher, the school, an observer on a scale, criteria with blocks.
    static func check(_ configuration: PipelineConfiguration) throws {
        let (path, spec, instruments) = (configuration.path, configuration.spec, configuration.instruments)
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard let settings = spec.lessonObservation else {
            throw fail("для analysis: lesson_observation нужен раздел lesson_observation")
        }
        guard (0...1).contains(settings.threshold) else {
            throw fail(
                "lesson_observation.threshold = \(settings.threshold): нужна доля от 0 до 1 (половина максимума — 0.5)")
        }
        guard settings.improved.margin > 0, settings.improved.margin <= 1 else {
            throw fail(
                "lesson_observation.improved.margin = \(settings.improved.margin): нужен рост доли от максимума больше 0 и не больше 1 (10 п. п. — это 0.1)"
            )
        }
        if let target = settings.improved.target, !(0...1).contains(target) {
            throw fail("lesson_observation.improved.target = \(target): нужна доля от 0 до 1 (20 % — это 0.2)")
        }
        let protocols = spec.inputs.filter { $0.kind == .observations }
        guard protocols.count == 2, Set(protocols.compactMap(\.stage)) == [.pre, .post] else {
            throw fail(
                "нужны два входа kind: observations — протоколы первой волны (stage: pre) и второй (stage: post)")
        }
        for input in protocols {
            guard let instrument = instruments[input.id] else { continue }
            let criteria = instrument.columns.filter { $0.role == .criterion }
            guard !criteria.isEmpty else {
                throw fail(
                    "вход «\(input.id)»: в инструменте протокола нет ни одного критерия (столбцы role: criterion с block и max_score)"
                )
            }
            for role in [Column.Role.respondent, .school, .observer] where instrument.column(role: role) == nil {
                throw fail(
                    "вход «\(input.id)»: в инструменте протокола нет столбца role: \(role.rawValue) — \(role == .respondent ? "педагога" : role == .school ? "школы" : "наблюдателя")"
                )
            }
        }
        if let first = protocols.first.flatMap({ instruments[$0.id] }),
            let second = protocols.last.flatMap({ instruments[$0.id] }),
            LessonProtocol(first).blocks.map(\.label) != LessonProtocol(second).blocks.map(\.label)
                || LessonProtocol(first).criteria.map(\.id) != LessonProtocol(second).criteria.map(\.id)
        {
            throw fail(
                "у входов kind: observations разные критерии или блоки: волны сравнимы только по одному протоколу")
        }
        let observerLists = protocols.compactMap { input in
            instruments[input.id].map { instrument in
                instrument.column(role: .observer)?.scale.flatMap { instrument.scales[$0] }?.categories.map(\.label)
                    ?? []
            }
        }
        if Set(observerLists).count > 1 {
            throw fail(
                "у входов kind: observations разные списки наблюдателей: наблюдатели волн сравнимы только по одному списку"
            )
        }
        if spec.notes.count > 1 {
            throw fail("мониторинг посещения уроков пишет одну справку: note:, а не notes:")
        }
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        try TemplateKeys.of(LessonObservationContext.Note.self)
    }

    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        LessonObservationBuiltInNote.template(for: configuration)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runLessonObservation(configuration, outputFolder: outputFolder)
    }
}
