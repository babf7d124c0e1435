#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A set of byte-string keys, each given a dense index, held as one byte arena and an
/// open-addressing table of 64-bit slots: about 32–48 bytes per key beyond the key's own bytes.
///
/// It holds the smaller side of a join (a million student codes fit in a few tens of
/// megabytes), where a `Dictionary<String, Int>` would spend a String and a hash bucket per
/// key. Keys are compared byte for byte, so a hash collision never joins two people.
///
/// The lookups are inlinable: a column's spelling cache (Clean) and the linkers (Link, Pipeline)
/// find keys millions of times per run from other modules.
public struct CompactKeyTable: Sendable {
    @usableFromInline var arena: [UInt8] = []
    /// Where each key ends in the arena (it starts where the previous one ends); whole Ints, so
    /// no arena size can overflow them.
    @usableFromInline var ends: [Int] = []
    @usableFromInline var hashes: [UInt64] = []
    /// Per slot: the upper 32 bits of the key's hash, then key index + 1; 0 is empty. The
    /// capacity is a power of two, at most half full. The hash bits let a probe pass a slot of
    /// another key without reading that key (a cache miss in a table of millions).
    @usableFromInline var slots: [UInt64]

    public init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
    }

    /// Number of distinct keys.
    public var count: Int { ends.count }

    /// Bytes held, for the run's memory report.
    public var bytes: Int { arena.capacity + ends.capacity * 8 + hashes.capacity * 8 + slots.count * 8 }

    /// Adds the key if it is new; returns its index either way.
    public mutating func insert(_ key: UnsafeRawBufferPointer) -> (index: Int, inserted: Bool) {
        let hash = Self.hash(key)
        if let found = lookup(key, hash: hash) { return (found, false) }
        precondition(ends.count < Int(UInt32.max - 1), "a slot holds a key's index in 32 bits")
        if (ends.count + 1) * 2 > slots.count { grow() }
        arena.append(contentsOf: key)
        ends.append(arena.count)
        hashes.append(hash)
        place(index: ends.count - 1, hash: hash)
        return (ends.count - 1, true)
    }

    public mutating func insert(_ key: String) -> (index: Int, inserted: Bool) {
        var key = key
        return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    /// The index of the key, if present.
    @inlinable
    public func find(_ key: UnsafeRawBufferPointer) -> Int? {
        lookup(key, hash: Self.hash(key))
    }

    public func find(_ key: String) -> Int? {
        var key = key
        return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the bytes of the key at `index`.
    public func withKey<Result>(at index: Int, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start = index == 0 ? 0 : ends[index - 1]
        return try arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    /// True when some key of this table is also in `other`.
    public func sharesKey(with other: CompactKeyTable) -> Bool {
        arena.withUnsafeBytes { arena in
            for index in ends.indices {
                let start = index == 0 ? 0 : ends[index - 1]
                let key = UnsafeRawBufferPointer(rebasing: arena[start..<ends[index]])
                if other.lookup(key, hash: hashes[index]) != nil { return true }
            }
            return false
        }
    }

    /// Whether the key at `index` has the bytes of `key` (one length check and a memcmp): a
    /// cache that remembers where a spelling was found checks it again without hashing.
    @inlinable
    public func hasKey(at index: Int, sameAs key: UnsafeRawBufferPointer) -> Bool {
        equals(index, key)
    }

    /// The key's bytes as text (for private listings).
    public func key(at index: Int) -> String {
        let start = index == 0 ? 0 : ends[index - 1]
        return String(decoding: arena[start..<ends[index]], as: UTF8.self)
    }

    @inlinable
    func lookup(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        let mask = slots.count - 1
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(index, key) { return index }
            }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inlinable
    func equals(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        let end = ends[index]
        guard end - start == key.count else { return false }
        guard !key.isEmpty else { return true }
        return arena.withUnsafeBytes { stored in
            guard let base = stored.baseAddress, let other = key.baseAddress else { return false }
            return memcmp(base + start, other, key.count) == 0
        }
    }

    private mutating func place(index: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(index + 1)
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        for index in hashes.indices { place(index: index, hash: hashes[index]) }
    }

    /// Checks what the table relies on, for tests: the slots a power of two and at most half
    /// full; keys laid end to end in the arena; each key's hash its bytes' and found at its own
    /// index through its slot; no two keys the same. Traps on the first broken one.
    public func checkInvariants() {
        precondition(slots.count >= 16 && slots.count & (slots.count - 1) == 0, "capacity a power of two")
        precondition(ends.count * 2 <= slots.count, "at most half full")
        precondition(hashes.count == ends.count, "a hash per key")
        precondition(ends.last ?? 0 == arena.count, "the arena ends with the last key")
        precondition(zip(ends, ends.dropFirst()).allSatisfy { $0 <= $1 }, "keys in order in the arena")
        precondition(slots.filter { $0 != 0 }.count == ends.count, "one slot per key")
        for index in ends.indices {
            withKey(at: index) { key in
                precondition(Self.hash(key) == hashes[index], "the hash of key \(index) is its bytes'")
                precondition(lookup(key, hash: hashes[index]) == index, "key \(index) found at its own index")
            }
        }
    }

    /// 128 bits of the key, for joins where keeping every key's bytes would cost too much
    /// memory (long ФИО keys): two independent hashes, so two different keys share a
    /// fingerprint with probability about 2⁻¹²⁸ per pair.
    public static func fingerprint(_ key: String) -> (UInt64, UInt64) {
        var key = key
        return key.withUTF8 { fingerprint(UnsafeRawBufferPointer($0)) }
    }

    public static func fingerprint(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        (hash(key), hash(key, seed: 0x6c62_272e_07bb_0142))
    }

    /// Eight bytes at a time, each word mixed in by a multiply, then a final avalanche
    /// (MurmurHash3's) so that the low bits used for the slot depend on every byte. Keys are
    /// hashed millions of times per run: a byte at a time (FNV) cost several times more.
    @inlinable
    static func hash(_ key: UnsafeRawBufferPointer, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed ^ (UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15)
        let count = key.count
        var index = 0
        while index + 8 <= count {
            let word = key.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xff51_afd7_ed55_8ccd
            hash ^= hash >> 32
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(key[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0xc4ce_b9fe_1a85_ec53
            hash ^= hash >> 32
        }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }
}

extension CompactKeyTable {
    /// Adds a fingerprint (see ``fingerprint(_:)``) as a 16-byte key.
    public mutating func insert(fingerprint: (UInt64, UInt64)) -> (index: Int, inserted: Bool) {
        withUnsafeBytes(of: fingerprint) { insert($0) }
    }

    public func find(fingerprint: (UInt64, UInt64)) -> Int? {
        withUnsafeBytes(of: fingerprint) { find($0) }
    }
}
