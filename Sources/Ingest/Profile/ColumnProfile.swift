/// What one column holds: how many cells are filled, how many distinct values, the most
/// frequent ones, and what type the values read as.
///
/// Memory is bounded per column: values are counted exactly up to ``exactLimit`` distinct
/// ones (keyed by a 64-bit hash of their bytes); past that the distinct count is a
/// HyperLogLog estimate and the top values are those counted before the limit.
public struct ColumnProfile: Sendable {
    /// Distinct values counted exactly before switching to an estimate.
    public static let exactLimit = 10_000

    public let name: String
    public private(set) var nonEmpty = 0
    /// Types of the values past the exact limit not counted before it; the counted values keep
    /// their type in ``tallies``, read once per distinct value.
    private var kindTally = [Int](repeating: 0, count: ValueKind.allCases.count)
    private var tallies = ValueTally()
    private var sketch: DistinctSketch?

    public init(name: String) {
        self.name = name
    }

    /// Adds one cell. Cells of only spaces count as empty.
    public mutating func add(_ cell: UnsafeRawBufferPointer) {
        guard cell.contains(where: { $0 != 0x20 }) else { return }
        nonEmpty += 1
        let hash = stableHash(cell)
        if tallies.increment(hash) { return }
        let kind = ValueKind.of(cell).index
        if tallies.count < Self.exactLimit {
            tallies.insert(hash, value: String(decoding: cell, as: UTF8.self), kind: kind)
            return
        }
        kindTally[kind] += 1
        // Past the limit: the sketch takes over, seeded with every value counted so far.
        if sketch == nil {
            var seeded = DistinctSketch()
            tallies.forEachKey { seeded.add($0) }
            sketch = seeded
        }
        sketch?.add(hash)
    }

    /// True while every distinct value is counted exactly.
    public var isExact: Bool { sketch == nil }

    /// How many non-empty values read as each type (types never met are absent).
    public var kindCounts: [ValueKind: Int] {
        var tally = kindTally
        for entry in tallies.entries { tally[entry.kind] += entry.count }
        var counts: [ValueKind: Int] = [:]
        for kind in ValueKind.allCases where tally[kind.index] > 0 { counts[kind] = tally[kind.index] }
        return counts
    }

    /// Distinct non-empty values: exact while ``isExact``, else an estimate.
    public var distinct: Int { sketch.map { max(tallies.count, $0.estimate) } ?? tallies.count }

    /// The most frequent values, most frequent first; ties in order of the values.
    public func topValues(_ limit: Int) -> [(value: String, count: Int)] {
        tallies.entries
            .sorted { ($0.count, $1.value) > ($1.count, $0.value) }
            .prefix(limit)
            .map { ($0.value, $0.count) }
    }

    /// The one type every non-empty value fits, widening integer to decimal and date to date
    /// and time; text when they disagree; nil for an empty column.
    public var inferredKind: ValueKind? {
        let kinds = Set(kindCounts.keys)
        if kinds.isEmpty { return nil }
        if kinds.count == 1, let only = kinds.first { return only }
        if kinds == [.integer, .decimalComma] { return .decimalComma }
        if kinds == [.integer, .decimalPoint] { return .decimalPoint }
        if kinds == [.date, .dateTime] { return .dateTime }
        return .text
    }
}

/// FNV-1a over the bytes, then a SplitMix64 finaliser so every bit is usable by the sketch.
@inline(__always)
func stableHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
    hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
    return hash ^ (hash >> 31)
}

/// A HyperLogLog sketch (2¹² registers, about 1.6 % standard error) for distinct counts past the exact limit.
struct DistinctSketch: Sendable {
    private static let precision = 12
    private var registers = [UInt8](repeating: 0, count: 1 << precision)

    mutating func add(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - Self.precision))
        let rest = (hash << UInt64(Self.precision)) | (1 << UInt64(Self.precision - 1))
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        if rank > registers[index] { registers[index] = rank }
    }

    var estimate: Int {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for register in registers {
            sum += 1 / Double(UInt64(1) << UInt64(register))
            if register == 0 { zeros += 1 }
        }
        let raw = 0.7213 / (1 + 1.079 / m) * m * m / sum
        if raw <= 2.5 * m && zeros > 0 {
            return Int((m * log(m / Double(zeros))).rounded())
        }
        return Int(raw.rounded())
    }

    private func log(_ x: Double) -> Double {
        // Natural logarithm without Foundation: ln x = 2·atanh((x−1)/(x+1)), a fast series for x ≥ 1.
        let y = (x - 1) / (x + 1)
        var term = y
        var sum = 0.0
        var k = 1.0
        while abs(term) > 1e-15 {
            sum += term / k
            term *= y * y
            k += 2
        }
        return 2 * sum
    }
}

/// Counts per value, keyed by the value's 64-bit ``stableHash`` in an open-addressing table,
/// so a cell already seen costs one probe and no String.
struct ValueTally: Sendable {
    private var keys = [UInt64](repeating: 0, count: 64)
    private var slots = [Int32](repeating: -1, count: 64)
    /// Each value's count and its type (``ValueKind/index``).
    private(set) var entries: [(count: Int, value: String, kind: Int)] = []

    var count: Int { entries.count }

    /// Adds one to the value's count; false when the value has not been seen.
    @inline(__always)
    mutating func increment(_ hash: UInt64) -> Bool {
        let mask = keys.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while slots[position] >= 0 {
            if keys[position] == hash {
                entries[Int(slots[position])].count += 1
                return true
            }
            position = (position + 1) & mask
        }
        return false
    }

    /// Records a value not seen before with a count of one.
    mutating func insert(_ hash: UInt64, value: String, kind: Int) {
        if (entries.count + 1) * 2 > keys.count { grow() }
        place(hash, slot: Int32(entries.count))
        entries.append((1, value, kind))
    }

    func forEachKey(_ body: (UInt64) -> Void) {
        for (position, slot) in slots.enumerated() where slot >= 0 { body(keys[position]) }
    }

    private mutating func place(_ hash: UInt64, slot: Int32) {
        let mask = keys.count - 1
        var position = Int(truncatingIfNeeded: hash) & mask
        while slots[position] >= 0 { position = (position + 1) & mask }
        keys[position] = hash
        slots[position] = slot
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        slots = [Int32](repeating: -1, count: oldKeys.count * 2)
        for (position, slot) in oldSlots.enumerated() where slot >= 0 { place(oldKeys[position], slot: slot) }
    }
}
