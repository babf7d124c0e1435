import ByteTables
import SampleData
import Testing

/// The 64-bit key table against a `Dictionary` model, with keys clustered as packed codes are
/// (same high bits, neighbouring low ones) and spread at random, through many growths.
@Suite("IntegerKeyTable")
struct IntegerKeyTableTests {
    @Test func integerKeysKeepTheFirstValueAndFindNothingElse() {
        var table = IntegerKeyTable(minimumCapacity: 4)
        // Keys that differ only in high bits or only in low ones, as packed codes and subjects do.
        let keys: [UInt64] =
            (0..<1_024).flatMap { subject in (0..<30).map { UInt64(subject) << 54 | UInt64(6_660_000_000 + $0) } }
            + (0..<40_000).map { UInt64($0) } + [UInt64.max - 1]
        for (index, key) in keys.enumerated() {
            #expect(table.insert(key, value: Int32(index)) == (Int32(index), true))
        }
        #expect(table.count == keys.count)
        for (index, key) in keys.enumerated() where index % 89 == 0 || index == keys.count - 1 {
            #expect(table.insert(key, value: -1) == (Int32(index), false))
            #expect(table.value(of: key) == Int32(index))
        }
        #expect(table.value(of: 40_000) == nil && table.value(of: 1 << 63) == nil)
        var seen = 0
        table.forEach { key, value in
            if keys[Int(value)] == key { seen += 1 }
        }
        #expect(seen == keys.count)
    }

    @Test func behavesAsADictionaryOnRandomKeys() {
        var random = SplitMix64(seed: 64)
        var table = IntegerKeyTable(minimumCapacity: 1)
        var model: [UInt64: Int32] = [:]
        for step in 0..<80_000 {
            // Half clustered (a few groups, a narrow range of codes, so keys repeat), half anywhere.
            let key =
                step % 2 == 0
                ? UInt64(random.below(8)) << 54 | UInt64(random.below(20_000))
                : random.next() >> 1
            let value = Int32(step)
            let result = table.insert(key, value: value)
            if let old = model[key] {
                #expect(result == (old, false), "step \(step)")
            } else {
                #expect(result == (value, true), "step \(step)")
                model[key] = value
            }
            if step % 10_000 == 0 { table.checkInvariants() }
        }
        table.checkInvariants()
        #expect(table.count == model.count)
        for (key, value) in model { #expect(table.value(of: key) == value) }
        var visited: [UInt64: Int32] = [:]
        table.forEach { key, value in visited[key] = value }
        #expect(visited == model)
        for _ in 0..<5_000 {
            let key = UInt64(8 + random.below(8)) << 54 | UInt64(random.below(20_000))
            #expect(table.value(of: key) == nil)
        }
    }

    /// Keys a multiple of a large power of two apart fall on few slots under a plain modulo;
    /// they are all kept and found.
    @Test func keysStridingByPowersOfTwo() {
        var table = IntegerKeyTable(minimumCapacity: 4)
        let keys = (0..<5_000).map { UInt64($0) << 40 }
        for (index, key) in keys.enumerated() { #expect(table.insert(key, value: Int32(index)).inserted) }
        table.checkInvariants()
        for (index, key) in keys.enumerated() { #expect(table.value(of: key) == Int32(index)) }
    }

    /// Keys alike in their low six bits (a block's place) and keys in one long run are all kept
    /// and found; room reserved at once keeps every key already there.
    @Test func keysAlikeInTheirLowBitsAndReservedRoom() {
        var table = IntegerKeyTable(minimumCapacity: 4)
        let alike = (0..<20_000).map { UInt64($0) << 6 | 5 }
        let run = (0..<20_000).map { 6_660_000_000 + UInt64($0) }
        for (index, key) in (alike + run).enumerated() {
            #expect(table.insert(key, value: Int32(index)).inserted)
            if index == 10_000 { table.reserveCapacity(100_000) }
        }
        table.checkInvariants()
        table.reserveCapacity(10)
        table.checkInvariants()
        for (index, key) in (alike + run).enumerated() { #expect(table.value(of: key) == Int32(index)) }
        #expect(table.value(of: 6_660_020_000) == nil && table.value(of: 7) == nil)
        #expect(table.count == 40_000)
    }
}
