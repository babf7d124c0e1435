import Clean
import Notes

/// The programme's target indicators, counted from the roster, courses, attendance and other runs' results.
enum Indicators: Analysis {
    static let name = "indicators"
    static let reads: Set<PipelineSpec.Input.Kind> = [.roster, .courses, .attendance]

    static let section: String? = "indicators"

    static func decodeSection(from file: KeyedDecodingContainer<SectionKey>, key: SectionKey) throws -> (
        any PipelineSection
    )? {
        try file.decodeIfPresent([PipelineSpec.Indicator].self, forKey: key) ?? []
    }

    /// Indicators: each names what it counts, and the inputs it counts are there.
    static func check(_ configuration: PipelineConfiguration) throws {
        let (path, spec, instruments) = (configuration.path, configuration.spec, configuration.instruments)
        let rosterInput = configuration.rosterInput
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard !spec.indicators.isEmpty else { throw fail("для analysis: indicators нужен список indicators") }
        var ids = Set<String>()
        let roster = rosterInput.flatMap { instruments[$0.id] }
        let positionScale = roster?.column(role: .position)?.scale.flatMap { roster?.scales[$0] }
        let activities = Set(spec.inputs.filter { $0.kind == .attendance }.compactMap(\.activity))
        // The mentors' positions, declared once by the register's instrument (`not_staff`): whoever
        // holds one is on the mentors' list, never a school's staff.
        let notStaff = roster?.notStaffPositions ?? []
        func isNotStaff(_ position: String) -> Bool {
            guard case .category(let index) = try? positionScale?.lookup().read(position) else { return false }
            return notStaff.contains(index)
        }
        for indicator in spec.indicators {
            let name = "показатель «\(indicator.id)»"
            guard ids.insert(indicator.id).inserted else { throw fail("\(name) описан дважды") }
            if let target = indicator.target, !(0...1).contains(target) {
                throw fail("\(name): target = \(target), нужна доля от 0 до 1 (62 % — это 0.62)")
            }
            if indicator.kind != .teamsTrained && indicator.rule != .allMembers {
                throw fail("\(name): rule задаётся только для kind: teams_trained (управленческие команды)")
            }
            if !indicator.readsStaff && indicator.population != .staff {
                throw fail("\(name): population задаётся только для показателей по регистру работников")
            }
            switch indicator.kind {
            case .trained, .reached, .teamsTrained:
                guard roster != nil else {
                    throw fail("\(name) (\(indicator.kind.rawValue)) требует входа с kind: roster (регистр работников)")
                }
                for position in indicator.positions {
                    guard let scale = positionScale,
                        (try? scale.lookup().read(position)).map({ if case .category = $0 { true } else { false } })
                            == true
                    else {
                        throw fail("\(name): должности «\(position)» нет в шкале должностей регистра")
                    }
                }
                if indicator.population == .mentors {
                    guard indicator.kind != .teamsTrained else {
                        throw fail(
                            "\(name): управленческие команды — работники школ, population: mentors к ним не применяется"
                        )
                    }
                    guard !notStaff.isEmpty else {
                        throw fail(
                            "\(name) (population: mentors): в инструменте регистра работников не указан not_staff — должности наставников-кураторов, которые не входят в число работников школ"
                        )
                    }
                    for position in indicator.positions where !isNotStaff(position) {
                        throw fail(
                            "\(name) (population: mentors): должность «\(position)» не из not_staff инструмента регистра (\(roster?.notStaff.joined(separator: ", ") ?? "")) — это работники школ, а не наставники-кураторы"
                        )
                    }
                } else {
                    for position in indicator.positions where isNotStaff(position) {
                        throw fail(
                            "\(name): должность «\(position)» — в not_staff инструмента регистра: наставники-кураторы приходят извне и не входят в число работников школ; для их списка — population: mentors"
                        )
                    }
                }
                if indicator.kind != .reached && !spec.inputs.contains(where: { $0.kind == .courses }) {
                    throw fail("\(name) (\(indicator.kind.rawValue)) требует входа с kind: courses (прохождение КПК)")
                }
                if indicator.kind == .teamsTrained && indicator.positions.isEmpty {
                    throw fail("\(name) (teams_trained): укажите positions — должности членов управленческой команды")
                }
                if indicator.kind == .reached {
                    guard !indicator.activities.isEmpty else { throw fail("\(name) (reached): не указаны activities") }
                    for activity in indicator.activities where !activities.contains(activity) {
                        throw fail("\(name): нет входа kind: attendance с activity: \(activity)")
                    }
                }
            case .fromResults:
                guard indicator.results != nil, indicator.measure != nil else {
                    throw fail("\(name) (from_results): нужны results (путь к results.json) и measure (id показателя)")
                }
            case .programmeSchools, .partnerSchools, .document:
                break
            }
        }
    }

    static func templateKeys(for note: PipelineSpec.Note) throws -> Set<String> {
        try TemplateKeys.of(IndicatorsContext.Template.self)
    }

    static func builtInTemplate(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        IndicatorsBuiltInNote.template(for: configuration.spec)
    }

    static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> PipelineRun.Summary {
        try PipelineRun.runIndicators(configuration, outputFolder: outputFolder)
    }
}
