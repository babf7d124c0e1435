import ByteTables

extension CodeWord {
    /// The word of `code` in `group`; nil when the code's match key (``MatchKey``) is not 1–15
    /// digits or the group is numbered past ``CodeWord/groups``.
    ///
    /// A code packs exactly when the codes it is the same as do: «12345.» or «№ 12345» key as
    /// «12345».
    public static func pack(_ code: String, group: Int) -> UInt64? {
        guard group >= 0 && group < groups else { return nil }
        var code = code
        if let word = code.withUTF8({ pack(digits: UnsafeRawBufferPointer($0), group: group) }) { return word }
        // Rare, so the key may cost a String.
        var key = MatchKey.of(code)
        return key.withUTF8 { pack(digits: UnsafeRawBufferPointer($0), group: group) }
    }
}
