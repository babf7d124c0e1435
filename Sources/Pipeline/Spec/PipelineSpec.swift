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
    public var note: Note

    enum CodingKeys: String, CodingKey {
        case id = "pipeline", title, period, organisation, basis, register, inputs, cleaning, measures, tables, disclosure, note
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
        note = try c.decode(Note.self, forKey: .note)
    }

    /// One export to read.
    public struct Input: Sendable, Codable, Equatable {
        /// `responses` — the survey answers; `roster` — the staff roster giving denominators.
        public enum Kind: String, Sendable, Codable { case responses, roster }

        public var id: String
        public var kind: Kind
        public var file: String
        public var instrument: String
        /// Overrides encoding detection (`windows-1251`, …).
        public var encoding: String?
        /// Overrides delimiter detection.
        public var delimiter: String?
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
        case school, position
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
        /// Path of the Mustache template that words the note.
        public var template: String
    }
}
