import ByteTables
import SampleData
import Testing

/// The byte-key table against a `Dictionary` model: random keys (short, long, empty, sharing
/// prefixes), tables that start tiny and grow many times, and the invariants checked as they do.
@Suite("CompactKeyTable")
struct CompactKeyTableTests {
    @Test func compactKeysFindWhatWasInsertedAndNothingElse() {
        var table = CompactKeyTable(minimumCapacity: 4)
        let keys = (0..<50_000).map { "код-\($0)|\($0 % 7)" } + ["", "a", "aa", "а"]
        for (index, key) in keys.enumerated() {
            let (position, inserted) = table.insert(key)
            #expect(inserted && position == index)
        }
        #expect(table.count == keys.count)
        for (index, key) in keys.enumerated() where index % 97 == 0 || index >= 50_000 {
            #expect(table.find(key) == index)
            #expect(table.insert(key) == (index, false))
            #expect(table.key(at: index) == key)
        }
        #expect(table.find("код-50000|0") == nil)
        #expect(table.find("aaa") == nil)
        let fingerprint = CompactKeyTable.fingerprint("иванов иван|1|5А|0")
        #expect(table.insert(fingerprint: fingerprint).inserted)
        #expect(table.find(fingerprint: fingerprint) == keys.count)
        #expect(table.find(fingerprint: CompactKeyTable.fingerprint("иванов иван|1|5Б|0")) == nil)
    }

    @Test func behavesAsADictionaryOnRandomKeys() {
        var random = SplitMix64(seed: 16)
        var table = CompactKeyTable(minimumCapacity: 1)
        var model: [[UInt8]: Int] = [:]
        // Few distinct lengths and bytes, so many keys repeat and many share prefixes and lengths.
        for step in 0..<60_000 {
            let key = (0..<random.below(20)).map { _ in UInt8(random.below(4)) + 0x61 }
            let expected = model[key]
            let (index, inserted) = key.withUnsafeBytes { table.insert($0) }
            #expect(inserted == (expected == nil), "step \(step)")
            #expect(index == expected ?? model.count, "step \(step)")
            if expected == nil { model[key] = index }
            if step % 5_000 == 0 { table.checkInvariants() }
        }
        table.checkInvariants()
        #expect(table.count == model.count)
        for (key, index) in model {
            #expect(key.withUnsafeBytes { table.find($0) } == index)
            #expect(table.withKey(at: index) { Array($0) } == key)
        }
        for _ in 0..<2_000 {
            let absent = (0..<(20 + random.below(10))).map { _ in UInt8(random.below(4)) + 0x61 }
            #expect(absent.withUnsafeBytes { table.find($0) } == nil)
        }
    }

    /// Keys that fill the same run of slots (a table of 16 slots, keys past its half) are told
    /// apart by their bytes: a probe walks past every other key of the run.
    @Test func keysProbingTheSameSlotsStayApart() {
        var table = CompactKeyTable(minimumCapacity: 8)
        let keys = (0..<8).map { "k\($0)" }
        for key in keys { _ = table.insert(key) }
        table.checkInvariants()
        for (index, key) in keys.enumerated() { #expect(table.find(key) == index) }
        #expect(table.find("k8") == nil)
        // One more key makes the table grow; everything is found at its old index.
        #expect(table.insert("k8") == (8, true))
        table.checkInvariants()
        for (index, key) in (keys + ["k8"]).enumerated() { #expect(table.find(key) == index) }
    }

    @Test func keysLongerThanAWordDifferingInTheLastByte() {
        var table = CompactKeyTable(minimumCapacity: 2)
        let stem = String(repeating: "ж", count: 40)
        for letter in ["а", "б", "в", "г"] { _ = table.insert(stem + letter) }
        #expect(table.find(stem + "б") == 1)
        #expect(table.find(stem) == nil && table.find(stem + "д") == nil)
        table.checkInvariants()
    }

    @Test func sharesKeyFindsACommonKeyOnly() {
        var first = CompactKeyTable(minimumCapacity: 4)
        var second = CompactKeyTable(minimumCapacity: 4)
        for key in ["1", "2", "3"] { _ = first.insert(key) }
        for key in ["4", "5"] { _ = second.insert(key) }
        #expect(!first.sharesKey(with: second) && !second.sharesKey(with: first))
        _ = second.insert("2")
        #expect(first.sharesKey(with: second) && second.sharesKey(with: first))
    }

    @Test func fingerprintsOfDifferentKeysDiffer() {
        var seen = Set<[UInt64]>()
        for number in 0..<100_000 {
            let (high, low) = CompactKeyTable.fingerprint("иванов иван|\(number)")
            #expect(seen.insert([high, low]).inserted)
        }
    }
}
