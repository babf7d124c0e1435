import Clean
import Foundation
import Ingest
import Link
import Measures
import Notes

extension PipelineRun {
    /// The self-assessment: the first wave's profile and recommendations, then the change.
    static func runSelfAssessment(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        let spec = configuration.spec
        guard let settings = spec.selfAssessment else {
            throw ConfigurationError(file: configuration.path, "нет раздела self_assessment")
        }
        var ledger = Ledger()
        var waves: [(result: InputResult, kept: [Response])] = []
        for input in configuration.responsesInputs {
            waves.append(try readResponses(input, configuration, ledger: &ledger))
        }
        let roster = try readRoster(configuration, ledger: &ledger)

        // The two waves: two files by their `stage:`, or one file split by its stage column.
        let pre: (InputResult, [Response])
        let post: (InputResult, [Response])
        if waves.count == 2 {
            guard let first = waves.first(where: { $0.result.input.stage == .pre }),
                let second = waves.first(where: { $0.result.input.stage == .post })
            else {
                throw ConfigurationError(file: configuration.path, "нужны входы со stage: pre и stage: post")
            }
            pre = (first.result, first.kept)
            post = (second.result, second.kept)
        } else {
            pre = (waves[0].result, waves[0].kept.filter { $0.stage == 0 })
            post = (waves[0].result, waves[0].kept.filter { $0.stage == 1 })
        }
        for binding in [pre.0.binding, post.0.binding]
        where !binding.slots.contains(where: { $0.group == settings.areas || $0.id == settings.areas }) {
            throw ConfigurationError(file: configuration.path, "в выгрузке нет столбцов областей «\(settings.areas)»")
        }
        let analysis = SelfAssessmentAnalysis(
            configuration: configuration, settings: settings, preBinding: pre.0.binding,
            postBinding: post.0.binding, pre: pre.1, post: post.1)
        for wave in waves {
            let kept = wave.kept.count
            ledger.record(
                input: wave.result.input.id, stage: "link", rowsIn: kept, rowsOut: kept,
                noted: ["linked_across_waves": analysis.link.pairs.count])
        }
        try checkLedger(ledger, configuration)

        let dates = SelfAssessmentContext.Dates(
            before: WaveDates(analysis.pre.map(\.timestamp)), after: WaveDates(analysis.post.map(\.timestamp)))
        // Rows that could have been a teacher of either wave, one way or the other: those left out
        // for a reason other than a repeat or a test, and the unlinked records that could be one person.
        let rejected = waves.reduce(0) { $0 + $1.result.uncountedRows }
        // An area answer off its scale leaves that teacher's change undecided: one uncounted row
        // per submission with any such cell.
        let unreadable = analysis.unreadableAreaAnswers
        let spoiled = Set(unreadable.map { "\($0.origin)" }).count
        let uncounted = rejected + analysis.linkable + spoiled
        let coverage = roster.map {
            SelfAssessmentCoverage(roster: $0, analysis: analysis, register: configuration.register)
        }
        let read = waves.reduce(0) { $0 + $1.result.summary.rowsRead }
        let kept = waves.reduce(0) { $0 + $1.kept.count }
        var warnings = [tolerance(configuration, read: read, kept: kept)].compactMap { $0 }
        warnings += Self.emptinessWarnings(analysis, configuration)
        if !unreadable.isEmpty {
            warnings.append(
                RunWarning.unreadableAnswers(
                    of: "самооценка: области «\(settings.areas)»", unreadable, categories: analysis.levels.count,
                    allowed: configuration.spec.allowed))
        }
        if let coverage, coverage.staff > 0, coverage.before + coverage.after == 0,
            coverage.notOnRegisterBefore + coverage.notOnRegisterAfter > 0
        {
            warnings.append(
                RunWarning(
                    .emptyColumn,
                    "вход «\(configuration.rosterInput?.id ?? "")» (регистр работников): ни одна из \(coverage.notOnRegisterBefore + coverage.notOnRegisterAfter) анкет педагогов ШНОР не найдена в нём по ФИО и школе — охват 0; проверьте, тот ли это регистр",
                    allowed: configuration.spec.allowed))
        }
        if let coverage, coverage.staff == 0 {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "вход «\(configuration.rosterInput?.id ?? "")» (регистр работников): в нём нет ни одного работника школ ШНОР\(coverage.leftOut.isEmpty ? "" : " (\(SelfAssessmentContext.leftOutText(coverage)) не в счёт)") — охват не из чего считать",
                    allowed: configuration.spec.allowed))
        }
        let headline = analysis.rules.first
        if let headline,
            let warning = RunWarning.uncertainVerdict(
                label: SelfAssessmentAnalysis.improvedLabel,
                bounds: UncountedBounds(share: headline.improved, uncounted: uncounted),
                target: settings.improved.target)
        {
            warnings.append(warning)
        }

        let results = Self.results(configuration, analysis, uncounted: uncounted, coverage: coverage)
        let notes = try renderNotes(configuration, results: results, outputFolder: outputFolder) { note in
            let context = SelfAssessmentContext(
                configuration: configuration, analysis: analysis, waves: waves.map(\.result), dates: dates,
                uncounted: uncounted, coverage: coverage, warnings: warnings)
            if note.id == "change" { return (context.change, context.changeCharts) }
            return (context.start, context.startCharts)
        }
        var lines = analysis.ranking.prefix(3).map { index in
            let figure = analysis.profile[index]
            return
                "затруднения: \(figure.area.label) — \(RussianFormat.percent(figure.share.value)) (\(figure.share.numerator) из \(figure.share.denominator))"
        }
        if let headline {
            let values = SelfAssessmentContext.measureValues(
                headline, analysis: analysis, label: SelfAssessmentAnalysis.improvedLabel, uncounted: uncounted)
            lines.append(
                "\(SelfAssessmentAnalysis.improvedLabel): \(values.shareText) (\(headline.improved.numerator) из \(headline.improved.denominator))"
                    + (values.targetText.map {
                        " при цели \($0)" + (values.status == nil ? "" : " — \(values.statusText)")
                    } ?? "")
                    + "; \(SelfAssessmentContext.testClause(headline.test))"
                    + (values.boundsText.map { "; с неучтёнными (\(uncounted)) — \($0)" } ?? ""))
        }
        lines.append(
            "связано между опросами \(analysis.link.pairs.count); без пары: в первом \(analysis.link.unmatchedBefore.count), во втором \(analysis.link.unmatchedAfter.count)"
        )
        lines += ledger.fallbackLines
        if let coverage {
            lines.append(
                "охвачено педагогов ШНОР по регистру: входной самооценкой \(coverage.before) из \(coverage.staff), итоговой \(coverage.after) из \(coverage.staff)"
            )
        }
        if let before = dates.before, let after = dates.after {
            lines.append("входная самооценка: \(before.text); итоговая: \(after.text)")
        }
        guard let outputFolder else { return Summary(outputs: [], lines: lines, warnings: warnings) }

        let clean = cleanTable(
            pre.1.map { ($0, "до") } + post.1.map { ($0, "после") }, binding: pre.0.binding,
            register: configuration.register, threshold: configuration.spec.disclosure.k)
        let emission = Emission(
            notes: notes, results: results,
            inputs: waves.map(\.result) + (roster.map { [$0] } ?? []),
            ledger: ledger, cleanHeader: clean.header, cleanRows: clean.rows,
            privateTables: [Self.linkage(analysis, configuration), Self.profiles(analysis, configuration)],
            warnings: warnings)
        let outputs = try write(emission, to: outputFolder, configuration: configuration)
        return Summary(outputs: outputs, lines: lines, warnings: warnings)
    }

    /// What the run could not count: an area nobody rated, a breakdown whose column matched
    /// nothing, no teacher linked across the waves — each a warning, never an empty table.
    static func emptinessWarnings(_ analysis: SelfAssessmentAnalysis, _ configuration: PipelineConfiguration)
        -> [RunWarning]
    {
        let allowed = configuration.spec.allowed
        var warnings: [RunWarning] = []
        for figure in analysis.profile where figure.share.denominator == 0 {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "область «\(figure.area.label)»: в первом опросе её не оценил ни один педагог — доля затруднений не из чего считать",
                    allowed: allowed))
        }
        for breakdown in analysis.breakdowns {
            let name = breakdown.dimension.rawValue
            switch breakdown.dimension {
            case .subject where !analysis.pre.contains(where: { $0.subject != nil }),
                .position where !analysis.pre.contains(where: { $0.position != nil }):
                warnings.append(
                    RunWarning(
                        .emptyColumn,
                        "разбивка «\(name)» (self_assessment.breakdowns): столбец \(breakdown.dimension == .subject ? "предмета" : "должности") не найден в выгрузке первого опроса или пуст во всех анкетах — таблица по нему пуста",
                        allowed: allowed))
            default:
                if breakdown.groups.isEmpty {
                    warnings.append(
                        RunWarning(
                            .emptyDenominator,
                            "разбивка «\(name)» (self_assessment.breakdowns): ни одной группы с ответами",
                            allowed: allowed))
                }
            }
        }
        if analysis.link.pairs.isEmpty {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "ни одна анкета второго опроса не сопоставлена с анкетой первого (по табельному номеру, ФИО и школе): «\(SelfAssessmentAnalysis.improvedLabel)» не из чего считать; проверьте, что в обоих опросах одни и те же школы и ФИО",
                    allowed: allowed))
        } else if let headline = analysis.rules.first, headline.improved.denominator == 0 {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "«\(SelfAssessmentAnalysis.improvedLabel)»: среди \(analysis.link.pairs.count) сопоставленных педагогов нет ни одного педагога школы ШНОР, оценившего хотя бы одну область в обоих опросах (школы программы — programme: true в реестре школ)",
                    allowed: allowed))
        }
        return warnings
    }

    static func results(
        _ configuration: PipelineConfiguration, _ analysis: SelfAssessmentAnalysis, uncounted: Int,
        coverage: SelfAssessmentCoverage?
    ) -> ResultsDocument {
        let spec = configuration.spec
        var measures: [ResultsDocument.MeasureResult] = []
        for (number, figure) in analysis.profile.enumerated() {
            var groups: [(by: [String: String], share: Share, suppressed: Bool)] = []
            for breakdown in analysis.breakdowns {
                for (group, (share, hidden)) in zip(
                    breakdown.groups, zip(breakdown.cells[number], breakdown.suppressed[number]))
                {
                    groups.append(([breakdown.dimension.rawValue: group], share, hidden))
                }
            }
            measures.append(
                ResultsDocument.measure(
                    id: "difficulty_area_\(number + 1)",
                    label: "Доля педагогов, испытывающих затруднения: \(figure.area.label)",
                    definition:
                        "доля педагогов первого опроса, оценивших область и отметивших затруднения (любой уровень, кроме «\(analysis.levels.first ?? "")»)",
                    share: figure.share, target: nil, unit: .person, population: "all", groups: groups))
        }
        for (index, rule) in analysis.rules.enumerated() {
            let id = index == 0 ? "improved_teachers" : "improved_teachers_\(rule.rule.rawValue)"
            measures.append(
                ResultsDocument.measure(
                    id: id,
                    label: SelfAssessmentAnalysis.improvedLabel
                        + (index == 0 ? "" : " (правило: \(analysis.ruleWords(rule.rule)))"),
                    definition: analysis.definition(rule.rule), share: rule.improved,
                    target: spec.selfAssessment?.improved.target, unit: .person, population: "programme",
                    uncounted: index == 0 ? uncounted : nil, change: rule.test,
                    groups: rule.bySchool.map { (["school": $0.label], $0.share, $0.suppressed) }))
            if index == 0 {
                measures.append(
                    ResultsDocument.measure(
                        id: "worsened_teachers",
                        label: "Доля педагогов, у которых профессиональные затруднения по самооценке выросли",
                        definition: analysis.definition(rule.rule), share: rule.worsened, target: nil, unit: .person,
                        population: "programme", groups: []))
                measures.append(
                    ResultsDocument.measure(
                        id: "unchanged_teachers",
                        label: "Доля педагогов без однозначных изменений профессиональных затруднений по самооценке",
                        definition: analysis.definition(rule.rule), share: rule.unchanged, target: nil, unit: .person,
                        population: "programme", groups: []))
            }
        }
        if let coverage {
            measures += WaveLinkOutputs.coverageMeasures(
                coverage, waves: ("входной", "итоговой"),
                label: { "Охват педагогов ШНОР \($0) самооценкой (по регистру работников)" },
                definition: SelfAssessmentContext.coverageDefinition(coverage))
        }
        typealias Cell = ResultsDocument.Cell
        let ranking = ResultsDocument.TableResult(
            id: "area_ranking", label: "Области профессиональной деятельности по доле педагогов с затруднениями",
            columns: ["rank", "area", "with_difficulty", "rated", "share", "severe", "support_formats"],
            rows: analysis.ranking.enumerated().map { rank, index in
                let figure = analysis.profile[index]
                return [
                    .integer(rank + 1), .text(figure.area.label), .integer(figure.share.numerator),
                    .integer(figure.share.denominator),
                    figure.share.value.map(Cell.number) ?? .null, .integer(figure.severe),
                    .text(figure.area.formats.joined(separator: "; ")),
                ]
            })
        let change = ResultsDocument.TableResult(
            id: "area_change", label: "Затруднения по областям у педагогов, прошедших оба опроса",
            columns: ["area", "before", "after", "rated_both", "improved", "worsened", "mcnemar_p", "mcnemar_mid_p"],
            rows: analysis.areaChanges.map { change in
                [
                    .text(change.area.label), change.before.value.map(Cell.number) ?? .null,
                    change.after.value.map(Cell.number) ?? .null,
                    .integer(change.before.denominator), .integer(change.test.improved), .integer(change.test.worsened),
                    .number(change.test.p), .number(change.test.midP),
                ]
            })
        let paired = ResultsDocument.TableResult(
            id: "paired_change", label: "Изменение у педагогов, прошедших оба опроса, по правилам",
            columns: ["rule", "compared", "improved", "worsened", "unchanged", "mcnemar_p", "mcnemar_mid_p"],
            rows: analysis.rules.map { rule in
                [
                    .text(rule.rule.rawValue), .integer(rule.improved.denominator), .integer(rule.improved.numerator),
                    .integer(rule.worsened.numerator), .integer(rule.unchanged.numerator), .number(rule.test.p),
                    .number(rule.test.midP),
                ]
            })
        let linkage = WaveLinkOutputs.table(analysis.link, label: "Связывание анкет двух опросов")
        let recommendations = ResultsDocument.TableResult(
            id: "recommendations", label: "Адресные рекомендации: области с долей затруднений не ниже порога",
            columns: ["school", "area", "share", "support_formats"],
            rows: analysis.recommendations.flatMap { recommendation in
                recommendation.areas.map { area, share in
                    [
                        .text(recommendation.school.name), .text(area.label), share.value.map(Cell.number) ?? .null,
                        .text(area.formats.joined(separator: "; ")),
                    ]
                }
            })
        return ResultsDocument(
            pipeline: spec.id, title: spec.title, period: spec.period, measures: measures,
            tables: [ranking, recommendations, change, paired, linkage])
    }

    /// private/linkage.csv: every first- and second-wave record, paired or not.
    static func linkage(_ analysis: SelfAssessmentAnalysis, _ configuration: PipelineConfiguration) -> (
        String, [String], [[String]]
    ) {
        func describe(_ response: Response) -> [String] {
            [
                response.respondentName ?? "", response.school.map { configuration.register.schools[$0].name } ?? "",
                response.origin.file, String(response.origin.line),
            ]
        }
        return WaveLinkOutputs.privateFile(
            analysis.link,
            header: [
                "ФИО (до)", "школа (до)", "файл (до)", "строка (до)", "ФИО (после)", "школа (после)", "файл (после)",
                "строка (после)",
            ], onlyBefore: "нет во втором опросе", onlyAfter: "нет в первом опросе",
            describeBefore: { describe(analysis.pre[$0]) }, describeAfter: { describe(analysis.post[$0]) })
    }

    /// private/profiles.csv: each teacher's levels by area and the formats that answer them, for mentors.
    static func profiles(_ analysis: SelfAssessmentAnalysis, _ configuration: PipelineConfiguration) -> (
        String, [String], [[String]]
    ) {
        let rows = analysis.pre.map { response -> [String] in
            var row = [
                response.respondentName ?? "", response.school.map { configuration.register.schools[$0].name } ?? "",
                response.subject ?? "",
            ]
            var formats: [String] = []
            for area in analysis.areas {
                if case .category(let level) = response.answer(at: area.preSlot) {
                    row.append(analysis.levels[level])
                    if level > 0 { formats += area.formats.filter { !formats.contains($0) } }
                } else {
                    row.append("")
                }
            }
            return row + [formats.joined(separator: "; ")]
        }
        return (
            "profiles.csv", ["ФИО", "школа", "предмет"] + analysis.areas.map(\.label) + ["рекомендуемые форматы"], rows
        )
    }
}
