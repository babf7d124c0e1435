import Clean
import Measures
import Notes

/// Student results: two points linked and compared, a ВПР-style test, the teachers' competence diagnostic.
enum StudentResults: Analysis {
    static let name = "student_results"
    static let reads: Set<PipelineSpec.Input.Kind> = [.results, .vpr, .competence]

    static let section: String? = "results"

    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )? {
        try file.decodeIfPresent(PipelineSpec.Results.self, forKey: key)
    }

    /// Student results: the two points of the students (and of the teachers' diagnostic), the
    /// values the «improved» rules compare, a test's marks.
    static func check(_ configuration: PipelineConfiguration) throws {
        let (path, spec, instruments) = (configuration.path, configuration.spec, configuration.instruments)
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard let settings = spec.results else { throw fail("для analysis: student_results нужен раздел results") }
        for (name, rise) in [("results.improved", settings.improved), ("results.competence", settings.competence)] {
            if let target = rise.target, !(0...1).contains(target) {
                throw fail("\(name).target = \(target): нужна доля от 0 до 1 (48 % — это 0.48)")
            }
            guard rise.minRise > 0 else {
                throw fail("\(name).min_rise = \(rise.minRise): рост должен быть больше нуля")
            }
        }
        func checkPoints(_ kind: PipelineSpec.Input.Kind, _ rise: PipelineSpec.Rise, required: Bool) throws {
            let inputs = spec.inputs.filter { $0.kind == kind }
            if inputs.isEmpty && !required { return }
            let role: Column.Role = rise.by == .mark ? .mark : .score
            switch inputs.count {
            case 1:
                let stages = Set(
                    instruments[inputs[0].id]?.columns.filter { $0.role == role }.compactMap(\.stage) ?? [])
                guard stages == [.pre, .post] else {
                    throw fail(
                        "вход «\(inputs[0].id)» (kind: \(kind.rawValue)) один: в его инструменте нужны столбцы role: \(role.rawValue) со stage: pre и stage: post — или два входа со stage: pre и stage: post"
                    )
                }
            case 2:
                guard Set(inputs.compactMap(\.stage)) == [.pre, .post] else {
                    throw fail("входы kind: \(kind.rawValue): у одного нужен stage: pre, у другого stage: post")
                }
                for input in inputs where instruments[input.id]?.column(role: role) == nil {
                    throw fail(
                        "вход «\(input.id)»: в инструменте нет столбца role: \(role.rawValue), а улучшение считается по \(rise.by == .mark ? "отметке" : "баллу")"
                    )
                }
            default:
                throw fail(
                    "входов kind: \(kind.rawValue) должно быть один (обе точки в строке) или два (stage: pre и stage: post), а их \(inputs.count)"
                )
            }
        }
        if let rule = settings.competence.rule {
            throw fail(
                "results.competence.rule = \(rule.rawValue): правило «по человеку» задаётся только для обучающихся (results.improved.rule); педагог считается повысившим, если балл вырос хотя бы по одному предмету и ни по одному не снизился"
            )
        }
        for (stage, days) in [("pre", settings.collected?.pre), ("post", settings.collected?.post)] {
            guard let days else { continue }
            let read = days.compactMap(Timestamp.init)
            guard (1...2).contains(days.count), read.count == days.count, let first = read.first,
                let last = read.last, first <= last
            else {
                throw fail(
                    "results.collected.\(stage) = [\(days.joined(separator: ", "))]: нужны один день или два — первый и последний (например, [2024-03-04, 2024-03-15]), первый не позже последнего"
                )
            }
        }
        try checkPoints(.results, settings.improved, required: true)
        if settings.improved.studentRule == .meanMark && settings.improved.by == .score {
            // The student rule averages marks even where the pair rule compares scores.
            try checkPoints(.results, PipelineSpec.Rise(by: .mark), required: true)
        }
        try checkPoints(.competence, settings.competence, required: false)
        for input in spec.inputs where input.kind == .vpr && instruments[input.id]?.column(role: .mark) == nil {
            throw fail("вход «\(input.id)» (kind: vpr): в инструменте нет столбца role: mark (отметка за работу)")
        }
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        try TemplateKeys.of(ResultsContext.Template.self)
    }

    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        ResultsBuiltInNote.template(for: configuration)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runResults(configuration, outputFolder: outputFolder)
    }
}
