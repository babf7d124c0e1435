import Clean

/// The `measures:` and `tables:` lists of a pipeline file: what a satisfaction survey computes.
extension PipelineSpec {
    /// A headline figure with numerator, denominator, interval and target.
    public struct Measure: Sendable, Codable, Equatable {
        /// The categories of `scale` a top-box measure counts, lowest first: those whose number
        /// lies within `min`…`max` when either is given, else the `top` highest (2 by default).
        /// nil when `min`/`max` meet a category that is not a number.
        public func countedCategories(of scale: Scale) -> [Int]? {
            guard min != nil || max != nil else {
                let top = Swift.max(0, Swift.min(top ?? 2, scale.categories.count))
                return Array(scale.categories.indices.suffix(top))
            }
            var counted: [Int] = []
            for (index, category) in scale.categories.enumerated() {
                guard let value = Self.number(category.label) else { return nil }
                if value >= (min ?? -.infinity) && value <= (max ?? .infinity) { counted.append(index) }
            }
            return counted
        }

        /// «70», «7,5», «10 баллов» as a number; nil for a label that does not start with one.
        static func number(_ label: String) -> Double? {
            let text = label.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            let digits = text.prefix { $0.isNumber || $0 == "." || $0 == "-" }
            return digits.isEmpty ? nil : Double(digits)
        }

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
        /// An item column's id, or one row of a grid: `usefulness[Семинары]`.
        public var item: String?
        public var top: Int?
        /// On a scale whose categories are numbers (a score 0–100, a rating 1–10): the answers at
        /// least `min` (and at most `max`) count, instead of the `top` highest categories.
        public var min: Double?
        public var max: Double?
        public var target: Double?
        public var population: Population
        /// `school`, `position`.
        public var breakdowns: [Breakdown]

        enum CodingKeys: String, CodingKey {
            case id, kind, label, item, top, min, max, target, population, breakdowns
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            kind = try c.decode(Kind.self, forKey: .kind)
            label = try c.decode(String.self, forKey: .label)
            item = try c.decodeIfPresent(String.self, forKey: .item)
            top = try c.decodeIfPresent(Int.self, forKey: .top)
            min = try c.decodeIfPresent(Double.self, forKey: .min)
            max = try c.decodeIfPresent(Double.self, forKey: .max)
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            population = try c.decodeIfPresent(Population.self, forKey: .population) ?? .programme
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? []
        }
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
        /// As the pipeline names it; nil to count the population of a measure on the same item
        /// (``SurveyAnalysis/population(of:in:)``).
        public var population: Measure.Population?
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
            population = try c.decodeIfPresent(Measure.Population.self, forKey: .population)
            breakdowns = try c.decodeIfPresent([Breakdown].self, forKey: .breakdowns) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(label, forKey: .label)
            try c.encode(columns, forKey: .columns)
            try c.encodeIfPresent(population, forKey: .population)
            try c.encode(breakdowns, forKey: .breakdowns)
        }
    }
}
