import ByteTables
import SampleData
import Testing

@Suite("Owned bytes")
struct OwnedBytesTests {
    /// Appends of every kind, across many growths, read back equal to an array given the same.
    @Test(arguments: [1, 7, 16, 1000])
    func appendsReadBackAsAnArrayHoldsThem(capacity: Int) {
        var random = SplitMix64(seed: UInt64(capacity))
        var bytes = OwnedBytes(capacity: capacity)
        var model: [UInt8] = []
        for _ in 0..<2_000 {
            switch random.below(3) {
            case 0:
                let byte = UInt8(truncatingIfNeeded: random.next())
                bytes.append(byte)
                model.append(byte)
            case 1:
                let run = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                bytes.append(run)
                model += run
            default:
                let run = (0..<random.below(300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                run.withUnsafeBytes { bytes.append($0) }
                model += run
            }
            bytes.checkInvariants()
        }
        #expect(bytes.count == model.count)
        #expect(Array(bytes.bytes) == model)
        #expect(Array(bytes[10..<50]) == Array(model[10..<50]))
    }

    @Test func removeAllKeepsTheMemoryForTheNextBytes() {
        var bytes = OwnedBytes(capacity: 16)
        bytes.append(Array(repeating: 7, count: 100))
        bytes.removeAll()
        #expect(bytes.count == 0)
        bytes.append([1, 2, 3])
        bytes.checkInvariants()
        #expect(Array(bytes.bytes) == [1, 2, 3])
    }

    @Test func reservedRoomTakesTheAppendsWithoutMovingTheBytes() {
        var bytes = OwnedBytes(capacity: 16)
        bytes.append([9])
        bytes.reserve(1_000)
        let before = bytes.bytes.baseAddress
        bytes.append(Array(repeating: 1, count: 999))
        #expect(bytes.bytes.baseAddress == before)
        #expect(bytes.count == 1_000)
    }
}
