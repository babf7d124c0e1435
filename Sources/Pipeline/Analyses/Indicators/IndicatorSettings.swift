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
            /// Staff of the programme schools in `positions` who completed a course (of `programmes`) over all of them.
            case trained
            /// Staff of the programme schools in `positions` on an attendance list of `activities` over all of them.
            case reached
            /// A measure of another pipeline's results.json, as it stands there.
            case fromResults = "from_results"
            /// A document the programme must have: its name and date.
            case document
        }

        public var id: String
        public var kind: Kind
        public var label: String
        public var target: Double?
        /// Position categories of the staff roster's scale (`trained`, `reached`); empty: everyone.
        public var positions: [String]
        /// Course titles that count (`trained`), by their beginning; empty: every course.
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
            case id, kind, label, target, positions, programmes, activities, results, measure, pipeline, document, date
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(Kind.self, forKey: .kind)
            label = try c.decode(String.self, forKey: .label)
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            positions = try c.decodeIfPresent([String].self, forKey: .positions) ?? []
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

extension PipelineSpec.Indicator.Kind {
    /// What one count of an indicator of this kind is.
    var unit: CountingUnit? {
        switch self {
        case .programmeSchools, .partnerSchools: .school
        case .trained, .reached: .person
        case .fromResults, .document: nil
        }
    }
}
