import Clean

/// A pipeline file (`Pipelines/*.yaml`): which exports to read with which instruments, how to
/// clean them, what to measure and which note to write. Paths are relative to the file.
/// The README documents the format with an example.
public struct PipelineSpec: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    /// The period the data describe, `2023-11`.
    public var period: String
    /// The office issuing the note.
    public var organisation: String?
    /// Why the note is written (the road-map item, the order), for the note's opening.
    public var basis: String?
    /// Path of the school register.
    public var register: String
    public var inputs: [Input]
    public var cleaning: Cleaning
    public var measures: [Measure]
    public var tables: [Table]
    public var disclosure: Disclosure
    /// What the run computes: a survey's measures and tables, or the self-assessment of difficulties.
    public var analysis: Analysis
    /// The self-assessment's settings (with `analysis: self_assessment`).
    public var selfAssessment: SelfAssessment?
    /// The student results' settings (with `analysis: student_results`).
    public var results: Results?
    /// The programme's target indicators (with `analysis: indicators`).
    public var indicators: [Indicator]
    /// The notes to write: one (`note:`, written as note.md) or several (`notes:`, each in a folder of its id).
    public var notes: [Note]
    /// True when the pipeline names a single `note:`, whose files go to the top of the output folder.
    public var singleNote: Bool

    public enum Analysis: String, Sendable, Codable {
        case survey
        case selfAssessment = "self_assessment"
        case studentResults = "student_results"
        case indicators
    }

    enum CodingKeys: String, CodingKey {
        case id = "pipeline", title, period, organisation, basis, register, inputs, cleaning, measures, tables, disclosure
        case analysis, selfAssessment = "self_assessment", results, indicators, note, notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        period = try c.decode(String.self, forKey: .period)
        organisation = try c.decodeIfPresent(String.self, forKey: .organisation)
        basis = try c.decodeIfPresent(String.self, forKey: .basis)
        register = try c.decode(String.self, forKey: .register)
        inputs = try c.decode([Input].self, forKey: .inputs)
        cleaning = try c.decodeIfPresent(Cleaning.self, forKey: .cleaning) ?? Cleaning()
        measures = try c.decodeIfPresent([Measure].self, forKey: .measures) ?? []
        tables = try c.decodeIfPresent([Table].self, forKey: .tables) ?? []
        disclosure = try c.decodeIfPresent(Disclosure.self, forKey: .disclosure) ?? Disclosure()
        analysis = try c.decodeIfPresent(Analysis.self, forKey: .analysis) ?? .survey
        selfAssessment = try c.decodeIfPresent(SelfAssessment.self, forKey: .selfAssessment)
        results = try c.decodeIfPresent(Results.self, forKey: .results)
        indicators = try c.decodeIfPresent([Indicator].self, forKey: .indicators) ?? []
        if let many = try c.decodeIfPresent([Note].self, forKey: .notes) {
            notes = many
            singleNote = false
        } else {
            notes = [try c.decode(Note.self, forKey: .note)]
            singleNote = true
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(period, forKey: .period)
        try c.encodeIfPresent(organisation, forKey: .organisation)
        try c.encodeIfPresent(basis, forKey: .basis)
        try c.encode(register, forKey: .register)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(cleaning, forKey: .cleaning)
        try c.encode(measures, forKey: .measures)
        try c.encode(tables, forKey: .tables)
        try c.encode(disclosure, forKey: .disclosure)
        try c.encode(analysis, forKey: .analysis)
        try c.encodeIfPresent(selfAssessment, forKey: .selfAssessment)
        try c.encodeIfPresent(results, forKey: .results)
        try c.encode(indicators, forKey: .indicators)
        try c.encode(notes, forKey: .notes)
    }

    /// One export to read.
    public struct Input: Sendable, Codable, Equatable {
        /// `responses` — the survey answers; `roster` — the staff roster giving denominators;
        /// `results` — students' marks or scores at one point (or both); `vpr` — a ВПР-style test
        /// with task scores and journal marks; `competence` — teachers' subject-competence diagnostics;
        /// `courses` — completions of in-service courses (КПК); `attendance` — who took part in an
        /// activity (a seminar's registration list, the consultation journal).
        public enum Kind: String, Sendable, Codable { case responses, roster, results, vpr, competence, courses, attendance }

        public var id: String
        public var kind: Kind
        public var file: String
        public var instrument: String
        /// Overrides encoding detection (`windows-1251`, …).
        public var encoding: String?
        /// Overrides delimiter detection.
        public var delimiter: String?
        /// For a repeated survey: the wave this file holds, when the export has no stage column.
        public var stage: Stage?
        /// For attendance lists: the kind of activity (`targeted_help`, `network`…) indicators count.
        public var activity: String?
    }

    /// The wave of a repeated survey.
    public enum Stage: String, Sendable, Codable {
        /// At the start (of a course, of the year): the baseline.
        case pre
        /// At the end: the follow-up.
        case post
    }

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

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            areas = try c.decode(String.self, forKey: .areas)
            threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0.5
            improved = try c.decodeIfPresent(Improved.self, forKey: .improved) ?? Improved()
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? [.school]
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

    /// Settings of the student results analysis (DESIGN.md §5, improved student).
    public struct Results: Sendable, Codable, Equatable {
        /// Which students count as improved, baseline → follow-up.
        public var improved: Rise
        /// Which teachers count as improved on the competence diagnostic.
        public var competence: Rise
        /// Breakdowns of every student figure: `school`, `grade` (параллель), `class` (a school's class), `subject`.
        public var breakdowns: [ResultBreakdown]

        enum CodingKeys: String, CodingKey { case improved, competence, breakdowns }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            improved = try c.decodeIfPresent(Rise.self, forKey: .improved) ?? Rise()
            competence = try c.decodeIfPresent(Rise.self, forKey: .competence) ?? Rise(by: .score)
            breakdowns = try c.decodeIfPresent([ResultBreakdown].self, forKey: .breakdowns) ?? [.school, .grade, .subject]
        }
    }

    /// A rise between two points that counts as improvement.
    public struct Rise: Sendable, Codable, Equatable {
        /// `mark` — the 2–5 mark rose; `score` — the score rose by at least `min_rise`.
        public enum Value: String, Sendable, Codable { case mark, score }

        public var by: Value
        /// The smallest rise that counts (marks: 1).
        public var minRise: Double
        public var target: Double?

        enum CodingKeys: String, CodingKey { case by, minRise = "min_rise", target }

        public init(by: Value = .mark, minRise: Double = 1, target: Double? = nil) {
            self.by = by
            self.minRise = minRise
            self.target = target
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            by = try c.decodeIfPresent(Value.self, forKey: .by) ?? .mark
            minRise = try c.decodeIfPresent(Double.self, forKey: .minRise) ?? 1
            target = try c.decodeIfPresent(Double.self, forKey: .target)
        }
    }

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
        /// `document`: its name and date; absent means not yet there.
        public var document: String?
        public var date: String?

        enum CodingKeys: String, CodingKey { case id, kind, label, target, positions, programmes, activities, results, measure, document, date }

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
            document = try c.decodeIfPresent(String.self, forKey: .document)
            date = try c.decodeIfPresent(String.self, forKey: .date)
        }
    }

    public enum ResultBreakdown: String, Sendable, Codable, CaseIterable {
        case school, grade, subject
        case schoolClass = "class"
    }

    public struct Cleaning: Sendable, Codable, Equatable {
        public var duplicates: CleaningPolicy.Duplicates
        public var testMarkers: [String]
        /// The run fails (exit status 1) when more of the responses than this are rejected.
        public var maxRejectRate: Double?

        enum CodingKeys: String, CodingKey { case duplicates, testMarkers = "test_markers", maxRejectRate = "max_reject_rate" }

        public init(duplicates: CleaningPolicy.Duplicates = .keepLatest, testMarkers: [String] = [], maxRejectRate: Double? = nil) {
            self.duplicates = duplicates
            self.testMarkers = testMarkers
            self.maxRejectRate = maxRejectRate
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            duplicates = try c.decodeIfPresent(CleaningPolicy.Duplicates.self, forKey: .duplicates) ?? .keepLatest
            testMarkers = try c.decodeIfPresent([String].self, forKey: .testMarkers) ?? []
            maxRejectRate = try c.decodeIfPresent(Double.self, forKey: .maxRejectRate)
        }
    }

    /// A headline figure with numerator, denominator, interval and target.
    public struct Measure: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Share of substantive answers to `item` in its `top` highest categories.
            case topBox = "top_box"
            /// Respondents over the staff on the roster.
            case coverage
        }

        /// Which schools' respondents count.
        public enum Population: String, Sendable, Codable {
            /// Schools in the programme (ШНОР).
            case programme
            /// Every school in the register.
            case all
        }

        public var id: String
        public var kind: Kind
        public var label: String
        public var item: String?
        public var top: Int?
        public var target: Double?
        public var population: Population
        /// `school`, `position`.
        public var breakdowns: [Breakdown]

        enum CodingKeys: String, CodingKey { case id, kind, label, item, top, target, population, breakdowns }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(Kind.self, forKey: .kind)
            label = try c.decode(String.self, forKey: .label)
            item = try c.decodeIfPresent(String.self, forKey: .item)
            top = try c.decodeIfPresent(Int.self, forKey: .top)
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            population = try c.decodeIfPresent(Population.self, forKey: .population) ?? .programme
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? []
        }
    }

    public enum Breakdown: String, Sendable, Codable, CaseIterable {
        case school, position, subject
    }

    /// A table of the note and of results.json.
    public struct Table: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Distribution, top-2-box and median of each listed item (grids expand to rows).
            case likert
            /// How often each option of a multiple-choice column was chosen.
            case choices
            /// Free-text answers, collected without names.
            case freeText = "free_text"
        }

        public var id: String
        public var kind: Kind
        public var label: String
        /// Item or grid column ids (likert); one column id (choices, free_text).
        public var columns: [String]
        public var population: Measure.Population
        /// Likert tables only: the top-two share of each item by school or position.
        public var breakdowns: [Breakdown]

        enum CodingKeys: String, CodingKey { case id, kind, label, columns, column, population, breakdowns }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(Kind.self, forKey: .kind)
            label = try c.decode(String.self, forKey: .label)
            if let many = try c.decodeIfPresent([String].self, forKey: .columns) {
                columns = many
            } else {
                columns = [try c.decode(String.self, forKey: .column)]
            }
            population = try c.decodeIfPresent(Measure.Population.self, forKey: .population) ?? .programme
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(label, forKey: .label)
            try c.encode(columns, forKey: .columns)
            try c.encode(population, forKey: .population)
            try c.encode(breakdowns, forKey: .breakdowns)
        }
    }

    public struct Disclosure: Sendable, Codable, Equatable {
        /// Groups with a denominator below k are suppressed; at least 5 (DESIGN.md §6).
        public var k: Int
        public init(k: Int = 5) { self.k = k }
    }

    public struct Note: Sendable, Codable, Equatable {
        /// With `notes:`, the folder the note is written to and the part of the analysis it words
        /// (self-assessment: `start` — the difficulty profile, `change` — before and after).
        public var id: String?
        /// Path of the Mustache template that words the note.
        public var template: String
    }
}
