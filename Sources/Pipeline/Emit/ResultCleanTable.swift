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
        self.secret = secret
        layout = RowLayout(pseudonyms: Digest.Pseudonyms(secret: secret), schoolCells: schoolCells, delimiter: delimiter)
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
        switch destination {
        case .file(_, let table):
            rows.removeAll(keepingCapacity: true)
            layout.lay(record, who: who, point: point, keys: keys, groups: groups, into: &rows)
            try table.writeRow(bytes: rows)
        case .stretches(_, let lineEnding):
            // Straight into the stretch's rows: no row of its own to copy.
            layout.lay(record, who: who, point: point, keys: keys, groups: groups, into: &rows)
            lineEnding.withUnsafeBytes { rows.append(contentsOf: $0) }
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

/// One row of the table as bytes, in buffers reused row after row (a struct, so laying out a
/// row touches no reference count).
private struct RowLayout {
    let pseudonyms: Digest.Pseudonyms
    /// Each school's short name, as the cell is written.
    let schoolCells: [[UInt8]]
    let delimiter: UInt8
    private var identity: [UInt8] = []
    /// Consecutive rows are often one person's subjects: the last identity and its pseudonym are kept.
    private var lastIdentity: [UInt8] = []
    private var lastPseudonym: [UInt8] = []
    private var lastCode: String?
    private var lastWho = ""
    private var whoCell: [UInt8] = []
    /// Cells of classes and subjects by their group numbers: laid out once, not per row.
    private var classCells = LabelCells()
    private var subjectCells = LabelCells()

    init(pseudonyms: Digest.Pseudonyms, schoolCells: [[UInt8]], delimiter: UInt8) {
        self.pseudonyms = pseudonyms
        self.schoolCells = schoolCells
        self.delimiter = delimiter
    }

    /// Appends the row of the record's values at `point` to `row`.
    ///
    /// Texts compared here are codes (short, stored inline) and labels the run holds once, so
    /// `==` settles them by their storage without reading the text.
    mutating func lay(_ record: ResultRecord, who: String, point: Int, keys: ResultGroups.Keys, groups: ResultGroups, into row: inout [UInt8]) {
        let values = record.points[point]
        // A person's rows come one after another (both points, every subject): the same code
        // as the last row's is the same identity, with no key to build.
        if let code = record.code, let lastCode, code == lastCode, who == lastWho {
            layCells(record, values: values, point: point, keys: keys, groups: groups, into: &row)
            return
        }
        lastCode = record.code
        if who != lastWho {
            lastWho = who
            whoCell = Self.cell(who, delimiter: delimiter)
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
        if identity != lastIdentity {
            swap(&identity, &lastIdentity)
            lastPseudonym.removeAll(keepingCapacity: true)
            lastIdentity.withUnsafeBytes { pseudonyms.append(pseudonymOf: $0, to: &lastPseudonym) }
        }
        layCells(record, values: values, point: point, keys: keys, groups: groups, into: &row)
    }

    private mutating func layCells(_ record: ResultRecord, values: ResultRecord.PointValues, point: Int, keys: ResultGroups.Keys,
                                   groups: ResultGroups, into row: inout [UInt8]) {
        lastPseudonym.withUnsafeBytes { row.append(contentsOf: $0) }
        row.append(delimiter)
        whoCell.withUnsafeBytes { row.append(contentsOf: $0) }
        row.append(delimiter)
        (point == 0 ? Self.before : Self.after).withUnsafeBytes { row.append(contentsOf: $0) }
        row.append(delimiter)
        schoolCells[record.school].withUnsafeBytes { row.append(contentsOf: $0) }
        row.append(delimiter)
        if let schoolClass = keys.schoolClass {
            classCells.append(schoolClass, label: groups.classes[schoolClass].label, delimiter: delimiter, to: &row)
        }
        row.append(delimiter)
        subjectCells.append(keys.subject, label: groups.subjects[keys.subject], delimiter: delimiter, to: &row)
        row.append(delimiter)
        switch values.mark {
        case .mark(let value): Self.appendInteger(value, to: &row)
        case .notAssessed: Self.notAssessed.withUnsafeBytes { row.append(contentsOf: $0) }
        case nil: break
        }
        row.append(delimiter)
        if let score = values.score { Self.appendScore(score, to: &row) }
    }

    /// «до», «после», «н/а» in UTF-8.
    private static let before: [UInt8] = Array("до".utf8)
    private static let after: [UInt8] = Array("после".utf8)
    private static let notAssessed: [UInt8] = Array("н/а".utf8)

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

    private static func appendInteger(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    private static func appendScore(_ value: Double, to bytes: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15 {
            appendInteger(Int(value), to: &bytes)
        } else {
            bytes.append(contentsOf: ResultCleanTable.score(value).utf8)
        }
    }
}

/// Cells of group labels by group number, each laid out the first time it is written.
///
/// A number stands for the label it was laid out from only within one numbering; the label is
/// compared on every use (by `==`, which the label's one storage settles at once), so a table
/// written under another numbering lays the cell out again rather than writing a wrong one.
private struct LabelCells {
    /// Per group number: the label, and where its cell lies in `bytes`.
    private var cells: [(label: String, start: Int, end: Int)?] = []
    private var bytes: [UInt8] = []

    mutating func append(_ index: Int, label: String, delimiter: UInt8, to row: inout [UInt8]) {
        if index < cells.count, let known = cells[index], known.label == label {
            bytes.withUnsafeBytes { row.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[known.start..<known.end])) }
            return
        }
        if cells.count <= index { cells.append(contentsOf: repeatElement(nil, count: index + 1 - cells.count)) }
        let start = bytes.count
        var text = label
        _ = text.withUTF8 { CSVTableWriter.append(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &bytes) }
        cells[index] = (label, start, bytes.count)
        row.append(contentsOf: bytes[start...])
    }
}
