/// Which UTF-16 code units an export of Russian schools may hold: Latin, Greek and Cyrillic
/// letters with their accents, punctuation and symbols (U+2000–U+2BFF), surrogates (emoji, left
/// to iconv to pair), and the compatibility and special forms from U+F900 (the byte order mark
/// and full-width forms among them).
///
/// Everything else — Armenian to Mongolian (U+0530–U+1DFF), CJK, Hangul, Yi and other scripts
/// (U+2C00–U+D7FF), private use (U+E000–U+F8FF) — is taken for bytes of another encoding read
/// as UTF-16: pairs of ASCII or UTF-8 bytes land there. An export written in those scripts is
/// not expected; one would be refused with the byte offset of its first such character.
enum UTF16Plausibility {
    /// The length of the front of `input` up to its first implausible code unit; all of it for
    /// encodings other than UTF-16 (and an odd byte at the end is left to iconv).
    static func plausiblePrefix(_ input: UnsafeRawBufferPointer, of encoding: TextEncoding) -> Int {
        guard encoding == .utf16LE || encoding == .utf16BE else { return input.count }
        let bigEndian = encoding == .utf16BE
        var index = 0
        while index + 1 < input.count {
            let unit =
                bigEndian
                ? UInt16(input[index]) << 8 | UInt16(input[index + 1])
                : UInt16(input[index + 1]) << 8 | UInt16(input[index])
            if !isPlausible(unit) { return index }
            index += 2
        }
        return input.count
    }

    /// The implausible code unit at the front of `input`; nil when there is none or the encoding is not UTF-16.
    static func unit(_ input: UnsafeRawBufferPointer, of encoding: TextEncoding) -> UInt16? {
        guard encoding == .utf16LE || encoding == .utf16BE, input.count >= 2 else { return nil }
        let unit =
            encoding == .utf16BE
            ? UInt16(input[0]) << 8 | UInt16(input[1]) : UInt16(input[1]) << 8 | UInt16(input[0])
        return isPlausible(unit) ? nil : unit
    }

    static func isPlausible(_ unit: UInt16) -> Bool {
        switch unit {
        case 0x0530...0x1DFF, 0x2C00...0xD7FF, 0xE000...0xF8FF: return false
        default: return true
        }
    }
}
