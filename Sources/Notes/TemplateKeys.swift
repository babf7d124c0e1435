/// The keys a typed template context offers, listed from its type, and the tags of a template
/// that name none of them.
///
/// A context type lists its keys through its `Decodable` conformance (synthesised from the same
/// `CodingKeys` that encode it): every optional counts as present, an array as its element,
/// and the keys of a `[String: T]` — chosen by the pipeline, such as measure ids — as `*`
/// (a type that decodes its own keys may name a pattern such as `*_count`).
public enum TemplateKeys {
    /// Every dotted key path of the type: `participants.rows_read`, `measures.*.share_text`.
    public static func of<Context: Decodable>(_ type: Context.Type) throws -> Set<String> {
        let paths = PathSet()
        _ = try Context(from: KeyListing(paths: paths, prefix: ""))
        return paths.paths
    }

    /// The names in `template` (Mustache text) that no key of `keys` answers, in their order.
    ///
    /// A name is looked up as Mustache does: from the innermost open section outwards, its
    /// first part anywhere on that path, the rest below it. `charts.ID` and `.` always answer.
    public static func unknown(in template: String, keys: Set<String>) -> [String] {
        unknownNames(in: template, keys: keys).map(\.name)
    }

    /// A name of a template that no key of its context answers.
    public struct UnknownName: Sendable, Equatable {
        public let name: String
        /// The template's line (from 1) where the name first stands.
        public let line: Int
        /// The valid name closest to it where it stands (``NearestName``), if any is close.
        public let nearest: String?
    }

    /// Like ``unknown(in:keys:)``, with the line of each name's first use and the nearest
    /// valid name in its sections.
    public static func unknownNames(in template: String, keys: Set<String>) -> [UnknownName] {
        var unknown: [UnknownName] = []
        var sections: [String] = []
        var rest = Substring(template)
        var line = 1
        var counted = template.startIndex
        let patterns = Patterns(keys)
        while let open = rest.firstPlace(of: "{{") {
            line += template[counted..<open.lowerBound].count { $0 == "\n" }
            counted = open.lowerBound
            rest = rest[open.upperBound...]
            let triple = rest.hasPrefix("{")
            guard let close = rest.firstPlace(of: triple ? "}}}" : "}}") else { break }
            var tag = rest[rest.startIndex..<close.lowerBound]
            rest = rest[close.upperBound...]
            if triple { tag = tag.dropFirst() }
            let sigil = tag.first
            if let sigil, "#^/&!=>%".contains(sigil) { tag = tag.dropFirst() }
            let name = tag.trimmingCharacters(in: " ")
            switch sigil {
            case "!", "=", ">", "%": continue
            case "/":
                if !sections.isEmpty { sections.removeLast() }
                continue
            default: break
            }
            let resolved = resolve(name, sections: sections, patterns: patterns)
            if resolved == nil && !unknown.contains(where: { $0.name == name }) {
                unknown.append(
                    UnknownName(name: name, line: line, nearest: nearest(to: name, sections: sections, keys: keys)))
            }
            if sigil == "#" || sigil == "^" { sections.append(resolved ?? name) }
        }
        return unknown
    }

    /// The valid name closest to `name` as written inside `sections`: each key seen from
    /// each open section, a `*` segment standing for the name's own segment there.
    private static func nearest(to name: String, sections: [String], keys: Set<String>) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        var candidates: [String] = []
        for scope in [""] + sections.map({ $0 + "." }) {
            for key in keys.sorted() where key.hasPrefix(scope) {
                let relative = key.dropFirst(scope.count).split(separator: ".", omittingEmptySubsequences: false)
                let named = relative.enumerated().map { index, segment in
                    segment == "*" && index < parts.count ? parts[index] : segment
                }
                if !named.contains("*") { candidates.append(named.joined(separator: ".")) }
            }
        }
        return NearestName.nearest(to: name, in: candidates)
    }

    /// The key path `name` reaches from the open sections, or nil.
    private static func resolve(_ name: String, sections: [String], patterns: Patterns) -> String? {
        if name == "." || name.hasPrefix("charts.") { return name }
        for depth in stride(from: sections.count, through: 0, by: -1) {
            let scope = depth == 0 ? "" : sections[depth - 1] + "."
            if let path = patterns.match(scope + name) { return path }
        }
        return nil
    }

    /// The keys, each also cut into its segments once: a template's hundreds of tags are each
    /// matched against every key from every open section.
    private struct Patterns {
        let keys: Set<String>
        /// In the set's own order, so the first key to fit is the one `keys.first` would give.
        let segmented: [(key: String, segments: [Substring])]

        init(_ keys: Set<String>) {
            self.keys = keys
            segmented = keys.map { ($0, $0.split(separator: ".", omittingEmptySubsequences: false)) }
        }

        /// `path` as a key, a segment standing for a pipeline's key matching `*`.
        func match(_ path: String) -> String? {
            if keys.contains(path) { return path }
            let parts = path.split(separator: ".", omittingEmptySubsequences: false)
            return segmented.first { _, pattern in
                pattern.count == parts.count && zip(pattern, parts).allSatisfy { TemplateKeys.fits($1, $0) }
            }?.key
        }
    }

    /// A segment of a name against a segment of a key, where `*` stands for any text (`*_count`).
    fileprivate static func fits(_ segment: Substring, _ pattern: Substring) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return segment == pattern }
        let head = pattern[..<star]
        let tail = pattern[pattern.index(after: star)...]
        return segment.count >= head.count + tail.count && segment.hasPrefix(head) && segment.hasSuffix(tail)
    }
}

extension Substring {
    /// The first place of `target` (a tag's braces), compared character by character as `==`
    /// compares: one walk from here to it, where a search through Foundation cost a pass over
    /// the rest of the text each time.
    fileprivate func firstPlace(of target: String) -> Range<String.Index>? {
        guard let head = target.first else { return nil }
        var index = startIndex
        while index < endIndex {
            if self[index] == head, self[index...].hasPrefix(target) {
                return index..<self.index(index, offsetBy: target.count)
            }
            formIndex(after: &index)
        }
        return nil
    }

    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}

/// The key paths found so far; a class so nested decoders add to one set.
private final class PathSet {
    var paths = Set<String>()
}

/// A decoder that answers every request with a placeholder and notes each key asked for.
private struct KeyListing: Decoder {
    let paths: PathSet
    let prefix: String
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keys<Key>(paths: paths, prefix: prefix))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer {
        Elements(paths: paths, prefix: prefix)
    }

    func singleValueContainer() -> any SingleValueDecodingContainer {
        Placeholder(paths: paths, prefix: prefix)
    }

    func below(_ key: String) -> KeyListing {
        let path = prefix.isEmpty ? key : prefix + "." + key
        paths.paths.insert(path)
        return KeyListing(paths: paths, prefix: path)
    }
}

private struct Keys<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let paths: PathSet
    let prefix: String
    var codingPath: [any CodingKey] { [] }
    /// A dictionary asks for its keys: one that stands for all of them.
    var allKeys: [Key] { Key(stringValue: "*").map { [$0] } ?? [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: KeyListing(paths: paths, prefix: prefix).below(key.stringValue))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<
        NestedKey
    > {
        KeyListing(paths: paths, prefix: prefix).below(key.stringValue).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer {
        KeyListing(paths: paths, prefix: prefix).below(key.stringValue).unkeyedContainer()
    }

    func superDecoder() -> any Decoder { KeyListing(paths: paths, prefix: prefix) }
    func superDecoder(forKey key: Key) -> any Decoder {
        KeyListing(paths: paths, prefix: prefix).below(key.stringValue)
    }
}

/// An array of one element: its keys stand under the array's name.
private struct Elements: UnkeyedDecodingContainer {
    let paths: PathSet
    let prefix: String
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    init(paths: PathSet, prefix: String) {
        self.paths = paths
        self.prefix = prefix
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try T(from: KeyListing(paths: paths, prefix: prefix))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<
        NestedKey
    > {
        currentIndex += 1
        return KeyListing(paths: paths, prefix: prefix).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return Elements(paths: paths, prefix: prefix)
    }

    mutating func superDecoder() -> any Decoder { KeyListing(paths: paths, prefix: prefix) }
}

/// A scalar: an empty string, zero, false.
private struct Placeholder: SingleValueDecodingContainer {
    let paths: PathSet
    let prefix: String
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: KeyListing(paths: paths, prefix: prefix)) }
}
