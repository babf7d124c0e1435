import Clean
import Ingest

/// The books of a run: for every input and stage, rows in = rows passed on + rows rejected
/// (DESIGN.md §3). A run whose books do not balance is a bug and stops with an error.
public struct Ledger: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var input: String
        public var stage: String
        public var rowsIn: Int
        public var rowsOut: Int
        /// Reason code → rows rejected at this stage.
        public var rejected: [String: Int]
        /// Counts that remove no row but that the analyst should see (blank lines, unmatched).
        public var noted: [String: Int]

        enum CodingKeys: String, CodingKey {
            case input, stage, rowsIn = "rows_in", rowsOut = "rows_out", rejected, noted
        }

        public var balances: Bool { rowsIn == rowsOut + rejected.values.reduce(0, +) }
    }

    /// Values of one input's column that were not on the column's scale and that the scale's
    /// `fallback:` read as one of its categories: kept, but counted, since each is an answer
    /// the instrument did not foresee (a new position title, a misspelling) turned into another.
    public struct FallbackReading: Sendable, Codable, Equatable {
        public var input: String
        /// The instrument's column id (a grid's id for its rows).
        public var column: String
        public var scale: String
        /// The category they were read as.
        public var readAs: String
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case input, column, scale, readAs = "read_as", count
        }
    }

    public private(set) var entries: [Entry] = []
    /// Every fallback reading of the run, by input and column, in the order the inputs were read.
    public private(set) var fallbackReadings: [FallbackReading] = []

    public init() {}

    /// Books the fallback readings a cleaner counted for `input`, by column id.
    mutating func recordFallbacks(input: String, instrument: Instrument, counts: [String: Int]) {
        for (column, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
            let described = instrument.columns.first { $0.id == column }
            let scaleName = described?.scale ?? ""
            // A survey's subject off its scale reads as «другое» even where the scale names no fallback.
            let readAs =
                instrument.scales[scaleName]?.fallback ?? (described?.role == .subject ? Response.otherSubject : "")
            fallbackReadings.append(
                FallbackReading(input: input, column: column, scale: scaleName, readAs: readAs, count: count))
        }
    }

    /// The terminal's lines for the fallback readings, one per input and column.
    public var fallbackLines: [String] {
        fallbackReadings.map { reading in
            "вход «\(reading.input)», столбец «\(reading.column)»: значение не из шкалы «\(reading.scale)» прочитано как «\(reading.readAs)»: \(reading.count)"
        }
    }

    mutating func record(
        input: String, stage: String, rowsIn: Int, rowsOut: Int,
        rejected: [Rejection.Reason: Int] = [:], noted: [String: Int] = [:]
    ) {
        entries.append(
            Entry(
                input: input, stage: stage, rowsIn: rowsIn, rowsOut: rowsOut,
                rejected: Dictionary(uniqueKeysWithValues: rejected.map { ($0.key.rawValue, $0.value) }),
                noted: noted))
    }

    /// Adds counts known only later (links found once the other file was read) to an entry.
    mutating func note(input: String, stage: String, _ noted: [String: Int]) {
        guard let index = entries.lastIndex(where: { $0.input == input && $0.stage == stage }) else { return }
        entries[index].noted.merge(noted, uniquingKeysWith: +)
    }

    /// Every entry balances and each stage takes in what the previous one passed on.
    public var balances: Bool {
        guard entries.allSatisfy(\.balances) else { return false }
        var lastOut: [String: Int] = [:]
        for entry in entries {
            if let previous = lastOut[entry.input], previous != entry.rowsIn { return false }
            lastOut[entry.input] = entry.rowsOut
        }
        return true
    }

    /// Rows rejected at every stage of one input, by reason.
    public func rejected(input: String) -> [String: Int] {
        entries.filter { $0.input == input }.reduce(into: [:]) { sum, entry in
            for (reason, count) in entry.rejected { sum[reason, default: 0] += count }
        }
    }
}

extension Ledger {
    /// How a stage of the books is worded for the analyst («чтение», «очистка»); the code itself
    /// for a stage not worded here. The reasons are worded by `Rejection.Reason.wording`.
    public static func wording(stage: String) -> String { stageWordings[stage] ?? stage }

    /// How a noted count is worded for the analyst («школ программы»); the code itself for a
    /// count not worded here.
    public static func wording(noted: String) -> String { notedWordings[noted] ?? noted }

    private static let stageWordings: [String: String] = [
        "ingest": "чтение файла", "clean": "очистка", "deduplicate": "повторные анкеты",
        "combine": "объединение протоколов", "link": "сопоставление", "measure": "расчёт показателей",
    ]

    private static let notedWordings: [String: String] = [
        "blank_lines": "пустых строк", "preamble_lines": "строк перед заголовком",
        "quote_repairs": "исправленных кавычек", "teachers": "педагогов",
        "repeated_observations_averaged": "повторных посещений (усреднены)",
        "linked_across_waves": "сопоставлено между волнами",
        "teachers_only_in_first_wave": "педагогов только в первой волне",
        "teachers_only_in_second_wave": "педагогов только во второй волне",
        "on_roster": "найдено в регистре", "not_on_roster": "нет в регистре",
        "in_programme_schools": "анкет из школ программы", "masked_names": "скрыто ФИО",
        "masked_emails": "скрыто адресов почты", "masked_phones": "скрыто телефонов",
        "linked": "сопоставлено", "linked_by_name": "сопоставлено по ФИО", "paired_in_row": "пар в одной строке",
        "unmatched": "не сопоставлено", "not_comparable": "несопоставимых",
        "clean_pooled_schools": "школ объединено (мало учеников)",
        "clean_pooled_classes": "классов объединено (мало учеников)",
    ]
}
