/// Scores how much decoded text looks like words of some alphabet, to grade a code page
/// libuchardet names outside the Cyrillic ones (windows-1252, ISO-8859-2…).
///
/// The share of words holding a non-ASCII letter whose letters all belong to one script
/// (Latin with its accented letters, Greek, Cyrillic) in a case shape words have (lower,
/// Capitalised, UPPER); a stray symbol counts against. Western text read as windows-1251
/// mixes scripts inside a word («Josй»), so the wrong table scores low.
enum ScriptPlausibility {
    private enum Script { case latin, greek, cyrillic, other }

    private static func script(of scalar: Unicode.Scalar) -> Script {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F: .latin
        case 0x370...0x3FF: .greek
        case 0x400...0x4FF: .cyrillic
        default: .other
        }
    }

    /// 1 for text with no non-ASCII word; otherwise the share of words that read as words.
    static func score(_ text: String) -> Double {
        CyrillicPlausibility.wordShare(text, isWellFormed: isWord) {
            !$0.isASCII && $0.properties.generalCategory == .otherSymbol
        }
    }

    /// Letters of one script in a case shape words have: lower, Capitalised or UPPER.
    private static func isWord(_ word: [Unicode.Scalar]) -> Bool {
        let first = script(of: word[0])
        guard first != .other, word.allSatisfy({ script(of: $0) == first }) else { return false }
        let tailUpper = word.dropFirst().map(\.properties.isUppercase)
        return tailUpper.allSatisfy { !$0 } || (word[0].properties.isUppercase && tailUpper.allSatisfy { $0 })
    }
}
