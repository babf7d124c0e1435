import Clean
import Ingest
import Measures
import Foundation
import Notes

/// The values a note template can name, and its charts. The README lists every key.
struct NoteContext {
    let values: [String: Any]
    let charts: [String: Chart]

    init(configuration: PipelineConfiguration, analysis: SurveyAnalysis, ledger: Ledger, survey: InputResult) {
        let spec = configuration.spec
        let k = spec.disclosure.k
        var values: [String: Any] = [
            "title": spec.title,
            "organisation": spec.organisation ?? "",
            "period": RussianFormat.period(spec.period),
            "basis": spec.basis ?? "",
            "k": k,
        ]
        var charts: [String: Chart] = [:]
        var anySuppressed = false

        // Participants.
        let programmeSchools = configuration.register.schools.filter(\.programme)
        let respondedProgrammeSchools = analysis.schools.filter { $0.school.programme && $0.respondents > 0 }.count
        let read = survey.summary.rowsRead
        values["participants"] = [
            "rows_read": read,
            "rows_read_text": RussianPlural.submission(read),
            "kept": analysis.respondentsAll,
            "kept_text": RussianPlural.respondent(analysis.respondentsAll),
            "programme": analysis.population.count,
            "programme_text": RussianPlural.respondent(analysis.population.count),
            "partner": analysis.schools.filter { $0.school.partner }.reduce(0) { $0 + $1.respondents },
            "rejected": read - analysis.respondentsAll,
            "rejected_text": RussianPlural.submission(read - analysis.respondentsAll),
            "programme_schools": programmeSchools.count,
            "programme_schools_text": RussianPlural.school(programmeSchools.count),
            "responded_schools": respondedProgrammeSchools,
            "responded_schools_text": RussianPlural.school(respondedProgrammeSchools),
            "schools_in_register": configuration.register.schools.count,
        ] as [String: Any]

        // Headline measures.
        var measures: [String: Any] = [:]
        for figure in analysis.measures {
            let share = figure.share
            var entry = Self.measureValues(label: figure.spec.label, definition: figure.definition, share: share,
                                           target: figure.spec.target)
            entry["non_substantive"] = figure.nonSubstantive
            entry["blank"] = figure.blank
            var tablesForMeasure: [String: Any] = [:]
            for dimension in PipelineSpec.Breakdown.allCases {
                let groups = figure.groups.filter { $0.dimension == dimension }
                guard !groups.isEmpty else { continue }
                anySuppressed = anySuppressed || groups.contains(where: \.suppressed)
                let heading = dimension == .school ? "Школа" : dimension == .position ? "Должность" : "Предмет"
                let table = Self.breakdownTable(
                    heading: heading, countHeading: figure.spec.kind == .coverage ? "Ответили" : "Удовлетворены",
                    groups: groups.map { ($0.label, $0.share, $0.suppressed) }, total: share)
                tablesForMeasure[dimension.rawValue] = table
                if dimension == .school {
                    charts["\(figure.spec.id)_by_school"] = .bars(
                        title: figure.spec.label, bars: groups.map { Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value) },
                        target: figure.spec.target, targetName: "цель")
                }
            }
            entry["by"] = tablesForMeasure
            measures[figure.spec.id] = entry
        }
        values["measures"] = measures

        // Tables.
        var tables: [String: Any] = [:]
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
            tables[table.spec.id] = MarkdownTable(
                columns: ["Вопрос", "Ответов"] + categories
                    + [table.scale.nonSubstantive.first?.label ?? "Нет ответа", "Доля двух высших", "Медиана"],
                rightAligned: Set(1..<(categories.count + 4)), rows: rows).markdown
            for breakdown in table.breakdowns {
                let rows = zip(table.rows, zip(breakdown.cells, breakdown.suppressed)).map { row, cells in
                    [row.label] + zip(cells.0, cells.1).map { distribution, hidden in
                        if hidden { anySuppressed = true }
                        return hidden ? "—¹" : RussianFormat.percent(distribution.topBox(2).value)
                    }
                }
                tables["\(table.spec.id)_by_\(breakdown.dimension.rawValue)"] = MarkdownTable(
                    columns: [breakdown.dimension == .school ? "Вопрос / школа" : "Вопрос / должность"] + breakdown.groups,
                    rightAligned: Set(1...breakdown.groups.count), rows: rows).markdown
            }
            charts[table.spec.id] = .likert(
                title: table.spec.label, categories: categories,
                rows: table.rows.filter { !$0.suppressed }.map { Charts.LikertRow(label: $0.label, counts: $0.distribution.counts) })
        }
        for table in analysis.choices {
            var rows = table.options.indices.map { index in
                [table.options[index], String(table.counts[index]),
                 RussianFormat.percent(table.answered > 0 ? Double(table.counts[index]) / Double(table.answered) : nil)]
            }
            if table.other > 0 {
                rows.append(["другое", String(table.other), RussianFormat.percent(Double(table.other) / Double(max(1, table.answered)))])
            }
            tables[table.spec.id] = MarkdownTable(columns: ["Вариант", "Выбрали", "Доля ответивших"], rightAligned: [1, 2], rows: rows).markdown
            values["\(table.spec.id)_answered"] = table.answered
            values["\(table.spec.id)_answered_text"] = RussianPlural.respondent(table.answered)
        }
        var freeTexts: [String: Any] = [:]
        for text in analysis.freeTexts {
            // One line per distinct answer, the most frequent first, with how many gave it.
            var counts: [String: (count: Int, first: Int)] = [:]
            for (index, answer) in text.answers.enumerated() {
                let line = answer.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                counts[line, default: (0, index)].count += 1
            }
            freeTexts[text.spec.id] = counts.sorted { ($1.value.count, $0.value.first) < ($0.value.count, $1.value.first) }
                .map { $0.value.count > 1 ? "\($0.key) (\($0.value.count))" : $0.key }
            values["\(text.spec.id)_count"] = text.answers.count
        }
        values["free_text"] = freeTexts

        // Participants by school.
        let hasRoster = configuration.rosterInput != nil
        tables["schools"] = MarkdownTable(
            columns: ["Школа", "Статус", "Анкет учтено"] + (hasRoster ? ["Педагогов в регистре", "Сопоставлено"] : []),
            rightAligned: hasRoster ? [2, 3, 4] : [2],
            rows: analysis.schools.map { row in
                [row.school.name, row.school.programme ? "ШНОР" : (row.school.partner ? "партнёр" : "—"), String(row.respondents)]
                    + (hasRoster ? [row.roster.map(String.init) ?? "—", row.matched.map(String.init) ?? "—"] : [])
            }).markdown

        // The books.
        let rejected = ledger.rejected(input: survey.input.id)
        let reasonNames: [String: String] = [
            "too_few_cells": "строка короче заголовка", "too_many_cells": "строка длиннее заголовка",
            "missing_school": "не указана школа", "unknown_school": "школы нет в реестре",
            "unknown_answer": "ответ вне шкалы", "bad_timestamp": "не читается время отправки",
            "test_submission": "тестовая анкета", "empty_submission": "пустая анкета",
            "duplicate_submission": "повторная анкета (учтена последняя)",
        ]
        tables["cleaning"] = MarkdownTable(
            columns: ["Причина", "Анкет"], rightAligned: [1],
            rows: rejected.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { [reasonNames[$0.key] ?? $0.key, String($0.value)] }
                + [["**Всего не учтено**", "**\(rejected.values.reduce(0, +))**"]]).markdown
        values["cleaning"] = [
            "rejected": rejected.values.reduce(0, +),
            "duplicates": rejected["duplicate_submission"] ?? 0,
            "tests": rejected["test_submission"] ?? 0,
            "has_rejected": !rejected.isEmpty,
        ] as [String: Any]
        values["tables"] = tables
        values["any_suppressed"] = anySuppressed
        values["suppression_note"] = "¹ Данные не приводятся: в группе меньше \(k) ответов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу)."
        self.values = values
        self.charts = charts
    }
}

extension NoteContext {
    /// The template values of one measure: its figures written the Russian way and its status.
    static func measureValues(label: String, definition: String, share: Share, target: Double?) -> [String: Any] {
        let status = TargetStatus(share: share.value, target: target)
        var entry: [String: Any] = [
            "label": label,
            "definition": definition,
            "numerator": share.numerator,
            "denominator": share.denominator,
            "share_text": RussianFormat.percent(share.value),
            "interval_text": share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—",
            "has_target": target != nil,
            "achieved": status == .achieved,
            "not_achieved": status == .notAchieved,
        ]
        if let target {
            entry["target_text"] = RussianFormat.percent(target, decimals: 0)
            if let value = share.value {
                entry["gap_text"] = RussianFormat.decimal(abs(value - target) * 100, decimals: 1) + "\u{00A0}п.\u{00A0}п."
            }
        }
        return entry
    }

    /// A breakdown as a table: a row per group, suppressed ones as «—¹», and the total.
    static func breakdownTable(heading: String, countHeading: String, groups: [(label: String, share: Share, suppressed: Bool)],
                               total: Share) -> String {
        MarkdownTable(
            columns: [heading, countHeading, "Всего", "Доля", "95 % интервал"],
            rightAligned: [1, 2, 3, 4],
            rows: groups.map { group in
                group.suppressed
                    ? [group.label, "—¹", "—¹", "—¹", "—¹"]
                    : [group.label, String(group.share.numerator), String(group.share.denominator),
                       RussianFormat.percent(group.share.value),
                       group.share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—"]
            } + [["**Всего**", "**\(total.numerator)**", "**\(total.denominator)**", "**\(RussianFormat.percent(total.value))**",
                  total.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—"]]).markdown
    }
}

extension RussianPlural {
    static let respondent = RussianPlural("респондент", "респондента", "респондентов")
    static let submission = RussianPlural("анкета", "анкеты", "анкет")
    static let school = RussianPlural("школа", "школы", "школ")
}
