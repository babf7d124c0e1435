import Clean
import Ingest
import Measures
import Notes

/// The template values of the indicators report and its charts. The keys a template may name
/// are the `CodingKeys` of ``Values`` and of the types it holds.
struct IndicatorsContext {
    /// What the template reads; ``TemplateKeys/of(_:)`` lists its keys.
    typealias Template = TemplateJoin<NoteHeading, Values>

    let values: Template
    let charts: [String: Chart]

    struct Values: Codable {
        let suppressionNote: String
        let indicators: [Indicator]
        let summary: Summary
        let tables: Tables
        /// Present when the history holds an earlier wave of this report.
        let previous: Previous?
        /// Some figure could be compared with the earlier wave.
        let hasPrevious: Bool
        /// Attendance records matched to nobody on the roster.
        let unmatched: Int
        let anySuppressed: Bool

        enum CodingKeys: String, CodingKey {
            case suppressionNote = "suppression_note", indicators, summary, tables, previous
            case hasPrevious = "has_previous", unmatched, anySuppressed = "any_suppressed"
        }
    }

    /// One indicator, in the order of the pipeline file.
    struct Indicator: Codable {
        let number: Int
        let label: String
        let valueText: String
        let targetText: String
        let statusText: String
        let achieved: Bool
        let notAchieved: Bool
        let source: String
        let definition: String
        let hasInterval: Bool
        let intervalText: String

        enum CodingKeys: String, CodingKey {
            case number, label, valueText = "value_text", targetText = "target_text", statusText = "status_text"
            case achieved, notAchieved = "not_achieved", source, definition, hasInterval = "has_interval",
                intervalText = "interval_text"
        }
    }

    struct Summary: Codable {
        let totalText: String
        let withTargetText: String
        let achieved: Int
        let achievedText: String
        let notAchieved: Int
        /// The labels of the indicators not achieved, quoted.
        let notAchievedText: String
        let allAchieved: Bool

        enum CodingKeys: String, CodingKey {
            case totalText = "total_text", withTargetText = "with_target_text", achieved, achievedText = "achieved_text"
            case notAchieved = "not_achieved", notAchievedText = "not_achieved_text", allAchieved = "all_achieved"
        }
    }

    struct Tables: Codable {
        let indicators: String
        let bySchool: [SchoolTable]
        /// Each figure against the earlier wave; present with `previous`.
        let change: String?

        enum CodingKeys: String, CodingKey { case indicators, bySchool = "by_school", change }
    }

    /// An indicator by school, where some school can be shown.
    struct SchoolTable: Codable {
        let number: Int
        let label: String
        let table: String
    }

    struct Previous: Codable {
        let period: String
        let compared: Int
    }

    init(
        configuration: PipelineConfiguration, analysis: IndicatorsAnalysis,
        previous: (period: String, figures: [History.Figure])?
    ) {
        let spec = configuration.spec
        let k = spec.disclosure.k
        let indicator = RussianPlural("показатель", "показателя", "показателей")
        var rows: [[String]] = []
        var list: [Indicator] = []
        var bySchool: [SchoolTable] = []
        var anySuppressed = false
        var charts: [String: Chart] = [:]
        for (number, figure) in analysis.figures.enumerated() {
            let value =
                figure.share.map { "\(RussianFormat.percent($0.value)) (\($0.numerator) из \($0.denominator))" }
                ?? (figure.present ? "имеется" : "нет")
            let target =
                figure.indicator.kind == .document
                ? "наличие" : figure.indicator.target.map { RussianFormat.percent($0, decimals: 1) } ?? "—"
            let status = figure.status.map { $0 == .achieved ? "достигнут" : "не достигнут" } ?? "—"
            rows.append([String(number + 1), figure.indicator.label, value, target, status, figure.source])
            list.append(
                Indicator(
                    number: number + 1, label: figure.indicator.label, valueText: value, targetText: target,
                    statusText: status,
                    achieved: figure.status == .achieved, notAchieved: figure.status == .notAchieved,
                    source: figure.source, definition: figure.definition, hasInterval: figure.share?.interval != nil,
                    intervalText: figure.share?.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? ""))
            // A table of dashes says nothing: shown only where some school can be shown.
            if figure.groups.contains(where: { !$0.suppressed }), let share = figure.share {
                anySuppressed = anySuppressed || figure.groups.contains(where: \.suppressed)
                bySchool.append(
                    SchoolTable(
                        number: number + 1, label: figure.indicator.label,
                        table: MarkdownTable.breakdown(
                            heading: "Школа", countHeading: "Учтено", groups: figure.groups, total: share)))
            }
        }
        let achieved = analysis.figures.filter { $0.status == .achieved }.count
        let withStatus = analysis.figures.filter { $0.status != nil }.count
        let summary = Summary(
            totalText: indicator(analysis.figures.count), withTargetText: indicator(withStatus),
            achieved: achieved, achievedText: indicator(achieved), notAchieved: withStatus - achieved,
            notAchievedText: analysis.figures.filter { $0.status == .notAchieved }.map { "«\($0.indicator.label)»" }
                .joined(separator: "; "),
            allAchieved: achieved == withStatus)
        let indicatorsTable = MarkdownTable(
            columns: ["№", "Показатель", "Значение", "Цель", "Итог", "Источник"], rightAligned: [0, 2, 3],
            rows: rows
        ).markdown
        // Each figure against the previous wave of this report, where the history has one.
        var changes: [(number: Int, label: String, before: Double, after: Double)] = []
        var previousValues: Previous?
        var changeTable: String?
        if let previous {
            for (number, figure) in analysis.figures.enumerated() {
                guard let after = figure.share?.value,
                    let before = previous.figures.first(where: { $0.id == figure.indicator.id })?.share
                else { continue }
                changes.append((number + 1, figure.indicator.label, before, after))
            }
            let periodBefore = RussianFormat.period(previous.period)
            previousValues = Previous(period: periodBefore, compared: changes.count)
            changeTable =
                MarkdownTable(
                    columns: ["№", "Показатель", periodBefore, RussianFormat.period(spec.period), "Изменение"],
                    rightAligned: [0, 2, 3, 4],
                    rows: changes.map {
                        [
                            String($0.number), $0.label, RussianFormat.percent($0.before),
                            RussianFormat.percent($0.after),
                            RussianFormat.points($0.before * 100, $0.after * 100),
                        ]
                    }
                ).markdown
            charts["change"] = .beforeAfter(
                title: "Показатели: \(periodBefore) и \(RussianFormat.period(spec.period))",
                labels: changes.map { "\($0.number). " + Self.short($0.label) },
                before: changes.map(\.before), after: changes.map(\.after))
        }
        charts["indicators"] = .bars(
            title: "Значения целевых показателей",
            bars: analysis.figures.enumerated().compactMap { number, figure in
                figure.share.map {
                    Charts.Bar(label: "\(number + 1). " + Self.short(figure.indicator.label), share: $0.value)
                }
            }, target: nil, targetName: "")
        values = TemplateJoin(
            NoteHeading(spec),
            Values(
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) человек (или скрыта ещё одна группа, чтобы скрытое нельзя было вычислить по итогу).",
                indicators: list, summary: summary,
                tables: Tables(indicators: indicatorsTable, bySchool: bySchool, change: changeTable),
                previous: previousValues, hasPrevious: !changes.isEmpty, unmatched: analysis.unmatched.count,
                anySuppressed: anySuppressed))
        self.charts = charts
    }

    /// The first words of a label, for a chart's axis.
    static func short(_ label: String) -> String {
        guard label.count > 48 else { return label }
        var text = ""
        for word in label.split(separator: " ") {
            if text.count + word.count > 45 { break }
            text += (text.isEmpty ? "" : " ") + word
        }
        return text + "…"
    }
}
