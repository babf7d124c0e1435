/// Finds the delimiter of an export from the decoded UTF-8 bytes at its start.
///
/// Sniffing may look at raw bytes (parsing may not): it walks the sample quote-aware,
/// counts each candidate delimiter per record, and picks the one whose count is the same
/// on most records. Ties go to the order of ``Dialect/candidates`` (`;` first: a Russian
/// Excel writes it, and decimal commas make `,` counts unsteady).
public enum DialectSniffer {
    /// Records looked at.
    static let recordLimit = 100

    public static func sniff(_ sample: [UInt8], sampleIsWholeFile: Bool) -> Dialect {
        if let sep = sepLine(sample) {
            return Dialect(delimiter: sep, source: .sepLine, hasSepLine: true)
        }
        let counts = countsPerRecord(sample, sampleIsWholeFile: sampleIsWholeFile)
        var best: (delimiter: UInt8, consistency: Double, modal: Int)?
        for (index, delimiter) in Dialect.candidates.enumerated() {
            let perRecord = counts.map { $0[index] }
            guard let modal = modalCount(perRecord), modal > 0 else { continue }
            let consistency = Double(perRecord.filter { $0 == modal }.count) / Double(perRecord.count)
            if let current = best,
                current.consistency > consistency || (current.consistency == consistency && current.modal >= modal)
            {
                continue
            }
            best = (delimiter, consistency, modal)
        }
        guard let best else { return Dialect(delimiter: UInt8(ascii: ","), source: .fallback) }
        return Dialect(delimiter: best.delimiter, source: .sniffed)
    }

    /// Excel's `sep=;` (or `"sep=;"`) first line, followed by a line break.
    static func sepLine(_ sample: [UInt8]) -> UInt8? {
        var line = sample.prefix { $0 != 0x0A && $0 != 0x0D }
        guard line.count < sample.count else { return nil }
        if line.first == UInt8(ascii: "\""), line.last == UInt8(ascii: "\""), line.count >= 2 {
            line = line.dropFirst().dropLast()
        }
        let text = Array(line)
        guard text.count == 5, Array(text[0..<4]).map({ $0 | 0x20 }) == Array("sep=".utf8) else { return nil }
        let delimiter = text[4]
        guard delimiter != UInt8(ascii: "\""), delimiter >= 0x09, delimiter < 0x80 else { return nil }
        return delimiter
    }

    /// For every non-blank record of the sample, how often each candidate occurs outside quotes.
    private static func countsPerRecord(_ sample: [UInt8], sampleIsWholeFile: Bool) -> [[Int]] {
        var records: [[Int]] = []
        var current = [Int](repeating: 0, count: Dialect.candidates.count)
        var inQuotes = false
        var recordHasContent = false
        for byte in sample {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
                recordHasContent = true
                continue
            }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D {
                if recordHasContent { records.append(current) }
                current = [Int](repeating: 0, count: Dialect.candidates.count)
                recordHasContent = false
                if records.count >= recordLimit { return records }
                continue
            }
            recordHasContent = true
            if let index = Dialect.candidates.firstIndex(of: byte) { current[index] += 1 }
        }
        // A record cut by the end of the sample would skew the counts; keep it only when it
        // is the file's real last line, or the only one there is.
        if recordHasContent && (sampleIsWholeFile || records.isEmpty) { records.append(current) }
        return records
    }

    private static func modalCount(_ counts: [Int]) -> Int? {
        var frequency: [Int: Int] = [:]
        for count in counts where count > 0 { frequency[count, default: 0] += 1 }
        return frequency.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key
    }
}
