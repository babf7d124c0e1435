import Clean
import Ingest

/// clean/results.csv, written while the exports stream: one row per record and point, the
/// person replaced by a keyed pseudonym (DESIGN.md §6), so the table holds no name or code.
final class ResultCleanTable {
    static let header = ["лицо", "кто", "этап", "школа", "класс", "предмет", "отметка", "балл"]

    private let file: OutputFile
    private let table: CSVTableWriter
    private let pseudonyms: Digest.Pseudonyms
    private let register: SchoolRegister
    /// Consecutive rows are often one person's subjects: the last pseudonym is kept.
    private var last: (identity: String, pseudonym: String) = ("", "")

    init(path: String, secret: [UInt8], register: SchoolRegister) throws {
        file = try OutputFile(path: path)
        table = try CSVTableWriter(output: file)
        pseudonyms = Digest.Pseudonyms(secret: secret)
        self.register = register
        try table.writeRow(Self.header)
    }

    /// Writes the record's values at `point` (0 baseline, 1 follow-up).
    func write(_ record: ResultRecord, who: String, point: Int, subject: String) throws {
        let values = record.points[point]
        let identity = record.code.map { "code:" + MatchKey.of($0) } ?? "name:" + MatchKey.of(record.name ?? "") + "|\(record.school)"
        let mark: String
        switch values.mark {
        case .mark(let value): mark = String(value)
        case .notAssessed: mark = "н/а"
        case nil: mark = ""
        }
        let identified = identity + "|" + who
        if !identified.utf8.elementsEqual(last.identity.utf8) { last = (identified, pseudonyms.pseudonym(identified)) }
        try table.writeRow([last.pseudonym, who, point == 0 ? "до" : "после",
                            register.schools[record.school].short, record.schoolClass ?? "", subject, mark,
                            values.score.map(Self.score) ?? ""])
    }

    /// «12», «12,5»: a spreadsheet reads either as a number.
    static func score(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(String(value).map { $0 == "." ? "," : $0 })
    }

    func commit() throws { try file.commit() }
}
