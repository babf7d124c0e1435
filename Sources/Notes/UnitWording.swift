import Measures

/// How a note names what a measure counts, agreeing with the number before it
/// («из 72 педагогов», «из 21 школы», «из 700 обучающихся»).
public struct UnitWording: Sendable, Equatable {
    /// The noun after «из N» when N ends in 1 (but not 11): genitive singular.
    public let genitiveOne: String
    /// The noun after «из N» otherwise: genitive plural.
    public let genitiveMany: String
    /// Feminine nouns take «одной», masculine «одного».
    public let feminine: Bool

    public init(genitiveOne: String, genitiveMany: String, feminine: Bool = false) {
        self.genitiveOne = genitiveOne
        self.genitiveMany = genitiveMany
        self.feminine = feminine
    }

    /// The words of a unit when the analysis has nothing more precise.
    public init(_ unit: CountingUnit) {
        switch unit {
        case .person: self.init(genitiveOne: "человека", genitiveMany: "человек")
        case .student: self.init(genitiveOne: "обучающегося", genitiveMany: "обучающихся")
        case .pair:
            self.init(
                genitiveOne: "пары «обучающийся — предмет»", genitiveMany: "пар «обучающийся — предмет»", feminine: true
            )
        case .school: self.init(genitiveOne: "школы", genitiveMany: "школ", feminine: true)
        case .team:
            self.init(genitiveOne: "управленческой команды", genitiveMany: "управленческих команд", feminine: true)
        }
    }

    /// Teachers and other staff of a school.
    public static let staff = UnitWording(
        genitiveOne: "педагогического работника", genitiveMany: "педагогических работников")
    /// Teachers.
    public static let teachers = UnitWording(genitiveOne: "педагога", genitiveMany: "педагогов")
    /// Mentors from outside the school.
    public static let mentors = UnitWording(genitiveOne: "наставника-куратора", genitiveMany: "наставников-кураторов")

    /// «одного педагога», «двух школ»: after «от» for one or two (more in figures).
    public func fromOneOrTwo(_ count: Int) -> String {
        switch count {
        case 1: (feminine ? "одной " : "одного ") + genitiveOne
        case 2: "двух " + genitiveMany
        default: "\(count) " + genitiveMany
        }
    }

    /// «из 72 педагогов»: the noun agreeing with `count` after «из».
    public func from(_ count: Int) -> String {
        let n = count.magnitude
        let one = n % 10 == 1 && n % 100 != 11
        return "из \(RussianFormat.integer(count)) \(one ? genitiveOne : genitiveMany)"
    }
}
