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
        /// «10–12 октября 2023 г.»: the first and last answer of each wave; empty without timestamps.
        let beforeCollected: String
        let afterCollected: String
        /// «входная самооценка: 10–12 октября 2023 г.; итоговая: 12–14 апреля 2024 г.»; empty
        /// when neither wave's answers carry timestamps.
        let wavesText: String
        let hasWaveDates: Bool
        /// «Охвачено по регистру работников: входной самооценкой — 90 из 94 педагогов ШНОР,
        /// итоговой — 70 из 94 …» (a census: no interval); empty without a `roster` input.
        let coverageText: String
        let hasCoverage: Bool
        /// The coverage per programme school as a Markdown table (register, each wave's answers
        /// found on it, the share); empty without a `roster` input.
        let coverageBySchool: String

        enum CodingKeys: String, CodingKey {
            case coverageText = "coverage_text", hasCoverage = "has_coverage", coverageBySchool = "coverage_by_school"
            case thresholdText = "threshold_text", suppressionNote = "suppression_note", levels, noDifficulty =
                "no_difficulty"
            case beforeCollected = "before_collected", afterCollected = "after_collected", wavesText = "waves_text"
            case hasWaveDates = "has_wave_dates"
        }
    }

    /// When each wave was collected, from its answers' timestamps: the `start` note is dated by
    /// the first wave, the `change` note by the second.
    struct Dates {
        let before: WaveDates?
        let after: WaveDates?
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
        /// False when the instrument maps no support format to the area (a drafted instrument).
        let hasFormats: Bool

        enum CodingKeys: String, CodingKey { case area, shareText = "share_text", formats, hasFormats = "has_formats" }
    }

    /// A school's targeted recommendation.
    struct Recommendation: Codable {
        let school: String
        let respondentsText: String
        let suppressed: Bool
        let hasAreas: Bool
        let noAreas: Bool
        let areas: [AreaShare]
        /// «3 областях»: how many areas reach the threshold, for «в 3 областях».
        let areasText: String

        enum CodingKeys: String, CodingKey {
            case school, respondentsText = "respondents_text", suppressed, hasAreas = "has_areas", noAreas = "no_areas",
                areas, areasText = "areas_text"
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
        /// The pipeline's rules give different verdicts (one reaches the target, another does not).
        let rulesDisagree: Bool
        /// The sentence saying so, naming each rule that disagrees with the headline; empty otherwise.
        let disagreementText: String
        /// Linked teachers of schools outside the programme, left out of the change measures.
        let outsideProgramme: Int
        let hasOutsideProgramme: Bool
        /// Areas where the share with difficulties grew / fell (as printed), the largest change first.
        let areasGrew: [NamedMove]
        let areasFell: [NamedMove]
        let hasAreasGrew: Bool
        let hasAreasFell: Bool
        /// No area's change is significant: every move may be chance.
        let noAreaSignificant: Bool
        /// Rows of «Управленческие решения»: a school below the headline's target each, and the
        /// small schools together when they are (``Decision``).
        let decisions: [Decision]
        let hasDecisions: Bool

        enum CodingKeys: String, CodingKey {
            case link, measures, tables, anySuppressed = "any_suppressed", rulesDisagree = "rules_disagree"
            case disagreementText = "disagreement_text", outsideProgramme = "outside_programme"
            case hasOutsideProgramme = "has_outside_programme"
            case areasGrew = "areas_grew", areasFell = "areas_fell", hasAreasGrew = "has_areas_grew"
            case hasAreasFell = "has_areas_fell", noAreaSignificant = "no_area_significant", decisions
            case hasDecisions = "has_decisions"
        }
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
        /// «изменение статистически незначимо (p = 0,585): затруднения снизились у 17 педагогов, выросли
        /// у 13 педагогов» — also the
        /// end of `verdict_text`'s first sentence when there is a target.
        let testText: String
        /// The same as a sentence of the main text, its statistics left to the appendix:
        /// «Изменение может быть случайным: затруднения снизились у 17 педагогов, выросли у 13 педагогов».
        let plainTestText: String
        /// «у 13 педагогов», «у 1 педагога»: the worsened teachers after «у».
        let worsenedTeachers: String
        /// Some rows could have counted either way: `bounds_text` is worth printing.
        let hasUncounted: Bool
        let bySchool: String
        /// The schools below the target and the hidden ones pooled (``TargetGaps``).
        let gapsSchool: TargetGaps

        enum CodingKeys: String, CodingKey {
            case gapsSchool = "gaps_school"
            case worsenedText = "worsened_text", worsened, unchangedText = "unchanged_text", unchanged
            case pText = "p_text", midPText = "mid_p_text", significant, notSignificant = "not_significant", bySchool =
                "by_school"
            case testText = "test_text", hasUncounted = "has_uncounted"
            case plainTestText = "plain_test_text", worsenedTeachers = "worsened_teachers"
        }
    }

    /// The coverage against the staff register, in one sentence (a census: no interval): of both
    /// waves, or of the first alone (the start note is dated before the second wave happened).
    static func coverageText(_ coverage: SelfAssessmentCoverage, firstWaveOnly: Bool = false) -> String {
        let staff = UnitWording.teachers.from(coverage.staff)
        var text =
            "Охвачено по регистру работников: входной самооценкой — \(coverage.before) \(staff) ШНОР"
            + (firstWaveOnly ? "" : ", итоговой — \(coverage.after) из \(coverage.staff)")
        if !coverage.leftOut.isEmpty {
            text +=
                " (работники в \(coverage.leftOut.count == 1 ? "должности" : "должностях") \(SelfAssessmentContext.leftOutText(coverage)) записаны за школами, но в число педагогов ШНОР не входят)"
        }
        let missing = coverage.notOnRegisterBefore + (firstWaveOnly ? 0 : coverage.notOnRegisterAfter)
        if missing > 0 {
            text +=
                "; не найдены в регистре (другое написание ФИО или школы, новый работник): \(coverage.notOnRegisterBefore) анкет входной"
                + (firstWaveOnly ? "" : " и \(coverage.notOnRegisterAfter) итоговой") + " самооценки"
        }
        return text
    }

    /// Each programme school's coverage by both waves: a count of the register, no interval.
    static func coverageTable(_ coverage: SelfAssessmentCoverage, firstWaveOnly: Bool = false) -> String {
        func share(_ part: Int, _ whole: Int) -> String {
            whole > 0 ? RussianFormat.percent(Double(part) / Double(whole)) : "—"
        }
        if firstWaveOnly {
            return MarkdownTable(
                columns: ["Школа", "Педагогов в регистре", "Найдено анкет", "Охват"], rightAligned: [1, 2, 3],
                rows: coverage.bySchool.map { row in
                    [row.school, String(row.staff), String(row.before), share(row.before, row.staff)]
                }
            ).markdown
        }
        return MarkdownTable(
            columns: ["Школа", "Педагогов в регистре", "Входная: найдено", "Охват", "Итоговая: найдено", "Охват"],
            rightAligned: [1, 2, 3, 4, 5],
            rows: coverage.bySchool.map { row in
                [
                    row.school, String(row.staff), String(row.before), share(row.before, row.staff), String(row.after),
                    share(row.after, row.staff),
                ]
            }
        ).markdown
    }

    /// The register's `not_staff` positions, as the note names them («Наставник-куратор»).
    static func leftOutText(_ coverage: SelfAssessmentCoverage) -> String {
        coverage.leftOut.map { "«\($0)»" }.joined(separator: ", ")
    }

    /// What the coverage measures count, for results.json.
    static func coverageDefinition(_ coverage: SelfAssessmentCoverage) -> String {
        "педагоги школ ШНОР из регистра работников\(coverage.leftOut.isEmpty ? "" : " (без: \(leftOutText(coverage)))"), чья анкета найдена в опросе по ФИО и школе; знаменатель — все педагоги школ ШНОР по регистру; подсчёт по полному регистру, без доверительного интервала"
    }

    /// The change's test as a clause of the verdict sentence (DESIGN.md §5: a change measure
    /// says whether it is significant where it gives its verdict).
    static func testClause(_ test: McNemarTest) -> String {
        "изменение статистически \(test.p < 0.05 ? "значимо" : "незначимо") (p = \(RussianFormat.probability(test.p))): затруднения снизились у \(RussianPlural.teacherGenitive(test.improved)), выросли у \(RussianPlural.teacherGenitive(test.worsened))"
    }

    /// ``testClause(_:)`` in the words of the main text: whether the change can be chance, no p-value.
    static func plainTestClause(_ test: McNemarTest) -> String {
        "изменение \(test.p < 0.05 ? "неслучайно" : "может быть случайным"): затруднения снизились у \(RussianPlural.teacherGenitive(test.improved)), выросли у \(RussianPlural.teacherGenitive(test.worsened))"
    }

    /// The template values of one rule's improved share, its verdict carrying the change's test.
    static func measureValues(
        _ rule: SelfAssessmentAnalysis.RuleFigure, analysis: SelfAssessmentAnalysis, label: String, uncounted: Int?
    ) -> MeasureValues {
        MeasureValues(
            label: label, definition: analysis.definition(rule.rule), share: rule.improved,
            target: analysis.settings.improved.target, unit: .person, wording: .teachers, uncounted: uncounted,
            qualifier: testClause(rule.test), plainQualifier: plainTestClause(rule.test))
    }

    /// - Parameters:
    ///   - uncounted: rows that could have counted either way in the headline (see the run).
    ///   - warnings: computed before the notes, so that both notes show them.
    init(
        configuration: PipelineConfiguration, analysis: SelfAssessmentAnalysis, waves: [InputResult], dates: Dates,
        uncounted: Int, coverage: SelfAssessmentCoverage?, warnings: [RunWarning]
    ) {
        let spec = configuration.spec
        let settings = analysis.settings
        let k = spec.disclosure.k
        func shared(firstWaveOnly: Bool) -> Common {
            Common(
                thresholdText: RussianFormat.percent(settings.threshold, decimals: 0),
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) педагогов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу).",
                levels: analysis.levels.joined(separator: " / "),
                noDifficulty: analysis.levels.first ?? "",
                beforeCollected: dates.before?.text ?? "", afterCollected: dates.after?.text ?? "",
                wavesText: [
                    dates.before.map { "входная самооценка: \($0.text)" }, dates.after.map { "итоговая: \($0.text)" },
                ].compactMap { $0 }.joined(separator: "; "),
                hasWaveDates: dates.before != nil || dates.after != nil,
                coverageText: coverage.map { Self.coverageText($0, firstWaveOnly: firstWaveOnly) } ?? "",
                hasCoverage: coverage != nil,
                coverageBySchool: coverage.map { Self.coverageTable($0, firstWaveOnly: firstWaveOnly) } ?? "")
        }
        // The start note is dated by the first wave: it says nothing of the second.
        let common = TemplateJoin(
            NoteHeading(spec, dated: dates.before, warnings: warnings, note: "start"), shared(firstWaveOnly: true))
        let changeCommon = TemplateJoin(
            NoteHeading(spec, dated: dates.after, warnings: warnings, note: "change"), shared(firstWaveOnly: false))
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
                formats: figure.area.formats.joined(separator: ", "), hasFormats: !figure.area.formats.isEmpty)
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
                            ? "методическое сопровождение" : area.formats.joined(separator: ", "),
                        hasFormats: true)
                },
                areasText: RussianPlural("области", "областях", "областях")(recommendation.areas.count))
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
        var decisions: [Decision] = []
        var changeTables: [String: String] = [:]
        var anyChangeSuppressed = false
        for (index, rule) in analysis.rules.enumerated() {
            let gaps = TargetGaps(
                groups: rule.bySchool, total: rule.improved, target: settings.improved.target, k: k, groupWord: school)
            if index == 0 {
                decisions = Decision.rows(
                    for: gaps, target: settings.improved.target, document: spec.document(forNote: "change"))
            }
            let entry = TemplateJoin(
                Self.measureValues(
                    rule, analysis: analysis,
                    label: SelfAssessmentAnalysis.improvedLabel
                        + (index == 0 ? "" : " (правило «\(analysis.ruleWords(rule.rule))»)"),
                    uncounted: index == 0 ? uncounted : nil),
                RuleDetail(
                    worsenedText: RussianFormat.percent(rule.worsened.value), worsened: rule.worsened.numerator,
                    unchangedText: RussianFormat.percent(rule.unchanged.value), unchanged: rule.unchanged.numerator,
                    pText: RussianFormat.probability(rule.test.p), midPText: RussianFormat.probability(rule.test.midP),
                    significant: rule.test.p < 0.05, notSignificant: rule.test.p >= 0.05,
                    testText: Self.testClause(rule.test),
                    plainTestText: RussianFormat.sentence(Self.plainTestClause(rule.test)),
                    worsenedTeachers: RussianPlural.teacherGenitive(rule.worsened.numerator),
                    hasUncounted: index == 0 && uncounted > 0,
                    bySchool: MarkdownTable.breakdown(
                        heading: "Школа", countHeading: "Снизили затруднения", groups: rule.bySchool,
                        total: rule.improved),
                    gapsSchool: gaps))
            anyChangeSuppressed = anyChangeSuppressed || rule.bySchool.contains(where: \.suppressed)
            measures[index == 0 ? "improved_teachers" : "improved_teachers_\(rule.rule.rawValue)"] = entry
            if index == 0 {
                changeCharts["improved_by_school"] = .bars(
                    title: SelfAssessmentAnalysis.improvedLabel + ", по школам",
                    bars: rule.bySchool.map {
                        Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value)
                    },
                    target: settings.improved.target, targetName: "цель")
            }
        }
        changeTables["rules"] =
            MarkdownTable(
                columns: [
                    "Правило", "Сравнимо", "Затруднения снизились", "Затруднения выросли", "Без изменений",
                    "Целевой показатель", "p (Мак-Немар)", "mid-p",
                ],
                rightAligned: [1, 2, 3, 4, 6, 7],
                rows: analysis.rules.map { rule in
                    [
                        analysis.ruleWords(rule.rule), String(rule.improved.denominator),
                        "\(rule.improved.numerator) (\(RussianFormat.percent(rule.improved.value)))",
                        "\(rule.worsened.numerator) (\(RussianFormat.percent(rule.worsened.value)))",
                        "\(rule.unchanged.numerator) (\(RussianFormat.percent(rule.unchanged.value)))",
                        TargetStatus(share: rule.improved, target: settings.improved.target).map(MeasureValues.words)
                            ?? "—",
                        RussianFormat.probability(rule.test.p), RussianFormat.probability(rule.test.midP),
                    ]
                }
            ).markdown
        changeTables["area_change"] =
            MarkdownTable(
                columns: ["Область", "Было", "Стало", "Изменение", "Снизились", "Выросли", "p"],
                rightAligned: [1, 2, 3, 4, 5, 6],
                rows: analysis.areaChanges.map { change in
                    [
                        change.area.label, RussianFormat.percent(change.before.value, decimals: 0),
                        RussianFormat.percent(change.after.value, decimals: 0),
                        RussianFormat.change(
                            change.before.value.map { $0 * 100 }, change.after.value.map { $0 * 100 }, decimals: 0)
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
        let moves = analysis.areaChanges.map { change -> (move: NamedMove, delta: Double) in
            let before = change.before.value.map { RussianFormat.printed($0 * 100, decimals: 0) } ?? 0
            let after = change.after.value.map { RussianFormat.printed($0 * 100, decimals: 0) } ?? 0
            return (
                NamedMove(
                    name: change.area.label, beforeText: RussianFormat.percent(change.before.value, decimals: 0),
                    afterText: RussianFormat.percent(change.after.value, decimals: 0),
                    changeText: RussianFormat.change(before, after, decimals: 0) + "\u{00A0}п.\u{00A0}п.",
                    significant: change.test.p < 0.05),
                after - before
            )
        }
        let grew = moves.filter { $0.delta > 0 }.sorted { $0.delta > $1.delta }.map(\.move)
        let fell = moves.filter { $0.delta < 0 }.sorted { $0.delta < $1.delta }.map(\.move)
        let disagreement = Self.disagreement(analysis)
        change = TemplateJoin(
            changeCommon,
            Change(
                link: linkValues, measures: measures, tables: changeTables, anySuppressed: anyChangeSuppressed,
                rulesDisagree: !disagreement.isEmpty, disagreementText: disagreement,
                outsideProgramme: analysis.outsideProgramme, hasOutsideProgramme: analysis.outsideProgramme > 0,
                areasGrew: grew, areasFell: fell, hasAreasGrew: !grew.isEmpty, hasAreasFell: !fell.isEmpty,
                noAreaSignificant: !moves.contains(where: \.move.significant), decisions: decisions,
                hasDecisions: !decisions.isEmpty))
        self.startCharts = startCharts
        self.changeCharts = changeCharts
    }

    /// The sentence saying that the pipeline's rules give different verdicts, each rule whose
    /// verdict differs from the headline's named with its figure; empty when they agree.
    static func disagreement(_ analysis: SelfAssessmentAnalysis) -> String {
        guard let target = analysis.settings.improved.target, let headline = analysis.rules.first,
            let reached = TargetStatus(share: headline.improved, target: target)?.reached
        else { return "" }
        let others = analysis.rules.dropFirst().compactMap { rule -> String? in
            guard let status = TargetStatus(share: rule.improved, target: target), status.reached != reached else {
                return nil
            }
            return
                "по правилу «\(analysis.ruleWords(rule.rule))» доля составила \(RussianFormat.percent(rule.improved.value)) (\(rule.improved.numerator) из \(rule.improved.denominator)) — целевой показатель \(MeasureValues.words(status))"
        }
        guard !others.isEmpty else { return "" }
        return
            "Правила расчёта, заданные для показателя, расходятся: \(others.joined(separator: "; ")). Вывод о достижении цели зависит от выбранного правила."
    }
}

extension RussianPlural {
    /// «у 17 педагогов», «у 1 педагога».
    static func teacherGenitive(_ count: Int) -> String {
        RussianPlural("педагога", "педагогов", "педагогов")(count)
    }
}
