import Clean
import Ingest
import Measures
import Notes

/// The template values of the self-assessment's two notes. The README lists every key.
struct SelfAssessmentContext {
    var start: [String: Any] = [:]
    var startCharts: [String: Chart] = [:]
    var change: [String: Any] = [:]
    var changeCharts: [String: Chart] = [:]

    init(configuration: PipelineConfiguration, analysis: SelfAssessmentAnalysis, waves: [InputResult]) {
        let spec = configuration.spec
        let settings = analysis.settings
        let k = spec.disclosure.k
        let common: [String: Any] = [
            "title": spec.title, "organisation": spec.organisation ?? "", "period": RussianFormat.period(spec.period),
            "basis": spec.basis ?? "", "k": k,
            "threshold_text": RussianFormat.percent(settings.threshold, decimals: 0),
            "suppression_note": "¹ Данные не приводятся: в группе меньше \(k) педагогов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу).",
            "levels": analysis.levels.joined(separator: " / "),
            "no_difficulty": analysis.levels.first ?? "",
        ]
        let teacher = RussianPlural("педагог", "педагога", "педагогов")
        let school = RussianPlural("школа", "школы", "школ")
        var anySuppressed = false

        // The first wave.
        start = common
        let schoolsAnswered = Set(analysis.pre.compactMap(\.school)).count
        start["participants"] = [
            "teachers": analysis.pre.count, "teachers_text": teacher(analysis.pre.count),
            "schools": schoolsAnswered, "schools_text": school(schoolsAnswered),
            "rows_read": waves.reduce(0) { $0 + $1.summary.rowsRead },
        ] as [String: Any]
        let ranking = MarkdownTable(
            columns: ["№", "Область профессиональной деятельности", "Испытывают затруднения", "Доля", "95 % интервал", "Значительные", "Формы поддержки"],
            rightAligned: [0, 2, 3, 4, 5],
            rows: analysis.ranking.enumerated().map { rank, index in
                let figure = analysis.profile[index]
                return [String(rank + 1), figure.area.label, "\(figure.share.numerator) из \(figure.share.denominator)",
                        RussianFormat.percent(figure.share.value),
                        figure.share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—",
                        String(figure.severe), figure.area.formats.joined(separator: ", ")]
            })
        var tables: [String: Any] = ["ranking": ranking.markdown]
        startCharts["ranking"] = .bars(
            title: "Доля педагогов, испытывающих затруднения, по областям",
            bars: analysis.ranking.map { Charts.Bar(label: analysis.profile[$0].area.label, share: analysis.profile[$0].share.value) },
            target: settings.threshold, targetName: "порог")
        for breakdown in analysis.breakdowns {
            let heading = breakdown.dimension == .school ? "Область / школа" : breakdown.dimension == .subject ? "Область / предмет" : "Область / должность"
            let rows = analysis.ranking.map { index -> [String] in
                [analysis.profile[index].area.label] + zip(breakdown.cells[index], breakdown.suppressed[index]).map { share, hidden in
                    if hidden { anySuppressed = true }
                    return hidden ? "—¹" : RussianFormat.percent(share.value, decimals: 0)
                }
            }
            tables["by_\(breakdown.dimension.rawValue)"] = MarkdownTable(
                columns: [heading] + breakdown.groups, rightAligned: Set(1...max(1, breakdown.groups.count)), rows: rows).markdown
        }
        start["tables"] = tables
        start["top_areas"] = analysis.ranking.prefix(3).map { index -> [String: Any] in
            let figure = analysis.profile[index]
            return ["area": figure.area.label, "share_text": RussianFormat.percent(figure.share.value),
                    "formats": figure.area.formats.joined(separator: ", ")]
        }
        start["recommendations"] = analysis.recommendations.map { recommendation -> [String: Any] in
            [
                "school": recommendation.school.name,
                "respondents_text": teacher(recommendation.respondents),
                "suppressed": recommendation.suppressed,
                "has_areas": !recommendation.areas.isEmpty,
                "no_areas": !recommendation.suppressed && recommendation.areas.isEmpty,
                "areas": recommendation.areas.map { area, share -> [String: Any] in
                    ["area": area.label, "share_text": RussianFormat.percent(share.value),
                     "formats": area.formats.isEmpty ? "методическое сопровождение" : area.formats.joined(separator: ", ")]
                },
            ]
        }
        start["any_suppressed"] = anySuppressed

        // Before and after.
        change = common
        let link = analysis.link
        change["link"] = [
            "before": analysis.pre.count, "before_text": teacher(analysis.pre.count),
            "after": analysis.post.count, "after_text": teacher(analysis.post.count),
            "linked": link.pairs.count, "linked_text": teacher(link.pairs.count),
            "by_id": link.pairs.filter { $0.method == .id }.count,
            "by_name": link.pairs.filter { $0.method == .name }.count,
            "by_initials": link.pairs.filter { $0.method == .initials }.count,
            "unmatched_before": link.unmatchedBefore.count, "unmatched_after": link.unmatchedAfter.count,
        ] as [String: Any]
        var measures: [String: Any] = [:]
        var changeTables: [String: Any] = [:]
        var anyChangeSuppressed = false
        for (index, rule) in analysis.rules.enumerated() {
            var entry = NoteContext.measureValues(
                label: "Доля педагогов, повысивших качество преподавания", definition: analysis.definition(rule.rule),
                share: rule.improved, target: settings.improved.target)
            entry["worsened_text"] = RussianFormat.percent(rule.worsened.value)
            entry["worsened"] = rule.worsened.numerator
            entry["unchanged_text"] = RussianFormat.percent(rule.unchanged.value)
            entry["unchanged"] = rule.unchanged.numerator
            entry["p_text"] = Self.probability(rule.test.p)
            entry["mid_p_text"] = Self.probability(rule.test.midP)
            entry["significant"] = rule.test.p < 0.05
            entry["not_significant"] = rule.test.p >= 0.05
            entry["by_school"] = NoteContext.breakdownTable(
                heading: "Школа", countHeading: "Повысили", groups: rule.bySchool, total: rule.improved)
            anyChangeSuppressed = anyChangeSuppressed || rule.bySchool.contains(where: \.suppressed)
            measures[index == 0 ? "improved_teachers" : "improved_teachers_\(rule.rule.rawValue)"] = entry
            if index == 0 {
                changeCharts["improved_by_school"] = .bars(
                    title: "Доля педагогов, повысивших качество преподавания, по школам",
                    bars: rule.bySchool.map { Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value) },
                    target: settings.improved.target, targetName: "цель")
            }
        }
        change["measures"] = measures
        changeTables["rules"] = MarkdownTable(
            columns: ["Правило", "Сравнимо", "Повысили", "Снизили", "Без изменений", "p (Мак-Немар)", "mid-p"],
            rightAligned: [1, 2, 3, 4, 5, 6],
            rows: analysis.rules.map { rule in
                [rule.rule == .fewerDifficulties ? "затруднения снизились хотя бы в одной области и не выросли ни в одной"
                    : "средний уровень снизился не менее чем на \(RussianFormat.decimal(settings.improved.minDrop, decimals: 1))",
                 String(rule.improved.denominator),
                 "\(rule.improved.numerator) (\(RussianFormat.percent(rule.improved.value)))",
                 "\(rule.worsened.numerator) (\(RussianFormat.percent(rule.worsened.value)))",
                 "\(rule.unchanged.numerator) (\(RussianFormat.percent(rule.unchanged.value)))",
                 Self.probability(rule.test.p), Self.probability(rule.test.midP)]
            }).markdown
        changeTables["area_change"] = MarkdownTable(
            columns: ["Область", "Было", "Стало", "Изменение", "Снизились", "Выросли", "p"],
            rightAligned: [1, 2, 3, 4, 5, 6],
            rows: analysis.areaChanges.map { change in
                let delta = ((change.after.value ?? 0) - (change.before.value ?? 0)) * 100
                return [change.area.label, RussianFormat.percent(change.before.value, decimals: 0), RussianFormat.percent(change.after.value, decimals: 0),
                        (delta > 0 ? "+" : delta < 0 ? "−" : "") + RussianFormat.decimal(abs(delta), decimals: 0) + "\u{00A0}п.\u{00A0}п.",
                        String(change.test.improved), String(change.test.worsened), Self.probability(change.test.p)]
            }).markdown
        change["tables"] = changeTables
        changeCharts["area_change"] = .beforeAfter(
            title: "Доля педагогов с затруднениями по областям: было и стало",
            labels: analysis.areaChanges.map(\.area.label), before: analysis.areaChanges.map(\.before.value),
            after: analysis.areaChanges.map(\.after.value))
        change["any_suppressed"] = anyChangeSuppressed
    }

    /// p-values as a note prints them: «0,035», «< 0,001».
    static func probability(_ p: Double) -> String {
        p < 0.001 ? "<\u{00A0}0,001" : RussianFormat.decimal(p, decimals: 3)
    }
}
