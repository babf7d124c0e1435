import Foundation

/// Turns a typed template context into the dictionaries, arrays, strings, integers and booleans
/// swift-mustache renders.
///
/// A context is an `Encodable` struct whose `CodingKeys` are the template's keys, so a key a
/// template may name is a property of a type rather than a string typed twice. Optionals left
/// `nil` are absent (a section over them renders nothing, as a missing key did); a `Bool` opens
/// or skips a section; an array repeats one; a `[String: T]` holds keys chosen by the pipeline
/// (measure and table ids). Numbers keep their Swift type, so `{{k}}` prints as `Int` does.
public enum TemplateValues {
    /// The context as Mustache reads it. A context must encode as a keyed container.
    public static func of(_ context: some Encodable) throws -> [String: Any] {
        let root = Slot()
        try context.encode(to: ValueEncoder(slot: root, codingPath: []))
        guard let values = root.resolved() as? [String: Any] else {
            throw EncodingError.invalidValue(
                context, .init(codingPath: [], debugDescription: "a template context must be a keyed value"))
        }
        return values
    }

    /// Every key path the context offers, dotted (`participants.rows_read`); an array's
    /// elements add their keys under the array's name (`indicators.label`). Listed from an
    /// encoded value, so keys the pipeline chooses appear as they are in that value.
    public static func keyPaths(of context: some Encodable) throws -> Set<String> {
        var paths = Set<String>()
        func walk(_ value: Any, _ prefix: String) {
            switch value {
            case let dictionary as [String: Any]:
                for (key, inner) in dictionary {
                    let path = prefix.isEmpty ? key : prefix + "." + key
                    paths.insert(path)
                    walk(inner, path)
                }
            case let array as [Any]:
                for element in array { walk(element, prefix) }
            default:
                break
            }
        }
        walk(try of(context), "")
        return paths
    }
}

/// One value under construction: set once as a scalar, a keyed or an unkeyed container.
private final class Slot {
    enum Content {
        case empty
        case scalar(Any)
        case keyed([String: Slot])
        case unkeyed([Slot])
    }

    var content = Content.empty

    func resolved() -> Any? {
        switch content {
        case .empty: return nil
        case .scalar(let value): return value
        case .keyed(let slots):
            var values: [String: Any] = [:]
            for (key, slot) in slots { values[key] = slot.resolved() }
            return values
        case .unkeyed(let slots): return slots.compactMap { $0.resolved() }
        }
    }

    func keyedSlot(_ key: String) -> Slot {
        var slots: [String: Slot] = [:]
        if case .keyed(let existing) = content { slots = existing }
        let slot = slots[key] ?? Slot()
        slots[key] = slot
        content = .keyed(slots)
        return slot
    }

    func makeKeyed() {
        if case .keyed = content { return }
        content = .keyed([:])
    }

    func appendSlot() -> Slot {
        var slots: [Slot] = []
        if case .unkeyed(let existing) = content { slots = existing }
        let slot = Slot()
        slots.append(slot)
        content = .unkeyed(slots)
        return slot
    }

    func makeUnkeyed() {
        if case .unkeyed = content { return }
        content = .unkeyed([])
    }

    var count: Int {
        if case .unkeyed(let slots) = content { return slots.count }
        return 0
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeKeyed()
        return KeyedEncodingContainer(KeyedValues<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeUnkeyed()
        return UnkeyedValues(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValue(slot: slot, codingPath: codingPath)
    }

    /// Scalars Mustache prints as Swift does; anything else goes through its own `encode(to:)`.
    static func store(_ value: some Encodable, in slot: Slot, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: slot.content = .scalar(text)
        case let flag as Bool: slot.content = .scalar(flag)
        case let number as Int: slot.content = .scalar(number)
        case let number as Double: slot.content = .scalar(number)
        default: try value.encode(to: ValueEncoder(slot: slot, codingPath: codingPath))
        }
    }
}

private struct KeyedValues<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try ValueEncoder.store(value, in: slot.keyedSlot(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let inner = slot.keyedSlot(key.stringValue)
        inner.makeKeyed()
        return KeyedEncodingContainer(KeyedValues<NestedKey>(slot: inner, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let inner = slot.keyedSlot(key.stringValue)
        inner.makeUnkeyed()
        return UnkeyedValues(slot: inner, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(slot: slot.keyedSlot("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(slot: slot.keyedSlot(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedValues: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws {}

    mutating func encode(_ value: some Encodable) throws {
        try ValueEncoder.store(value, in: slot.appendSlot(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let inner = slot.appendSlot()
        inner.makeKeyed()
        return KeyedEncodingContainer(KeyedValues<NestedKey>(slot: inner, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let inner = slot.appendSlot()
        inner.makeUnkeyed()
        return UnkeyedValues(slot: inner, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(slot: slot.appendSlot(), codingPath: codingPath)
    }
}

private struct SingleValue: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {}

    mutating func encode(_ value: some Encodable) throws {
        try ValueEncoder.store(value, in: slot, codingPath: codingPath)
    }

    // The primitive overloads a container must offer; each stores what Mustache prints.
    mutating func encode(_ value: Bool) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: String) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Double) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Float) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Int) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Int8) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Int16) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Int32) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: Int64) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: UInt) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: UInt8) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: UInt16) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: UInt32) throws { slot.content = .scalar(value) }
    mutating func encode(_ value: UInt64) throws { slot.content = .scalar(value) }
}
