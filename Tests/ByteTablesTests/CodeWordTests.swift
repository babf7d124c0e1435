import ByteTables
import SampleData
import Testing

/// Packed codes: round trips keep the leading zeros, only 1–15 ASCII digits pack, groups stay
/// apart and can be renumbered.
@Suite("CodeWord")
struct CodeWordTests {
    func pack(_ text: String, group: Int = 0) -> UInt64? {
        Array(text.utf8).withUnsafeBytes { CodeWord.pack(digits: $0, group: group) }
    }

    @Test func randomCodesRoundTripWithTheirLeadingZeros() throws {
        var random = SplitMix64(seed: 15)
        for _ in 0..<20_000 {
            let digits = String((0..<(1 + random.below(15))).map { _ in Character(String(random.below(10))) })
            let group = random.below(CodeWord.groups)
            let word = try #require(pack(digits, group: group), "«\(digits)»")
            #expect(CodeWord.code(of: word) == digits)
            #expect(CodeWord.group(of: word) == group)
            #expect(word != UInt64.max, "never the tables' empty mark")
        }
    }

    @Test func leadingZerosKeepCodesApart() {
        let codes = ["12", "012", "0012", "000000000000012", "0", "00", "000000000000000"]
        let words = codes.compactMap { pack($0) }
        #expect(words.count == codes.count)
        #expect(Set(words).count == codes.count)
        for (code, word) in zip(codes, words) { #expect(CodeWord.code(of: word) == code) }
    }

    @Test func onlyOneToFifteenDigitsPack() {
        #expect(pack("999999999999999").map(CodeWord.code(of:)) == "999999999999999")
        #expect(pack("1234567890123456") == nil, "16 digits")
        #expect(pack("") == nil)
        for text in ["12a", "a12", "1 2", "-12", "+12", "12.", "١٢", "１２", "/", ":"] {
            #expect(pack(text) == nil, "«\(text)»")
        }
    }

    @Test func groupsAreBoundedAndRenumbered() throws {
        #expect(pack("7", group: -1) == nil)
        #expect(pack("7", group: CodeWord.groups) == nil)
        let word = try #require(pack("0042", group: CodeWord.groups - 1))
        #expect(CodeWord.group(of: word) == CodeWord.groups - 1)
        let moved = CodeWord.regrouped(word, as: 3)
        #expect(CodeWord.group(of: moved) == 3 && CodeWord.code(of: moved) == "0042")
        #expect(moved == pack("0042", group: 3))
        #expect(moved != pack("42", group: 3))
    }
}
