import Clean
import Ingest
import Measures
import Notes

/// The template values of the lesson observation note and its charts. The keys a template may
/// name are the `CodingKeys` of ``NoteHeading`` and ``Values`` and the types they hold.
struct LessonObservationContext {
    typealias Note = TemplateJoin<NoteHeading, Values>

    let note: Note
    let charts: [String: Chart]
    /// The headline's values, also for the terminal's summary.
    let headline: MeasureValues

    struct Values: Codable {
        /// «первая волна: 16–27 октября 2023 г.; вторая: 13–24 мая 2024 г.»; empty without dates.
        let wavesText: String
        let hasWaveDates: Bool
        let participants: Participants
        /// The linking of the two waves' teachers, with the self-assessment's keys.
        let link: SelfAssessmentContext.Link
        /// Coverage against the staff register (a census); empty without a `roster` input.
        let coverageText: String
        let hasCoverage: Bool
        let outsideProgramme: Int
        let hasOutsideProgramme: Bool
        /// «12 критериев в 5 блоках; за критерий от 0 до 2 баллов».
        let criteriaText: String
        /// How several observations of a teacher in a wave are counted.
        let repeatedText: String
        /// The improved teachers: ``MeasureValues`` and the change's own keys.
        let measure: Measure
        /// «52,1 % в первой волне (58 педагогов) и 60,3 % во второй (55 педагогов)».
        let levelsText: String
        /// Markdown tables: `blocks` (ranked by gain), `schools` (second wave), `observers`.
        let tables: [String: String]
        let topBlock: String
        let topBlockGain: String
        let thresholdText: String
        /// Schools and blocks whose mean share at the second wave lies below the threshold.
        let schoolsBelow: [String]
        let blocksBelow: [String]
        /// Those lists in one phrase each («СОШ п. Восточный — 57,1 %; СОШ с. Кошай — 59,9 %»).
        let schoolsBelowText: String
        let blocksBelowText: String
        let hasSchoolsBelow: Bool
        let hasBlocksBelow: Bool
        let noneBelow: Bool
        /// Observers whose protocols score at least 10 п. п. above (below) the others': one
        /// sentence; empty when none stands out.
        let observerText: String
        let hasObserverText: Bool
        let anySuppressed: Bool
        let suppressionNote: String

        enum CodingKeys: String, CodingKey {
            case wavesText = "waves_text", hasWaveDates = "has_wave_dates", participants, link
            case coverageText = "coverage_text", hasCoverage = "has_coverage", outsideProgramme = "outside_programme"
            case hasOutsideProgramme = "has_outside_programme", criteriaText = "criteria_text"
            case repeatedText = "repeated_text", measure, levelsText = "levels_text", tables, topBlock = "top_block"
            case topBlockGain = "top_block_gain", thresholdText = "threshold_text", schoolsBelow = "schools_below"
            case blocksBelow = "blocks_below", hasSchoolsBelow = "has_schools_below"
            case schoolsBelowText = "schools_below_text", blocksBelowText = "blocks_below_text"
            case hasBlocksBelow = "has_blocks_below", noneBelow = "none_below", observerText = "observer_text"
            case hasObserverText = "has_observer_text", anySuppressed = "any_suppressed"
            case suppressionNote = "suppression_note"
        }
    }

    struct Participants: Codable {
        let protocolsBefore: Int
        let protocolsAfter: Int
        let teachersBeforeText: String
        let teachersAfterText: String
        let schoolsText: String
        let observers: Int

        enum CodingKeys: String, CodingKey {
            case protocolsBefore = "protocols_before", protocolsAfter = "protocols_after"
            case teachersBeforeText = "teachers_before_text", teachersAfterText = "teachers_after_text"
            case schoolsText = "schools_text", observers
        }
    }

    typealias Measure = TemplateJoin<MeasureValues, Detail>

    struct Detail: Codable {
        let ruleText: String
        let worsened: Int
        /// «у 9 педагогов», «у 1 педагога»: the worsened teachers after «у».
        let worsenedTeachers: String
        let worsenedText: String
        let unchanged: Int
        let unchangedText: String
        let pText: String
        let midPText: String
        /// «изменение статистически значимо (p = 0,012): качество выросло у 19 педагогов, снизилось у 6 педагогов».
        let testText: String
        /// The same as a sentence of the main text, its statistics left to the appendix:
        /// «Изменение неслучайно: качество выросло у 19 педагогов, снизилось у 6 педагогов».
        let plainTestText: String
        let hasUncounted: Bool
        let bySchool: String

        enum CodingKeys: String, CodingKey {
            case ruleText = "rule_text", worsened, worsenedTeachers = "worsened_teachers"
            case worsenedText = "worsened_text", unchanged
            case unchangedText = "unchanged_text", pText = "p_text", midPText = "mid_p_text", testText = "test_text"
            case plainTestText = "plain_test_text"
            case hasUncounted = "has_uncounted", bySchool = "by_school"
        }
    }

    /// The change's test as a clause of the verdict sentence.
    static func testClause(_ test: McNemarTest) -> String {
        "изменение статистически \(test.p < 0.05 ? "значимо" : "незначимо") (p = \(RussianFormat.probability(test.p))): качество выросло у \(RussianPlural.teacherGenitive(test.improved)), снизилось у \(RussianPlural.teacherGenitive(test.worsened))"
    }

    /// ``testClause(_:)`` in the words of the main text: whether the change can be chance, no p-value.
    static func plainTestClause(_ test: McNemarTest) -> String {
        "изменение \(test.p < 0.05 ? "неслучайно" : "может быть случайным"): качество выросло у \(RussianPlural.teacherGenitive(test.improved)), снизилось у \(RussianPlural.teacherGenitive(test.worsened))"
    }

    /// «+8,4 п. п.», «−2,0 п. п.»: a change of a share of the maximum.
    static func points(_ change: Double) -> String {
        let value = change * 100
        let sign = value > 0.05 ? "+" : value < -0.05 ? "−" : ""
        return sign + RussianFormat.decimal(abs(value), decimals: 1) + "\u{00A0}п.\u{00A0}п."
    }

    /// What the coverage measures count, for results.json.
    static func coverageDefinition(_ coverage: SelfAssessmentCoverage) -> String {
        "педагоги школ ШНОР из регистра работников\(coverage.leftOut.isEmpty ? "" : " (без: \(SelfAssessmentContext.leftOutText(coverage)))"), чей урок посещён в волне (найдены по ФИО и школе); знаменатель — все педагоги школ ШНОР по регистру; подсчёт по полному регистру, без доверительного интервала"
    }

    init(
        configuration: PipelineConfiguration, analysis: LessonObservationAnalysis, waves: [InputResult],
        dates: (before: WaveDates?, after: WaveDates?), uncounted: Int, coverage: SelfAssessmentCoverage?,
        warnings: [RunWarning]
    ) {
        let spec = configuration.spec
        let settings = analysis.settings
        let k = spec.disclosure.k
        let teachers = UnitWording.teachers
        let teacher = RussianPlural("педагог", "педагога", "педагогов")
        let school = RussianPlural("школа", "школы", "школ")
        let heading = NoteHeading(spec, dated: dates.after, warnings: warnings)
        let schools = Set((analysis.before + analysis.after).compactMap(\.latest.school)).count
        let observed = Set((waves[0].responses + waves[1].responses).compactMap(\.observer)).count
        let participants = Participants(
            protocolsBefore: waves[0].responses.count, protocolsAfter: waves[1].responses.count,
            teachersBeforeText: teacher(analysis.before.count), teachersAfterText: teacher(analysis.after.count),
            schoolsText: school(schools), observers: observed)
        let link = SelfAssessmentContext.Link(
            before: analysis.before.count, beforeText: teacher(analysis.before.count), after: analysis.after.count,
            afterText: teacher(analysis.after.count), linked: analysis.link.pairs.count,
            linkedText: teacher(analysis.link.pairs.count),
            byId: analysis.link.pairs.filter { $0.method == .id }.count,
            byName: analysis.link.pairs.filter { $0.method == .name }.count,
            byInitials: analysis.link.pairs.filter { $0.method == .initials }.count,
            unmatchedBefore: analysis.link.unmatchedBefore.count, unmatchedAfter: analysis.link.unmatchedAfter.count)
        var coverageText = ""
        if let coverage {
            coverageText =
                "Охвачено по регистру работников: в первой волне — \(coverage.before) \(teachers.from(coverage.staff)) ШНОР, во второй — \(coverage.after) из \(coverage.staff)"
            if !coverage.leftOut.isEmpty {
                coverageText +=
                    " (работники в должности \(SelfAssessmentContext.leftOutText(coverage)) в число педагогов ШНОР не входят)"
            }
            let missing = coverage.notOnRegisterBefore + coverage.notOnRegisterAfter
            if missing > 0 {
                coverageText +=
                    "; не найдены в регистре (другое написание ФИО или школы, новый работник): \(coverage.notOnRegisterBefore) в первой волне и \(coverage.notOnRegisterAfter) во второй"
            }
        }
        let maxima = Set(analysis.design.criteria.map(\.maxScore))
        let criteriaWord = RussianPlural("критерий", "критерия", "критериев")
        let blockWord = RussianPlural("блоке", "блоках", "блоках")
        let criteriaText =
            "\(criteriaWord(analysis.design.criteria.count)) в \(blockWord(analysis.design.blocks.count))"
            + (maxima.count == 1
                ? "; за критерий — от 0 до \(ResponseCleaner.points(maxima.first ?? 0)) баллов"
                : "; наибольший балл у критериев разный (от \(ResponseCleaner.points(maxima.min() ?? 0)) до \(ResponseCleaner.points(maxima.max() ?? 0)))")
        let headline = MeasureValues(
            label: LessonObservationAnalysis.improvedLabel, definition: analysis.definition, share: analysis.improved,
            target: settings.improved.target, unit: .person, wording: teachers, uncounted: uncounted,
            qualifier: Self.testClause(analysis.test), plainQualifier: Self.plainTestClause(analysis.test))
        self.headline = headline
        let measure = TemplateJoin(
            headline,
            Detail(
                ruleText: analysis.ruleWords, worsened: analysis.worsened.numerator,
                worsenedTeachers: RussianPlural.teacherGenitive(analysis.worsened.numerator),
                worsenedText: RussianFormat.percent(analysis.worsened.value), unchanged: analysis.unchanged.numerator,
                unchangedText: RussianFormat.percent(analysis.unchanged.value),
                pText: RussianFormat.probability(analysis.test.p),
                midPText: RussianFormat.probability(analysis.test.midP),
                testText: Self.testClause(analysis.test),
                plainTestText: RussianFormat.sentence(Self.plainTestClause(analysis.test)), hasUncounted: uncounted > 0,
                bySchool: MarkdownTable.breakdown(
                    heading: "Школа", countHeading: "Качество выросло", groups: analysis.bySchool,
                    total: analysis.improved)))
        func percent(_ value: Double?) -> String { RussianFormat.percent(value) }
        let levelsText =
            "\(percent(analysis.levelBefore.mean)) в первой волне (\(teacher(analysis.levelBefore.teachers))) и \(percent(analysis.levelAfter.mean)) во второй (\(teacher(analysis.levelAfter.teachers)))"
        var tables: [String: String] = [:]
        tables["blocks"] =
            MarkdownTable(
                columns: [
                    "№", "Блок протокола", "Педагогов", "Первая волна", "Вторая волна", "Прирост", "Выросло",
                    "Снизилось", "p",
                ],
                rightAligned: [0, 2, 3, 4, 5, 6, 7, 8],
                rows: analysis.ranking.enumerated().map { rank, index in
                    let change = analysis.blockChanges[index]
                    return [
                        String(rank + 1), change.label, String(change.compared), percent(change.before),
                        percent(change.after), change.gain.map(Self.points) ?? "—", String(change.test.improved),
                        String(change.test.worsened), RussianFormat.probability(change.test.p),
                    ]
                }
            ).markdown
        var anySuppressed = analysis.bySchool.contains(where: \.suppressed)
        func levelRows(_ levels: [LessonObservationAnalysis.Level]) -> [[String]] {
            levels.map { level in
                if level.suppressed { anySuppressed = true }
                return level.suppressed
                    ? [level.label, "—¹", "—¹"]
                    : [
                        level.label, String(level.teachers),
                        percent(level.mean)
                            + ((level.mean ?? 1) + 1e-12 < settings.threshold ? " (ниже порога)" : ""),
                    ]
            }
        }
        tables["schools"] =
            MarkdownTable(
                columns: ["Школа", "Педагогов", "Средняя доля от максимума"], rightAligned: [1, 2],
                rows: levelRows(analysis.schoolLevels)
            ).markdown
        tables["block_levels"] =
            MarkdownTable(
                columns: ["Блок протокола", "Педагогов", "Средняя доля от максимума"], rightAligned: [1, 2],
                rows: levelRows(analysis.blockLevels)
            ).markdown
        tables["observers"] =
            MarkdownTable(
                columns: [
                    "Наблюдатель", "Протоколов", "Педагогов", "Средняя доля от максимума", "Отклонение от остальных",
                ],
                rightAligned: [1, 2, 3, 4],
                rows: analysis.observers.map { observer in
                    if observer.suppressed { anySuppressed = true }
                    return observer.suppressed
                        ? [observer.label, "—¹", "—¹", "—¹", "—¹"]
                        : [
                            observer.label, String(observer.protocols), String(observer.teachers),
                            percent(observer.mean), observer.deviation.map(Self.points) ?? "—",
                        ]
                }
            ).markdown
        let top = analysis.ranking.first.map { analysis.blockChanges[$0] }
        let schoolsBelow = analysis.schoolLevels.filter {
            !$0.suppressed && ($0.mean ?? 1) + 1e-12 < settings.threshold
        }.map { "\($0.label) — \(percent($0.mean))" }
        let blocksBelow = analysis.blockLevels.filter { ($0.mean ?? 1) + 1e-12 < settings.threshold }.map {
            "«\($0.label)» — \(percent($0.mean))"
        }
        let standing = analysis.observers.filter { !$0.suppressed && abs($0.deviation ?? 0) + 1e-12 >= 0.1 }
        let observerText =
            standing.isEmpty
            ? ""
            : "Протоколы "
                + standing.map { observer in
                    "наблюдателя \(observer.number) (\(RussianFormat.percent(observer.mean))) — \((observer.deviation ?? 0) > 0 ? "выше" : "ниже"), чем у остальных, на \(RussianFormat.decimal(abs(observer.deviation ?? 0) * 100, decimals: 1))\u{00A0}п.\u{00A0}п."
                }.joined(separator: "; ")
                + " Наблюдатели посещали разных педагогов, поэтому разница может объясняться и составом посещённых; прежде чем сравнивать школы, стоит согласовать оценивание (совместное посещение одного урока двумя наблюдателями)"
        note = TemplateJoin(
            heading,
            Values(
                wavesText: [
                    dates.before.map { "первая волна: \($0.text)" }, dates.after.map { "вторая: \($0.text)" },
                ].compactMap { $0 }.joined(separator: "; "),
                hasWaveDates: dates.before != nil || dates.after != nil, participants: participants, link: link,
                coverageText: coverageText, hasCoverage: coverage != nil, outsideProgramme: analysis.outsideProgramme,
                hasOutsideProgramme: analysis.outsideProgramme > 0, criteriaText: criteriaText,
                repeatedText: settings.repeated == .mean
                    ? "если урок педагога в волне посещали несколько раз, доли от максимума по протоколам усреднены"
                    : "если урок педагога в волне посещали несколько раз, учтён последний протокол",
                measure: measure, levelsText: levelsText, tables: tables, topBlock: top?.label ?? "",
                topBlockGain: top?.gain.map(Self.points) ?? "—",
                thresholdText: RussianFormat.percent(settings.threshold, decimals: 0), schoolsBelow: schoolsBelow,
                blocksBelow: blocksBelow, schoolsBelowText: schoolsBelow.joined(separator: "; "),
                blocksBelowText: blocksBelow.joined(separator: "; "), hasSchoolsBelow: !schoolsBelow.isEmpty,
                hasBlocksBelow: !blocksBelow.isEmpty,
                noneBelow: schoolsBelow.isEmpty && blocksBelow.isEmpty, observerText: observerText,
                hasObserverText: !observerText.isEmpty, anySuppressed: anySuppressed,
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) педагогов (и ещё одна группа — чтобы скрытое нельзя было вычислить по итогу)."
            ))
        charts = [
            "blocks": .beforeAfter(
                title: "Средняя доля от максимума баллов по блокам протокола: первая и вторая волна",
                labels: analysis.blockChanges.map(\.label), before: analysis.blockChanges.map(\.before),
                after: analysis.blockChanges.map(\.after)),
            "improved_by_school": .bars(
                title: LessonObservationAnalysis.improvedLabel + ", по школам",
                bars: analysis.bySchool.map {
                    Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.share.value)
                },
                target: settings.improved.target, targetName: "цель"),
        ]
    }
}
