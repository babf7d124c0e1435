import Clean
import Foundation
import Ingest

/// A first instrument, pipeline and note for a survey export never seen before (`shnor draft`):
/// columns bound by their headers, roles guessed, scales built from the spellings the export
/// holds, ready for `shnor validate`.
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

    public let guesses: [Guess]
    public let instrument: String
    public let pipeline: String
    public let template: String
    /// The file names the draft writes, relative to its folder.
    public let names: (instrument: String, pipeline: String, template: String)

    /// One column as the export has it.
    struct Column {
        let index: Int
        let header: String
        var values: [String: Int] = [:]
        var order: [String] = []
        var nonEmpty = 0
        var timestamps = 0

        mutating func add(_ value: String) {
            let value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { return }
            nonEmpty += 1
            if Timestamp(value) != nil { timestamps += 1 }
            // A free-text column may have a value per row: the first few thousand tell its kind.
            guard values.count < 5_000 || values[value] != nil else { return }
            if values[value] == nil { order.append(value) }
            values[value, default: 0] += 1
        }
    }

    /// Drafts for the export at `export`; `register` is the school register's path (as the
    /// pipeline will name it, relative to `folder`) and `registerPath` where to read it now.
    /// `sheet`: a workbook's sheet (name or number from 1), written into the pipeline's input.
    public init(export: String, folder: String, register: String, registerPath: String, sheet: String? = nil) throws {
        let reader = try TableReader(path: export, options: .init(sheet: sheet))
        var columns: [Column] = []
        try reader.read { row in
            if columns.isEmpty {
                columns = row.header.original.enumerated().map { Column(index: $0.offset, header: $0.element) }
            }
            for index in columns.indices where index < row.count { columns[index].add(row.string(at: index)) }
        }
        let registerText = try YAMLFile.readText(registerPath)
        let schools = try YAMLFile.decode(SchoolRegister.self, text: registerText, path: registerPath)
        let lookup = try schools.lookup()
        let base = ((export as NSString).lastPathComponent as NSString).deletingPathExtension
        names = (base + ".instrument.yaml", base + ".pipeline.yaml", base + ".note.md")
        var plan = DraftPlan()
        var guesses: [Guess] = []
        // Google Forms grids: «Вопрос [строка]».
        var grids: [String: [Int]] = [:]
        var gridOrder: [String] = []
        for column in columns {
            if let open = column.header.lastIndex(of: "["), column.header.hasSuffix("]") {
                let question = column.header[..<open].trimmingCharacters(in: .whitespaces)
                if grids[question] == nil { gridOrder.append(question) }
                grids[question, default: []].append(column.index)
            }
        }
        var taken = Set<Int>()
        var gridOf: [Int: String] = [:]
        for question in gridOrder {
            guard let members = grids[question], members.count > 1 else { continue }
            for member in members { gridOf[member] = question }
        }
        for column in columns where !taken.contains(column.index) {
            if let question = gridOf[column.index], let members = grids[question] {
                // The grid where its first row stands, all its rows at once.
                let rows = members.map { index in
                    let header = columns[index].header
                    let open = header.lastIndex(of: "[") ?? header.startIndex
                    return String(header[header.index(after: open)..<header.index(before: header.endIndex)])
                }
                let scale = DraftScale(spellings: members.flatMap { columns[$0].order })
                plan.add(grid: question, rows: rows, scale: scale)
                taken.formUnion(members)
                guesses.append(
                    Guess(
                        column: question, role: "grid",
                        detail: "таблица вопросов, строк: \(rows.count); \(scale.summary)",
                        sure: scale.unknown.isEmpty && scale.family != nil))
                continue
            }
            let key = MatchKey.of(column.header)
            let share = { (count: Int) in column.nonEmpty == 0 ? 0 : Double(count) / Double(column.nonEmpty) }
            let schoolMatches = column.values.reduce(0) { $0 + (lookup.school($1.key) != nil ? $1.value : 0) }
            if share(column.timestamps) >= 0.9 {
                plan.add(role: "timestamp", column: column)
                // The month of the last answer dates the note.
                if let last = column.order.compactMap(Timestamp.init).max(by: { $0.seconds < $1.seconds }) {
                    let date = last.date
                    plan.period = String(format: "%04d-%02d", date.year, date.month)
                }
                guesses.append(Guess(column: column.header, role: "timestamp", detail: "дата и время", sure: true))
            } else if key.contains("фамил") || key.contains("фио") || key.hasPrefix("имя") {
                plan.add(role: "respondent", column: column)
                guesses.append(Guess(column: column.header, role: "respondent", detail: "ФИО", sure: true))
            } else if share(schoolMatches) >= 0.5 {
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
            } else if key.contains("должност") {
                plan.add(position: column)
                guesses.append(
                    Guess(
                        column: column.header, role: "position", detail: "должности: \(column.values.count) написаний",
                        sure: false))
            } else if let scale = Optional(DraftScale(spellings: column.order)), scale.family != nil,
                share(scale.readCount(column.values)) >= 0.8
            {
                plan.add(item: column, scale: scale)
                guesses.append(
                    Guess(column: column.header, role: "item", detail: scale.summary, sure: scale.unknown.isEmpty))
            } else if let options = DraftChoices.options(column.values) {
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
        let instrumentName = names.instrument
        instrument = plan.instrumentYAML(id: base)
        pipeline = plan.pipelineYAML(
            id: base, export: Self.relative(export, to: folder), instrument: instrumentName, register: register,
            template: names.template, sheet: sheet)
        template = plan.template()
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
