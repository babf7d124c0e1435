/// The form in which texts from exports are compared: labels, school names, header texts, ФИО.
///
/// Lower case; ё read as е; parentheses dropped without a gap, so «удовлетворен(а)» reads as
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
        for character in text.lowercased() {
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

    /// The same key without the Unicode tables, for text of ASCII, basic Cyrillic and the
    /// punctuation Russian texts use (nearly every cell of an export); nil for anything else.
    ///
    /// Exports are read a cell at a time, millions of times: lowercasing and classifying
    /// Characters through the Unicode tables took most of a run's time. In these two blocks
    /// every Character is one scalar, letters and digits are known by range, and the case
    /// mapping is an offset, so the result is exactly the general path's.
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
        var pendingSpace = false
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            var value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
            } else if lead & 0xE0 == 0xC0, index + 1 < count {
                value = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead & 0xF0 == 0xE0, index + 2 < count {
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                output.removeSubrange(start...)
                return false
            }
            let isLetterOrDigit: Bool
            switch value {
            case 0x28, 0x29:  // ( )
                continue
            case 0x30...0x39, 0x61...0x7A:
                isLetterOrDigit = true
            case 0x41...0x5A:
                value += 0x20
                isLetterOrDigit = true
            case 0x00...0x7F:
                isLetterOrDigit = false
            case 0x0410...0x042F:  // А…Я
                value += 0x20
                isLetterOrDigit = true
            case 0x0400...0x040F:  // Ѐ…Џ
                value += 0x50
                isLetterOrDigit = true
            case 0x0430...0x045F:
                isLetterOrDigit = true
            case 0xA0, 0xAB, 0xBB, 0x2013, 0x2014, 0x2019, 0x201C, 0x201D, 0x201E, 0x2116:
                // No-break space, «», dashes, quotes, № — none a letter or a digit.
                isLetterOrDigit = false
            default:
                output.removeSubrange(start...)
                return false
            }
            guard isLetterOrDigit else {
                pendingSpace = true
                continue
            }
            if value == 0x0451 { value = 0x0435 }  // ё → е
            if pendingSpace && output.count > start { output.append(0x20) }
            pendingSpace = false
            if value < 0x80 {
                output.append(UInt8(value))
            } else {
                output.append(UInt8(0xC0 | (value >> 6)))
                output.append(UInt8(0x80 | (value & 0x3F)))
            }
        }
        return true
    }

    /// Appends the key of `bytes` to `output`, through the Unicode tables when it must.
    public static func appendAny(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        if append(bytes, to: &output) { return }
        output.append(contentsOf: of(String(decoding: bytes, as: UTF8.self)).utf8)
    }
}
