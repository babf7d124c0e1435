/// Finds UTF-8 text inside an export read in a single-byte Cyrillic code page (windows-1251,
/// KOI8-R, CP866, Mac, ISO-8859-5): rows appended in UTF-8 to a windows-1251 export.
///
/// Every byte is a letter or a sign in those code pages, so iconv never stops on such rows; they
/// would be read as «Р§Р°СЃ» without a word. UTF-8 Cyrillic is pairs of a lead byte 0xD0–0xD3
/// and a continuation 0x80–0xBF; three such pairs in a row are not Russian in any of these code
/// pages (in windows-1251 they read as «Р», «С», «Т», «У» each followed by a rare sign or
/// letter), so the text is taken to stop being the code page there.
enum UTF8InSingleByte {
    /// Pairs in a row that make a run of UTF-8 Cyrillic.
    static let runLength = 3

    /// The length of the front of `input` before its first run of UTF-8 Cyrillic; all of it for
    /// any encoding but the single-byte Cyrillic code pages.
    static func plausiblePrefix(_ input: UnsafeRawBufferPointer, of encoding: TextEncoding) -> Int {
        // Only the Cyrillic code pages: in a multi-byte or a Latin encoding those byte pairs mean
        // other things.
        guard encoding.isCyrillic else { return input.count }
        var index = 0
        let end = input.count - 2 * runLength
        while index <= end {
            if isRun(input, at: index) { return index }
            index += 1
        }
        return input.count
    }

    /// Whether a run of UTF-8 Cyrillic begins at the front of `input`.
    static func startsRun(_ input: UnsafeRawBufferPointer, of encoding: TextEncoding) -> Bool {
        encoding.isCyrillic && input.count >= 2 * runLength && isRun(input, at: 0)
    }

    private static func isRun(_ input: UnsafeRawBufferPointer, at start: Int) -> Bool {
        for pair in 0..<runLength {
            let lead = input[start + 2 * pair]
            let next = input[start + 2 * pair + 1]
            guard (0xD0...0xD3).contains(lead), (0x80...0xBF).contains(next) else { return false }
        }
        return true
    }
}
