/// A map from 64-bit keys to 32-bit values, in one open-addressing array of 16-byte slots
/// (the key and its value side by side: a probe reads one cache line), at most half full —
/// about 32 bytes per key.
///
/// For keys that pack into a word (a numeric student code with its subject's number), where a
/// ``CompactKeyTable`` would keep the key's bytes, its end, its hash and a slot. Keys are
/// compared whole, so no two keys are ever taken for one. `UInt64.max` is not a key.
///
/// Lookups are inlinable: the linkers find a word per record from other modules.
public struct IntegerKeyTable: Sendable {
    @usableFromInline
    struct Slot: Sendable {
        @usableFromInline var key: UInt64
        @usableFromInline var value: Int32

        @inlinable
        init(key: UInt64, value: Int32) {
            self.key = key
            self.value = value
        }
    }

    @usableFromInline static var empty: UInt64 { UInt64.max }
    @usableFromInline var slots: [Slot]
    public private(set) var count = 0

    public init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.empty, value: 0), count: capacity)
    }

    /// Bytes held, for the run's memory report.
    public var bytes: Int { slots.count * MemoryLayout<Slot>.stride }

    /// The key's slot: where it is, or the empty slot where it would go.
    @inlinable @inline(__always)
    func slot(of key: UInt64) -> Int {
        let mask = slots.count - 1
        // Keys in blocks of 64 by all but their low six bits, the blocks spread over the table by
        // Fibonacci hashing, a key's low bits its place in its block: codes handed out in runs
        // (as student codes are, and files list them) fill neighbouring slots, so a run of
        // inserts or lookups stays in a few cache lines; keys alike in their low bits still
        // spread, block by block.
        let block = Int(truncatingIfNeeded: ((key >> 6) &* 0x9E37_79B9_7F4A_7C15) >> 20)
        var slot = (block << 6 | Int(truncatingIfNeeded: key & 63)) & mask
        while slots[slot].key != key && slots[slot].key != Self.empty { slot = (slot + 1) & mask }
        return slot
    }

    /// Adds `key` with `value` if it is new; returns the value it has either way.
    public mutating func insert(_ key: UInt64, value: Int32) -> (value: Int32, inserted: Bool) {
        precondition(key != Self.empty, "UInt64.max marks an empty slot")
        let found = slot(of: key)
        if slots[found].key == key { return (slots[found].value, false) }
        slots[found] = Slot(key: key, value: value)
        count += 1
        if count * 2 > slots.count { grow() }
        return (value, true)
    }

    @inlinable
    public func value(of key: UInt64) -> Int32? {
        let found = slot(of: key)
        return slots[found].key == key ? slots[found].value : nil
    }

    /// Every key with its value, in no particular order.
    public func forEach(_ body: (UInt64, Int32) throws -> Void) rethrows {
        for slot in slots where slot.key != Self.empty { try body(slot.key, slot.value) }
    }

    /// Makes room for `count` keys at once, so that adding them rehashes the table once at most.
    public mutating func reserveCapacity(_ count: Int) {
        var capacity = slots.count
        while capacity < count * 2 { capacity <<= 1 }
        if capacity > slots.count { rehash(capacity: capacity) }
    }

    private mutating func grow() { rehash(capacity: slots.count * 2) }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.empty, value: 0), count: capacity)
        for slot in old where slot.key != Self.empty { slots[self.slot(of: slot.key)] = slot }
    }

    /// Checks what the table relies on, for tests: the slots a power of two and at most half
    /// full, ``count`` the keys held, each key found in its own slot (no key twice, none lost
    /// behind an empty slot). Traps on the first broken one.
    public func checkInvariants() {
        precondition(slots.count >= 16 && slots.count & (slots.count - 1) == 0, "capacity a power of two")
        precondition(count * 2 <= slots.count, "at most half full")
        precondition(slots.filter { $0.key != Self.empty }.count == count, "count is the keys held")
        for (index, slot) in slots.enumerated() where slot.key != Self.empty {
            precondition(self.slot(of: slot.key) == index, "key \(slot.key) found in its own slot")
        }
    }
}
