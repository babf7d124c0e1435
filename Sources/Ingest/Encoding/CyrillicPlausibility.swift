/// Scores how much decoded text looks like Russian, to grade a code page guess.
///
/// A wrong Cyrillic code page still yields letters, but wrong ones in impossible shapes.
/// Two signals, multiplied:
/// - word shape: the share of words holding a non-ASCII character that are Cyrillic letters
///   in a case shape Russian uses (lower, Capitalised, UPPER). windows-1251 read as
///   x-mac-cyrillic turns capitals into symbols («∆Ó‡»); KOI8-R read as windows-1251 swaps
///   case inside words («иВАНОВА»);
/// - letter frequencies: the cosine between the text's letter counts and Russian's. The code
///   pages order the alphabet differently (KOI8-R phonetically, CP866 and windows-1251
///   alphabetically at other offsets), so a wrong table draws rare letters often.
/// Correct decodings of a few rows score about 0.85–0.96; wrong ones stay below 0.6.
enum CyrillicPlausibility {
    /// Punctuation common in Russian exports that a correct decoding produces.
    private static let expectedSymbols: Set<Unicode.Scalar> = [
        "№", "«", "»", "—", "–", "…", "\u{00A0}", "\u{202F}", "‘", "’", "“", "”", "„", "°", "·", "•",
    ]

    /// Russian letter frequencies, per cent (а…я, then ё).
    private static let russianFrequencies: [Double] = [
        8.01, 1.59, 4.54, 1.70, 2.98, 8.45, 0.94, 1.65, 7.35, 1.21, 3.49, 4.40, 3.21, 6.70, 10.97, 2.81,
        4.73, 5.47, 6.26, 2.62, 0.26, 0.97, 0.48, 1.44, 0.73, 0.36, 0.04, 1.90, 1.74, 0.32, 0.64, 2.01, 0.04,
    ]

    /// 1 for text with no non-ASCII character; otherwise word shape × letter frequencies, 0…1.
    static func score(_ text: String) -> Double {
        let shape = wordShapeScore(text)
        guard text.unicodeScalars.contains(where: { !$0.isASCII }) else { return 1 }
        return shape * letterFrequencyScore(text)
    }

    /// Cosine between the text's Cyrillic letter counts and Russian letter frequencies.
    static func letterFrequencyScore(_ text: String) -> Double {
        var counts = [Double](repeating: 0, count: russianFrequencies.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0430...0x044F: counts[Int(value - 0x0430)] += 1
            case 0x0410...0x042F: counts[Int(value - 0x0410)] += 1
            case 0x0401, 0x0451: counts[32] += 1
            default: continue
            }
        }
        var dot = 0.0, observed = 0.0, reference = 0.0
        for (count, frequency) in zip(counts, russianFrequencies) {
            dot += count * frequency
            observed += count * count
            reference += frequency * frequency
        }
        guard observed > 0 else { return 0 }
        return dot / (observed.squareRoot() * reference.squareRoot())
    }

    /// 1 for text with no non-ASCII word; otherwise the share of plausible non-ASCII words.
    static func wordShapeScore(_ text: String) -> Double {
        wordShare(text, isWellFormed: isRussianWord) { !$0.isASCII && !expectedSymbols.contains($0) }
    }

    /// The share of words holding a non-ASCII character that `isWellFormed` accepts, each
    /// `isStray` symbol between words counting as one that is not (a sign of the wrong table);
    /// 1 when there is neither.
    static func wordShare(
        _ text: String, isWellFormed: ([Unicode.Scalar]) -> Bool, isStray: (Unicode.Scalar) -> Bool
    ) -> Double {
        var plausible = 0
        var judged = 0
        var word: [Unicode.Scalar] = []
        func closeWord() {
            defer { word.removeAll(keepingCapacity: true) }
            guard word.contains(where: { !$0.isASCII }) else { return }
            judged += 1
            if isWellFormed(word) { plausible += 1 }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                word.append(scalar)
            } else {
                closeWord()
                if isStray(scalar) { judged += 1 }
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
