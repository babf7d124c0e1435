import Measures

/// The `results:` section of a pipeline file.
extension PipelineSpec {
    /// The `results:` section (with `analysis: student_results`).
    public var results: Results? { section(of: StudentResults.self) as? Results }

    /// Settings of the student results analysis (DESIGN.md §5, improved student).
    public struct Results: Sendable, Codable, Equatable {
        /// Which students count as improved, baseline → follow-up.
        public var improved: Rise
        /// Which teachers count as improved on the competence diagnostic.
        public var competence: Rise
        /// Breakdowns of every student figure: `school`, `grade` (параллель), `class` (a school's class), `subject`.
        public var breakdowns: [ResultBreakdown]
        /// When each point was written, as declared (result exports carry no timestamps):
        /// `pre` and `post`, each `[first day, last day]` or one day; nil when not declared.
        public var collected: Collected?
        /// A table of published ВПР figures (Russia, the region, last year) to compare the
        /// district's marks with, by subject and grade (``VPRReference``); relative to the
        /// pipeline file; nil when none.
        public var vprReference: String?

        enum CodingKeys: String, CodingKey {
            case improved, competence, breakdowns, collected
            case vprReference = "vpr_reference"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            improved = try c.decodeIfPresent(Rise.self, forKey: .improved) ?? Rise()
            competence = try c.decodeIfPresent(Rise.self, forKey: .competence) ?? Rise(by: .score)
            breakdowns =
                try c.decodeIfPresent([ResultBreakdown].self, forKey: .breakdowns) ?? [.school, .grade, .subject]
            collected = try c.decodeIfPresent(Collected.self, forKey: .collected)
            vprReference = try c.decodeIfPresent(String.self, forKey: .vprReference)
        }
    }

    /// The declared days of the two points (`results.collected`), as written: «2024-03-04» or
    /// «04.03.2024»; ``StudentResults`` checks that they read as dates.
    public struct Collected: Sendable, Codable, Equatable {
        public var pre: [String]?
        public var post: [String]?
    }

    /// A rise between two points that counts as improvement.
    public struct Rise: Sendable, Codable, Equatable {
        /// `mark` — the 2–5 mark rose; `score` — the score rose by at least `min_rise`.
        public enum Value: String, Sendable, Codable { case mark, score }

        /// The pair rule (one person and subject).
        public var by: Value
        /// The smallest rise that counts (marks: 1).
        public var minRise: Double
        public var target: Double?
        /// The person rule (`rule:`) as written: how a student's pairs make one student improved;
        /// nil when the pipeline names none (students: `mean_mark`). Only `results.improved` has one.
        public var rule: PersonChange.Rule?

        enum CodingKeys: String, CodingKey { case by, minRise = "min_rise", target, rule }

        public init(by: Value = .mark, minRise: Double = 1, target: Double? = nil, rule: PersonChange.Rule? = nil) {
            self.by = by
            self.minRise = minRise
            self.target = target
            self.rule = rule
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            by = try c.decodeIfPresent(Value.self, forKey: .by) ?? .mark
            minRise = try c.decodeIfPresent(Double.self, forKey: .minRise) ?? 1
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            rule = try c.decodeIfPresent(PersonChange.Rule.self, forKey: .rule)
        }

        /// The student rule: the pipeline's, else the mean of comparable marks (DESIGN.md §5).
        public var studentRule: PersonChange.Rule { rule ?? .meanMark }
    }

    public enum ResultBreakdown: String, Sendable, Codable, CaseIterable {
        case school, grade, subject
        case schoolClass = "class"
    }
}

extension PipelineSpec.Results: PipelineSection {}
