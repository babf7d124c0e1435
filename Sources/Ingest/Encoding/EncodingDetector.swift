import CUchardet

/// Finds the encoding of an export from the bytes at its start.
///
/// Order of evidence: a byte order mark; pure ASCII; well-formed UTF-8; the zero-byte pattern
/// of UTF-16; then libuchardet, whose answer among the Cyrillic code pages is graded by
/// ``CyrillicPlausibility`` and overruled when another code page decodes clearly better.
public enum EncodingDetector {
    /// Bytes read from the start of a file for detection and dialect sniffing.
    public static let sampleSize = 64 * 1024

    public static func detect(_ sample: [UInt8], sampleIsWholeFile: Bool) -> DetectedEncoding {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) {
            return DetectedEncoding(encoding: .utf8, confidence: 1, method: .byteOrderMark, byteOrderMarkLength: 3)
        }
        if sample.starts(with: [0xFF, 0xFE]) {
            return DetectedEncoding(encoding: .utf16LE, confidence: 1, method: .byteOrderMark, byteOrderMarkLength: 2)
        }
        if sample.starts(with: [0xFE, 0xFF]) {
            return DetectedEncoding(encoding: .utf16BE, confidence: 1, method: .byteOrderMark, byteOrderMarkLength: 2)
        }
        if let utf16 = utf16WithoutMark(sample) { return utf16 }
        let census = sample.withUnsafeBytes { UTF8Census($0, sampleIsWholeFile: sampleIsWholeFile) }
        if census.asciiOnly {
            return DetectedEncoding(encoding: .utf8, confidence: 1, method: .asciiOnly)
        }
        // A code page text almost never forms valid multi-byte UTF-8 by chance, so a few bad
        // bytes among many good sequences mean damaged UTF-8: reading goes on as UTF-8 and stops
        // with an error at the damaged line instead of decoding the whole file as mojibake.
        if census.multibyteSequences > 0 && census.invalidBytes * 10 <= census.multibyteSequences {
            let valid = Double(census.multibyteSequences)
            return DetectedEncoding(
                encoding: .utf8, confidence: valid / (valid + Double(census.invalidBytes)), method: .utf8Structure)
        }
        return detectCodePage(sample)
    }

    private static func utf16WithoutMark(_ sample: [UInt8]) -> DetectedEncoding? {
        let pairs = sample.count / 2
        guard pairs >= 4 else { return nil }
        var zeroEven = 0
        var zeroOdd = 0
        for index in 0..<(pairs * 2) where sample[index] == 0 {
            if index % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        // Cyrillic UTF-16 has 0x04 rather than 0x00 as its high byte, so the ASCII share
        // (delimiters, digits, line breaks) carries the signal: ask for a third of the pairs.
        let share = { (zeros: Int) in Double(zeros) / Double(pairs) }
        if share(zeroOdd) >= 0.33 && zeroEven == 0 {
            return DetectedEncoding(
                encoding: .utf16LE, confidence: min(1, share(zeroOdd) * 2), method: .zeroBytePattern)
        }
        if share(zeroEven) >= 0.33 && zeroOdd == 0 {
            return DetectedEncoding(
                encoding: .utf16BE, confidence: min(1, share(zeroEven) * 2), method: .zeroBytePattern)
        }
        return nil
    }

    private static func detectCodePage(_ sample: [UInt8]) -> DetectedEncoding {
        let answer = uchardetAnswer(sample).flatMap(TextEncoding.init(name:))
        var candidates = TextEncoding.cyrillicCodePages
        if let answer, answer.isCyrillic, !candidates.contains(answer) { candidates.append(answer) }
        let scores: [(TextEncoding, Double)] = candidates.map { encoding in
            let decoded = Transcoder.decodeSample(sample, from: encoding)
            guard decoded.complete else { return (encoding, 0) }
            return (encoding, CyrillicPlausibility.score(String(decoding: decoded.utf8, as: UTF8.self)))
        }
        let best = scores.max { $0.1 < $1.1 } ?? (.windows1251, 0)
        let rival = { (chosen: TextEncoding) in scores.filter { $0.0 != chosen }.map(\.1).max() ?? 0 }
        if let answer, !answer.isCyrillic, best.1 < latinOverCyrillicBelow {
            // libuchardet names a Western or other single-byte code page and no Cyrillic one
            // reads as Russian: the answer is taken when its words are whole words of one script.
            let decoded = Transcoder.decodeSample(sample, from: answer)
            let shape = decoded.complete ? ScriptPlausibility.score(String(decoding: decoded.utf8, as: UTF8.self)) : 0
            if shape > best.1 {
                return DetectedEncoding(
                    encoding: answer, confidence: shape, method: .uchardet, rivalConfidence: best.1)
            }
        }
        if let answer, let answerScore = scores.first(where: { $0.0 == answer })?.1, answerScore + 0.2 >= best.1 {
            return DetectedEncoding(
                encoding: answer, confidence: answerScore, method: .uchardet, rivalConfidence: rival(answer))
        }
        return DetectedEncoding(
            encoding: best.0, confidence: best.1, method: .cyrillicWords, rivalConfidence: rival(best.0))
    }

    /// A Cyrillic reading scoring below this is not Russian: correct ones score 0.85–0.96,
    /// wrong ones stay below 0.6, and Western text read as Cyrillic mixes scripts in a word.
    static let latinOverCyrillicBelow = 0.5

    private static func uchardetAnswer(_ sample: [UInt8]) -> String? {
        guard let detector = uchardet_new() else { return nil }
        defer { uchardet_delete(detector) }
        let status = sample.withUnsafeBytes { bytes in
            uchardet_handle_data(detector, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == 0 else { return nil }
        uchardet_data_end(detector)
        guard let name = uchardet_get_charset(detector) else { return nil }
        let answer = String(cString: name)
        return answer.isEmpty ? nil : answer
    }
}
