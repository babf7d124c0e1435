import Yams

/// The keys the `Decodable` types of one configuration file asked for, by the place of each
/// mapping they opened: what ``YAMLFile`` compares the file's own keys with, so a misspelt key
/// (`targt:`) is an error instead of being ignored.
///
/// One generic mechanism instead of a schema per type: a type's `init(from:)` is its schema.
/// A key counts as asked when the type called `contains`, `decode`, `decodeIfPresent`,
/// `decodeNil` or opened a nested container or decoder for it; reading `allKeys` (a
/// dictionary such as `scales:`) asks for every key the mapping has. Keys asked only on some
/// paths of a type's decoding (`note:` when there is no `notes:`) are asked only when that
/// path is taken, so a file that gives both is told the redundant one is not read.
final class AskedKeys {
    /// One step from the document's root: a mapping's key or a list's position.
    enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Mapping place → the keys asked there, in the order first asked.
    private(set) var keys: [[Step]: [String]] = [:]

    func opened(_ place: [Step]) {
        if keys[place] == nil { keys[place] = [] }
    }

    func asked(_ key: String, at place: [Step]) {
        if keys[place]?.contains(key) == false { keys[place]?.append(key) }
    }

    /// Where `userInfo` carries the record to ``Recorded``.
    static let userInfoKey = CodingUserInfoKey(rawValue: "shnor.askedKeys")

    /// `T` decoded through a ``KeyRecordingDecoder`` writing to the ``AskedKeys`` in the
    /// decoder's `userInfo`: the way into Yams, whose decoder only its own `decode` makes.
    struct Recorded<T: Decodable>: Decodable {
        let value: T

        init(from decoder: any Decoder) throws {
            guard let key = AskedKeys.userInfoKey, let asked = decoder.userInfo[key] as? AskedKeys else {
                value = try T(from: decoder)
                return
            }
            value = try T(from: KeyRecordingDecoder(wrapped: decoder, asked: asked, place: []))
        }
    }

    /// True for the types Yams reads from a scalar itself (strings, numbers, booleans,
    /// dates): those are handed straight to the wrapped container; every other type is built
    /// by its own `init(from:)` on a recording decoder, so the keys it asks are recorded too.
    static func isScalar<T>(_ type: T.Type) -> Bool { type is any ScalarConstructible.Type }
}

/// A decoder that hands every request to the decoder it wraps and records in ``AskedKeys``
/// the keys asked of each mapping.
///
/// Nested values are decoded as `T(from: wrapped.superDecoder(forKey:))`: for Yams the super
/// decoder of a key (of a list, the next element) is the decoder of its value with the same
/// coding path, which is what Yams' own `decode` builds, so errors name the same places.
struct KeyRecordingDecoder: Decoder {
    let wrapped: any Decoder
    let asked: AskedKeys
    let place: [AskedKeys.Step]

    var codingPath: [any CodingKey] { wrapped.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { wrapped.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let container = try wrapped.container(keyedBy: type)
        asked.opened(place)
        return KeyedDecodingContainer(RecordingKeyedContainer(wrapped: container, asked: asked, place: place))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(wrapped: try wrapped.unkeyedContainer(), asked: asked, place: place)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingSingleValueContainer(wrapped: try wrapped.singleValueContainer(), decoder: self)
    }
}

private struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let wrapped: KeyedDecodingContainer<Key>
    let asked: AskedKeys
    let place: [AskedKeys.Step]

    var codingPath: [any CodingKey] { wrapped.codingPath }

    var allKeys: [Key] {
        let keys = wrapped.allKeys
        for key in keys { asked.asked(key.stringValue, at: place) }
        return keys
    }

    private func below(_ key: Key) throws -> KeyRecordingDecoder {
        KeyRecordingDecoder(
            wrapped: try wrapped.superDecoder(forKey: key), asked: asked, place: place + [.key(key.stringValue)])
    }

    func contains(_ key: Key) -> Bool {
        asked.asked(key.stringValue, at: place)
        return wrapped.contains(key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        asked.asked(key.stringValue, at: place)
        return try wrapped.decodeNil(forKey: key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        asked.asked(key.stringValue, at: place)
        if AskedKeys.isScalar(type) { return try wrapped.decode(type, forKey: key) }
        return try T(from: try below(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        asked.asked(key.stringValue, at: place)
        return try below(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        asked.asked(key.stringValue, at: place)
        return try below(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        KeyRecordingDecoder(wrapped: try wrapped.superDecoder(), asked: asked, place: place + [.key("super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        asked.asked(key.stringValue, at: place)
        return try below(key)
    }
}

private struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    var wrapped: any UnkeyedDecodingContainer
    let asked: AskedKeys
    let place: [AskedKeys.Step]

    var codingPath: [any CodingKey] { wrapped.codingPath }
    var count: Int? { wrapped.count }
    var isAtEnd: Bool { wrapped.isAtEnd }
    var currentIndex: Int { wrapped.currentIndex }

    /// The decoder of the next element, which the wrapped container then steps past.
    private mutating func next() throws -> KeyRecordingDecoder {
        let index = wrapped.currentIndex
        return KeyRecordingDecoder(wrapped: try wrapped.superDecoder(), asked: asked, place: place + [.index(index)])
    }

    mutating func decodeNil() throws -> Bool { try wrapped.decodeNil() }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if AskedKeys.isScalar(type) { return try wrapped.decode(type) }
        return try T(from: try next())
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct RecordingSingleValueContainer: SingleValueDecodingContainer {
    let wrapped: any SingleValueDecodingContainer
    /// The decoder of the same value, for a type that decodes itself.
    let decoder: KeyRecordingDecoder

    var codingPath: [any CodingKey] { wrapped.codingPath }

    func decodeNil() -> Bool { wrapped.decodeNil() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if AskedKeys.isScalar(type) { return try wrapped.decode(type) }
        return try T(from: decoder)
    }
}
