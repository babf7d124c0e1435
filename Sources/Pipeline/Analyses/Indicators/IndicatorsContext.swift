import Clean
import Ingest
import Measures
import Notes

/// The template values of the indicators report. The README lists every key.
struct IndicatorsContext {
    private(set) var values: [String: Any] = [:]
    private(set) var charts: [String: Chart] = [:]

    init(configuration: PipelineConfiguration, analysis: IndicatorsAnalysis, previous: (period: String, figures: [History.Figure])?) {
        let spec = configuration.spec
        let k = spec.disclosure.k
        values = [
            "title": spec.title, "organisation": spec.organisation ?? "", "period": RussianFormat.period(spec.period),
            "basis": spec.basis ?? "", "k": k,
            "suppression_note": "¹ Данные не приводятся: в группе меньше \(k) человек (или скрыта ещё одна группа, чтобы скрытое нельзя было вычислить по итогу).",
        ]
        let indicator = RussianPlural("показатель", "показателя", "показателей")
        var rows: [[String]] = []
        var list: [[String: Any]] = []
        var bySchool: [[String: Any]] = []
        var anySuppressed = false
        for (number, figure) in analysis.figures.enumerated() {
            let value = figure.share.map { "\(RussianFormat.percent($0.value)) (\($0.numerator) из \($0.denominator))" }
                ?? (figure.present ? "имеется" : "нет")
            let target = figure.indicator.kind == .document ? "наличие" : figure.indicator.target.map { RussianFormat.percent($0, decimals: 1) } ?? "—"
            let status = figure.status.map { $0 == .achieved ? "достигнут" : "не достигнут" } ?? "—"
            rows.append([String(number + 1), figure.indicator.label, value, target, status, figure.source])
            list.append(["number": number + 1, "label": figure.indicator.label, "value_text": value, "target_text": target,
                         "status_text": status, "achieved": figure.status == .achieved, "not_achieved": figure.status == .notAchieved,
                         "source": figure.source, "definition": figure.definition,
                         "has_interval": figure.share?.interval != nil,
                         "interval_text": figure.share?.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? ""])
            // A table of dashes says nothing: shown only where some school can be shown.
            if figure.groups.contains(where: { !$0.suppressed }), let share = figure.share {
                anySuppressed = anySuppressed || figure.groups.contains(where: \.suppressed)
                bySchool.append(["number": number + 1, "label": figure.indicator.label,
                                 "table": NoteContext.breakdownTable(heading: "Школа", countHeading: "Учтено", groups: figure.groups, total: share)])
            }
        }
        let achieved = analysis.figures.filter { $0.status == .achieved }.count
        let withStatus = analysis.figures.filter { $0.status != nil }.count
        values["indicators"] = list
        values["summary"] = [
            "total_text": indicator(analysis.figures.count), "with_target_text": indicator(withStatus),
            "achieved": achieved, "achieved_text": indicator(achieved), "not_achieved": withStatus - achieved,
            "not_achieved_text": analysis.figures.filter { $0.status == .notAchieved }.map { "«\($0.indicator.label)»" }.joined(separator: "; "),
            "all_achieved": achieved == withStatus,
        ] as [String: Any]
        values["tables"] = [
            "indicators": MarkdownTable(columns: ["№", "Показатель", "Значение", "Цель", "Итог", "Источник"], rightAligned: [0, 2, 3],
                                        rows: rows).markdown,
            "by_school": bySchool,
        ] as [String: Any]
        // Each figure against the previous wave of this report, where the history has one.
        var changes: [(number: Int, label: String, before: Double, after: Double)] = []
        if let previous {
            for (number, figure) in analysis.figures.enumerated() {
                guard let after = figure.share?.value, let before = previous.figures.first(where: { $0.id == figure.indicator.id })?.share else { continue }
                changes.append((number + 1, figure.indicator.label, before, after))
            }
            let periodBefore = RussianFormat.period(previous.period)
            values["previous"] = ["period": periodBefore, "compared": changes.count] as [String: Any]
            var tables = values["tables"] as? [String: Any] ?? [:]
            tables["change"] = MarkdownTable(
                columns: ["№", "Показатель", periodBefore, RussianFormat.period(spec.period), "Изменение"], rightAligned: [0, 2, 3, 4],
                rows: changes.map { [String($0.number), $0.label, RussianFormat.percent($0.before), RussianFormat.percent($0.after),
                                     ResultsContext.points($0.before * 100, $0.after * 100)] }).markdown
            values["tables"] = tables
            charts["change"] = .beforeAfter(title: "Показатели: \(periodBefore) и \(RussianFormat.period(spec.period))",
                                            labels: changes.map { "\($0.number). " + Self.short($0.label) },
                                            before: changes.map(\.before), after: changes.map(\.after))
        }
        values["has_previous"] = !changes.isEmpty
        values["unmatched"] = analysis.unmatched.count
        values["any_suppressed"] = anySuppressed
        charts["indicators"] = .bars(
            title: "Значения целевых показателей",
            bars: analysis.figures.enumerated().compactMap { number, figure in
                figure.share.map { Charts.Bar(label: "\(number + 1). " + Self.short(figure.indicator.label), share: $0.value) }
            }, target: nil, targetName: "")
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
