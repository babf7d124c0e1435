import Measures

/// The `indicators:` list of a pipeline file.
extension PipelineSpec {
    /// The programme's target indicators (with `analysis: indicators`).
    public var indicators: [Indicator] { section(of: Indicators.self) as? [Indicator] ?? [] }

    /// One target indicator of the programme (seed section 3).
    public struct Indicator: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Programme schools over the schools of the register.
            case programmeSchools = "programme_schools"
            /// Partner schools over the schools of the register.
            case partnerSchools = "partner_schools"
            /// People of the `population` in `positions` who completed a course (of `programmes`) over all of them.
            case trained
            /// Management teams of the programme schools (the staff in `positions`) that completed
            /// a course by the `rule`, over the programme schools with a listed team.
            case teamsTrained = "teams_trained"
            /// People of the `population` in `positions` on an attendance list of `activities` over all of them.
            case reached
            /// A measure of another pipeline's results.json, as it stands there.
            case fromResults = "from_results"
            /// A document the programme must have: its name and date.
            case document
        }

        /// Whom a `trained` or `reached` indicator counts.
        public enum Population: String, Sendable, Codable {
            /// «Педагоги ШНОР»: the programme schools' staff on the staff register, never the mentors.
            case staff
            /// The mentors' list: the register rows in the positions its instrument declares
            /// `not_staff` (narrowed by the indicator's positions, if given), whatever school they
            /// are written under (наставники-кураторы come from outside the school).
            case mentors
        }

        /// When a school's management team counts as trained (`teams_trained`).
        public enum TeamRule: String, Sendable, Codable {
            /// Every member of the team listed on the register completed a target course.
            case allMembers = "all_members"
            /// At least one member of the team did.
            case anyMember = "any_member"
        }

        public var id: String
        public var kind: Kind
        public var label: String
        public var target: Double?
        /// Position categories of the staff register's scale (`trained`, `reached`, `teams_trained`);
        /// empty: every position of the population.
        public var positions: [String]
        /// `trained`, `reached`: staff of the programme schools (default) or the mentors' list.
        public var population: Population
        /// `teams_trained`: when a team counts (default `all_members`).
        public var rule: TeamRule
        /// Course titles that count (`trained`, `teams_trained`), by their beginning; empty: every course.
        public var programmes: [String]
        /// Attendance activities that count (`reached`).
        public var activities: [String]
        /// `from_results`: the results.json (relative to the pipeline) and the measure's id.
        public var results: String?
        public var measure: String?
        /// `from_results`: the id of the pipeline that results.json must come from, when given.
        public var pipeline: String?
        /// `document`: its name and date; absent means not yet there.
        public var document: String?
        public var date: String?

        enum CodingKeys: String, CodingKey {
            case id, kind, label, target, positions, population, rule, programmes, activities, results, measure,
                pipeline, document, date
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(Kind.self, forKey: .kind)
            label = try c.decode(String.self, forKey: .label)
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            positions = try c.decodeIfPresent([String].self, forKey: .positions) ?? []
            population = try c.decodeIfPresent(Population.self, forKey: .population) ?? .staff
            rule = try c.decodeIfPresent(TeamRule.self, forKey: .rule) ?? .allMembers
            programmes = try c.decodeIfPresent([String].self, forKey: .programmes) ?? []
            activities = try c.decodeIfPresent([String].self, forKey: .activities) ?? []
            results = try c.decodeIfPresent(String.self, forKey: .results)
            measure = try c.decodeIfPresent(String.self, forKey: .measure)
            pipeline = try c.decodeIfPresent(String.self, forKey: .pipeline)
            document = try c.decodeIfPresent(String.self, forKey: .document)
            date = try c.decodeIfPresent(String.self, forKey: .date)
        }
    }
}

extension [PipelineSpec.Indicator]: PipelineSection {}

extension PipelineSpec.Indicator {
    /// What one count of this indicator is; nil for a figure of another run (its own unit) and a document.
    var unit: CountingUnit? {
        switch kind {
        case .programmeSchools, .partnerSchools: .school
        case .teamsTrained: .team
        case .trained, .reached: .person
        case .fromResults, .document: nil
        }
    }

    /// Whom it counts, as results.json states it (`population`).
    var populationName: String? {
        switch kind {
        case .programmeSchools, .partnerSchools: "register_schools"
        case .teamsTrained: "programme_teams"
        case .trained, .reached: population == .mentors ? "mentors" : "programme_staff"
        case .fromResults, .document: nil
        }
    }

    /// Counted from the staff register, people or teams.
    var readsStaff: Bool { kind == .trained || kind == .reached || kind == .teamsTrained }
}
