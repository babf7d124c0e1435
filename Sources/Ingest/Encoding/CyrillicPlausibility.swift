/// Scores how much decoded text looks like Russian words, to grade a code page guess.
///
/// A wrong Cyrillic code page still yields letters, but in impossible shapes: KOI8-R read as
/// windows-1251 swaps letter case inside words («иВАНОВА»), windows-1251 read as x-mac-cyrillic
/// turns capitals into symbols («∆Ó‡»). So the score is the share of words holding a non-ASCII
/// character that are Cyrillic letters in one of the three case shapes Russian text uses.
enum CyrillicPlausibility {
    /// Punctuation common in Russian exports that a correct decoding produces.
    private static let expectedSymbols: Set<Unicode.Scalar> = [
        "№", "«", "»", "—", "–", "…", "\u{00A0}", "\u{202F}", "‘", "’", "“", "”", "„", "°", "·", "•",
    ]

    /// 1 for text with no non-ASCII word; otherwise the share of plausible non-ASCII words.
    static func score(_ text: String) -> Double {
        var plausible = 0
        var judged = 0
        var word: [Unicode.Scalar] = []
        func closeWord() {
            defer { word.removeAll(keepingCapacity: true) }
            guard word.contains(where: { !$0.isASCII }) else { return }
            judged += 1
            if isRussianWord(word) { plausible += 1 }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                word.append(scalar)
            } else {
                closeWord()
                if !scalar.isASCII && !expectedSymbols.contains(scalar) {
                    judged += 1  // a stray symbol is a sign of the wrong table
                }
            }
        }
        closeWord()
        return judged == 0 ? 1 : Double(plausible) / Double(judged)
    }

    private static func isCyrillic(_ s: Unicode.Scalar) -> Bool {
        (0x0410...0x044F).contains(s.value) || s.value == 0x0401 || s.value == 0x0451
    }

    private static func isUpper(_ s: Unicode.Scalar) -> Bool {
        (0x0410...0x042F).contains(s.value) || s.value == 0x0401
    }

    private static func isRussianWord(_ word: [Unicode.Scalar]) -> Bool {
        guard word.allSatisfy(isCyrillic) else { return false }
        let tailUpper = word.dropFirst().map(isUpper)
        if tailUpper.allSatisfy({ !$0 }) { return true }  // «школа», «Школа»
        return isUpper(word[0]) && tailUpper.allSatisfy { $0 }  // «СОШ»
    }
}
