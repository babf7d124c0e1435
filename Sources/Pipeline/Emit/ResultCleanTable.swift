import Clean
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
/// a String and an array per row cost more than reading the export. A part of a file read on
/// another thread is written to a ``Part`` file of its own, appended in order by ``append(_:)``.
final class ResultCleanTable {
    static let header = ["лицо", "кто", "этап", "школа", "класс", "предмет", "отметка", "балл"]

    private let file: OutputFile
    private let table: CSVTableWriter
    private let path: String
    private let secret: [UInt8]
    private var layout: RowLayout
    private var parts = 0

    convenience init(path: String, secret: [UInt8], register: SchoolRegister) throws {
        let delimiter = CSVTableWriter.Format().delimiter
        let cells = register.schools.map { school in
            var cell: [UInt8] = []
            var name = school.short
            _ = name.withUTF8 { CSVTableWriter.append(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &cell) }
            return cell
        }
        try self.init(path: path, schoolCells: cells, secret: secret, isPart: false)
    }

    private init(path: String, schoolCells: [[UInt8]], secret: [UInt8], isPart: Bool) throws {
        self.path = path
        self.secret = secret
        file = try OutputFile(path: path)
        table = try CSVTableWriter(output: file, format: CSVTableWriter.Format(byteOrderMark: !isPart))
        layout = RowLayout(pseudonyms: Digest.Pseudonyms(secret: secret), schoolCells: schoolCells, delimiter: table.format.delimiter)
        if !isPart { try table.writeRow(Self.header) }
    }

    /// A table for the rows of one part of an input read on its own thread, to be appended to
    /// this one with ``append(_:)`` in the order of the parts; its file is never committed.
    ///
    /// The part has copies of its own of everything it touches per row: threads that count
    /// references to one shared object slow each other down.
    func part() throws -> ResultCleanTable {
        parts += 1
        let cells = layout.schoolCells.map { cell in cell.withUnsafeBufferPointer { [UInt8]($0) } }
        return try ResultCleanTable(path: path + ".part-\(parts)", schoolCells: cells, secret: secret, isPart: true)
    }

    /// Writes the record's values at `point` (0 baseline, 1 follow-up).
    func write(_ record: ResultRecord, who: String, point: Int, subject: String) throws {
        layout.lay(record, who: who, point: point, subject: subject)
        try table.writeRow(bytes: layout.row)
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    static func score(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(String(value).map { $0 == "." ? "," : $0 })
    }

    /// Bytes written so far: where to ``truncate(to:)`` should the rows be written again.
    var length: Int { file.length }

    func truncate(to length: Int) throws { try file.truncate(to: length) }

    /// Appends a part's rows; the part's own file goes when the part does.
    func append(_ part: ResultCleanTable) throws {
        try file.append(contentsOf: part.file)
    }

    func commit() throws { try file.commit() }
}

/// One row of the table as bytes, in buffers reused row after row (a struct, so laying out a
/// row touches no reference count).
private struct RowLayout {
    let pseudonyms: Digest.Pseudonyms
    /// Each school's short name, as the cell is written.
    let schoolCells: [[UInt8]]
    let delimiter: UInt8
    private(set) var row: [UInt8] = []
    private var identity: [UInt8] = []
    /// Consecutive rows are often one person's subjects: the last identity and its pseudonym are kept.
    private var lastIdentity: [UInt8] = []
    private var lastPseudonym: [UInt8] = []
    private var lastCode: String?
    private var lastWho = ""

    init(pseudonyms: Digest.Pseudonyms, schoolCells: [[UInt8]], delimiter: UInt8) {
        self.pseudonyms = pseudonyms
        self.schoolCells = schoolCells
        self.delimiter = delimiter
    }

    mutating func lay(_ record: ResultRecord, who: String, point: Int, subject: String) {
        let values = record.points[point]
        // A person's rows come one after another (both points, every subject): the same code
        // as the last row's is the same identity, with no key to build.
        if let code = record.code, let lastCode, code.utf8.elementsEqual(lastCode.utf8), who.utf8.elementsEqual(lastWho.utf8) {
            layCells(record, values: values, who: who, point: point, subject: subject)
            return
        }
        lastCode = record.code
        lastWho = who
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
        layCells(record, values: values, who: who, point: point, subject: subject)
    }

    private mutating func layCells(_ record: ResultRecord, values: ResultRecord.PointValues, who: String, point: Int, subject: String) {
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: lastPseudonym)
        row.append(delimiter)
        appendCell(who)
        row.append(delimiter)
        // «до», «после», «н/а» in UTF-8.
        if point == 0 {
            row.append(contentsOf: [0xD0, 0xB4, 0xD0, 0xBE])
        } else {
            row.append(contentsOf: [0xD0, 0xBF, 0xD0, 0xBE, 0xD1, 0x81, 0xD0, 0xBB, 0xD0, 0xB5])
        }
        row.append(delimiter)
        schoolCells[record.school].withUnsafeBytes { row.append(contentsOf: $0) }
        row.append(delimiter)
        if let schoolClass = record.schoolClass { appendCell(schoolClass) }
        row.append(delimiter)
        appendCell(subject)
        row.append(delimiter)
        switch values.mark {
        case .mark(let value): Self.appendInteger(value, to: &row)
        case .notAssessed: row.append(contentsOf: [0xD0, 0xBD, 0x2F, 0xD0, 0xB0])
        case nil: break
        }
        row.append(delimiter)
        if let score = values.score { Self.appendScore(score, to: &row) }
    }

    private static func appendKey(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { MatchKey.appendAny(UnsafeRawBufferPointer($0), to: &bytes) }
    }

    private mutating func appendCell(_ text: String) {
        var text = text
        let delimiter = self.delimiter
        _ = text.withUTF8 { CSVTableWriter.append(UnsafeRawBufferPointer($0), delimiter: delimiter, to: &row) }
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
