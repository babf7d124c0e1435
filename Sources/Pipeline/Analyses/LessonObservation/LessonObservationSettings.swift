import Notes

/// The `lesson_observation:` section of a pipeline file.
extension PipelineSpec {
    /// The `lesson_observation:` section (with `analysis: lesson_observation`).
    public var lessonObservation: LessonObservation? {
        section(of: Pipeline.LessonObservation.self) as? LessonObservation
    }

    /// Settings of the monitoring of teaching quality by lesson observation protocols (road-map item 7).
    public struct LessonObservation: Sendable, Codable, Equatable {
        /// What a teacher observed more than once in a wave counts as.
        public enum Repeated: String, Sendable, Codable, CaseIterable {
            /// The mean of the protocols' shares of the maximum (per block and overall).
            case mean
            /// The latest protocol by its date (then by its line in the file); the others are
            /// rejected as `repeated_observation`.
            case latest
        }

        public var repeated: Repeated
        public var improved: ObservedImprovement
        /// Schools and blocks whose mean share of the maximum at the second wave lies below this
        /// are listed for the conclusions.
        public var threshold: Double

        enum CodingKeys: String, CodingKey { case repeated, improved, threshold }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            repeated = try named(Repeated.self, .repeated, in: c) ?? .mean
            improved = try c.decodeIfPresent(ObservedImprovement.self, forKey: .improved) ?? ObservedImprovement()
            threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? 0.5
        }
    }

    /// Which observed teachers count as improved between the waves.
    public struct ObservedImprovement: Sendable, Codable, Equatable {
        /// The named rules.
        public enum Rule: String, Sendable, Codable, CaseIterable {
            /// The overall share of the maximum rose by at least `margin` (fell by at least
            /// `margin`: worsened; anything between: unchanged).
            case overallGain = "overall_gain"
        }

        public var rule: Rule
        /// The least rise of the overall share of the maximum (0.1 = 10 percentage points).
        public var margin: Double
        public var target: Double?

        enum CodingKeys: String, CodingKey { case rule, margin, target }

        public init(rule: Rule = .overallGain, margin: Double = 0.1, target: Double? = nil) {
            self.rule = rule
            self.margin = margin
            self.target = target
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            rule = try named(Rule.self, .rule, in: c) ?? .overallGain
            margin = try c.decodeIfPresent(Double.self, forKey: .margin) ?? 0.1
            target = try c.decodeIfPresent(Double.self, forKey: .target)
        }
    }
}

extension PipelineSpec.LessonObservation: PipelineSection {}

/// A named choice of the section (`repeated: mean`, `rule: overall_gain`); a name it does not
/// know is an error naming the nearest one and every one there is.
private func named<Choice: RawRepresentable & CaseIterable, Key: CodingKey>(
    _ type: Choice.Type, _ key: Key, in container: KeyedDecodingContainer<Key>
) throws -> Choice? where Choice.RawValue == String {
    guard let name = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
    if let choice = Choice(rawValue: name) { return choice }
    let names = Choice.allCases.map(\.rawValue)
    let hint = NearestName.nearest(to: name, in: names).map { " — может быть, «\($0)»?" } ?? ""
    throw DecodingError.dataCorruptedError(
        forKey: key, in: container,
        debugDescription: "\(key.stringValue): «\(name)» не бывает\(hint) (есть: \(names.joined(separator: ", ")))")
}
