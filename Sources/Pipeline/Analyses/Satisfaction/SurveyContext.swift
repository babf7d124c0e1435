import Clean
import Foundation
import Ingest
import Measures
import Notes

/// The template values of the satisfaction survey's note and its charts. The keys a template
/// may name are the `CodingKeys` of ``Values`` and of the types it holds, plus the per-table
/// counts `ID_answered`, `ID_answered_text`, `ID_answered_verb` («ответил», «ответили») and
/// `ID_count` (``Counts``).
struct SurveyContext {
    /// What the template reads; ``TemplateKeys/of(_:)`` lists its keys.
    typealias Template = TemplateJoin<TemplateJoin<NoteHeading, Values>, Counts>

    let values: Template
    let charts: [String: Chart]

    struct Values: Codable {
        let participants: Participants
        /// By measure id.
        let measures: [String: Measure]
        /// Markdown tables by id: each table of the pipeline, `ID_by_school`/`ID_by_position`
        /// for likert breakdowns, `schools` and `cleaning`.
        let tables: [String: String]
        /// Free-text answers by table id: one line per distinct answer, the most frequent first.
        let freeText: [String: [String]]
        let cleaning: Cleaning
        let anySuppressed: Bool
        let suppressionNote: String
        /// Rows of «Управленческие решения»: a school below the first target's measure each, and
        /// the small schools together when they are (``Decision``).
        let decisions: [Decision]
        let hasDecisions: Bool
        /// False when the export has no school column (``Satisfaction/hasSchoolColumn(_:)``): every
        /// respondent counted, no table by school (`tables.schools` absent).
        let hasSchoolColumn: Bool

        enum CodingKeys: String, CodingKey {
            case participants, measures, tables, freeText = "free_text", cleaning
            case anySuppressed = "any_suppressed", suppressionNote = "suppression_note"
            case decisions, hasDecisions = "has_decisions", hasSchoolColumn = "has_school_column"
        }
    }

    struct Participants: Codable {
        let rowsRead: Int
        let rowsReadText: String
        let kept: Int
        let keptText: String
        let programme: Int
        let programmeText: String
        let partner: Int
        let rejected: Int
        let rejectedText: String
        let programmeSchools: Int
        let programmeSchoolsText: String
        let respondedSchools: Int
        let respondedSchoolsText: String
        let schoolsInRegister: Int

        enum CodingKeys: String, CodingKey {
            case rowsRead = "rows_read", rowsReadText = "rows_read_text", kept, keptText = "kept_text"
            case programme, programmeText = "programme_text", partner, rejected, rejectedText = "rejected_text"
            case programmeSchools = "programme_schools", programmeSchoolsText = "programme_schools_text"
            case respondedSchools = "responded_schools", respondedSchoolsText = "responded_schools_text"
            case schoolsInRegister = "schools_in_register"
        }
    }

    /// A headline measure: ``MeasureValues`` and the survey's own keys.
    typealias Measure = TemplateJoin<MeasureValues, MeasureDetail>

    struct MeasureDetail: Codable {
        let nonSubstantive: Int
        let blank: Int
        /// Answers not on the item's scale, left out of the figure (each named in the warnings).
        let unreadable: Int
        /// The breakdown tables by dimension (`school`, `position`, `subject`).
        let by: [String: String]
        /// By dimension: the groups below the target and the hidden ones pooled (``TargetGaps``),
        /// what the conclusions name.
        let gaps: [String: TargetGaps]

        enum CodingKeys: String, CodingKey { case nonSubstantive = "non_substantive", blank, unreadable, by, gaps }
    }

    struct Cleaning: Codable {
        let rejected: Int
        let duplicates: Int
        let tests: Int
        let hasRejected: Bool

        enum CodingKeys: String, CodingKey { case rejected, duplicates, tests, hasRejected = "has_rejected" }
    }

    /// Keys named after the pipeline's tables: `ID_answered`, `ID_answered_text`, `ID_answered_verb` (choices),
    /// `ID_count` (free text).
    struct Counts: Codable {
        var numbers: [String: Int] = [:]
        var texts: [String: String] = [:]

        func encode(to encoder: any Encoder) throws {
            try numbers.encode(to: encoder)
            try texts.encode(to: encoder)
        }
    }

    /// - Parameters:
    ///   - dated: the dates of the answers, which date the note.
    ///   - warnings: what the run could not count, printed in the note.
    init(
        configuration: PipelineConfiguration, analysis: SurveyAnalysis, ledger: Ledger, survey: InputResult,
        dated: WaveDates?, warnings: [RunWarning]
    ) {
        let spec = configuration.spec
        let k = spec.disclosure.k
        var tableCounts = Counts()
        var charts: [String: Chart] = [:]
        var anySuppressed = false

        // Participants.
        let programmeSchools = configuration.register.schools.filter(\.programme)
        let respondedProgrammeSchools = analysis.schools.filter { $0.school.programme && $0.respondents > 0 }.count
        let read = survey.submissionsRead
        let participants = Participants(
            rowsRead: read,
            rowsReadText: RussianPlural.submission(read),
            kept: analysis.respondentsAll,
            keptText: RussianPlural.respondent(analysis.respondentsAll),
            programme: analysis.programmeRespondents,
            programmeText: RussianPlural.respondent(analysis.programmeRespondents),
            partner: analysis.schools.filter { $0.school.partner }.reduce(0) { $0 + $1.respondents },
            rejected: read - analysis.respondentsAll,
            rejectedText: RussianPlural.submission(read - analysis.respondentsAll),
            programmeSchools: programmeSchools.count,
            programmeSchoolsText: RussianPlural.school(programmeSchools.count),
            respondedSchools: respondedProgrammeSchools,
            respondedSchoolsText: RussianPlural.school(respondedProgrammeSchools),
            schoolsInRegister: configuration.register.schools.count)

        // Headline measures.
        var measures: [String: Measure] = [:]
        var decisions: [Decision] = []
        for figure in analysis.measures {
            let share = figure.share
            var tablesForMeasure: [String: String] = [:]
            var gaps: [String: TargetGaps] = [:]
            for dimension in PipelineSpec.Breakdown.allCases {
                let groups = figure.groups.filter { $0.dimension == dimension }
                guard !groups.isEmpty else { continue }
                anySuppressed = anySuppressed || groups.contains(where: \.suppressed)
                let heading = dimension == .school ? "Школа" : dimension == .position ? "Должность" : "Предмет"
                let table = MarkdownTable.breakdown(
                    heading: heading, countHeading: figure.countHeading,
                    groups: groups.map { ($0.label, $0.share, $0.suppressed) }, total: share)
                tablesForMeasure[dimension.rawValue] = table
                let dimensionGaps = TargetGaps(
                    groups: groups.map { ($0.label, $0.share, $0.suppressed) }, total: share,
                    target: figure.spec.target, k: k,
                    groupWord: dimension == .school ? RussianPlural.school : RussianPlural.group,
                    pooledName: dimension == .school ? "малочисленные школы" : "малочисленные группы")
                gaps[dimension.rawValue] = dimensionGaps
                if dimension == .school, decisions.isEmpty, figure.spec.target != nil {
                    decisions = Decision.rows(
                        for: dimensionGaps, target: figure.spec.target, document: spec.document(forNote: nil))
                }
                if dimension == .school {
                    charts["\(figure.spec.id)_by_school"] = .bars(
                        title: figure.spec.label,
                        bars: groups.map { Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value) },
                        target: figure.spec.target, targetName: "цель")
                }
            }
            measures[figure.spec.id] = TemplateJoin(
                MeasureValues(
                    label: figure.spec.label, definition: figure.definition, share: share, target: figure.spec.target,
                    unit: .person, census: figure.spec.kind == .coverage, wording: .staff, uncounted: figure.uncounted),
                MeasureDetail(
                    nonSubstantive: figure.nonSubstantive, blank: figure.blank, unreadable: figure.unreadable.count,
                    by: tablesForMeasure, gaps: gaps))
        }

        // Tables.
        var tables: [String: String] = [:]
        for table in analysis.likert {
            let categories = table.scale.categories.map(\.label)
            let rows = table.rows.map { row -> [String] in
                let d = row.distribution
                guard !row.suppressed else {
                    anySuppressed = true
                    return [row.label, "—¹"] + categories.map { _ in "—¹" } + ["—¹", "—¹"]
                }
                let cells = d.counts.map { count in
                    "\(count) (\(RussianFormat.percent(d.substantive > 0 ? Double(count) / Double(d.substantive) : nil, decimals: 0)))"
                }
                let top2 = table.scale.ordered && categories.count > 2 ? RussianFormat.percent(d.topBox(2).value) : "—"
                let median = d.medianCategory.map { categories[$0] } ?? "—"
                return [row.label, String(d.substantive)] + cells + [String(d.nonSubstantive), top2, median]
            }
            tables[table.spec.id] =
                MarkdownTable(
                    columns: ["Вопрос", "Ответов"] + categories
                        + [table.scale.nonSubstantive.first?.label ?? "Нет ответа", "Доля двух высших", "Медиана"],
                    rightAligned: Set(1..<(categories.count + 4)), rows: rows
                ).markdown
            for breakdown in table.breakdowns {
                let rows = zip(table.rows, zip(breakdown.cells, breakdown.suppressed)).map { row, cells in
                    [row.label]
                        + zip(cells.0, cells.1).map { distribution, hidden in
                            if hidden { anySuppressed = true }
                            return hidden ? "—¹" : RussianFormat.percent(distribution.topBox(2).value)
                        }
                }
                tables["\(table.spec.id)_by_\(breakdown.dimension.rawValue)"] =
                    MarkdownTable(
                        columns: [breakdown.dimension == .school ? "Вопрос / школа" : "Вопрос / должность"]
                            + breakdown.groups,
                        rightAligned: Set(1..<(breakdown.groups.count + 1)), rows: rows
                    ).markdown
            }
            charts[table.spec.id] = .likert(
                title: table.spec.label, categories: categories,
                rows: table.rows.filter { !$0.suppressed }.map {
                    Charts.LikertRow(label: $0.label, counts: $0.distribution.counts)
                })
        }
        for table in analysis.choices {
            var rows = table.options.indices.map { index in
                [
                    table.options[index], String(table.counts[index]),
                    RussianFormat.percent(
                        table.answered > 0 ? Double(table.counts[index]) / Double(table.answered) : nil),
                ]
            }
            if table.other > 0 {
                rows.append([
                    "другое", String(table.other),
                    RussianFormat.percent(Double(table.other) / Double(max(1, table.answered))),
                ])
            }
            tables[table.spec.id] =
                MarkdownTable(columns: ["Вариант", "Выбрали", "Доля ответивших"], rightAligned: [1, 2], rows: rows)
                .markdown
            tableCounts.numbers["\(table.spec.id)_answered"] = table.answered
            tableCounts.texts["\(table.spec.id)_answered_text"] = RussianPlural.respondent(table.answered)
            tableCounts.texts["\(table.spec.id)_answered_verb"] = RussianPlural("ответил", "ответили", "ответили").form(
                for: table.answered)
        }
        var freeTexts: [String: [String]] = [:]
        for text in analysis.freeTexts {
            // One line per distinct answer, the most frequent first, with how many gave it.
            var counts: [String: (count: Int, first: Int)] = [:]
            for (index, answer) in text.answers.enumerated() {
                let line = answer.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                counts[line, default: (0, index)].count += 1
            }
            freeTexts[text.spec.id] = counts.sorted {
                ($1.value.count, $0.value.first) < ($0.value.count, $1.value.first)
            }
            .map { $0.value.count > 1 ? "\($0.key) (\($0.value.count))" : $0.key }
            tableCounts.numbers["\(text.spec.id)_count"] = text.answers.count
        }

        // Participants by school, when the export names schools.
        let hasRoster = configuration.rosterInput != nil
        let hasSchoolColumn = Satisfaction.hasSchoolColumn(configuration)
        if hasSchoolColumn {
            tables["schools"] =
                MarkdownTable(
                    columns: ["Школа", "Статус", "Анкет учтено"]
                        + (hasRoster ? ["Педагогов в регистре", "Сопоставлено", "Охват"] : []),
                    rightAligned: hasRoster ? [2, 3, 4, 5] : [2],
                    rows: analysis.schools.map { row in
                        [
                            row.school.name, row.school.programme ? "ШНОР" : (row.school.partner ? "партнёр" : "—"),
                            String(row.respondents),
                        ]
                            + (hasRoster
                                ? [
                                    row.roster.map(String.init) ?? "—", row.matched.map(String.init) ?? "—",
                                    Self.coverage(matched: row.matched, roster: row.roster),
                                ] : [])
                    }
                ).markdown
        }

        // The books.
        // Continuation rows joined to the submission above are not submissions left out.
        let rejected = ledger.rejected(input: survey.input.id).filter { $0.key != "continuation_folded" }
        tables["cleaning"] =
            MarkdownTable(
                columns: ["Причина", "Анкет"], rightAligned: [1],
                rows: rejected.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                    [Rejection.Reason.wording(code: $0.key), String($0.value)]
                }
                    + [["**Всего не учтено**", "**\(rejected.values.reduce(0, +))**"]]
            ).markdown
        let cleaning = Cleaning(
            rejected: rejected.values.reduce(0, +),
            duplicates: rejected["duplicate_submission"] ?? 0,
            tests: rejected["test_submission"] ?? 0,
            hasRejected: !rejected.isEmpty)
        values = TemplateJoin(
            TemplateJoin(
                NoteHeading(spec, dated: dated, warnings: warnings),
                Values(
                    participants: participants, measures: measures, tables: tables, freeText: freeTexts,
                    cleaning: cleaning,
                    anySuppressed: anySuppressed,
                    suppressionNote:
                        "¹ Данные не приводятся: в группе меньше \(k) ответов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу).",
                    decisions: decisions, hasDecisions: !decisions.isEmpty, hasSchoolColumn: hasSchoolColumn
                )),
            tableCounts)
        self.charts = charts
    }
}

extension SurveyContext {
    /// A school's coverage by the roster, «85,7 %»; «—» without roster figures.
    static func coverage(matched: Int?, roster: Int?) -> String {
        guard let matched, let roster, roster > 0 else { return "—" }
        return RussianFormat.percent(Double(matched) / Double(roster))
    }
}

extension RussianPlural {
    static let respondent = RussianPlural("респондент", "респондента", "респондентов")
    static let submission = RussianPlural("анкета", "анкеты", "анкет")
    static let school = RussianPlural("школа", "школы", "школ")
}

extension SurveyContext.Counts {
    /// A key named after a pipeline's table: `*` stands for the table id.
    private struct Pattern: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the keys' patterns, so ``TemplateKeys`` lists `*_answered`, `*_answered_text` and
    /// `*_count`; a context is never read back from anywhere else.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Pattern.self)
        for pattern in ["*_answered", "*_count"] {
            numbers[pattern] = try container.decode(Int.self, forKey: Pattern(stringValue: pattern))
        }
        for pattern in ["*_answered_text", "*_answered_verb"] {
            texts[pattern] = try container.decode(String.self, forKey: Pattern(stringValue: pattern))
        }
    }
}
