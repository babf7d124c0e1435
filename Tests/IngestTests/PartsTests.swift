import Foundation
import Testing
@testable import Ingest

/// A file read in parts on several threads gives exactly what one pass gives: the same rows
/// with the same line numbers, the same rejections, the same books, the same first error.
@Suite("Reading a file in parts")
struct PartsTests {
    /// Collects what one part reads.
    struct Collected: TablePart {
        var rows: [(line: Int, cells: [String])] = []
        var rejections: [(line: Int, reason: String)] = []

        mutating func row(_ row: Row) throws { rows.append((row.line, row.strings())) }
        mutating func reject(_ rejection: Rejection) throws { rejections.append((rejection.origin.line, rejection.reason.rawValue)) }
    }

    /// Rows meant to trip a split: quoted fields with line breaks and delimiters, doubled
    /// quotes, a quote inside an unquoted value, spaces before an opening quote, blank lines,
    /// mixed line endings, rows with too few cells.
    static func text(rows: Int) -> String {
        var text = "sep=;\r\nКод;ФИО;Комментарий;Балл\r\n"
        for index in 1...rows {
            let newline = index % 5 == 0 ? "\n" : "\r\n"
            switch index % 9 {
            case 0: text += "\(index);\"Ёлкин\nИван\";\"строка 1\r\nстрока 2; \"\"кавычки\"\"\";\(index % 6)\(newline)"
            case 1: text += "\(index);МАОУ \"СОШ № 1\";без кавычек;\(index % 6)\(newline)"
            case 2: text += "\(index);   \"Пробел перед кавычкой\";\"\";\(index % 6)\(newline)"
            case 3: text += "\(index);короткая строка\(newline)"
            case 4: text += "\(newline);;;\(newline)"
            case 5: text += "\(index);\"\"\"\n\"\"\";\"\n\n\";\(index % 6)\(newline)"
            default: text += "\(index);Ученик \(index);ответ «\(index)» — ёлка;\(index % 6)\(newline)"
            }
        }
        return text
    }

    static func readWhole(_ path: String, options: TableReader.Options = .init()) throws -> (ReadSummary, Collected) {
        var collected = Collected()
        let summary = try TableReader(path: path, options: options).read(onRow: { try collected.row($0) }, onReject: { try collected.reject($0) })
        return (summary, collected)
    }

    static func readInParts(_ path: String, threads: Int, minimumPartBytes: Int,
                            options: TableReader.Options = .init()) throws -> (ReadSummary, [Collected]) {
        try TableReader(path: path, options: options).read(threads: threads, minimumPartBytes: minimumPartBytes) { _, _ in Collected() }
    }

    static func expectSame(_ whole: (ReadSummary, Collected), _ parts: (ReadSummary, [Collected]), _ comment: Comment) {
        let rows = parts.1.flatMap(\.rows)
        let rejections = parts.1.flatMap(\.rejections)
        #expect(rows.map(\.line) == whole.1.rows.map(\.line), comment)
        #expect(rows.map(\.cells) == whole.1.rows.map(\.cells), comment)
        #expect(rejections.map(\.line) == whole.1.rejections.map(\.line), comment)
        #expect(rejections.map(\.reason) == whole.1.rejections.map(\.reason), comment)
        let (a, b) = (whole.0, parts.0)
        #expect(a.rowsRead == b.rowsRead && a.rowsPassed == b.rowsPassed && a.rejectedByReason == b.rejectedByReason, comment)
        #expect(a.blankLines == b.blankLines && a.blankLineNumbers == b.blankLineNumbers, comment)
        #expect(a.lineEndings == b.lineEndings && a.quotesInsideUnquotedFields == b.quotesInsideUnquotedFields, comment)
        #expect(a.header?.names == b.header?.names && a.headerLine == b.headerLine, comment)
    }

    @Test func everySplitGivesWhatOnePassGives() throws {
        let path = try temporaryFile(Array(Self.text(rows: 3_000).utf8))
        let whole = try Self.readWhole(path)
        #expect(whole.1.rows.count > 2_000 && whole.1.rejections.count > 300 && whole.0.blankLines > 300)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        // Part sizes from a few hundred bytes up: the splits fall on every kind of row.
        var partCounts: Set<Int> = []
        for minimum in stride(from: size / 40, through: size / 2, by: size / 97) {
            let parts = try Self.readInParts(path, threads: 8, minimumPartBytes: minimum)
            partCounts.insert(parts.1.count)
            Self.expectSame(whole, parts, "parts of at least \(minimum) bytes")
        }
        #expect(partCounts.contains(2) && partCounts.contains(8), "the file was split into 2 to 8 parts: \(partCounts.sorted())")
    }

    /// What one worker reads, stretch by stretch.
    struct Stretches: TablePart {
        var current = -1
        var stretches: [Int: Collected] = [:]
        var order: [Int] = []

        mutating func begin(stretch index: Int) throws {
            #expect(stretches[index] == nil && index > current, "each stretch once, in file order")
            current = index
            order.append(index)
            stretches[index] = Collected()
        }

        mutating func end(stretch index: Int) throws { #expect(index == current) }
        mutating func row(_ row: Row) throws { try stretches[current]?.row(row) }
        mutating func reject(_ rejection: Rejection) throws { try stretches[current]?.reject(rejection) }
    }

    /// Read by two to eight workers taking stretches of a few hundred bytes up, the stretches put
    /// back in file order give what one pass gives, and every stretch is read by one worker.
    @Test func workersTakingStretchesGiveWhatOnePassGives() throws {
        let path = try temporaryFile(Array(Self.text(rows: 3_000).utf8))
        let whole = try Self.readWhole(path)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        var busiest = 0
        for (workers, bytes) in [(2, size / 200), (2, size / 3), (3, size / 50), (8, size / 97), (8, size / 1_000)] {
            let (summary, parts) = try TableReader(path: path).read(workers: workers, stretchBytes: bytes) { _, _ in Stretches() }
            let stretches = parts.flatMap { part in part.order.map { ($0, part.stretches[$0] ?? Collected()) } }.sorted { $0.0 < $1.0 }
            #expect(stretches.map(\.0) == Array(0..<stretches.count), "\(workers) workers, \(bytes) bytes: every stretch once")
            #expect(stretches.count >= min(size / bytes, 4_096) / 2)
            busiest = max(busiest, parts.map(\.order.count).max() ?? 0)
            Self.expectSame(whole, (summary, stretches.map(\.1)), "\(workers) workers, stretches of \(bytes) bytes")
        }
        #expect(busiest > 10, "a worker read many stretches")
    }

    /// Stretches are `stretchBytes` long while much is left, then shorter, so the last ones a
    /// worker takes are short; the cuts climb, and stay inside the file.
    @Test func stretchesShortenTowardTheEnd() {
        let size = 255_000_000, bytes = 8 << 20
        let targets = TableReader.stretchTargets(size: size, workers: 2, stretchBytes: bytes)
        let lengths = zip([0] + targets, targets + [size]).map { $1 - $0 }
        #expect(lengths.allSatisfy { $0 > 0 && $0 <= bytes })
        #expect(lengths.prefix(20).allSatisfy { $0 == bytes })
        #expect(lengths.suffix(3).allSatisfy { $0 <= bytes / 8 * 2 }, "\(lengths.suffix(3))")
        #expect(lengths.count < size / bytes * 3)
        #expect(TableReader.stretchTargets(size: bytes * 2 - 1, workers: 2, stretchBytes: bytes).isEmpty)
        #expect(TableReader.stretchTargets(size: 1 << 40, workers: 2, stretchBytes: 1).count == 4_095)
    }

    /// A student's rows (every subject, a repeated row) stay in one stretch: wherever the file
    /// is cut, the records on either side of a cut begin with different first cells, unless the
    /// one before the cut is not plain (quoted); and every cut is on the line it says.
    @Test func aCutDoesNotSplitTheRowsOfOneFirstCell() throws {
        var lines = ["Код;ФИО;Предмет"]
        for student in 0..<2_000 {
            let name = student % 7 == 0 ? "\"Ученик\n\(student)\"" : "Ученик \(student)"
            for subject in 0..<(1 + student % 4) { lines.append("\(6_600_000 + student);\(name);Предмет \(subject)") }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let bytes = Array(text.utf8)
        let reader = try TableReader(path: try temporaryFile(bytes))
        let split = try reader.split(at: Array(stride(from: 100, to: bytes.count - 100, by: 97)))
        #expect(split.list.count > 100)
        func firstCell(at offset: Int) -> [UInt8] { Array(bytes[offset...].prefix { $0 != UInt8(ascii: ";") }) }
        // The line each byte is on.
        var lineOf: [Int] = []
        var line = 1
        for byte in bytes {
            lineOf.append(line)
            if byte == 0x0A { line += 1 }
        }
        var moved = 0
        for stretch in split.list.dropFirst() {
            let before = bytes[..<(stretch.start - 1)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            #expect(stretch.line == lineOf[stretch.start], "line of the cut at \(stretch.start)")
            if !bytes[before..<stretch.start].contains(UInt8(ascii: "\"")) {
                #expect(firstCell(at: before) != firstCell(at: stretch.start), "cut at \(stretch.start) inside a run")
            }
            if firstCell(at: before) == firstCell(at: stretch.start) { moved += 1 }
        }
        // Only runs with a quoted ФИО (every seventh student) may still be cut.
        #expect(moved < split.list.count / 5)
    }

    /// 4 000 rows, with a stray quote (an error under strict parsing) in the rows `faults`.
    static func fileWithFaults(_ faults: [Int]) throws -> String {
        var lines = ["Код;ФИО"]
        for index in 1...4_000 { lines.append(faults.contains(index) ? "\(index);\"Ученик\" \(index)" : "\(index);Ученик \(index)") }
        return try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// A fault in a late stretch and one in an early stretch: the early one is reported.
    @Test func workersReportTheFirstErrorInTheFile() throws {
        let path = try Self.fileWithFaults([600, 3_900])
        let single = ingestError { _ = try Self.readWhole(path) }
        let workers = ingestError { _ = try TableReader(path: path).read(workers: 2, stretchBytes: 1_000) { _, _ in Collected() } }
        #expect(single?.line == 601)
        #expect(workers?.line == single?.line && workers?.description == single?.description)
    }

    @Test func aSingleByteEncodingSplitsTheSame() throws {
        let text = Self.text(rows: 1_500)
        let bytes = try #require(text.data(using: .windowsCP1251))
        let path = try temporaryFile(Array(bytes))
        let options = TableReader.Options(encoding: .windows1251)
        let whole = try Self.readWhole(path, options: options)
        let parts = try Self.readInParts(path, threads: 4, minimumPartBytes: bytes.count / 5, options: options)
        #expect(parts.1.count == 4)
        Self.expectSame(whole, parts, "windows-1251")
    }

    @Test func smallFilesAndUTF16AreOnePart() throws {
        let text = Self.text(rows: 200)
        let small = try temporaryFile(Array(text.utf8))
        #expect(try Self.readInParts(small, threads: 4, minimumPartBytes: TableReader.minimumPartBytes).1.count == 1)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try temporaryFile(utf16)
        let parts = try Self.readInParts(wide, threads: 4, minimumPartBytes: 64)
        #expect(parts.1.count == 1)
        Self.expectSame(try Self.readWhole(wide), parts, "UTF-16")
    }

    /// Two faults in different parts: the error is the first one, as one pass meets it.
    @Test func theErrorIsTheFirstOneInTheFile() throws {
        let path = try Self.fileWithFaults([1_500, 3_500])
        let single = ingestError { _ = try Self.readWhole(path) }
        let parts = ingestError { _ = try Self.readInParts(path, threads: 4, minimumPartBytes: 4_000) }
        #expect(single?.line == 1_501)
        #expect(parts?.line == single?.line && parts?.description == single?.description)
    }

    /// Every boundary the scan finds is where the parser begins a record (or a blank line), on the same line.
    @Test func theBoundaryScanAgreesWithTheParser() throws {
        let bytes = Array(Self.text(rows: 400).utf8)
        let parser = try CSVParser(file: "text", delimiter: UInt8(ascii: ";"), quote: 0x22,
                                   limits: .init(maxFieldBytes: 1 << 20, maxFieldsPerRecord: 100), validateUTF8: true)
        var starts: Set<Int> = []
        parser.onRecord = { starts.insert($0.line) }
        parser.onBlankLine = { starts.insert($0) }
        try bytes.withUnsafeBytes { try parser.parse($0) }
        try parser.finish()
        var scan = RecordBoundaryScan(delimiter: UInt8(ascii: ";"), quote: 0x22, startingAt: 0)
        var found = 0
        while true {
            let offset = scan.offset
            let boundary = bytes.withUnsafeBytes { scan.boundary(atOrAfter: offset + 1, in: UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            guard let boundary else { break }
            found += 1
            #expect(bytes[boundary.offset - 1] == 0x0A)
            #expect(starts.contains(boundary.line) || boundary.offset == bytes.count, "line \(boundary.line) at byte \(boundary.offset)")
        }
        #expect(found > 300)
    }
}
