/// How an instrument recognises a column by its header text.
///
/// Headers are compared by their ``MatchKey``, so case, spacing, non-breaking spaces, ё/е and
/// punctuation never matter. `text` wants the whole header, `prefix` its beginning (Google
/// Forms puts the whole question in the header), `pattern` a regular expression searched in
/// the key; `any_of` lists alternative whole texts. For a grid column the pattern applies to
/// the question before ` [Row]`.
public struct HeaderPattern: Sendable, Codable, Equatable, CustomStringConvertible {
    public var text: String?
    public var prefix: String?
    public var pattern: String?
    public var anyOf: [String]?

    enum CodingKeys: String, CodingKey { case text, prefix, pattern, anyOf = "any_of" }

    public init(text: String? = nil, prefix: String? = nil, pattern: String? = nil, anyOf: [String]? = nil) {
        self.text = text
        self.prefix = prefix
        self.pattern = pattern
        self.anyOf = anyOf
    }

    /// A bare string is a whole-text match.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(text: text)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try container.decodeIfPresent(String.self, forKey: .text),
            prefix: try container.decodeIfPresent(String.self, forKey: .prefix),
            pattern: try container.decodeIfPresent(String.self, forKey: .pattern),
            anyOf: try container.decodeIfPresent([String].self, forKey: .anyOf))
    }

    public var description: String {
        if let text { return "«\(text)»" }
        if let prefix { return "начинается с «\(prefix)»" }
        if let pattern { return "по образцу /\(pattern)/" }
        return (anyOf ?? []).map { "«\($0)»" }.joined(separator: " или ")
    }

    /// A compiled matcher; fails on an empty pattern or a bad regular expression.
    public func matcher() throws -> Matcher {
        var regex: Regex<AnyRegexOutput>?
        if let pattern {
            do { regex = try Regex(pattern).ignoresCase() } catch {
                throw InstrumentError("образец заголовка /\(pattern)/ не является регулярным выражением")
            }
        }
        guard text != nil || prefix != nil || regex != nil || !(anyOf ?? []).isEmpty else {
            throw InstrumentError("у заголовка не задано ни text, ни prefix, ни pattern, ни any_of")
        }
        return Matcher(
            text: text.map(MatchKey.of), prefix: prefix.map(MatchKey.of), regex: regex,
            anyOf: Set((anyOf ?? []).map(MatchKey.of)))
    }

    public struct Matcher: @unchecked Sendable {
        let text: String?
        let prefix: String?
        let regex: Regex<AnyRegexOutput>?
        let anyOf: Set<String>

        /// True when the header (already a match key) fits.
        public func matches(_ key: String) -> Bool {
            if let text, key == text { return true }
            if let prefix, key.hasPrefix(prefix) { return true }
            if anyOf.contains(key) { return true }
            if let regex, (try? regex.firstMatch(in: key)) != nil { return true }
            return false
        }
    }
}
