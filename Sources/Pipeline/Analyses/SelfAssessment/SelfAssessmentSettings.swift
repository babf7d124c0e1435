/// The `self_assessment:` section of a pipeline file.
extension PipelineSpec {
    /// The `self_assessment:` section (with `analysis: self_assessment`).
    public var selfAssessment: SelfAssessment? { section(of: Pipeline.SelfAssessment.self) as? SelfAssessment }

    /// Settings of the self-assessment of professional difficulties (DESIGN.md §5).
    public struct SelfAssessment: Sendable, Codable, Equatable {
        /// The grid (or items) rated on the difficulty scale, lowest category = no difficulty.
        public var areas: String
        /// Targeted recommendations name, per school, the areas where this share of teachers or more report a difficulty.
        public var threshold: Double
        public var improved: Improved
        /// Breakdowns of the difficulty profile: `school`, `subject`, `position`.
        public var breakdowns: [Breakdown]

        enum CodingKeys: String, CodingKey { case areas, threshold, improved, breakdowns }
        /// The key this section had before the staff register's instrument declared `not_staff`:
        /// looked for only to say where the declaration lives now.
        enum RetiredKeys: String, CodingKey { case mentors }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            areas = try c.decode(String.self, forKey: .areas)
            threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0.5
            improved = try c.decodeIfPresent(Improved.self, forKey: .improved) ?? Improved()
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? [.school]
            let retired = try decoder.container(keyedBy: RetiredKeys.self)
            if retired.contains(.mentors) {
                throw DecodingError.dataCorruptedError(
                    forKey: .mentors, in: retired,
                    debugDescription:
                        "self_assessment.mentors больше не задаётся: должности, которые не входят в число работников школы (наставники-кураторы), перечисляются один раз — в инструменте регистра работников, ключ not_staff (Surveys/staff-register.yaml); их читают все справки"
                )
            }
        }
    }

    /// Which teachers count as improved between the waves.
    public struct Improved: Sendable, Codable, Equatable {
        /// `fewer_difficulties` (default: the level fell in at least one area and rose in none) or
        /// `mean_drop` (the mean level over the areas fell by at least `min_drop`).
        public enum Rule: String, Sendable, Codable, CaseIterable {
            case fewerDifficulties = "fewer_difficulties"
            case meanDrop = "mean_drop"
        }

        /// The rules reported; the first gives the headline `improved_teachers`.
        public var rules: [Rule]
        public var minDrop: Double
        public var target: Double?

        enum CodingKeys: String, CodingKey { case rules, minDrop = "min_drop", target }

        public init(rules: [Rule] = [.fewerDifficulties], minDrop: Double = 0.5, target: Double? = nil) {
            self.rules = rules
            self.minDrop = minDrop
            self.target = target
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            rules = try c.decodeIfPresent([Rule].self, forKey: .rules) ?? [.fewerDifficulties]
            minDrop = try c.decodeIfPresent(Double.self, forKey: .minDrop) ?? 0.5
            target = try c.decodeIfPresent(Double.self, forKey: .target)
        }
    }
}

extension PipelineSpec.SelfAssessment: PipelineSection {}
