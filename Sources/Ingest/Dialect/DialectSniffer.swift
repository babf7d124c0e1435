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
        var dialect: Dialect
        if let sep = sepLine(sample) {
            dialect = Dialect(delimiter: sep, source: .sepLine, hasSepLine: true)
        } else {
            dialect = sniffDelimiter(sample, quote: Dialect.quoteCandidates[0], sampleIsWholeFile: sampleIsWholeFile)
        }
        let quote = sniffQuote(sample, delimiter: dialect.delimiter)
        guard quote != dialect.quote else { return dialect }
        if !dialect.hasSepLine {
            dialect = sniffDelimiter(sample, quote: quote, sampleIsWholeFile: sampleIsWholeFile)
        }
        dialect.quote = quote
        return dialect
    }

    /// The quote character: the apostrophe when more values open and close with it than with
    /// the double quote (`'Иванов, Иван'`); an apostrophe inside a word (`Men's`) is not counted.
    static func sniffQuote(_ sample: [UInt8], delimiter: UInt8) -> UInt8 {
        var enclosed = [Int](repeating: 0, count: Dialect.quoteCandidates.count)
        var opens = enclosed
        var closes = enclosed
        var field: [UInt8] = []
        func endField() {
            var start = 0
            var end = field.count
            while start < end, field[start] == 0x20 { start += 1 }
            while end > start, field[end - 1] == 0x20 { end -= 1 }
            for (index, quote) in Dialect.quoteCandidates.enumerated() where end > start {
                let first = field[start] == quote
                let last = field[end - 1] == quote
                if first && last && end - start >= 2 { enclosed[index] += 1 } else if first { opens[index] += 1 }
                if last && !first { closes[index] += 1 }
            }
            field.removeAll(keepingCapacity: true)
        }
        for byte in sample.prefix(16 * 1024) {
            if byte == delimiter || byte == 0x0A || byte == 0x0D { endField() } else { field.append(byte) }
        }
        let scores = Dialect.quoteCandidates.indices.map { enclosed[$0] + min(opens[$0], closes[$0]) }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > scores[0] else {
            return Dialect.quoteCandidates[0]
        }
        return Dialect.quoteCandidates[best]
    }

    /// The delimiter whose count per record is steadiest, reading `quote` as the quote; a
    /// space only when no other candidate occurs and spaces are as steady in nine records of ten.
    static func sniffDelimiter(_ sample: [UInt8], quote: UInt8, sampleIsWholeFile: Bool) -> Dialect {
        let counts = countsPerRecord(sample, quote: quote, sampleIsWholeFile: sampleIsWholeFile)
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
        guard let best else {
            let spaces = counts.map { $0[Dialect.candidates.count] }
            if let modal = modalCount(spaces), modal > 0, spaces.count >= 2,
                Double(spaces.filter { $0 == modal }.count) >= 0.9 * Double(spaces.count)
            {
                return Dialect(delimiter: UInt8(ascii: " "), source: .sniffed, quote: quote)
            }
            return Dialect(delimiter: UInt8(ascii: ","), source: .fallback, quote: quote)
        }
        return Dialect(delimiter: best.delimiter, source: .sniffed, quote: quote)
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

    /// For every non-blank record of the sample, how often each candidate occurs outside quotes
    /// (and, last, how often a space does).
    private static func countsPerRecord(_ sample: [UInt8], quote: UInt8, sampleIsWholeFile: Bool) -> [[Int]] {
        var records: [[Int]] = []
        var current = [Int](repeating: 0, count: Dialect.candidates.count + 1)
        var inQuotes = false
        var recordHasContent = false
        for byte in sample {
            if byte == quote {
                inQuotes.toggle()
                recordHasContent = true
                continue
            }
            if inQuotes { continue }
            if byte == 0x0A || byte == 0x0D {
                if recordHasContent { records.append(current) }
                current = [Int](repeating: 0, count: Dialect.candidates.count + 1)
                recordHasContent = false
                if records.count >= recordLimit { return records }
                continue
            }
            recordHasContent = true
            if let index = Dialect.candidates.firstIndex(of: byte) {
                current[index] += 1
            } else if byte == 0x20 {
                current[Dialect.candidates.count] += 1
            }
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
