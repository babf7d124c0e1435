import Ingest

/// What one kind of export looks like: its columns, found by their header text, with their
/// roles and scales. Read from `Surveys/*.yaml`; see the README for the format.
public struct Instrument: Sendable, Codable, Equatable {
    /// Stable id, e.g. `november-satisfaction`.
    public var id: String
    public var title: String
    public var scales: [String: Scale]
    public var columns: [Column]
    /// How marks and scores spell «no value» and «not assessed» (result instruments).
    public var values: ResultValues
    /// Staff registers: the positions whose holders are written under a school but are not its
    /// staff (наставники-кураторы come from outside). Every analysis that counts «педагоги ШНОР»
    /// on this register leaves them out; the indicators count them as the mentors' list.
    public var notStaff: [String]
    /// Survey exports whose multiple-choice answers spill onto rows below with the respondent,
    /// school and time left empty: `fold` joins such a row to the submission above it
    /// (``Rejection/Reason/continuationFolded``); `reject` (the default) reads it as a row.
    public var continuationRows: ContinuationRows

    public enum ContinuationRows: String, Sendable, Codable, Equatable {
        case reject, fold
    }

    /// `header_row:` — the line of the export the header stands on (a title above it).
    public var headerRow: Int?
    /// `header_rows:` — 2 for a row of group names over the column names.
    public var headerRows: Int?
    /// `header:` — only `none`: the export has no header row.
    public var header: String?

    enum CodingKeys: String, CodingKey {
        case id = "instrument", title, scales, columns, values, notStaff = "not_staff"
        case continuationRows = "continuation_rows"
        case headerRow = "header_row", headerRows = "header_rows", header
    }

    /// What the instrument says about the export's header, for the reader.
    public var declaredHeader: DeclaredHeader {
        DeclaredHeader(line: headerRow, rows: headerRows, absent: header == "none")
    }

    public init(id: String, title: String, scales: [String: Scale], columns: [Column]) {
        self.id = id
        self.title = title
        self.scales = scales
        self.columns = columns
        values = ResultValues()
        notStaff = []
        continuationRows = .reject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title) ?? id
        scales = try container.decodeIfPresent([String: Scale].self, forKey: .scales) ?? [:]
        columns = try container.decode([Column].self, forKey: .columns)
        values = try container.decodeIfPresent(ResultValues.self, forKey: .values) ?? ResultValues()
        notStaff = try container.decodeIfPresent([String].self, forKey: .notStaff) ?? []
        continuationRows =
            try container.decodeIfPresent(ContinuationRows.self, forKey: .continuationRows) ?? .reject
        headerRow = try container.decodeIfPresent(Int.self, forKey: .headerRow)
        headerRows = try container.decodeIfPresent(Int.self, forKey: .headerRows)
        header = try container.decodeIfPresent(String.self, forKey: .header)
    }

    /// The categories of the position column's scale that `not_staff` names; empty when it names none.
    ///
    /// ``check()`` has made sure every name reads as a category (not through the fallback).
    public var notStaffPositions: Set<Int> {
        guard let lookup = try? column(role: .position)?.scale.flatMap({ scales[$0] })?.lookup() else { return [] }
        return Set(
            notStaff.compactMap { label -> Int? in
                if case .category(let index) = lookup.read(label), !lookup.readsByFallback(label) { return index }
                return nil
            })
    }

    /// The first column with `role`, if any.
    public func column(role: Column.Role) -> Column? {
        columns.first { $0.role == role }
    }

    /// Checks that every scale a column names exists and every scale reads unambiguously.
    public func check() throws {
        if let headerRow, headerRow < 1 {
            throw InstrumentError("header_row: \(headerRow) — нужен номер строки файла, начиная с 1")
        }
        if let headerRows, !(1...2).contains(headerRows) {
            throw InstrumentError("header_rows: \(headerRows) — заголовок может занимать 1 или 2 строки")
        }
        if let header {
            guard header == "none" else {
                throw InstrumentError("header: «\(header)» — допустимо только header: none (в файле нет заголовка)")
            }
            guard headerRow == nil && headerRows == nil else {
                throw InstrumentError("header: none не сочетается с header_row и header_rows: заголовка в файле нет")
            }
        }
        var ids = Set<String>()
        for column in columns {
            guard ids.insert(column.id).inserted else { throw InstrumentError("столбец «\(column.id)» описан дважды") }
            if let scale = column.scale, scales[scale] == nil {
                throw InstrumentError(
                    "столбец «\(column.id)» ссылается на шкалу «\(scale)», которой нет в разделе scales")
            }
            if [.item, .grid].contains(column.role) && column.scale == nil {
                throw InstrumentError("у столбца «\(column.id)» (\(column.role.rawValue)) не указана шкала (scale)")
            }
            if column.role == .stage {
                guard let scale = column.scale.flatMap({ scales[$0] }), scale.categories.count == 2 else {
                    throw InstrumentError(
                        "столбец «\(column.id)» (stage) должен ссылаться на шкалу из двух категорий: до и после")
                }
            }
            if let supports = column.supports, let rows = column.rows {
                let known = Set(rows.map(MatchKey.of))
                for row in supports.keys.sorted() where !known.contains(MatchKey.of(row)) {
                    throw InstrumentError(
                        "столбец «\(column.id)»: в supports указана строка «\(row)», которой нет в rows")
                }
            }
            if column.stage != nil && ![.mark, .score].contains(column.role) {
                throw InstrumentError(
                    "у столбца «\(column.id)» указан stage, а он бывает только у отметок (mark) и баллов (score)")
            }
            if column.maxScores != nil && column.role != .tasks {
                throw InstrumentError(
                    "у столбца «\(column.id)» указаны max_scores, а они бывают только у заданий (tasks)")
            }
            if column.role == .criterion {
                guard let block = column.block, !block.trimmingCharacters(in: " ").isEmpty else {
                    throw InstrumentError(
                        "у столбца «\(column.id)» (criterion) не указан блок протокола (block), например «Целеполагание»"
                    )
                }
                guard let maxScore = column.maxScore, maxScore > 0, maxScore.isFinite else {
                    throw InstrumentError(
                        "у столбца «\(column.id)» (criterion) нужен наибольший балл max_score — число больше 0 (например, 2 для шкалы 0–1–2)"
                    )
                }
            } else if column.block != nil || column.maxScore != nil {
                throw InstrumentError(
                    "у столбца «\(column.id)» указаны block или max_score, а они бывают только у критериев протокола (criterion)"
                )
            }
            if column.role == .observer && column.scale == nil {
                throw InstrumentError(
                    "у столбца «\(column.id)» (observer) не указана шкала наблюдателей (scale): наблюдатель не из списка отклоняет протокол"
                )
            }
            if column.role == .choices && (column.options ?? []).isEmpty {
                throw InstrumentError("у столбца «\(column.id)» (choices) не перечислены варианты (options)")
            }
        }
        for role in [Column.Role.mark, .score] {
            let points = columns.filter { $0.role == role }.map(\.stage)
            if points.count > 1 && (Set(points.compactMap { $0 }).count != points.count || points.contains(nil)) {
                throw InstrumentError(
                    "столбцов role: \(role.rawValue) несколько: у каждого нужен свой stage (pre или post)")
            }
        }
        for role in [Column.Role.journalMark, .primaryScore, .tasks, .schoolClass]
        where columns.filter({ $0.role == role }).count > 1 {
            throw InstrumentError("столбец role: \(role.rawValue) описан дважды")
        }
        // A subject labels groups in every published table, so it is read through a scale: raw
        // respondent text (a name typed into the subject cell) never becomes a label. Result
        // exports read subjects without fallback readings: an unknown subject is rejected with its
        // spelling, never read as another subject; surveys read it as «другое».
        let isResultExport = columns.contains {
            [.mark, .score, .primaryScore, .tasks, .journalMark].contains($0.role)
        }
        for column in columns where column.role == .subject {
            guard let name = column.scale else {
                throw InstrumentError(
                    "у столбца «\(column.id)» (subject) не указана шкала предметов (scale): подписи групп берутся только из шкал, а не из текста ответов — перечислите предметы в scales"
                )
            }
            if isResultExport, scales[name]?.fallback != nil {
                throw InstrumentError(
                    "шкала «\(name)» столбца «\(column.id)» (subject): fallback у предметов не поддерживается — предмет не из шкалы отклоняется с его написанием; добавьте написание в synonyms"
                )
            }
        }
        for (name, scale) in scales {
            do { _ = try scale.lookup() } catch let error as InstrumentError {
                throw InstrumentError("шкала «\(name)»: \(error.message)")
            }
        }
        if !notStaff.isEmpty {
            guard let name = column(role: .position)?.scale, let scale = scales[name], let lookup = try? scale.lookup()
            else {
                throw InstrumentError(
                    "not_staff: должности, которые не входят в число работников школы, задаются по столбцу role: position со шкалой должностей — такого столбца нет"
                )
            }
            for label in notStaff {
                guard case .category = lookup.read(label), !lookup.readsByFallback(label) else {
                    throw InstrumentError(
                        "not_staff: должности «\(label)» нет в шкале «\(name)» (\(scale.categories.map(\.label).joined(separator: ", ")))"
                    )
                }
            }
        }
    }
}

/// One column of an export as the instrument describes it.
public struct Column: Sendable, Codable, Equatable {
    /// What the column holds, which decides how it is cleaned.
    public enum Role: String, Sendable, Codable, Equatable {
        /// When the form was submitted («Отметка времени»): orders repeated submissions.
        case timestamp
        /// The respondent's ФИО: personal data, used for linking and de-duplication only.
        case respondent
        /// The school, read through the school register.
        case school
        /// The position (учитель, заместитель директора…), read through its scale.
        case position
        /// The subject taught, read through its scale (a survey's unknown subject reads as «другое»).
        case subject
        /// One question answered on a scale.
        case item
        /// A grid question: Google Forms writes one column per row, `Question [Row]`.
        case grid
        /// Multiple choice, the chosen options joined in one cell.
        case choices
        /// A free-text answer.
        case text
        /// A stable personal identifier (табельный номер, СНИЛС-free code): links waves before names do.
        case personId = "person_id"
        /// The wave of a repeated survey, read through a scale of two categories: before, after.
        case stage
        /// The student's class (`5А`, `5 а`, `5-А`): its number is the grade (параллель).
        case schoolClass = "class"
        /// A mark 2–5; «н/а» and the instrument's other `not_assessed` spellings count as not assessed.
        case mark
        /// A number of points (a diagnostic score, a test's percentage).
        case score
        /// The mark in the class journal that a test's mark is compared with (ВПР).
        case journalMark = "journal_mark"
        /// The test's primary score (первичный балл).
        case primaryScore = "primary_score"
        /// A test's task scores: every header matching the pattern is one task, in file order.
        case tasks
        /// Who observed a lesson (a methodologist, a mentor), read through its scale: an observer
        /// not on the list rejects the protocol, so an observer effect is never over an unknown name.
        case observer
        /// One criterion of a lesson observation protocol: points from 0 to its `max_score`,
        /// grouped into its `block`.
        case criterion
    }

    /// Which point of a two-point comparison a column holds, in an export with both in one row.
    public enum Point: String, Sendable, Codable, Equatable {
        /// The baseline (autumn diagnostic, start of a course).
        case pre
        /// The follow-up (March results, end of a course).
        case post
    }

    public var id: String
    public var role: Role
    public var header: HeaderPattern
    /// How the note names it; for items, the question in short.
    public var label: String?
    public var scale: String?
    /// Grid rows in the order the note shows them; nil takes every row the export has.
    public var rows: [String]?
    /// Options of a multiple-choice question.
    public var options: [String]?
    /// A missing required column stops the run; an optional one is reported and skipped.
    public var required: Bool
    /// Grid rows (or the item itself) → the support formats that answer a difficulty in it,
    /// for targeted recommendations.
    public var supports: [String: [String]]?
    /// For marks and scores in an export holding both points in one row: the point this column holds.
    public var stage: Point?
    /// Tasks only: each task's maximum score, in file order (for the share of points earned).
    public var maxScores: [Double]?
    /// Criteria only: the block of the protocol the criterion belongs to («Целеполагание»), as
    /// the note names it; blocks come in the order of their first criterion.
    public var block: String?
    /// Criteria only: the most points the criterion gives (the least is 0).
    public var maxScore: Double?

    enum CodingKeys: String, CodingKey {
        case id, role, header, label, scale, rows, options, required, supports, stage, maxScores = "max_scores"
        case block, maxScore = "max_score"
    }

    public init(
        id: String, role: Role, header: HeaderPattern, label: String? = nil, scale: String? = nil,
        rows: [String]? = nil, options: [String]? = nil, required: Bool = true
    ) {
        self.id = id
        self.role = role
        self.header = header
        self.label = label
        self.scale = scale
        self.rows = rows
        self.options = options
        self.required = required
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        role = try container.decode(Role.self, forKey: .role)
        header = try container.decode(HeaderPattern.self, forKey: .header)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        scale = try container.decodeIfPresent(String.self, forKey: .scale)
        rows = try container.decodeIfPresent([String].self, forKey: .rows)
        options = try container.decodeIfPresent([String].self, forKey: .options)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        supports = try container.decodeIfPresent([String: [String]].self, forKey: .supports)
        stage = try container.decodeIfPresent(Point.self, forKey: .stage)
        maxScores = try container.decodeIfPresent([Double].self, forKey: .maxScores)
        block = try container.decodeIfPresent(String.self, forKey: .block)
        maxScore = try container.decodeIfPresent(Double.self, forKey: .maxScore)
    }
}
