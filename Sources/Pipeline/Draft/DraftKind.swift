/// What an export records, as `shnor draft --kind` names it: each kind becomes a different
/// analysis (`survey` → satisfaction, `self-assessment` → self_assessment, `results` →
/// student_results, `observation` → lesson_observation, `register` → the staff roster behind
/// the indicators report).
public enum DraftKind: String, Sendable, CaseIterable {
    case survey
    case selfAssessment = "self-assessment"
    case results
    case observation
    case register

    /// The kind in the analyst's words, for messages.
    public var title: String {
        switch self {
        case .survey: "анкета (опрос)"
        case .selfAssessment: "самооценка затруднений педагогов"
        case .results: "результаты обучающихся"
        case .observation: "протоколы посещения уроков"
        case .register: "регистр работников"
        }
    }

    /// Whether the analysis compares two waves (start and end), each an export of its own.
    public var hasWaves: Bool { self == .selfAssessment || self == .results || self == .observation }

    /// Every kind's name as `--kind` takes it: «survey, self-assessment, …».
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
