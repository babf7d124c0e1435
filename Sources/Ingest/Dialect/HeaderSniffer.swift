/// Finds where the table of an export begins, from the decoded UTF-8 bytes at its start.
///
/// Offices put a title («Список учащихся 5А класса;;;»), a report name or a date line above the
/// header; Excel reports put a row of group names over the column names. The header is the
/// first record that is not far emptier than the records after it (the title rows are); the
/// rows above it are preamble. A group row (blank first cell, at least two names, right above
/// the header) makes a two-row header. A header whose cells read like the values below it is
/// doubted in ``TableLayout/doubts``; nothing is guessed away.
public enum HeaderSniffer {
    /// Records looked at.
    static let recordLimit = 200
    /// Preamble lines looked for at most.
    static let preambleLimit = 30

    /// One non-blank record of the sample: its physical line and its cells, spaces trimmed.
    struct SampleRecord {
        var line: Int
        var cells: [[UInt8]]

        var nonEmpty: Int { cells.count(where: { !$0.isEmpty }) }
        /// Cells up to the last non-empty one.
        var filled: Int { (cells.lastIndex { !$0.isEmpty } ?? -1) + 1 }
    }

    /// The layout of the table in `sample` read with `dialect`; `declared` overrides what is found.
    public static func layout(
        _ sample: [UInt8], dialect: Dialect, sampleIsWholeFile: Bool, declared: DeclaredHeader = DeclaredHeader()
    ) -> TableLayout {
        let records = records(sample, dialect: dialect, sampleIsWholeFile: sampleIsWholeFile)
        if declared.absent {
            let width = records.map(\.filled).max() ?? 0
            return TableLayout(hasHeader: false, dataWidth: width, source: .declared)
        }
        var headerIndex = 0
        var rows = 1
        var source = TableLayout.Source.sniffed
        if let line = declared.line {
            headerIndex = records.firstIndex { $0.line >= line } ?? records.count
            source = .declared
        } else {
            headerIndex = preambleCount(records)
        }
        if let declaredRows = declared.rows {
            rows = declaredRows
            source = .declared
        } else if declared.line == nil, headerIndex > 0,
            isGroupRow(records[headerIndex - 1], over: records[headerIndex])
        {
            headerIndex -= 1
            rows = 2
        }
        guard headerIndex + rows - 1 < records.count else {
            return TableLayout(headerLine: declared.line, headerRows: rows, source: source)
        }
        let data = Array(records.dropFirst(headerIndex + rows))
        let width = data.map(\.filled).max() ?? 0
        var doubts: [String] = []
        let header = records[headerIndex + rows - 1]
        if looksLikeData(header, above: data) {
            doubts.append(
                "строка \(header.line) похожа на данные, а не на заголовок: если заголовка в файле нет, укажите в инструменте header: none (в командной строке — --no-header)"
            )
        } else if rows == 1, let next = data.first, next.line > header.line, looksLikeSecondHeaderRow(next, below: data)
        {
            doubts.append(
                "строка \(next.line) похожа на вторую строку заголовка, а не на данные: если это так, укажите в инструменте header_rows: 2 (в командной строке — --header-rows 2)"
            )
        }
        let line = headerIndex == 0 && source == .sniffed ? nil : records[headerIndex].line
        var layout = TableLayout(headerLine: line, headerRows: rows, dataWidth: width, source: source, doubts: doubts)
        if rows == 1 { layout.unbackedBlankColumns = unbackedBlankColumns(header, above: data) }
        return layout
    }

    /// Blank header cells the data does not stand under: nearly every row has exactly as many
    /// values as the header has non-blank names (a stray delimiter in the header row).
    static func unbackedBlankColumns(_ header: SampleRecord, above data: [SampleRecord]) -> [Int] {
        let blanks = header.cells.indices.filter { header.cells[$0].isEmpty }
        let named = header.cells.count - blanks.count
        guard !blanks.isEmpty, data.count >= 2, blanks.contains(where: { $0 < named }) else { return [] }
        let fitting = data.count(where: { $0.cells.count == named })
        return fitting * 10 >= data.count * 9 ? blanks : []
    }

    /// Records from the start that are far emptier than the records after them: titles, dates.
    static func preambleCount(_ records: [SampleRecord]) -> Int {
        guard records.count >= 3 else { return 0 }
        let width = modal(records.map(\.cells.count))
        var index = 0
        while index < min(preambleLimit, records.count - 2) {
            let rest = records[(index + 1)...].map(\.nonEmpty).sorted()
            let median = rest[rest.count / 2]
            let record = records[index]
            let sparse =
                median >= 2 && record.nonEmpty * 2 <= median && (median >= 3 || record.cells.count != width)
            guard sparse else { break }
            index += 1
        }
        return index
    }

    /// A row of group names over the column names, as Excel reports have: the first cell blank
    /// (it stands over «ФИО»), at least two names, each over a named column.
    static func isGroupRow(_ record: SampleRecord, over header: SampleRecord) -> Bool {
        guard header.line == record.line + 1, record.cells.first?.isEmpty ?? true, record.nonEmpty >= 2 else {
            return false
        }
        for (index, cell) in record.cells.enumerated() where !cell.isEmpty {
            guard index < header.cells.count, !header.cells[index].isEmpty, kind(cell) == .text else { return false }
        }
        return true
    }

    /// True when the header's cells read like the column values below them: the same kind of
    /// number or date (task numbers 1, 2, 3… are names), or values met again in the column.
    static func looksLikeData(_ header: SampleRecord, above data: [SampleRecord]) -> Bool {
        let rows = data.prefix(50)
        guard !rows.isEmpty else { return false }
        var typedColumns = 0
        var typedAlike = 0
        var repeated = 0
        var numbers: [Int] = []
        for (column, cell) in header.cells.enumerated() where !cell.isEmpty {
            let values = rows.compactMap {
                column < $0.cells.count && !$0.cells[column].isEmpty ? $0.cells[column] : nil
            }
            guard !values.isEmpty else { continue }
            let dataKind = modal(values.map { kind($0).family })
            let headerKind = kind(cell)
            if dataKind != ValueKind.text.family {
                typedColumns += 1
                if headerKind.family == dataKind {
                    typedAlike += 1
                    if headerKind == .integer { numbers.append(Int(String(decoding: cell, as: UTF8.self)) ?? -1) }
                }
            }
            if values.contains(cell) { repeated += 1 }
        }
        let taskNumbers =
            numbers.count == typedAlike && numbers.count >= 2
            && zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }
        if typedAlike > 0 && typedAlike * 2 >= typedColumns && !taskNumbers { return true }
        return repeated > 0 && repeated * 2 >= header.nonEmpty && header.nonEmpty >= 2
    }

    /// True when the first data record has text where the records below it have numbers or
    /// dates in most such columns: a second header row read as data.
    static func looksLikeSecondHeaderRow(_ record: SampleRecord, below data: [SampleRecord]) -> Bool {
        let rows = data.dropFirst().prefix(50)
        guard rows.count >= 2 else { return false }
        var typedColumns = 0
        var textOverTyped = 0
        for (column, cell) in record.cells.enumerated() {
            let values = rows.compactMap {
                column < $0.cells.count && !$0.cells[column].isEmpty ? $0.cells[column] : nil
            }
            guard values.count * 2 >= rows.count, values.allSatisfy({ kind($0) != .text }) else { continue }
            typedColumns += 1
            if !cell.isEmpty && kind(cell) == .text { textOverTyped += 1 }
        }
        return typedColumns >= 2 && textOverTyped * 2 > typedColumns
    }

    private static func kind(_ cell: [UInt8]) -> ValueKind {
        cell.withUnsafeBytes { ValueKind.of($0) }
    }

    private static func modal<Value: Hashable & Comparable>(_ values: [Value]) -> Value {
        var frequency: [Value: Int] = [:]
        for value in values { frequency[value, default: 0] += 1 }
        return frequency.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? values[0]
    }

    /// The sample's non-blank records, read by libcsv as the file itself will be (stray quotes
    /// repaired, escapes honoured), the `sep=` line left out; a record cut by the end of the
    /// sample is not handed over, and a fault ends the records at the ones before it.
    static func records(_ sample: [UInt8], dialect: Dialect, sampleIsWholeFile: Bool) -> [SampleRecord] {
        guard
            let parser = try? CSVParser(
                file: "", delimiter: dialect.delimiter, quote: dialect.quote,
                limits: .init(maxFieldBytes: 1 << 20, maxFieldsPerRecord: 1 << 16), validateUTF8: false,
                escape: dialect.escape)
        else { return [] }
        var records: [SampleRecord] = []
        parser.onRecord = { record in
            guard records.count < recordLimit else { throw EnoughRecords() }
            guard !record.isBlank, !(dialect.hasSepLine && record.line == 1) else { return }
            records.append(SampleRecord(line: record.line, cells: (0..<record.count).map { Array(record[$0]) }))
        }
        do {
            try sample.withUnsafeBytes { try parser.parse($0) }
            if sampleIsWholeFile { try parser.finish() }
        } catch {
            // Enough records, or a fault the read itself will report at its line.
        }
        return records
    }

    /// Thrown through libcsv's callback once ``recordLimit`` records are in.
    private struct EnoughRecords: Error {}
}

extension ValueKind {
    /// Numbers of every spelling read as one kind, so «5» over «4,5» counts as alike.
    var family: Int {
        switch self {
        case .integer, .decimalComma, .decimalPoint: 0
        case .date, .dateTime: 1
        case .text: 2
        }
    }
}
