import Foundation

/// The form in which texts from exports are compared: labels, school names, header texts, ФИО,
/// and the de-duplication key of a respondent — the one text normalisation of DESIGN.md §6.
///
/// Unicode NFKC (full-width and compatibility forms read as their plain letters, a decomposed
/// «й» or «ё» as one letter), except that «№» stays a separator; format characters (general
/// category Cf: zero-width space and joiners, soft hyphen, bidi marks) and combining accents
/// dropped; Latin letters that look like Cyrillic ones (a e o p c x y k m t h b, A B E K M H O P
/// C T X Y) read as those Cyrillic letters inside a word that is otherwise Cyrillic, so
/// «Кузнецoва» with a Latin «o» is «кузнецова» (a word all in Latin is left as it is); lower case; ё read as е; parentheses dropped without a gap, so «удовлетворен(а)» reads as
/// «удовлетворена»; every other character that is not a letter or digit (punctuation, «№»,
/// non-breaking and ordinary spaces, line breaks) becomes one space; trimmed. So «СОШ №1»,
/// «сош № 1» and «СОШ  № 1.» share the key «сош 1».
public enum MatchKey {
    public static func of(_ text: String) -> String {
        fast(text) ?? general(text)
    }

    /// Through the Unicode tables: any text.
    static func general(_ text: String) -> String {
        var key = ""
        key.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in normalised(text).lowercased() {
            if character == "(" || character == ")" { continue }
            let mapped: Character = character == "ё" ? "е" : character
            if mapped.isLetter || mapped.isNumber {
                if pendingSpace && !key.isEmpty { key.append(" ") }
                pendingSpace = false
                key.append(mapped)
            } else {
                pendingSpace = true
            }
        }
        return key
    }

    /// `text` in NFKC without format characters and combining accents, Latin look-alike letters
    /// of otherwise Cyrillic words read as Cyrillic; case and separators as they were.
    static func normalised(_ text: String) -> String {
        // Format characters start at U+00AD (soft hyphen): below it no table is asked.
        var visible = String(text.unicodeScalars.filter { $0.value < 0xAD || $0.properties.generalCategory != .format })
        // NFKC leaves ASCII and the Cyrillic block as they are, and costs most of this path.
        if visible.unicodeScalars.contains(where: { $0.value >= 0xA0 && !(0x0400...0x04FF).contains($0.value) }) {
            // NFKC would spell «№» as «No»: it stays a separator, as in the fast path.
            visible = visible.replacingOccurrences(of: "\u{2116}", with: " ").precomposedStringWithCompatibilityMapping
        }
        var scalars = Array(visible.unicodeScalars.filter { !(0x0300...0x036F).contains($0.value) })
        var wordStart = 0
        var index = 0
        while index <= scalars.count {
            if index == scalars.count || !isWordScalar(scalars[index]) {
                foldLookAlikes(in: &scalars[wordStart..<index])
                wordStart = index + 1
            }
            index += 1
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// A letter, digit or parenthesis: what a word of a key is made of (a parenthesis is dropped
    /// without a gap, so it does not end a word).
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x28, 0x29, 0x0400...0x0481, 0x0483...0x04FF: return true
        case 0x00...0x7F: return false
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    /// Reads the Latin look-alike letters of `word` as Cyrillic when it holds a Cyrillic letter
    /// and no Latin letter without a Cyrillic twin.
    private static func foldLookAlikes(in word: inout ArraySlice<Unicode.Scalar>) {
        var cyrillic = false
        var latin = false
        for scalar in word {
            if (0x0400...0x04FF).contains(scalar.value) {
                cyrillic = true
            } else if scalar.isASCII && scalar.properties.isAlphabetic {
                guard cyrillicTwin(scalar) != nil else { return }
                latin = true
            }
        }
        guard cyrillic && latin else { return }
        for index in word.indices {
            if let twin = cyrillicTwin(word[index]) { word[index] = twin }
        }
    }

    /// The Cyrillic letter a Latin one looks like, by case («B» is «В», «b» is «ь»); nil for
    /// other letters.
    private static func cyrillicTwin(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "a": "а"
        case "e": "е"
        case "o": "о"
        case "p": "р"
        case "c": "с"
        case "x": "х"
        case "y": "у"
        case "k": "к"
        case "m": "м"
        case "t": "т"
        case "h": "н"
        case "b": "ь"
        case "A": "А"
        case "B": "В"
        case "E": "Е"
        case "K": "К"
        case "M": "М"
        case "H": "Н"
        case "O": "О"
        case "P": "Р"
        case "C": "С"
        case "T": "Т"
        case "X": "Х"
        case "Y": "У"
        default: nil
        }
    }

    /// The same key without the Unicode tables, for text of ASCII, basic Cyrillic and the
    /// punctuation Russian texts use (nearly every cell of an export); nil for anything else.
    ///
    /// Exports are read a cell at a time, millions of times: lowercasing and classifying
    /// Characters through the Unicode tables took most of a run's time. In these two blocks
    /// every Character is one scalar, letters and digits are known by range, and the case
    /// mapping is an offset, so the result is exactly the general path's. A word mixing Latin
    /// and Cyrillic letters (a look-alike letter to fold) is left to the general path, as are
    /// format characters and combining accents.
    static func fast(_ text: String) -> String? {
        var text = text
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        let known = text.withUTF8 { append(UnsafeRawBufferPointer($0), to: &output) }
        return known ? String(decoding: output, as: UTF8.self) : nil
    }

    /// Appends the key of valid UTF-8 `bytes` to `output` without building a String; false
    /// (with `output` as it was) when the text needs the Unicode tables — call ``of(_:)`` then.
    ///
    /// For cells read millions of times (codes, ФИО): the key lands in a buffer the caller reuses.
    public static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Bool {
        let start = output.count
        let count = bytes.count
        // A key is never longer than its text (cases and ё/е keep their length; a run of
        // separators becomes at most one space): room for it is made once, then filled in place.
        output.append(contentsOf: repeatElement(0, count: count))
        let end = output.withUnsafeMutableBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return start }
            return key(of: bytes, into: base + start).map { start + $0 }
        }
        output.removeSubrange((end ?? start)...)
        return end != nil
    }

    /// Writes the key of `bytes` at `output` (room for `bytes.count` bytes); its length, or nil
    /// when the text needs the Unicode tables.
    @inline(__always)
    private static func key(of bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        var written = 0
        var pendingSpace = false
        // Scripts of the word being written: both at once means a look-alike letter to fold.
        var wordCyrillic = false
        var wordLatin = false
        var index = 0
        let count = bytes.count
        let cyrillicKeys = Self.cyrillicKeys
        while index < count {
            let lead = bytes[index]
            // Basic Cyrillic (most of a Russian export's letters): its key bytes from a table.
            if lead & 0xFE == 0xD0, index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 {
                let mapped = cyrillicKeys[Int(lead & 1) << 6 | Int(bytes[index + 1] & 0x3F)]
                if mapped != 0 {
                    if wordLatin { return nil }
                    wordCyrillic = true
                    if pendingSpace && written > 0 {
                        output[written] = 0x20
                        written += 1
                    }
                    pendingSpace = false
                    output[written] = UInt8(mapped >> 8)
                    output[written + 1] = UInt8(mapped & 0xFF)
                    written += 2
                    index += 2
                    continue
                }
            }
            var value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
            } else if lead & 0xE0 == 0xC0, index + 1 < count {
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead & 0xF0 == 0xE0, index + 2 < count {
                value =
                    UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                return nil
            }
            let isLetterOrDigit: Bool
            switch value {
            case 0x28, 0x29:  // ( )
                continue
            case 0x30...0x39:
                isLetterOrDigit = true
            case 0x61...0x7A:
                if wordCyrillic { return nil }
                wordLatin = true
                isLetterOrDigit = true
            case 0x41...0x5A:
                if wordCyrillic { return nil }
                wordLatin = true
                value += 0x20
                isLetterOrDigit = true
            case 0x00...0x7F:
                isLetterOrDigit = false
            case 0x0410...0x042F:  // А…Я
                if wordLatin { return nil }
                wordCyrillic = true
                value += 0x20
                isLetterOrDigit = true
            case 0x0400...0x040F:  // Ѐ…Џ
                if wordLatin { return nil }
                wordCyrillic = true
                value += 0x50
                isLetterOrDigit = true
            case 0x0430...0x045F:
                if wordLatin { return nil }
                wordCyrillic = true
                isLetterOrDigit = true
            case 0xA0, 0xAB, 0xBB, 0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x201E, 0x2116:
                // No-break space, «», dashes, quotes, № — none a letter or a digit.
                isLetterOrDigit = false
            default:
                return nil
            }
            guard isLetterOrDigit else {
                pendingSpace = true
                wordCyrillic = false
                wordLatin = false
                continue
            }
            if value == 0x0451 { value = 0x0435 }  // ё → е
            if pendingSpace && written > 0 {
                output[written] = 0x20
                written += 1
            }
            pendingSpace = false
            if value < 0x80 {
                output[written] = UInt8(value)
                written += 1
            } else {
                output[written] = UInt8(0xC0 | (value >> 6))
                output[written + 1] = UInt8(0x80 | (value & 0x3F))
                written += 2
            }
        }
        return written
    }

    /// The key's two UTF-8 bytes of each letter U+0400…U+045F, found by its lead byte's last bit
    /// and its continuation byte's six (0 for U+0460…U+047F, left to the general decoding):
    /// lower case, ё read as е — what the decoding below gives for them.
    private static let cyrillicKeys: [UInt16] = (0..<128).map { entry in
        var value = UInt32(0x0400 + entry)
        guard value <= 0x045F else { return 0 }
        if (0x0410...0x042F).contains(value) { value += 0x20 }
        if (0x0400...0x040F).contains(value) { value += 0x50 }
        if value == 0x0451 { value = 0x0435 }
        return UInt16(0xC0 | (value >> 6)) << 8 | UInt16(0x80 | (value & 0x3F))
    }

    /// Appends the key of `bytes` to `output`, through the Unicode tables when it must.
    public static func appendAny(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        if append(bytes, to: &output) { return }
        output.append(contentsOf: of(String(decoding: bytes, as: UTF8.self)).utf8)
    }
}

extension MatchKey {
    /// Whether a match key is one of `markers` (match keys in UTF-8) or has one as a word:
    /// a test submission's name («Тест Тестович», «тест»). Reads the key in place.
    static func isTestMarked(_ key: UnsafeRawBufferPointer, markers: [[UInt8]]) -> Bool {
        markers.contains { marker in
            if key.elementsEqual(marker) { return true }
            var start = 0
            while start < key.count {
                var end = start
                while end < key.count && key[end] != 0x20 { end += 1 }
                if end > start && key[start..<end].elementsEqual(marker) { return true }
                start = end + 1
            }
            return false
        }
    }
}
