/// What a draft binds, in the export's order, and the three files it writes from it.
struct DraftPlan {
    private var columns: [[String]] = []
    private var scales: [[String]] = []
    private var likertTables: [(id: String, label: String, column: String)] = []
    private var choiceTables: [(id: String, label: String, column: String)] = []
    private var textTables: [(id: String, label: String, column: String)] = []
    /// The first question on a known scale: the draft's headline, for the analyst to confirm.
    private var headline: (column: String, label: String)?
    private var hasSchool = false
    private var counters: [String: Int] = [:]
    /// The month of the last answer (ГГГГ-ММ), when the export has times.
    var period: String?

    private mutating func next(_ prefix: String) -> String {
        counters[prefix, default: 0] += 1
        return "\(prefix)\(counters[prefix] ?? 1)"
    }

    /// The header as the instrument finds it: the text itself, or its start for a long question.
    static func header(_ text: String) -> String {
        guard text.count > 60 else { return DraftYAML.quoted(text) }
        var start = String(text.prefix(60))
        if let space = start.lastIndex(of: " ") { start = String(start[..<space]) }
        return "{prefix: \(DraftYAML.quoted(start))}"
    }

    static func label(_ header: String) -> String {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "…" : trimmed
    }

    mutating func add(role: String, column: ExportColumns.Column) {
        let id =
            role == "timestamp"
            ? "submitted" : role == "respondent" ? "name" : role == "school" ? "school" : next("text")
        var line = "  - {id: \(id), role: \(role), header: \(Self.header(column.header))"
        if role == "text" {
            line += ", label: \(DraftYAML.quoted(Self.label(column.header))), required: false"
            textTables.append((id + "_answers", Self.label(column.header), id))
        }
        if role == "school" { hasSchool = true }
        columns.append([line + "}"])
    }

    mutating func add(position column: ExportColumns.Column) {
        let categories = column.order
        scales.append(
            [
                "  positions:                 # ПРОВЕРЬТЕ: объедините написания одной должности в synonyms",
                "    ordered: false", "    categories:",
            ]
                + categories.map { "      - label: \(DraftYAML.quoted($0))" })
        columns.append(["  - {id: position, role: position, header: \(Self.header(column.header)), scale: positions}"])
    }

    /// The id of the headline measure's question, when there is one.
    var headlineItem: String? { headline?.column }
    /// How many of the highest categories the drafted headline measure counts.
    static let headlineTop = 2
    static let headlineMeasure = "headline"

    /// Adds a question on `scale`; returns its id, which is also its scale's id.
    @discardableResult
    mutating func add(item column: ExportColumns.Column, scale: DraftScale) -> String {
        let id = next("q")
        scales.append(scale.yaml(name: id))
        let label = Self.label(column.header)
        columns.append([
            "  - {id: \(id), role: item, label: \(DraftYAML.quoted(label)), header: \(Self.header(column.header)), scale: \(id)}"
        ])
        likertTables.append((id + "_table", label, id))
        if headline == nil && scale.family != "numbers" { headline = (id, label) }
        return id
    }

    mutating func add(grid question: String, rows: [String], scale: DraftScale) {
        let id = next("grid")
        scales.append(scale.yaml(name: id))
        let label = Self.label(question)
        columns.append([
            "  - id: \(id)", "    role: grid", "    label: \(DraftYAML.quoted(label))",
            "    header: {prefix: \(DraftYAML.quoted(question))}", "    scale: \(id)",
            "    rows: [\(rows.map(DraftYAML.quoted).joined(separator: ", "))]",
        ])
        likertTables.append((id + "_table", label, id))
    }

    mutating func add(choices column: ExportColumns.Column, options: [String]) {
        let id = next("choice")
        let label = Self.label(column.header)
        columns.append(
            [
                "  - id: \(id)                  # ПРОВЕРЬТЕ варианты ответа", "    role: choices",
                "    label: \(DraftYAML.quoted(label))", "    header: \(Self.header(column.header))",
                "    required: false",
                "    options:",
            ] + options.map { "      - \(DraftYAML.quoted($0))" })
        choiceTables.append((id + "_table", label, id))
    }

    func instrumentYAML(id: String) -> String {
        var lines = [
            "# Черновик инструмента от shnor draft: проверьте отмеченное «ПРОВЕРЬТЕ», затем shnor validate.",
            "instrument: \(DraftYAML.quoted(id))",
        ]
        if !scales.isEmpty { lines.append("scales:") }
        for scale in scales { lines += scale }
        lines.append("columns:")
        for column in columns { lines += column }
        return lines.joined(separator: "\n") + "\n"
    }

    func pipelineYAML(id: String, export: String, instrument: String, register: String, sheet: String? = nil)
        -> String
    {
        var lines = [
            "# Черновик конвейера от shnor draft. Перед запуском: проверьте «ПРОВЕРЬТЕ», заполните «ЗАДАЙТЕ»,",
            "# затем shnor validate и shnor run.",
            "pipeline: \(DraftYAML.quoted(id))",
            "title: \(DraftYAML.quoted("О результатах анкетирования"))   # ПРОВЕРЬТЕ название справки",
            period.map { "period: \($0)                # ПРОВЕРЬТЕ: месяц последнего ответа" }
                ?? "period: 2024-01                # ЗАДАЙТЕ месяц данных (ГГГГ-ММ)",
            "register: \(DraftYAML.quoted(register))",
            "inputs:",
            "  - {id: survey, kind: responses, file: \(DraftYAML.quoted(export)), instrument: \(DraftYAML.quoted(instrument))"
                + (sheet.map { ", sheet: \(DraftYAML.quoted($0))" } ?? "") + "}",
            "cleaning:",
            "  duplicates: keep_latest      # из повторных анкет одного респондента учитывается последняя",
            "  test_markers: [тест, test, проверка]",
        ]
        if let headline {
            lines += [
                "measures:",
                "  - id: \(Self.headlineMeasure)             # ПРОВЕРЬТЕ: главный показатель справки — этот ли вопрос?",
                "    kind: top_box",
                "    label: \(DraftYAML.quoted("Доля ответивших положительно: " + headline.label))",
                "    item: \(headline.column)",
                "    top: \(Self.headlineTop)",
                "    # target: 0.78            # ЗАДАЙТЕ целевое значение (доля от 0 до 1) и уберите «#»",
                "    population: \(hasSchool ? "programme" : "all")",
            ]
            if hasSchool { lines.append("    breakdowns: [school]") }
        }
        let tables =
            likertTables.map {
                "  - {id: \($0.id), kind: likert, label: \(DraftYAML.quoted($0.label)), columns: [\($0.column)]}"
            }
            + choiceTables.map {
                "  - {id: \($0.id), kind: choices, label: \(DraftYAML.quoted($0.label)), column: \($0.column)}"
            }
            + textTables.map {
                "  - {id: \($0.id), kind: free_text, label: \(DraftYAML.quoted($0.label)), column: \($0.column)}"
            }
        if !tables.isEmpty { lines += ["tables:"] + tables }
        lines += ["disclosure:", "  k: 5"] + DraftYAML.builtInNote(pipeline: id)
        return lines.joined(separator: "\n") + "\n"
    }
}
