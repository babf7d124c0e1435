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
        var index = 0
        let count = bytes.count
        let cyrillicKeys = Self.cyrillicKeys
        while index < count {
            let lead = bytes[index]
            // Basic Cyrillic (most of a Russian export's letters): its key bytes from a table.
            if lead & 0xFE == 0xD0, index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 {
                let mapped = cyrillicKeys[Int(lead & 1) << 6 | Int(bytes[index + 1] & 0x3F)]
                if mapped != 0 {
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
                return nil
            }
            guard isLetterOrDigit else {
                pendingSpace = true
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
