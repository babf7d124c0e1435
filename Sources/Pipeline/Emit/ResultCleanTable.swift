import Clean
import Foundation
import Ingest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// clean/results.csv, written while the exports stream: one row per record and point, the
/// person replaced by a keyed pseudonym (DESIGN.md §6), so the table holds no name or code.
///
/// Rows are laid out as bytes in one reused buffer: a region's table has millions of rows, and
/// a String and an array per row cost more than reading the export. A file read by several
/// workers writes through ``part()`` tables: each gathers the rows of one stretch of the file
/// in memory and hands them over when the stretch ends; the table writes the stretches in file
/// order as soon as every earlier one has arrived, so it holds only the few that came early.
final class ResultCleanTable: @unchecked Sendable {
    static let header = ["лицо", "кто", "этап", "школа", "класс", "предмет", "отметка", "балл"]

    /// Where rows go: the file itself, or (a part) the current stretch's rows, for `parent`.
    private enum Destination {
        case file(OutputFile, CSVTableWriter)
        case stretches(parent: ResultCleanTable, lineEnding: [UInt8])
    }

    private let destination: Destination
    private let isPart: Bool
    private let secret: [UInt8]
    private var layout: RowLayout
    /// A part's rows of the stretch it is reading; the table's row being laid out.
    private var rows: [UInt8] = []
    private var stretch = 0
    /// The table's side of the hand-over: stretches that arrived before an earlier one.
    private let handover = NSLock()
    private var early: [Int: [UInt8]] = [:]
    private var nextStretch = 0
    /// Buffers of stretches written, emptied for the next stretches: megabytes each, so they go
    /// round rather than back to the allocator (which would keep them anyway).
    private var spare: [[UInt8]] = []

    convenience init(path: String, secret: [UInt8], register: SchoolRegister) throws {
        let file = try OutputFile(path: path)
        let table = try CSVTableWriter(output: file, format: CSVTableWriter.Format())
        let cells = register.schools.map { RowLayout.cell($0.short, delimiter: table.format.delimiter) }
        self.init(destination: .file(file, table), schoolCells: cells, secret: secret, delimiter: table.format.delimiter)
        try table.writeRow(Self.header)
    }

    private init(destination: Destination, schoolCells: [[UInt8]], secret: [UInt8], delimiter: UInt8) {
        self.destination = destination
        if case .stretches = destination { isPart = true } else { isPart = false }
        self.secret = secret
        // A part's rows end in the table's line ending; the table's own rows get it from its writer.
        let lineEnding: [UInt8] = if case .stretches(_, let ending) = destination { ending } else { [] }
        layout = RowLayout(pseudonyms: Digest.Pseudonyms(secret: secret), schoolCells: schoolCells, delimiter: delimiter,
                           lineEnding: lineEnding)
    }

    /// A table for the rows one worker reads, stretch by stretch (``begin(stretch:)``,
    /// ``end(stretch:)``), handed over to this one; the stretches of a read are counted from 0,
    /// so every part of one read is made before that read begins.
    ///
    /// The part has copies of its own of everything it touches per row: threads that count
    /// references to one shared object slow each other down.
    func part() -> ResultCleanTable {
        handover.withLock {
            early = [:]
            nextStretch = 0
        }
        let lineEnding: [UInt8]
        switch destination {
        case .file(_, let table): lineEnding = table.format.lineEnding
        case .stretches(_, let ending): lineEnding = ending
        }
        let cells = layout.schoolCells.map { cell in cell.withUnsafeBufferPointer { [UInt8]($0) } }
        return ResultCleanTable(destination: .stretches(parent: self, lineEnding: lineEnding.map { $0 }), schoolCells: cells,
                                secret: secret.map { $0 }, delimiter: layout.delimiter)
    }

    /// Writes the record's values at `point` (0 baseline, 1 follow-up); `keys` are the record's
    /// groups as `groups` numbers them (its class and subject are written as they label them).
    func write(_ record: ResultRecord, who: String, point: Int, keys: ResultGroups.Keys, groups: ResultGroups) throws {
        // A part's rows go straight into its stretch's rows, line ending and all (no row of its
        // own to copy); told by a flag, not by the destination, whose references would be counted per row.
        if isPart {
            layout.lay(record, who: who, point: point, keys: keys, groups: groups, into: &rows)
        } else if case .file(_, let table) = destination {
            rows.removeAll(keepingCapacity: true)
            layout.lay(record, who: who, point: point, keys: keys, groups: groups, into: &rows)
            try table.writeRow(bytes: rows)
        }
    }

    /// A part: the rows that follow are those of stretch `index`.
    func begin(stretch index: Int) {
        stretch = index
        rows.removeAll(keepingCapacity: true)
        guard case .stretches(let parent, _) = destination, rows.capacity == 0 else { return }
        rows = parent.handover.withLock { parent.spare.popLast() } ?? []
    }

    /// A part: the stretch has ended; its rows go to the table.
    func end(stretch index: Int) throws {
        guard case .stretches(let parent, _) = destination else { return }
        var finished: [UInt8] = []
        swap(&finished, &rows)
        try parent.receive(finished, stretch: index)
    }

    /// Writes a stretch's rows, and those that waited for it, once every earlier stretch is written.
    private func receive(_ rows: [UInt8], stretch index: Int) throws {
        guard case .file(let file, _) = destination else { return }
        try handover.withLock {
            early[index] = rows
            while var ready = early.removeValue(forKey: nextStretch) {
                try file.write(ready)
                nextStretch += 1
                ready.removeAll(keepingCapacity: true)
                spare.append(ready)
            }
        }
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    static func score(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(String(value).map { $0 == "." ? "," : $0 })
    }

    /// Bytes written so far: where to ``truncate(to:)`` should the rows be written again.
    var length: Int {
        guard case .file(let file, _) = destination else { return 0 }
        return file.length
    }

    /// Drops the rows written after `length`, and any stretch still waiting for an earlier one.
    func truncate(to length: Int) throws {
        guard case .file(let file, _) = destination else { return }
        try handover.withLock {
            early = [:]
            spare = []
            nextStretch = 0
            try file.truncate(to: length)
        }
    }

    func commit() throws {
        guard case .file(let file, _) = destination else { return }
        try file.commit()
    }
}

/// Bytes in memory of their own, freed with their owner: laid out and read through a pointer,
/// with no reference to count on the way (unlike an array's).
private struct RawBytes: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    subscript(range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    mutating func removeAll() { count = 0 }

    /// Room for `extra` more bytes, so that the appends up to them need no check of their own.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        capacity = max(capacity * 2, count + extra)
        let larger = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        larger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = larger
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        count += bytes.count
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }
}

/// One row of the table as bytes. Every cell but the values is laid out once — a school's,
/// «кто», a class's, a subject's, the person's pseudonym — and kept in memory of the layout's
/// own, so a row is a few copies into one buffer and one append to the stretch's rows: no
/// reference counted per cell (a region's table has millions of rows, and counting references
/// per cell cost more than reading the export).
private struct RowLayout: ~Copyable {
    let pseudonyms: Digest.Pseudonyms
    let delimiter: UInt8
    /// Each school's short name, as the cell is written, by the school's position in the register.
    let schoolCells: [[UInt8]]
    private var schools = RawBytes()
    private let schoolRanges: [Range<Int>]
    /// Appended to every row: the line ending of a part's rows (none when the table's writer adds it).
    private var lineEnding = RawBytes(capacity: 16)
    /// The row being laid out.
    private var line = RawBytes(capacity: 512)
    /// «кто» of the rows, as its cell is written.
    private var whoCell = RawBytes()
    private var lastWho = ""
    /// Consecutive rows are often one person's subjects: the last identity and its pseudonym are kept.
    private var identity: [UInt8] = []
    private var lastIdentity: [UInt8] = []
    private var pseudonym = RawBytes()
    private var pseudonymText: [UInt8] = []
    private var lastCode: String?
    private var classCells = LabelCells()
    private var subjectCells = LabelCells()

    init(pseudonyms: Digest.Pseudonyms, schoolCells: [[UInt8]], delimiter: UInt8, lineEnding: [UInt8]) {
        self.pseudonyms = pseudonyms
        self.schoolCells = schoolCells
        self.delimiter = delimiter
        var ranges: [Range<Int>] = []
        for cell in schoolCells {
            let start = schools.count
            schools.append(cell)
            ranges.append(start..<schools.count)
        }
        schoolRanges = ranges
        self.lineEnding.append(lineEnding)
    }

    /// Appends the row of the record's values at `point` to `row`.
    mutating func lay(_ record: ResultRecord, who: String, point: Int, keys: ResultGroups.Keys, groups: ResultGroups, into row: inout [UInt8]) {
        // A person's rows come one after another (both points, every subject): the same code
        // as the last row's is the same identity, with no key to build. Codes are short, and
        // == on short Strings compares their bits.
        if record.code == nil || record.code != lastCode || who != lastWho { pseudonymOf(record, who: who) }
        let values = record.points[point]
        // Labels are read only to lay a cell out: no closure over `groups`, which would copy it.
        let numbering = groups.numberingSerial
        var classRange: Range<Int>?
        if let index = keys.schoolClass {
            classRange = classCells.cell(index, numbering: numbering) ?? classCells.add(index, label: groups.classes[index].label, delimiter: delimiter)
        }
        let subjectRange = subjectCells.cell(keys.subject, numbering: numbering)
            ?? subjectCells.add(keys.subject, label: groups.subjects[keys.subject], delimiter: delimiter)
        let school = schoolRanges[record.school]
        line.removeAll()
        // Every cell but the values is known in length; the values take at most 64 bytes.
        line.reserve(pseudonym.count + whoCell.count + school.count + (classRange?.count ?? 0) + subjectRange.count
                     + lineEnding.count + 8 + 10 + 64)
        line.append(pseudonym.bytes)
        line.append(delimiter)
        line.append(whoCell.bytes)
        line.append(delimiter)
        line.append(point == 0 ? Self.before : Self.after)
        line.append(delimiter)
        line.append(schools[school])
        line.append(delimiter)
        if let classRange { line.append(classCells.bytes[classRange]) }
        line.append(delimiter)
        line.append(subjectCells.bytes[subjectRange])
        line.append(delimiter)
        switch values.mark {
        case .mark(let value): appendInteger(value)
        case .notAssessed: line.append(Self.notAssessed)
        case nil: break
        }
        line.append(delimiter)
        if let score = values.score { appendScore(score) }
        line.append(lineEnding.bytes)
        row.append(contentsOf: line.bytes)
    }

    /// Makes the pseudonym of the record's person the current one.
    private mutating func pseudonymOf(_ record: ResultRecord, who: String) {
        lastCode = record.code
        if who != lastWho {
            lastWho = who
            whoCell.removeAll()
            whoCell.append(Self.cell(who, delimiter: delimiter))
        }
        identity.removeAll(keepingCapacity: true)
        if let code = record.code {
            identity.append(contentsOf: "code:".utf8)
            Self.appendKey(code, to: &identity)
        } else {
            identity.append(contentsOf: "name:".utf8)
            Self.appendKey(record.name ?? "", to: &identity)
            identity.append(contentsOf: "|\(record.school)".utf8)
        }
        identity.append(UInt8(ascii: "|"))
        identity.append(contentsOf: who.utf8)
        guard identity != lastIdentity else { return }
        swap(&identity, &lastIdentity)
        pseudonymText.removeAll(keepingCapacity: true)
        lastIdentity.withUnsafeBytes { pseudonyms.append(pseudonymOf: $0, to: &pseudonymText) }
        pseudonym.removeAll()
        pseudonym.append(pseudonymText)
    }

    /// «до», «после», «н/а» in UTF-8.
    private static var before: UnsafeRawBufferPointer { UnsafeRawBufferPointer(staticBytes: "до") }
    private static var after: UnsafeRawBufferPointer { UnsafeRawBufferPointer(staticBytes: "после") }
    private static var notAssessed: UnsafeRawBufferPointer { UnsafeRawBufferPointer(staticBytes: "н/а") }

    /// A text as its cell is written (quoted, formula-safe).
    static func cell(_ text: String, delimiter: UInt8) -> [UInt8] {
        var text = text
        var cell: [UInt8] = []
        _ = text.withUTF8 { CSVTableWriter.append(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &cell) }
        return cell
    }

    private static func appendKey(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { MatchKey.appendAny(UnsafeRawBufferPointer($0), to: &bytes) }
    }

    private mutating func appendInteger(_ value: Int) {
        if value < 0 { line.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            line.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    private mutating func appendScore(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int(value))
        } else {
            line.append(Array(ResultCleanTable.score(value).utf8))
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The UTF-8 of a string literal, which lives as long as the program.
    init(staticBytes text: StaticString) {
        self.init(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }
}

/// Cells of group labels by group number, each laid out the first time it is written.
///
/// A number stands for a label only within one numbering of the groups (``GroupNumbering``):
/// the cells are kept for the numbering they were laid out under, and groups numbered another
/// way (another part's, or copies that went their own ways) lay their cells out again rather
/// than write a wrong one.
private struct LabelCells: ~Copyable {
    private(set) var bytes = RawBytes(capacity: 1024)
    /// Per group number: where its cell lies in `bytes` (nil: not laid out yet).
    private var ranges: [Range<Int>?] = []
    private var numbering = -1

    /// Where the cell of group `index` under numbering `serial` lies in ``bytes``, if it is laid out.
    mutating func cell(_ index: Int, numbering serial: Int) -> Range<Int>? {
        if serial != numbering {
            numbering = serial
            ranges.removeAll(keepingCapacity: true)
            bytes.removeAll()
        }
        return index < ranges.count ? ranges[index] : nil
    }

    /// Lays out the cell of group `index` (of the numbering last asked about), labelled `label`.
    mutating func add(_ index: Int, label: String, delimiter: UInt8) -> Range<Int> {
        if ranges.count <= index { ranges.append(contentsOf: repeatElement(nil, count: index + 1 - ranges.count)) }
        let start = bytes.count
        bytes.append(RowLayout.cell(label, delimiter: delimiter))
        ranges[index] = start..<bytes.count
        return start..<bytes.count
    }
}
