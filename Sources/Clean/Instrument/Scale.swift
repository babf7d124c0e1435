/// The answer categories of a question, in order from the lowest to the highest, each with
/// the spellings real exports use, and the answers that carry no position on the scale.
///
/// Matching goes through ``MatchKey``, so case, spaces, ё/е and punctuation need no synonyms
/// of their own; word forms («удовлетворён», «удовлетворена») do.
public struct Scale: Sendable, Codable, Equatable {
    public var categories: [Category]
    /// Answers left out of every share and counted on their own («Затрудняюсь ответить»).
    public var nonSubstantive: [Category]
    /// False for unordered lists such as positions: no top box, no median.
    public var ordered: Bool
    /// For unordered lists: the category that unlisted values fall into; nil to reject them.
    public var fallback: String?

    public init(categories: [Category], nonSubstantive: [Category] = [], ordered: Bool = true, fallback: String? = nil)
    {
        self.categories = categories
        self.nonSubstantive = nonSubstantive
        self.ordered = ordered
        self.fallback = fallback
    }

    enum CodingKeys: String, CodingKey {
        case categories, nonSubstantive = "non_substantive", ordered, fallback
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        categories = try container.decode([Category].self, forKey: .categories)
        nonSubstantive = try container.decodeIfPresent([Category].self, forKey: .nonSubstantive) ?? []
        ordered = try container.decodeIfPresent(Bool.self, forKey: .ordered) ?? true
        fallback = try container.decodeIfPresent(String.self, forKey: .fallback)
        // On an ordered scale an unlisted answer would silently become a point of the scale and
        // move its shares; a fallback is for lists such as positions.
        if fallback != nil && ordered {
            throw DecodingError.dataCorruptedError(
                forKey: .fallback, in: container,
                debugDescription:
                    "fallback допустим только у списка с ordered: false (должности): у упорядоченной шкалы ответ не из шкалы молча стал бы её категорией и сдвинул доли — добавьте написание в synonyms"
            )
        }
    }

    /// What an answer is on this scale.
    public enum Reading: Sendable, Equatable {
        case category(Int)
        case nonSubstantive
        case blank
        case unknown
    }

    /// A lookup from match keys to readings, built once per scale.
    public struct Lookup: Sendable {
        let readings: [String: Reading]
        /// The category of `fallback:`, which unlisted values are read as.
        public let fallbackIndex: Int?

        public func read(_ text: String) -> Reading {
            let key = MatchKey.of(text)
            if key.isEmpty { return .blank }
            if let reading = readings[key] { return reading }
            if let fallbackIndex { return .category(fallbackIndex) }
            return .unknown
        }

        /// True when `text` is read as the fallback category only because the scale does not
        /// list it: a reading the run counts and reports, never a silent one.
        public func readsByFallback(_ text: String) -> Bool {
            guard fallbackIndex != nil else { return false }
            let key = MatchKey.of(text)
            return !key.isEmpty && readings[key] == nil
        }
    }

    /// Builds the lookup; fails when one spelling is given to two different answers.
    public func lookup() throws -> Lookup {
        var readings: [String: Reading] = [:]
        func add(_ spelling: String, _ reading: Reading) throws {
            let key = MatchKey.of(spelling)
            guard !key.isEmpty else { return }
            if let existing = readings[key], existing != reading {
                throw InstrumentError("написание «\(spelling)» отнесено к двум разным ответам шкалы")
            }
            readings[key] = reading
        }
        for (index, category) in categories.enumerated() {
            for spelling in category.spellings { try add(spelling, .category(index)) }
        }
        for category in nonSubstantive {
            for spelling in category.spellings { try add(spelling, .nonSubstantive) }
        }
        var fallbackIndex: Int?
        if let fallback {
            guard let index = categories.firstIndex(where: { MatchKey.of($0.label) == MatchKey.of(fallback) }) else {
                throw InstrumentError("fallback «\(fallback)» не совпадает ни с одной категорией шкалы")
            }
            fallbackIndex = index
        }
        return Lookup(readings: readings, fallbackIndex: fallbackIndex)
    }
}

/// One answer category: its label as the note prints it, and other spellings.
public struct Category: Sendable, Codable, Equatable {
    public var label: String
    public var synonyms: [String]

    public init(label: String, synonyms: [String] = []) {
        self.label = label
        self.synonyms = synonyms
    }

    var spellings: [String] { [label] + synonyms }

    enum CodingKeys: String, CodingKey { case label, synonyms }

    /// A category is written either as a bare label or as `{label, synonyms}`.
    public init(from decoder: any Decoder) throws {
        if let label = try? decoder.singleValueContainer().decode(String.self) {
            self.init(label: label)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            label: try container.decode(String.self, forKey: .label),
            synonyms: try container.decodeIfPresent([String].self, forKey: .synonyms) ?? [])
    }
}
