import Clean
import Foundation
import Ingest
import Link
import Measures
import Notes

extension PipelineRun {
    /// The monitoring of teaching quality by lesson observation: two waves of protocols, combined
    /// per teacher, linked, compared.
    static func runLessonObservation(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        let spec = configuration.spec
        guard let settings = spec.lessonObservation else {
            throw ConfigurationError(file: configuration.path, "нет раздела lesson_observation")
        }
        var ledger = Ledger()
        // Several protocols of one teacher are expected: the analysis combines them by `repeated`,
        // so cleaning keeps every protocol (only test protocols are dropped).
        let policy = CleaningPolicy(duplicates: .keepAll, testMarkers: spec.cleaning.testMarkers)
        var waves: [InputResult] = []
        for stage in [PipelineSpec.Stage.pre, .post] {
            guard let input = spec.inputs.first(where: { $0.kind == .observations && $0.stage == stage }) else {
                throw ConfigurationError(
                    file: configuration.path, "нужны входы kind: observations со stage: pre и stage: post")
            }
            waves.append(try InputReader.read(input, configuration: configuration, policy: policy, ledger: &ledger))
        }
        let roster = try readRoster(configuration, ledger: &ledger)
        let instrument = waves[0].binding.instrument
        let design = LessonProtocol(instrument)
        let observerNames =
            instrument.column(role: .observer)?.scale.flatMap { instrument.scales[$0] }?.categories.map(\.label) ?? []

        // Each wave: one record per teacher.
        var teachers: [[ObservedTeacher]] = []
        for index in waves.indices {
            let kept = waves[index].responses
            let (combined, dropped) = ObservedTeacher.combine(kept, design: design, repeated: settings.repeated)
            waves[index].rejections += dropped.map { item in
                (
                    "combine",
                    Rejection(
                        origin: item.protocol.origin, reason: .repeatedObservation,
                        detail:
                            "повторное посещение того же педагога в волне; учтён последний протокол (строка \(item.keptLine))",
                        cells: [item.protocol.respondentName ?? ""])
                )
            }
            let repeated = combined.reduce(0) { $0 + max(0, $1.protocols.count - 1) }
            ledger.record(
                input: waves[index].input.id, stage: "combine", rowsIn: kept.count, rowsOut: kept.count - dropped.count,
                rejected: dropped.isEmpty ? [:] : [.repeatedObservation: dropped.count],
                noted: [
                    "teachers": combined.count,
                    "repeated_observations_averaged": settings.repeated == .mean ? repeated : 0,
                ].filter { $0.value > 0 })
            teachers.append(combined)
        }
        let analysis = LessonObservationAnalysis(
            configuration: configuration, settings: settings, design: design, observerNames: observerNames,
            before: teachers[0], after: teachers[1])
        for (index, wave) in waves.enumerated() {
            let rows = wave.responses.count - wave.rejections.filter { $0.stage == "combine" }.count
            let unmatched = index == 0 ? analysis.link.unmatchedBefore.count : analysis.link.unmatchedAfter.count
            ledger.record(
                input: wave.input.id, stage: "link", rowsIn: rows, rowsOut: rows,
                noted: [
                    "linked_across_waves": analysis.link.pairs.count,
                    index == 0 ? "teachers_only_in_first_wave" : "teachers_only_in_second_wave": unmatched,
                ])
        }
        try checkLedger(ledger, configuration)

        let dates = (
            before: WaveDates(waves[0].responses.map(\.timestamp)),
            after: WaveDates(waves[1].responses.map(\.timestamp))
        )
        let uncounted = waves.reduce(0) { $0 + $1.uncountedRows } + analysis.linkable
        let coverage = roster.map {
            SelfAssessmentCoverage(
                roster: $0, before: analysis.before.map(\.latest), after: analysis.after.map(\.latest),
                register: configuration.register)
        }
        let read = waves.reduce(0) { $0 + $1.summary.rowsRead }
        let kept = waves.reduce(0) { $0 + $1.responses.count }
        var warnings = [tolerance(configuration, read: read, kept: kept)].compactMap { $0 }
        warnings += Self.observationWarnings(analysis, waves: waves, configuration)
        if let warning = RunWarning.uncertainVerdict(
            label: LessonObservationAnalysis.improvedLabel,
            bounds: UncountedBounds(share: analysis.improved, uncounted: uncounted), target: settings.improved.target)
        {
            warnings.append(warning)
        }

        let context = LessonObservationContext(
            configuration: configuration, analysis: analysis, waves: waves, dates: dates, uncounted: uncounted,
            coverage: coverage, warnings: warnings)
        let results = Self.results(configuration, analysis, uncounted: uncounted, coverage: coverage)
        let notes = try renderNotes(configuration, results: results, outputFolder: outputFolder) { _ in
            (context.note, context.charts)
        }
        var lines: [String] = []
        let values = context.headline
        lines.append(
            "\(LessonObservationAnalysis.improvedLabel): \(values.shareText) (\(analysis.improved.numerator) из \(analysis.improved.denominator))"
                + (values.targetText.map { " при цели \($0)" + (values.status == nil ? "" : " — \(values.statusText)") }
                    ?? "")
                + "; \(LessonObservationContext.testClause(analysis.test))"
                + (values.boundsText.map { "; с неучтёнными (\(uncounted)) — \($0)" } ?? ""))
        if let top = analysis.ranking.first, let gain = analysis.blockChanges[top].gain {
            lines.append(
                "наибольший прирост: «\(analysis.blockChanges[top].label)» — \(LessonObservationContext.points(gain))")
        }
        lines.append(
            "протоколов: \(waves[0].responses.count) и \(waves[1].responses.count); педагогов: \(analysis.before.count) и \(analysis.after.count); связано между волнами \(analysis.link.pairs.count); без пары: в первой \(analysis.link.unmatchedBefore.count), во второй \(analysis.link.unmatchedAfter.count)"
        )
        lines += ledger.fallbackLines
        guard let outputFolder else { return Summary(outputs: [], lines: lines, warnings: warnings) }

        let clean = cleanTable(
            waves[0].responses.map { ($0, "первая волна") } + waves[1].responses.map { ($0, "вторая волна") },
            binding: waves[0].binding, register: configuration.register, threshold: spec.disclosure.k)
        let emission = Emission(
            notes: notes, results: results,
            inputs: waves + (roster.map { [$0] } ?? []), ledger: ledger, cleanHeader: clean.header,
            cleanRows: clean.rows,
            privateTables: [
                Self.observationLinkage(analysis, configuration), Self.observedProfiles(analysis, configuration),
                Self.observerNames(analysis),
            ],
            warnings: warnings)
        let outputs = try write(emission, to: outputFolder, configuration: configuration)
        return Summary(outputs: outputs, lines: lines, warnings: warnings)
    }

    /// What the run could not count: no teacher linked, no comparable pair, a block nobody was
    /// scored on, protocols without an observer effect to show — each a warning, never an empty table.
    static func observationWarnings(
        _ analysis: LessonObservationAnalysis, waves: [InputResult], _ configuration: PipelineConfiguration
    ) -> [RunWarning] {
        let allowed = configuration.spec.allowed
        var warnings: [RunWarning] = []
        if analysis.link.pairs.isEmpty {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "ни один педагог второй волны не сопоставлен с педагогом первой (по табельному номеру, ФИО и школе): «\(LessonObservationAnalysis.improvedLabel)» не из чего считать; проверьте, что в протоколах обеих волн одни и те же школы и ФИО",
                    allowed: allowed))
        } else if analysis.improved.denominator == 0 {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "«\(LessonObservationAnalysis.improvedLabel)»: среди \(analysis.link.pairs.count) сопоставленных педагогов нет ни одного педагога школы ШНОР с оценёнными критериями в обеих волнах (школы программы — programme: true в реестре школ)",
                    allowed: allowed))
        }
        for change in analysis.blockChanges where change.compared == 0 && !analysis.pairs.isEmpty {
            warnings.append(
                RunWarning(
                    .emptyDenominator,
                    "блок «\(change.label)»: ни у одного педагога, посещённого в обеих волнах, его критерии не оценены в обеих — прирост не из чего считать",
                    allowed: allowed))
        }
        if analysis.observers.isEmpty && waves.contains(where: { !$0.responses.isEmpty }) {
            warnings.append(
                RunWarning(
                    .emptyColumn,
                    "наблюдатели: ни у одного протокола не прочитан наблюдатель — влияние наблюдателя на баллы показать нельзя",
                    allowed: allowed))
        }
        return warnings
    }

    static func results(
        _ configuration: PipelineConfiguration, _ analysis: LessonObservationAnalysis, uncounted: Int,
        coverage: SelfAssessmentCoverage?
    ) -> ResultsDocument {
        let spec = configuration.spec
        let target = analysis.settings.improved.target
        var measures: [ResultsDocument.MeasureResult] = [
            ResultsDocument.measure(
                id: "observed_improved_teachers", label: LessonObservationAnalysis.improvedLabel,
                definition: analysis.definition, share: analysis.improved, target: target, unit: .person,
                population: "programme", uncounted: uncounted, change: analysis.test,
                groups: analysis.bySchool.map { (["school": $0.label], $0.share, $0.suppressed) }),
            ResultsDocument.measure(
                id: "observed_worsened_teachers",
                label: "Доля педагогов, у которых качество преподавания по результатам посещения уроков снизилось",
                definition: analysis.definition, share: analysis.worsened, target: nil, unit: .person,
                population: "programme", groups: []),
            ResultsDocument.measure(
                id: "observed_unchanged_teachers",
                label: "Доля педагогов без значимых изменений качества преподавания по результатам посещения уроков",
                definition: analysis.definition, share: analysis.unchanged, target: nil, unit: .person,
                population: "programme", groups: []),
        ]
        if let coverage {
            measures += WaveLinkOutputs.coverageMeasures(
                coverage, waves: ("первой", "второй"),
                label: { "Охват педагогов ШНОР посещением уроков \($0) волны (по регистру работников)" },
                definition: LessonObservationContext.coverageDefinition(coverage))
        }
        typealias Cell = ResultsDocument.Cell
        func number(_ value: Double?) -> Cell { value.map(Cell.number) ?? .null }
        let blocks = ResultsDocument.TableResult(
            id: "block_change",
            label: "Блоки протокола по приросту средней доли от максимума у педагогов, посещённых в обеих волнах",
            columns: ["rank", "block", "compared", "before", "after", "gain", "improved", "worsened", "mcnemar_p"],
            rows: analysis.ranking.enumerated().map { rank, index in
                let change = analysis.blockChanges[index]
                return [
                    .integer(rank + 1), .text(change.label), .integer(change.compared), number(change.before),
                    number(change.after), number(change.gain), .integer(change.test.improved),
                    .integer(change.test.worsened), .number(change.test.p),
                ]
            })
        let paired = ResultsDocument.TableResult(
            id: "paired_change", label: "Изменение у педагогов, посещённых в обеих волнах",
            columns: ["rule", "margin", "compared", "improved", "worsened", "unchanged", "mcnemar_p", "mcnemar_mid_p"],
            rows: [
                [
                    .text(analysis.settings.improved.rule.rawValue), .number(analysis.settings.improved.margin),
                    .integer(analysis.improved.denominator), .integer(analysis.improved.numerator),
                    .integer(analysis.worsened.numerator), .integer(analysis.unchanged.numerator),
                    .number(analysis.test.p), .number(analysis.test.midP),
                ]
            ])
        func levelRow(_ kind: String, _ level: LessonObservationAnalysis.Level) -> [Cell] {
            [
                .text(kind), .text(level.label), level.suppressed ? .null : .integer(level.teachers),
                level.suppressed ? .null : number(level.mean),
                .text(
                    level.suppressed
                        ? "suppressed"
                        : (level.mean ?? 1) + 1e-12 >= analysis.settings.threshold ? "" : "below_threshold"),
            ]
        }
        let levels = ResultsDocument.TableResult(
            id: "levels",
            label:
                "Средняя доля от максимума баллов: по волнам, по школам и блокам во второй волне (порог — \(RussianFormat.percent(analysis.settings.threshold, decimals: 0)))",
            columns: ["kind", "group", "teachers", "mean_share", "status"],
            rows: [levelRow("wave", analysis.levelBefore), levelRow("wave", analysis.levelAfter)]
                + analysis.schoolLevels.map { levelRow("school", $0) }
                + analysis.blockLevels.map { levelRow("block", $0) })
        let observers = ResultsDocument.TableResult(
            id: "observer_effects",
            label:
                "Средняя доля от максимума по наблюдателям (протоколы обеих волн); отклонение — от среднего по протоколам остальных наблюдателей",
            columns: ["observer", "protocols", "teachers", "mean_share", "deviation", "status"],
            rows: analysis.observers.map { observer in
                observer.suppressed
                    ? [.text(observer.label), .null, .null, .null, .null, .text("suppressed")]
                    : [
                        .text(observer.label), .integer(observer.protocols), .integer(observer.teachers),
                        number(observer.mean), number(observer.deviation), .text(""),
                    ]
            })
        let linkage = WaveLinkOutputs.table(analysis.link, label: "Связывание педагогов двух волн")
        return ResultsDocument(
            pipeline: spec.id, title: spec.title, period: spec.period, measures: measures,
            tables: [blocks, paired, levels, observers, linkage])
    }

    /// private/linkage.csv: every teacher of both waves, paired or not.
    static func observationLinkage(_ analysis: LessonObservationAnalysis, _ configuration: PipelineConfiguration)
        -> (String, [String], [[String]])
    {
        func describe(_ teacher: ObservedTeacher) -> [String] {
            let item = teacher.latest
            return [
                item.respondentName ?? "", item.school.map { configuration.register.schools[$0].name } ?? "",
                item.origin.file, teacher.protocols.map { String($0.origin.line) }.joined(separator: ", "),
            ]
        }
        return WaveLinkOutputs.privateFile(
            analysis.link,
            header: [
                "ФИО (первая волна)", "школа", "файл", "строки", "ФИО (вторая волна)", "школа", "файл", "строки",
            ], onlyBefore: "нет во второй волне", onlyAfter: "нет в первой волне",
            describeBefore: { describe(analysis.before[$0]) }, describeAfter: { describe(analysis.after[$0]) })
    }

    /// private/profiles.csv: each teacher's share of the maximum per block and overall at both waves.
    static func observedProfiles(_ analysis: LessonObservationAnalysis, _ configuration: PipelineConfiguration)
        -> (String, [String], [[String]])
    {
        func shares(_ teacher: ObservedTeacher?) -> [String] {
            guard let teacher else { return Array(repeating: "", count: analysis.design.blocks.count + 1) }
            return (teacher.blocks + [teacher.overall]).map { $0.map { RussianFormat.decimal($0, decimals: 3) } ?? "" }
        }
        var after = [Int: Int]()
        for pair in analysis.link.pairs { after[pair.before] = pair.after }
        let linkedAfter = Set(after.values)
        let rows =
            analysis.before.indices.map { index -> [String] in
                let teacher = analysis.before[index]
                let second = after[index].map { analysis.after[$0] }
                return [
                    teacher.latest.respondentName ?? "",
                    teacher.latest.school.map { configuration.register.schools[$0].name } ?? "",
                    String(teacher.protocols.count), second.map { String($0.protocols.count) } ?? "0",
                ] + shares(teacher) + shares(second)
            }
            + analysis.after.indices.filter { !linkedAfter.contains($0) }.map { index -> [String] in
                let teacher = analysis.after[index]
                return [
                    teacher.latest.respondentName ?? "",
                    teacher.latest.school.map { configuration.register.schools[$0].name } ?? "", "0",
                    String(teacher.protocols.count),
                ] + shares(nil) + shares(teacher)
            }
        let labels = analysis.design.blocks.map(\.label) + ["всего"]
        return (
            "profiles.csv",
            ["ФИО", "школа", "протоколов (первая волна)", "протоколов (вторая волна)"]
                + labels.map { "\($0) (первая волна)" } + labels.map { "\($0) (вторая волна)" }, rows
        )
    }

    /// private/observers.csv: which name stands behind «наблюдатель N» of the note.
    static func observerNames(_ analysis: LessonObservationAnalysis) -> (String, [String], [[String]]) {
        ("observers.csv", ["наблюдатель", "ФИО"], analysis.observers.map { [$0.label, $0.name] })
    }
}
