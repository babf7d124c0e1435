/// A person's code of digits and the number of the group it is scoped to (a subject), packed
/// in one 64-bit word: the digits' value (50 bits), how many there are (4 bits, so «0012» and
/// «12» stay apart) and the group (10 bits).
///
/// Student codes are digits; a word is a key an ``IntegerKeyTable`` holds in 12 bytes and finds
/// with one comparison, where the code's bytes would cost a key table's arena, hash and compare.
/// A code is packed when its match key (``MatchKey``) is 1–15 digits, so it packs exactly when
/// the codes it is the same as do; the group is a number the caller gives, so words of two
/// numberings are compared only after ``regrouped(_:as:)``.
public enum CodeWord {
    /// Groups are numbered below this.
    public static let groups = 1 << 10

    /// The word of `code` in `group`; nil when the code's match key is not 1–15 digits or the
    /// group is numbered past ``groups``.
    public static func pack(_ code: String, group: Int) -> UInt64? {
        guard group >= 0 && group < groups else { return nil }
        var code = code
        if let word = code.withUTF8({ digits(UnsafeRawBufferPointer($0)) }) { return word | UInt64(group) << 54 }
        // «12345.» or «№ 12345» key as «12345»: rare, so the key may cost a String.
        var key = MatchKey.of(code)
        return key.withUTF8 { digits(UnsafeRawBufferPointer($0)) }.map { $0 | UInt64(group) << 54 }
    }

    @inline(__always)
    private static func digits(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard (1...15).contains(bytes.count) else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value | UInt64(bytes.count) << 50
    }

    public static func group(of word: UInt64) -> Int { Int(word >> 54) }

    /// The same code in group `group`.
    public static func regrouped(_ word: UInt64, as group: Int) -> UInt64 {
        word & (1 << 54 - 1) | UInt64(group) << 54
    }

    /// The code's digits, with the zeros it began with.
    public static func code(of word: UInt64) -> String {
        let digits = String(word & (1 << 50 - 1))
        let count = Int(word >> 50 & 0xF)
        return String(repeating: "0", count: max(0, count - digits.count)) + digits
    }
}
