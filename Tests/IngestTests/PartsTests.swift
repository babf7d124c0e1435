import Foundation
import Testing

@testable import Ingest

/// A file read in parts on several threads gives exactly what one pass gives: the same rows
/// with the same line numbers, the same rejections, the same books, the same first error.
@Suite("Reading a file in parts")
struct PartsTests {
    /// What the rows of one stretch, or of several merged, come to.
    struct Collected: Partial {
        var rows: [(line: Int, cells: [String])] = []
        var rejections: [(line: Int, reason: String)] = []
        /// How many stretches were merged into this state.
        var stretches = 1
        /// Whether every merge took a later state, as file order asks.
        var mergedInOrder = true

        mutating func merge(_ later: consuming Collected) {
            let lastLine = max(rows.last?.line ?? 0, rejections.last?.line ?? 0)
            let firstLine = min(later.rows.first?.line ?? .max, later.rejections.first?.line ?? .max)
            if firstLine <= lastLine { mergedInOrder = false }
            rows += later.rows
            rejections += later.rejections
            stretches += later.stretches
            mergedInOrder = mergedInOrder && later.mergedInOrder
        }
    }

    /// Collects every row and rejection.
    struct Collecting: RecordFold {
        func start(writing output: PartialOutput?) -> Collected { Collected() }
        func fold(_ row: Row, into state: inout Collected) { state.rows.append((row.line, row.strings())) }
        func reject(_ rejection: Rejection, into state: inout Collected) {
            state.rejections.append((rejection.origin.line, rejection.reason.rawValue))
        }
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

    /// One pass, without the executor.
    static func readWhole(_ path: String, options: TableReader.Options = .init()) throws -> (ReadSummary, Collected) {
        var collected = Collected()
        let fold = Collecting()
        let summary = try TableReader(path: path, options: options).read(
            onRow: { fold.fold($0, into: &collected) },
            onReject: { fold.reject($0, into: &collected) })
        return (summary, collected)
    }

    static func readInParts(
        _ path: String, threads: Int, minimumPartBytes: Int,
        options: TableReader.Options = .init()
    ) throws -> (ReadSummary, Collected) {
        try TableReader(path: path, options: options).fold(
            Collecting(), threads: threads, schedule: .parts(minimumPartBytes: minimumPartBytes))
    }

    static func expectSame(_ whole: (ReadSummary, Collected), _ parts: (ReadSummary, Collected), _ comment: Comment) {
        #expect(parts.1.mergedInOrder, comment)
        let rows = parts.1.rows
        let rejections = parts.1.rejections
        #expect(rows.map(\.line) == whole.1.rows.map(\.line), comment)
        #expect(rows.map(\.cells) == whole.1.rows.map(\.cells), comment)
        #expect(rejections.map(\.line) == whole.1.rejections.map(\.line), comment)
        #expect(rejections.map(\.reason) == whole.1.rejections.map(\.reason), comment)
        let (a, b) = (whole.0, parts.0)
        #expect(
            a.rowsRead == b.rowsRead && a.rowsPassed == b.rowsPassed && a.rejectedByReason == b.rejectedByReason,
            comment)
        #expect(a.blankLines == b.blankLines && a.blankLineNumbers == b.blankLineNumbers, comment)
        #expect(a.lineEndings == b.lineEndings && a.quotesInsideUnquotedFields == b.quotesInsideUnquotedFields, comment)
        #expect(a.header?.names == b.header?.names && a.headerLine == b.headerLine, comment)
        #expect(a.quoteRepairs == b.quoteRepairs && a.quoteRepairLines == b.quoteRepairLines, comment)
        #expect(a.preambleLines == b.preambleLines && a.preambleLineNumbers == b.preambleLineNumbers, comment)
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
            partCounts.insert(parts.1.stretches)
            Self.expectSame(whole, parts, "parts of at least \(minimum) bytes")
        }
        #expect(
            partCounts.contains(2) && partCounts.contains(8),
            "the file was split into 2 to 8 parts: \(partCounts.sorted())")
    }

    /// Read by two to eight threads taking stretches of a few hundred bytes up, the stretches'
    /// states merged in file order give what one pass gives.
    @Test func threadsTakingStretchesGiveWhatOnePassGives() throws {
        let path = try temporaryFile(Array(Self.text(rows: 3_000).utf8))
        let whole = try Self.readWhole(path)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        for (threads, bytes) in [(2, size / 200), (2, size / 3), (3, size / 50), (8, size / 97), (8, size / 1_000)] {
            let read = try TableReader(path: path).fold(
                Collecting(), threads: threads, schedule: .stretches(bytes: bytes))
            #expect(
                read.state.stretches >= min(size / bytes, 4_096) / 2,
                "\(threads) threads, \(bytes) bytes: \(read.state.stretches) stretches")
            Self.expectSame(whole, read, "\(threads) threads, stretches of \(bytes) bytes")
        }
    }

    /// Rows whose first cell was met in an earlier stretch: a state that cannot take such a
    /// state in (``StretchesOverlap``) has the file read in one pass, with the same outcome.
    struct FirstCells: Partial {
        var seen: Set<String> = []
        var rows: [Int] = []
        var stretches = 1

        mutating func merge(_ later: consuming FirstCells) throws {
            guard seen.isDisjoint(with: later.seen) else { throw StretchesOverlap() }
            seen.formUnion(later.seen)
            rows += later.rows
            stretches += later.stretches
        }
    }

    /// Keeps the first row of each first cell, and writes each row it keeps to the output.
    struct KeepingFirst: RecordFold {
        let output: OrderedOutput?

        func start(writing output: PartialOutput?) -> (FirstCellsWriting) { FirstCellsWriting(output: output) }
        func fold(_ row: Row, into state: inout FirstCellsWriting) throws {
            guard state.cells.seen.insert(row.strings()[0]).inserted else { return }
            state.cells.rows.append(row.line)
            state.output?.bytes.append(contentsOf: "\(row.line)\n".utf8)
            try state.output?.appended()
        }
        func reject(_ rejection: Rejection, into state: inout FirstCellsWriting) {}
    }

    struct FirstCellsWriting: Partial {
        var cells = FirstCells()
        let output: PartialOutput?

        init(output: PartialOutput?) { self.output = output }

        mutating func merge(_ later: consuming FirstCellsWriting) throws { try cells.merge(later.cells) }
    }

    @Test func anOverlapOfStretchesReadsInOnePass() throws {
        var lines = ["Код;ФИО"]
        for index in 1...3_000 { lines.append("\(index);Ученик \(index)") }
        let separate = try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8))
        lines.append("7;Ученик 7 ещё раз")
        let repeating = try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8))
        for (path, overlaps) in [(separate, false), (repeating, true)] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "shnor-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = try OutputFile(path: folder.appendingPathComponent("kept.txt").path)
            try file.write("первая строка\n")
            let read = try TableReader(path: path).fold(
                KeepingFirst(output: OrderedOutput(file)), threads: 2, schedule: .stretches(bytes: 2_000))
            try file.commit()
            #expect(read.state.cells.rows == Array(2...3_001), "the repeat on the last line is not kept")
            #expect(
                overlaps ? read.state.cells.stretches == 1 : read.state.cells.stretches > 5,
                "\(read.state.cells.stretches) stretches")
            let written = try String(contentsOf: folder.appendingPathComponent("kept.txt"), encoding: .utf8)
            #expect(
                written == "первая строка\n" + (2...3_001).map { "\($0)\n" }.joined(),
                "the stretches' bytes, once each, in file order")
        }
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

    /// The stretches found as threads ask for them (``StretchFeed``), asked for out of order,
    /// are those taken all at once in order (``TableReader/split(at:)``), with nil past the
    /// last; a file with no cut after its header is one stretch.
    @Test func theFeedGivesTheStretchesOfTheWholeScan() throws {
        var lines = ["Код;ФИО;Предмет"]
        for student in 0..<2_000 {
            let name = student % 7 == 0 ? "\"Ученик\r\n\(student)\"" : "Ученик \(student)"
            for subject in 0..<(1 + student % 4) { lines.append("\(6_600_000 + student);\(name);Предмет \(subject)") }
        }
        let bytes = Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
        let reader = try TableReader(path: try temporaryFile(bytes))
        for targets in [Array(stride(from: 100, to: bytes.count - 100, by: 97)), [bytes.count / 2], [5]] {
            let split = try reader.split(at: targets)
            let feed = try #require(try StretchFeed(reader: reader, targets: targets))
            #expect(feed.header.names == split.header?.names)
            let late = min(5, split.list.count - 1)
            #expect(try feed.stretch(late) == split.list[late], "asked first for stretch \(late)")
            let fed = try (0..<feed.capacity).compactMap { try feed.stretch($0) }
            #expect(fed == (split.header == nil ? [.whole] : split.list), "\(targets.count) targets")
            #expect(try feed.stretch(feed.capacity) == nil && feed.count == fed.count)
        }
    }

    /// 4 000 rows, with a stray quote (an error under strict parsing) in the rows `faults`.
    static func fileWithFaults(_ faults: [Int]) throws -> String {
        var lines = ["Код;ФИО"]
        for index in 1...4_000 {
            lines.append(faults.contains(index) ? "\(index);\"Ученик\" \(index)" : "\(index);Ученик \(index)")
        }
        return try temporaryFile(Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// A fault in a late stretch and one in an early stretch: the early one is reported.
    @Test func workersReportTheFirstErrorInTheFile() throws {
        let path = try Self.fileWithFaults([600, 3_900])
        let strict = TableReader.Options(strictQuotes: true)
        let single = ingestError { _ = try Self.readWhole(path, options: strict) }
        let workers = ingestError {
            _ = try TableReader(path: path, options: strict).fold(
                Collecting(), threads: 2, schedule: .stretches(bytes: 1_000))
        }
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
        #expect(parts.1.stretches == 4)
        Self.expectSame(whole, parts, "windows-1251")
    }

    @Test func smallFilesAndUTF16AreOnePart() throws {
        let text = Self.text(rows: 200)
        let small = try temporaryFile(Array(text.utf8))
        #expect(
            try Self.readInParts(small, threads: 4, minimumPartBytes: TableReader.minimumPartBytes).1.stretches == 1)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let wide = try temporaryFile(utf16)
        let parts = try Self.readInParts(wide, threads: 4, minimumPartBytes: 64)
        #expect(parts.1.stretches == 1)
        Self.expectSame(try Self.readWhole(wide), parts, "UTF-16")
    }

    /// Two faults in different parts: the error is the first one, as one pass meets it.
    @Test func theErrorIsTheFirstOneInTheFile() throws {
        let path = try Self.fileWithFaults([1_500, 3_500])
        let strict = TableReader.Options(strictQuotes: true)
        let single = ingestError { _ = try Self.readWhole(path, options: strict) }
        let parts = ingestError {
            _ = try Self.readInParts(path, threads: 4, minimumPartBytes: 4_000, options: strict)
        }
        #expect(single?.line == 1_501)
        #expect(parts?.line == single?.line && parts?.description == single?.description)
    }

    /// A title and a date above the header, or a group row over it: every part reads the
    /// columns the one pass does, and the preamble is counted once.
    @Test(arguments: [
        "Список учащихся 5А класса;;;;\r\nДата: 01.09.2024;;;;\r\n;;;;\r\n",
        ";Ответы;;Баллы;\r\n",
    ])
    func aPreambleOrAGroupRowReadsTheSameInParts(above: String) throws {
        let text = above + String(Self.text(rows: 2_000).dropFirst("sep=;\r\n".count))
        let path = try temporaryFile(Array(text.utf8))
        let whole = try Self.readWhole(path)
        #expect(whole.0.header?.names.count == 4)
        for threads in [2, 4] {
            let parts = try Self.readInParts(path, threads: threads, minimumPartBytes: 4_000)
            #expect(parts.1.stretches > 1)
            Self.expectSame(whole, parts, "\(threads) threads")
        }
    }

    /// Stray quotes repaired in different parts: the rows, and the repairs with their lines,
    /// are what one pass gives, on one thread or several.
    @Test func quoteRepairsInPartsAreWhatOnePassGives() throws {
        let path = try Self.fileWithFaults([10, 1_500, 3_500])
        let whole = try Self.readWhole(path)
        #expect(whole.0.quoteRepairLines == [11, 1_501, 3_501])
        #expect(whole.1.rows[9].cells == ["10", "Ученик\" 10"])
        for threads in [2, 4] {
            let parts = try Self.readInParts(path, threads: threads, minimumPartBytes: 4_000)
            #expect(parts.1.stretches > 1)
            Self.expectSame(whole, parts, "\(threads) threads")
        }
    }

    /// Every boundary the scan finds is where the parser begins a record (or a blank line), on the same line.
    @Test func theBoundaryScanAgreesWithTheParser() throws {
        let bytes = Array(Self.text(rows: 400).utf8)
        let parser = try CSVParser(
            file: "text", delimiter: UInt8(ascii: ";"), quote: 0x22,
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
            let boundary = bytes.withUnsafeBytes {
                scan.boundary(atOrAfter: offset + 1, in: UnsafeRawBufferPointer(rebasing: $0[offset...]))
            }
            guard let boundary else { break }
            found += 1
            #expect(bytes[boundary.offset - 1] == 0x0A)
            #expect(
                starts.contains(boundary.line) || boundary.offset == bytes.count,
                "line \(boundary.line) at byte \(boundary.offset)")
        }
        #expect(found > 300)
    }
}
