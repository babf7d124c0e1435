import ByteTables
import Clean
import Ingest

/// clean/results.csv, written while the exports stream: one row per record and point, the
/// person replaced by a keyed pseudonym (DESIGN.md §6), so the table holds no name or code.
///
/// Rows are laid out as bytes in one reused buffer: a region's table has millions of rows, and
/// a String and an array per row cost more than reading the export. Each count of a read writes
/// through rows of its own (``rows(writing:)``) into the output the read gives it; the read puts
/// them in file order (``OrderedOutput``).
final class ResultCleanTable: @unchecked Sendable {
    static let header = ["лицо", "кто", "этап", "школа", "класс", "предмет", "отметка", "балл"]

    private let file: OutputFile
    /// Where the table is once committed.
    let path: String
    /// Where the reads' rows go, in file order.
    let output: OrderedOutput
    private let secret: [UInt8]
    private let schoolCells: [[UInt8]]
    private let delimiter: UInt8
    private let lineEnding: [UInt8]

    init(path: String, secret: [UInt8], register: SchoolRegister) throws {
        file = try OutputFile(path: path)
        self.path = path
        let table = try CSVTableWriter(output: file, format: CSVTableWriter.Format())
        delimiter = table.format.delimiter
        lineEnding = table.format.lineEnding
        schoolCells = register.schools.map { CSVTableWriter.cell($0.short, delimiter: table.format.delimiter) }
        self.secret = secret
        output = OrderedOutput(file)
        try table.writeRow(Self.header)
    }

    /// Rows for one count of a read, written to `output`.
    ///
    /// The rows have copies of their own of everything they touch per row: threads that count
    /// references to one shared object slow each other down.
    func rows(writing output: PartialOutput) -> ResultCleanRows {
        ResultCleanRows(
            output: output,
            layout: RowLayout(
                pseudonyms: Digest.Pseudonyms(secret: secret.map { $0 }),
                schoolCells: schoolCells.map { cell in cell.withUnsafeBufferPointer { [UInt8]($0) } },
                delimiter: delimiter, lineEnding: lineEnding.map { $0 }))
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    static func score(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(String(value).map { $0 == "." ? "," : $0 })
    }

    func commit() throws {
        try file.commit()
    }
}

/// The rows of clean/results.csv one count writes, laid out in memory of their own.
final class ResultCleanRows {
    private let output: PartialOutput
    private var layout: RowLayout

    fileprivate init(output: PartialOutput, layout: consuming RowLayout) {
        self.output = output
        self.layout = layout
    }

    /// Writes the record's values at `point` (0 baseline, 1 follow-up); `keys` are the record's
    /// groups as `groups` numbers them (its class and subject are written as they label them):
    /// always the same `groups`, only ever added to, for one set of rows.
    func write(_ record: ResultRecord, who: String, point: Int, keys: ResultGroups.Keys, groups: ResultGroups) throws {
        layout.lay(record, who: who, point: point, keys: keys, groups: groups, into: &output.bytes)
        try output.appended()
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
    private var schools = OwnedBytes()
    private let schoolRanges: [Range<Int>]
    /// Appended to every row: the table's line ending.
    private var lineEnding = OwnedBytes(capacity: 16)
    /// The row being laid out.
    private var line = OwnedBytes(capacity: 512)
    /// «кто» of the rows, as its cell is written.
    private var whoCell = OwnedBytes()
    private var lastWho = ""
    /// Consecutive rows are often one person's subjects: the last identity and its pseudonym are kept.
    private var identity: [UInt8] = []
    private var lastIdentity: [UInt8] = []
    private var pseudonym = OwnedBytes()
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
    mutating func lay(
        _ record: ResultRecord, who: String, point: Int, keys: ResultGroups.Keys, groups: ResultGroups,
        into row: inout [UInt8]
    ) {
        // A person's rows come one after another (both points, every subject): the same code
        // as the last row's is the same identity, with no key to build. Codes are short, and
        // == on short Strings compares their bits.
        if record.code == nil || record.code != lastCode || who != lastWho { pseudonymOf(record, who: who) }
        let values = record.points[point]
        // Labels are read only to lay a cell out: no closure over `groups`, which would copy it.
        var classRange: Range<Int>?
        if let index = keys.schoolClass {
            classRange =
                classCells.cell(index)
                ?? classCells.add(index, label: groups.classes[index].label, delimiter: delimiter)
        }
        let subjectRange =
            subjectCells.cell(keys.subject)
            ?? subjectCells.add(keys.subject, label: groups.subjects[keys.subject], delimiter: delimiter)
        let school = schoolRanges[record.school]
        line.removeAll()
        // Every cell but the values is known in length; the values take at most 64 bytes.
        line.reserve(
            pseudonym.count + whoCell.count + school.count + (classRange?.count ?? 0) + subjectRange.count
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
            whoCell.append(CSVTableWriter.cell(who, delimiter: delimiter))
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
/// A number stands for one label for as long as one ``ResultGroups`` numbers the groups, and
/// one set of rows is written with one (only ever added to).
private struct LabelCells: ~Copyable {
    private(set) var bytes = OwnedBytes(capacity: 1024)
    /// Per group number: where its cell lies in `bytes` (nil: not laid out yet).
    private var ranges: [Range<Int>?] = []

    /// Where the cell of group `index` lies in ``bytes``, if it is laid out.
    func cell(_ index: Int) -> Range<Int>? {
        index < ranges.count ? ranges[index] : nil
    }

    /// Lays out the cell of group `index`, labelled `label`.
    mutating func add(_ index: Int, label: String, delimiter: UInt8) -> Range<Int> {
        if ranges.count <= index { ranges.append(contentsOf: repeatElement(nil, count: index + 1 - ranges.count)) }
        let start = bytes.count
        bytes.append(CSVTableWriter.cell(label, delimiter: delimiter))
        ranges[index] = start..<bytes.count
        return start..<bytes.count
    }
}
