/// A person's code of digits and the number of the group it is scoped to (a subject), packed
/// in one 64-bit word: the digits' value (50 bits), how many there are (4 bits, so «0012» and
/// «12» stay apart) and the group (10 bits).
///
/// Student codes are digits; a word is a key an ``IntegerKeyTable`` holds in 12 bytes and finds
/// with one comparison, where the code's bytes would cost a key table's arena, hash and compare.
/// Only 1–15 ASCII digits pack (Clean's `CodeWord.pack(_:group:)` packs a code by its match key);
/// the group is a number the caller gives, so words of two numberings are compared only after
/// ``regrouped(_:as:)``. A word is never `UInt64.max` (the table's empty mark): its count is 1–15.
public enum CodeWord {
    /// Groups are numbered below this.
    public static let groups = 1 << 10

    /// The word of `digits` in `group`; nil unless `digits` is 1–15 ASCII digits and the group
    /// is numbered below ``groups``.
    @inlinable
    public static func pack(digits: UnsafeRawBufferPointer, group: Int) -> UInt64? {
        guard group >= 0 && group < groups, (1...15).contains(digits.count) else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        return value | UInt64(digits.count) << 50 | UInt64(group) << 54
    }

    @inlinable
    public static func group(of word: UInt64) -> Int { Int(word >> 54) }

    /// The same code in group `group` (below ``groups``).
    @inlinable
    public static func regrouped(_ word: UInt64, as group: Int) -> UInt64 {
        assert(group >= 0 && group < groups, "a group is numbered below CodeWord.groups")
        return word & (1 << 54 - 1) | UInt64(group) << 54
    }

    /// The code's digits, with the zeros it began with.
    public static func code(of word: UInt64) -> String {
        let digits = String(word & (1 << 50 - 1))
        let count = Int(word >> 50 & 0xF)
        return String(repeating: "0", count: max(0, count - digits.count)) + digits
    }
}
