import ByteTables
import Testing

/// Byte equality, not Unicode equivalence: what a record compared with the last one needs.
@Suite("Same bytes")
struct SameBytesTests {
    @Test func textsAreTheSameWhenTheirBytesAre() {
        #expect("Иванов".hasSameUTF8(as: "Иванов"))
        #expect("".hasSameUTF8(as: ""))
        #expect(!"Иванов".hasSameUTF8(as: "Иванова"))
        #expect(!"5А".hasSameUTF8(as: "5Б"))
        // «й» composed and decomposed: equal as Strings, not as bytes.
        let composed = "\u{0439}", decomposed = "\u{0438}\u{0306}"
        #expect(composed == decomposed)
        #expect(!composed.hasSameUTF8(as: decomposed))
        // A bridged or sliced string without contiguous storage takes the slow path to the same answer.
        let long = String(repeating: "щ", count: 100)
        #expect(long.hasSameUTF8(as: String(long.dropFirst(0))))
    }

    @Test func buffersAreTheSameWhenTheirBytesAre() {
        let first: [UInt8] = [1, 2, 3], second: [UInt8] = [1, 2, 3], third: [UInt8] = [1, 2, 4]
        first.withUnsafeBytes { first in
            second.withUnsafeBytes { #expect(first.hasSameBytes(as: $0)) }
            third.withUnsafeBytes { #expect(!first.hasSameBytes(as: $0)) }
            #expect(!first.hasSameBytes(as: UnsafeRawBufferPointer(rebasing: first[0..<2])))
        }
        #expect(
            UnsafeRawBufferPointer(start: nil, count: 0).hasSameBytes(as: UnsafeRawBufferPointer(start: nil, count: 0)))
    }
}
