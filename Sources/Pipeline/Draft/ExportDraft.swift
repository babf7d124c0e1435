import Clean
import Foundation
import Ingest

/// A first instrument and pipeline for an export never seen before (`shnor draft`): columns
/// bound by their headers, roles guessed, scales built from the spellings the export holds, ready
/// for `shnor validate`; the note is the analysis's built-in справка (no `note:` in the pipeline).
///
/// What it cannot know it marks for the analyst with «ПРОВЕРЬТЕ» and «ЗАДАЙТЕ» comments: which
/// question is the headline and its target; spellings that are no known wording of their scale
/// are listed, not guessed. Each guess is reported with how sure it is.
public struct ExportDraft: Sendable {
    /// One column's guess, for the terminal.
    public struct Guess: Sendable {
        public let column: String
        public let role: String
        public let detail: String
        public let sure: Bool
    }

    /// One spelling a question's cells hold, how many cells hold it (spellings equal but for case
    /// and spaces counted together) and where the drafted scale puts it.
    public struct Spelling: Sendable, Equatable {
        public enum Place: Sendable, Equatable {
            /// The category with this label (the spelling is the label or one of its synonyms).
            case category(String)
            /// Listed under `non_substantive:` — an answer, but off the scale («Затрудняюсь ответить»).
            case offScale
            /// No known wording: the scale does not read it, and a row with it is not counted.
            case unread
        }
        public let text: String
        public let count: Int
        public let place: Place
        /// The spelling is a category's label itself (it cannot move; the category is named by it).
        public let isLabel: Bool
    }

    /// A question of a survey drafted with a scale: the scale's id in the instrument, its
    /// categories from lowest to highest, every spelling met, and — for the headline measure's
    /// question — how many of the highest categories the measure counts (`top:`).
    public struct ScaledQuestion: Sendable {
        public let column: String
        public let scale: String
        public let categories: [String]
        public let spellings: [Spelling]
        /// The headline measure's `top:` when this question is its item; nil otherwise.
        public let top: Int?
        /// The headline measure's id when this question is its item.
        public let measure: String?
    }

    public let guesses: [Guess]
    /// The questions drafted with a scale (role `item`), in the export's order; empty for other kinds.
    public private(set) var scaledQuestions: [ScaledQuestion] = []
    public let instrument: String
    public let pipeline: String
    /// The file names the draft writes, relative to its folder.
    public let names: (instrument: String, pipeline: String)

    /// The kind drafted, why it was guessed and how sure (`sure` is true when `--kind` named it).
    public let kind: (kind: DraftKind, reason: String, sure: Bool)
    /// The kind compares two exports and only one was given: the pipeline names it twice,
    /// marked for the analyst.
    public private(set) var needsSecondExport = false

    /// The roles a survey's column may be given instead of the guess (`roles:` of the
    /// initialiser); `skip` leaves the column out of the instrument.
    public static let choosableRoles = [
        "timestamp", "respondent", "school", "position", "item", "grid", "choices", "text", "skip",
    ]

    /// Drafts for the exports at `exports` — one, or for a kind with two waves the start and
    /// the end — of `kind`, or of the kind their columns suggest when nil. `register` is the
    /// school register's path as the pipeline will name it (relative to `folder`) and
    /// `registerPath` where to read it now.
    ///
    /// `roles` overrides a survey's guesses for the columns it names by header (a grid by its
    /// question, which takes `grid` or `skip`): one of `choosableRoles`, as the analyst corrected
    /// it in the workbench. A role the column cannot take (options of a multiple choice where no
    /// cell joins several) falls back to `text`. Other kinds ignore it.
    ///
    /// Throws ``CommandError`` with exit status 3 when no kind fits the export, and 2 when
    /// `kind` does not fit it or the number of exports does not suit the kind. `sheet`: the
    /// workbooks' sheet (a name or a number from 1), read and written into the pipeline's inputs.
    public init(
        exports: [String], kind requested: DraftKind?, folder: String, register: String, registerPath: String,
        sheet: String? = nil, roles: [String: String] = [:]
    ) throws {
        guard let export = exports.first else { throw CommandError.usage("укажите файл выгрузки") }
        let registerText = try YAMLFile.readText(registerPath)
        let schools = try YAMLFile.decode(SchoolRegister.self, text: registerText, path: registerPath)
        let lookup = try schools.lookup()
        let waves = try exports.map { ExportRoles(export: try ExportColumns(path: $0, sheet: sheet), schools: lookup) }
        let guessed = waves[0].kind
        if let requested {
            if let lacks = waves[0].missing(for: requested) {
                throw CommandError.usage(
                    "\(export): --kind \(requested.rawValue) (\(requested.title)) не подходит к выгрузке: \(lacks)"
                        + (guessed.map { "; по столбцам это похоже на --kind \($0.kind.rawValue) (\($0.kind.title))" }
                            ?? ""))
            }
            kind = (requested, "указан --kind", true)
        } else if let guessed {
            if let lacks = waves[0].missing(for: guessed.kind) {
                throw CommandError(
                    message:
                        "\(export): выгрузка похожа на вид \(guessed.kind.rawValue) (\(guessed.kind.title): \(guessed.reason)), но для черновика в ней \(lacks)",
                    status: ExitStatus.inputOutput)
            }
            kind = guessed
        } else {
            throw CommandError(
                message:
                    "\(export): не удалось определить вид выгрузки — в ней нет ни вопросов со шкалой ответов (анкета), ни таблицы затруднений (самооценка), ни отметок 2–5 (результаты), ни баллов по критериям (протоколы посещения уроков), ни ФИО со школой и должностью (регистр работников); если это одна из них, укажите --kind (\(DraftKind.names)) — черновик назовёт, чего не хватает",
                status: ExitStatus.inputOutput)
        }
        let limit = kind.kind.hasWaves ? 2 : 1
        guard exports.count <= limit else {
            throw CommandError.usage(
                kind.kind.hasWaves
                    ? "для вида \(kind.kind.rawValue) нужны одна или две выгрузки (входная и итоговая), а указано \(exports.count)"
                    : "для вида \(kind.kind.rawValue) нужна одна выгрузка, а указано \(exports.count)")
        }
        for (number, wave) in waves.enumerated().dropFirst() {
            if let lacks = wave.missing(for: kind.kind) {
                throw CommandError.usage(
                    "\(exports[number]): вторая волна не подходит к виду \(kind.kind.rawValue) (\(kind.kind.title)): \(lacks)"
                )
            }
        }
        let base = Self.baseName(exports)
        names = (base + ".instrument.yaml", base + ".pipeline.yaml")
        guard kind.kind == .survey else {
            let plan = WaveDraftPlan(kind: kind.kind, waves: waves)
            guesses = waves.enumerated().flatMap { number, wave in
                wave.guesses.map {
                    Guess(
                        column: (waves.count > 1 ? "\(number + 1): " : "") + $0.column.header, role: $0.role.rawValue,
                        detail: $0.detail, sure: $0.sure)
                }
                    + wave.grids.map {
                        Guess(
                            column: (waves.count > 1 ? "\(number + 1): " : "") + $0.question, role: "grid",
                            detail: "таблица вопросов, строк: \($0.rows.count); \($0.scale.summary)",
                            sure: $0.scale.unknown.isEmpty && $0.scale.family != nil)
                    }
            }
            needsSecondExport = plan.needsSecondExport
            instrument = plan.instrumentYAML(id: base)
            pipeline = plan.pipelineYAML(
                id: base, exports: exports.map { Self.relative($0, to: folder) }, instrument: names.instrument,
                register: register, sheet: sheet)
            return
        }
        let columns = waves[0].export.columns
        var plan = DraftPlan()
        var guesses: [Guess] = []
        var scaled: [(column: String, scale: String, draft: DraftScale, values: [String: Int])] = []
        // Google Forms grids («Вопрос [строка]»), each where its first row stands, all its rows at once.
        var taken = Set<Int>()
        let grids = waves[0].grids
        var gridOf: [Int: ExportRoles.Grid] = [:]
        for grid in grids { for member in grid.members { gridOf[member] = grid } }
        for column in columns where !taken.contains(column.index) {
            if let grid = gridOf[column.index], roles[grid.question] == "skip" {
                taken.formUnion(grid.members)
                guesses.append(Guess(column: grid.question, role: "skip", detail: "не используется", sure: true))
                continue
            }
            if let grid = gridOf[column.index] {
                plan.add(grid: grid.question, rows: grid.rows, scale: grid.scale)
                taken.formUnion(grid.members)
                guesses.append(
                    Guess(
                        column: grid.question, role: "grid",
                        detail: "таблица вопросов, строк: \(grid.rows.count); \(grid.scale.summary)",
                        sure: grid.scale.unknown.isEmpty && grid.scale.family != nil))
                continue
            }
            let chosen = roles[column.header]
            if chosen == "skip" {
                guesses.append(Guess(column: column.header, role: "skip", detail: "не используется", sure: true))
                continue
            }
            /// The guess stands unless the analyst chose a role: then only that role's branch is taken.
            func role(_ name: String, _ guessed: @autoclosure () -> Bool) -> Bool {
                chosen.map { $0 == name } ?? guessed()
            }
            let key = MatchKey.of(column.header)
            let share = { (count: Int) in column.share(count) }
            let schoolMatches = column.values.reduce(0) { $0 + (lookup.school($1.key) != nil ? $1.value : 0) }
            if role("timestamp", share(column.timestamps) >= 0.9) {
                plan.add(role: "timestamp", column: column)
                // The month of the last answer dates the note.
                if let last = column.order.compactMap(Timestamp.init).max(by: { $0.seconds < $1.seconds }) {
                    let date = last.date
                    plan.period = String(format: "%04d-%02d", date.year, date.month)
                }
                guesses.append(Guess(column: column.header, role: "timestamp", detail: "дата и время", sure: true))
            } else if role("respondent", key.contains("фамил") || key.contains("фио") || key.hasPrefix("имя")) {
                plan.add(role: "respondent", column: column)
                guesses.append(Guess(column: column.header, role: "respondent", detail: "ФИО", sure: true))
            } else if role("school", share(schoolMatches) >= 0.5) {
                plan.add(role: "school", column: column)
                let unknown = column.order.filter { lookup.school($0) == nil }
                guesses.append(
                    Guess(
                        column: column.header, role: "school",
                        detail: "школы по реестру: найдено \(Int((share(schoolMatches) * 100).rounded())) % ответов"
                            + (unknown.isEmpty
                                ? ""
                                : "; нет в реестре: " + unknown.prefix(5).map { "«\($0)»" }.joined(separator: ", ")),
                        sure: unknown.isEmpty))
            } else if role("position", key.contains("должност")) {
                plan.add(position: column)
                guesses.append(
                    Guess(
                        column: column.header, role: "position", detail: "должности: \(column.values.count) написаний",
                        sure: false))
            } else if let scale = Optional(DraftScale(spellings: column.order)),
                role("item", scale.family != nil && share(scale.readCount(column.values)) >= 0.8)
            {
                let scaleID = plan.add(item: column, scale: scale)
                scaled.append((column.header, scaleID, scale, column.values))
                guesses.append(
                    Guess(column: column.header, role: "item", detail: scale.summary, sure: scale.unknown.isEmpty))
            } else if chosen == nil || chosen == "choices", let options = DraftChoices.options(column.values) {
                plan.add(choices: column, options: options)
                guesses.append(
                    Guess(
                        column: column.header, role: "choices",
                        detail: "множественный выбор, вариантов: \(options.count)", sure: false))
            } else {
                plan.add(role: "text", column: column)
                guesses.append(Guess(column: column.header, role: "text", detail: "свободный ответ", sure: false))
            }
        }
        self.guesses = guesses
        let headline = plan.headlineItem
        scaledQuestions = scaled.map { question in
            let isHeadline = headline == question.scale
            return ScaledQuestion(
                column: question.column, scale: question.scale, categories: question.draft.labels,
                spellings: question.draft.spellings(question.values), top: isHeadline ? DraftPlan.headlineTop : nil,
                measure: isHeadline ? DraftPlan.headlineMeasure : nil)
        }
        let instrumentName = names.instrument
        instrument = plan.instrumentYAML(id: base)
        pipeline = plan.pipelineYAML(
            id: base, export: Self.relative(export, to: folder), instrument: instrumentName, register: register,
            sheet: sheet)
    }

    /// The drafted files' name: the export's, or what the names of two waves' exports share
    /// («results-autumn-2023», «results-march-2024» → «results»).
    static func baseName(_ exports: [String]) -> String {
        let names = exports.map { ((($0 as NSString).lastPathComponent) as NSString).deletingPathExtension }
        guard let first = names.first, names.count > 1 else { return names.first ?? "draft" }
        var common = first
        for name in names.dropFirst() {
            common = String(zip(common, name).prefix { $0 == $1 }.map(\.0))
        }
        while let last = common.last, !last.isLetter { common.removeLast() }
        return common.isEmpty ? first : common
    }

    /// `path` as a pipeline file in `folder` names it.
    public static func relative(_ path: String, to folder: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path
        let from = base.split(separator: "/")
        let to = absolute.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        return (up + to[common...].map(String.init)).joined(separator: "/")
    }
}
