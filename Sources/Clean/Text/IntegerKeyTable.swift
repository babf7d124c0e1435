/// A map from 64-bit keys to 32-bit values, in one open-addressing array: 12 bytes per slot,
/// at most half full — about 24 bytes per key.
///
/// For keys that pack into a word (a numeric student code with its subject's number), where a
/// ``CompactKeyTable`` would keep the key's bytes, its end, its hash and a slot. Keys are
/// compared whole, so no two keys are ever taken for one. `UInt64.max` is not a key.
public struct IntegerKeyTable: Sendable {
    private static let empty = UInt64.max
    private var keys: [UInt64]
    private var values: [Int32]
    public private(set) var count = 0

    public init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: Self.empty, count: capacity)
        values = [Int32](repeating: 0, count: capacity)
    }

    /// Bytes held, for the run's memory report.
    public var bytes: Int { keys.count * 12 }

    /// The key's slot: where it is, or the empty slot where it would go.
    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        let mask = keys.count - 1
        // Fibonacci hashing spreads keys that differ only in their low digits over the table.
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[slot] != key && keys[slot] != Self.empty { slot = (slot + 1) & mask }
        return slot
    }

    /// Adds `key` with `value` if it is new; returns the value it has either way.
    public mutating func insert(_ key: UInt64, value: Int32) -> (value: Int32, inserted: Bool) {
        precondition(key != Self.empty, "UInt64.max marks an empty slot")
        let found = slot(of: key)
        if keys[found] == key { return (values[found], false) }
        keys[found] = key
        values[found] = value
        count += 1
        if count * 2 > keys.count { grow() }
        return (value, true)
    }

    public func value(of key: UInt64) -> Int32? {
        let found = slot(of: key)
        return keys[found] == key ? values[found] : nil
    }

    /// Every key with its value, in no particular order.
    public func forEach(_ body: (UInt64, Int32) throws -> Void) rethrows {
        for index in keys.indices where keys[index] != Self.empty { try body(keys[index], values[index]) }
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        for index in oldKeys.indices where oldKeys[index] != Self.empty {
            let target = slot(of: oldKeys[index])
            keys[target] = oldKeys[index]
            values[target] = oldValues[index]
        }
    }
}
