import Clean
import Ingest
import Measures
import Notes

/// The template values of the self-assessment's two notes — `start` (the first wave's profile)
/// and `change` (before and after) — and their charts. The keys a template may name are the
/// `CodingKeys` of ``Common`` and of ``Start`` or ``Change`` and the types they hold.
struct SelfAssessmentContext {
    /// What one of the two notes reads: the heading every note has, the keys both share, its own.
    /// ``TemplateKeys/of(_:)`` lists the keys of `Note<Start>` and `Note<Change>`.
    typealias Note<Own: Codable> = TemplateJoin<TemplateJoin<NoteHeading, Common>, Own>

    let start: Note<Start>
    let startCharts: [String: Chart]
    let change: Note<Change>
    let changeCharts: [String: Chart]

    /// Keys both notes have.
    struct Common: Codable {
        let thresholdText: String
        let suppressionNote: String
        /// The difficulty scale's levels, «нет / …».
        let levels: String
        /// The lowest level: no difficulty.
        let noDifficulty: String

        enum CodingKeys: String, CodingKey {
            case thresholdText = "threshold_text", suppressionNote = "suppression_note", levels, noDifficulty =
                "no_difficulty"
        }
    }

    /// The first wave: the profile of difficulties and the recommendations.
    struct Start: Codable {
        let participants: Participants
        /// Markdown tables: `ranking` and `by_school`, `by_subject`, `by_position` for the breakdowns named.
        let tables: [String: String]
        /// The three most reported difficulties.
        let topAreas: [AreaShare]
        let recommendations: [Recommendation]
        let anySuppressed: Bool

        enum CodingKeys: String, CodingKey {
            case participants, tables, topAreas = "top_areas", recommendations, anySuppressed = "any_suppressed"
        }
    }

    struct Participants: Codable {
        let teachers: Int
        let teachersText: String
        let schools: Int
        let schoolsText: String
        let rowsRead: Int

        enum CodingKeys: String, CodingKey {
            case teachers, teachersText = "teachers_text", schools, schoolsText = "schools_text", rowsRead = "rows_read"
        }
    }

    /// An area with the share of teachers reporting a difficulty and the formats that answer it.
    struct AreaShare: Codable {
        let area: String
        let shareText: String
        let formats: String

        enum CodingKeys: String, CodingKey { case area, shareText = "share_text", formats }
    }

    /// A school's targeted recommendation.
    struct Recommendation: Codable {
        let school: String
        let respondentsText: String
        let suppressed: Bool
        let hasAreas: Bool
        let noAreas: Bool
        let areas: [AreaShare]

        enum CodingKeys: String, CodingKey {
            case school, respondentsText = "respondents_text", suppressed, hasAreas = "has_areas", noAreas = "no_areas",
                areas
        }
    }

    /// Before and after: the linking of the waves and the improved teachers by rule.
    struct Change: Codable {
        let link: Link
        /// `improved_teachers` (the first rule) and `improved_teachers_RULE` for the others.
        let measures: [String: Measure]
        /// Markdown tables: `rules`, `area_change`.
        let tables: [String: String]
        let anySuppressed: Bool

        enum CodingKeys: String, CodingKey { case link, measures, tables, anySuppressed = "any_suppressed" }
    }

    struct Link: Codable {
        let before: Int
        let beforeText: String
        let after: Int
        let afterText: String
        let linked: Int
        let linkedText: String
        let byId: Int
        let byName: Int
        let byInitials: Int
        let unmatchedBefore: Int
        let unmatchedAfter: Int

        enum CodingKeys: String, CodingKey {
            case before, beforeText = "before_text", after, afterText = "after_text", linked, linkedText = "linked_text"
            case byId = "by_id", byName = "by_name", byInitials = "by_initials"
            case unmatchedBefore = "unmatched_before", unmatchedAfter = "unmatched_after"
        }
    }

    /// The improved teachers under one rule: ``MeasureValues`` and the change's own keys.
    typealias Measure = TemplateJoin<MeasureValues, RuleDetail>

    struct RuleDetail: Codable {
        let worsenedText: String
        let worsened: Int
        let unchangedText: String
        let unchanged: Int
        let pText: String
        let midPText: String
        let significant: Bool
        let notSignificant: Bool
        let bySchool: String

        enum CodingKeys: String, CodingKey {
            case worsenedText = "worsened_text", worsened, unchangedText = "unchanged_text", unchanged
            case pText = "p_text", midPText = "mid_p_text", significant, notSignificant = "not_significant", bySchool =
                "by_school"
        }
    }

    init(configuration: PipelineConfiguration, analysis: SelfAssessmentAnalysis, waves: [InputResult]) {
        let spec = configuration.spec
        let settings = analysis.settings
        let k = spec.disclosure.k
        let common = TemplateJoin(
            NoteHeading(spec),
            Common(
                thresholdText: RussianFormat.percent(settings.threshold, decimals: 0),
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) педагогов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу).",
                levels: analysis.levels.joined(separator: " / "),
                noDifficulty: analysis.levels.first ?? ""))
        let teacher = RussianPlural("педагог", "педагога", "педагогов")
        let school = RussianPlural("школа", "школы", "школ")
        var anySuppressed = false
        var startCharts: [String: Chart] = [:]
        var changeCharts: [String: Chart] = [:]

        // The first wave.
        let schoolsAnswered = Set(analysis.pre.compactMap(\.school)).count
        let participants = Participants(
            teachers: analysis.pre.count, teachersText: teacher(analysis.pre.count),
            schools: schoolsAnswered, schoolsText: school(schoolsAnswered),
            rowsRead: waves.reduce(0) { $0 + $1.summary.rowsRead })
        let ranking = MarkdownTable(
            columns: [
                "№", "Область профессиональной деятельности", "Испытывают затруднения", "Доля", "95 % интервал",
                "Значительные", "Формы поддержки",
            ],
            rightAligned: [0, 2, 3, 4, 5],
            rows: analysis.ranking.enumerated().map { rank, index in
                let figure = analysis.profile[index]
                return [
                    String(rank + 1), figure.area.label, "\(figure.share.numerator) из \(figure.share.denominator)",
                    RussianFormat.percent(figure.share.value),
                    figure.share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—",
                    String(figure.severe), figure.area.formats.joined(separator: ", "),
                ]
            })
        var tables: [String: String] = ["ranking": ranking.markdown]
        startCharts["ranking"] = .bars(
            title: "Доля педагогов, испытывающих затруднения, по областям",
            bars: analysis.ranking.map {
                Charts.Bar(label: analysis.profile[$0].area.label, share: analysis.profile[$0].share.value)
            },
            target: settings.threshold, targetName: "порог")
        for breakdown in analysis.breakdowns {
            let heading =
                breakdown.dimension == .school
                ? "Область / школа" : breakdown.dimension == .subject ? "Область / предмет" : "Область / должность"
            let rows = analysis.ranking.map { index -> [String] in
                [analysis.profile[index].area.label]
                    + zip(breakdown.cells[index], breakdown.suppressed[index]).map { share, hidden in
                        if hidden { anySuppressed = true }
                        return hidden ? "—¹" : RussianFormat.percent(share.value, decimals: 0)
                    }
            }
            tables["by_\(breakdown.dimension.rawValue)"] =
                MarkdownTable(
                    columns: [heading] + breakdown.groups, rightAligned: Set(1...max(1, breakdown.groups.count)),
                    rows: rows
                ).markdown
        }
        let topAreas = analysis.ranking.prefix(3).map { index -> AreaShare in
            let figure = analysis.profile[index]
            return AreaShare(
                area: figure.area.label, shareText: RussianFormat.percent(figure.share.value),
                formats: figure.area.formats.joined(separator: ", "))
        }
        let recommendations = analysis.recommendations.map { recommendation in
            Recommendation(
                school: recommendation.school.name,
                respondentsText: teacher(recommendation.respondents),
                suppressed: recommendation.suppressed,
                hasAreas: !recommendation.areas.isEmpty,
                noAreas: !recommendation.suppressed && recommendation.areas.isEmpty,
                areas: recommendation.areas.map { area, share in
                    AreaShare(
                        area: area.label, shareText: RussianFormat.percent(share.value),
                        formats: area.formats.isEmpty
                            ? "методическое сопровождение" : area.formats.joined(separator: ", "))
                })
        }
        start = TemplateJoin(
            common,
            Start(
                participants: participants, tables: tables, topAreas: topAreas,
                recommendations: recommendations, anySuppressed: anySuppressed))

        // Before and after.
        let link = analysis.link
        let linkValues = Link(
            before: analysis.pre.count, beforeText: teacher(analysis.pre.count),
            after: analysis.post.count, afterText: teacher(analysis.post.count),
            linked: link.pairs.count, linkedText: teacher(link.pairs.count),
            byId: link.pairs.filter { $0.method == .id }.count,
            byName: link.pairs.filter { $0.method == .name }.count,
            byInitials: link.pairs.filter { $0.method == .initials }.count,
            unmatchedBefore: link.unmatchedBefore.count, unmatchedAfter: link.unmatchedAfter.count)
        var measures: [String: Measure] = [:]
        var changeTables: [String: String] = [:]
        var anyChangeSuppressed = false
        for (index, rule) in analysis.rules.enumerated() {
            let entry = TemplateJoin(
                MeasureValues(
                    label: "Доля педагогов, повысивших качество преподавания",
                    definition: analysis.definition(rule.rule),
                    share: rule.improved, target: settings.improved.target, unit: .person, wording: .teachers),
                RuleDetail(
                    worsenedText: RussianFormat.percent(rule.worsened.value), worsened: rule.worsened.numerator,
                    unchangedText: RussianFormat.percent(rule.unchanged.value), unchanged: rule.unchanged.numerator,
                    pText: RussianFormat.probability(rule.test.p), midPText: RussianFormat.probability(rule.test.midP),
                    significant: rule.test.p < 0.05, notSignificant: rule.test.p >= 0.05,
                    bySchool: MarkdownTable.breakdown(
                        heading: "Школа", countHeading: "Повысили", groups: rule.bySchool, total: rule.improved)))
            anyChangeSuppressed = anyChangeSuppressed || rule.bySchool.contains(where: \.suppressed)
            measures[index == 0 ? "improved_teachers" : "improved_teachers_\(rule.rule.rawValue)"] = entry
            if index == 0 {
                changeCharts["improved_by_school"] = .bars(
                    title: "Доля педагогов, повысивших качество преподавания, по школам",
                    bars: rule.bySchool.map {
                        Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value)
                    },
                    target: settings.improved.target, targetName: "цель")
            }
        }
        changeTables["rules"] =
            MarkdownTable(
                columns: ["Правило", "Сравнимо", "Повысили", "Снизили", "Без изменений", "p (Мак-Немар)", "mid-p"],
                rightAligned: [1, 2, 3, 4, 5, 6],
                rows: analysis.rules.map { rule in
                    [
                        rule.rule == .fewerDifficulties
                            ? "затруднения снизились хотя бы в одной области и не выросли ни в одной"
                            : "средний уровень снизился не менее чем на \(RussianFormat.decimal(settings.improved.minDrop, decimals: 1))",
                        String(rule.improved.denominator),
                        "\(rule.improved.numerator) (\(RussianFormat.percent(rule.improved.value)))",
                        "\(rule.worsened.numerator) (\(RussianFormat.percent(rule.worsened.value)))",
                        "\(rule.unchanged.numerator) (\(RussianFormat.percent(rule.unchanged.value)))",
                        RussianFormat.probability(rule.test.p), RussianFormat.probability(rule.test.midP),
                    ]
                }
            ).markdown
        changeTables["area_change"] =
            MarkdownTable(
                columns: ["Область", "Было", "Стало", "Изменение", "Снизились", "Выросли", "p"],
                rightAligned: [1, 2, 3, 4, 5, 6],
                rows: analysis.areaChanges.map { change in
                    let delta = ((change.after.value ?? 0) - (change.before.value ?? 0)) * 100
                    return [
                        change.area.label, RussianFormat.percent(change.before.value, decimals: 0),
                        RussianFormat.percent(change.after.value, decimals: 0),
                        (delta > 0 ? "+" : delta < 0 ? "−" : "") + RussianFormat.decimal(abs(delta), decimals: 0)
                            + "\u{00A0}п.\u{00A0}п.",
                        String(change.test.improved), String(change.test.worsened),
                        RussianFormat.probability(change.test.p),
                    ]
                }
            ).markdown
        changeCharts["area_change"] = .beforeAfter(
            title: "Доля педагогов с затруднениями по областям: было и стало",
            labels: analysis.areaChanges.map(\.area.label), before: analysis.areaChanges.map(\.before.value),
            after: analysis.areaChanges.map(\.after.value))
        change = TemplateJoin(
            common,
            Change(link: linkValues, measures: measures, tables: changeTables, anySuppressed: anyChangeSuppressed))
        self.startCharts = startCharts
        self.changeCharts = changeCharts
    }
}
