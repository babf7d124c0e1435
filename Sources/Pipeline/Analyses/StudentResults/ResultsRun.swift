import Clean
import Foundation
import Ingest
import Measures
import Notes

extension PipelineRun {
    /// Student results: the two points linked and compared, the ВПР-style test, the teachers'
    /// competence diagnostic. Exports stream; the clean table is written as they do.
    static func runResults(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        let spec = configuration.spec
        guard let settings = spec.results else {
            throw ConfigurationError(file: configuration.path, "нет раздела results")
        }
        let folder = try outputFolder.map { try OutputFolder(path: $0) }
        do {
            var ledger = Ledger()
            var groups = ResultGroups(register: configuration.register)
            let clean = try folder.map { folder in
                try ResultCleanTable(
                    path: folder.staging + "/clean/results.csv", secret: folder.pseudonymSecret(),
                    register: configuration.register)
            }
            var students = PairedResults(who: "ученик", rise: settings.improved)
            try students.read(
                spec.inputs.filter { $0.kind == .results }, configuration: configuration, groups: &groups,
                ledger: &ledger, clean: clean)
            var test: TestResults?
            for input in spec.inputs where input.kind == .vpr {
                var reading = test ?? TestResults()
                try reading.read(input, configuration: configuration, groups: &groups, ledger: &ledger)
                test = reading
            }
            var competence: PairedResults?
            let diagnostics = spec.inputs.filter { $0.kind == .competence }
            if !diagnostics.isEmpty {
                var reading = PairedResults(who: "педагог", rise: settings.competence)
                try reading.read(
                    diagnostics, configuration: configuration, groups: &groups, ledger: &ledger, clean: clean)
                competence = reading
            }
            try clean?.commit()
            try checkLedger(ledger, configuration)
            let analysis = ResultsAnalysis(
                settings: settings, disclosure: DisclosureControl(threshold: spec.disclosure.k), groups: groups,
                students: students, test: test, competence: competence)
            let inputs = students.inputs + (test?.inputs ?? []) + (competence?.inputs ?? [])
            let notes = try renderNotes(configuration) { _ in
                let context = ResultsContext(configuration: configuration, analysis: analysis)
                return (context.values, context.charts)
            }
            let change = students.change.total
            var lines = [
                "Доля обучающихся, повысивших образовательные результаты: \(RussianFormat.percent(change.improvedShare.value)) (\(change.improved) из \(change.total))"
                    + (settings.improved.target.map { " при цели \(RussianFormat.percent($0, decimals: 0))" } ?? "")
            ]
            lines.append(
                "связано пар «ученик — предмет»: по коду \(students.linkedByCode), по ФИО \(students.linkedByName); без пары: в первой точке \(students.unmatched[0]), во второй \(students.unmatched[1])"
            )
            if let test {
                let journal = test.journal.total
                lines.append(
                    "ВПР: понизили \(journal.lowered), подтвердили \(journal.confirmed), повысили \(journal.raised) (из \(journal.total))"
                )
            }
            if let competence {
                let teachers = competence.change.total
                lines.append("педагоги, повысившие предметные компетенции: \(teachers.improved) из \(teachers.total)")
            }
            let read = inputs.reduce(0) { $0 + $1.summary.rowsRead }
            let rejected = inputs.reduce(0) { $0 + $1.rejections.count }
            let warnings = [tolerance(configuration, read: read, kept: read - rejected)].compactMap { $0 }
            guard let folder else { return Summary(outputs: [], lines: lines, warnings: warnings) }
            let emission = Emission(
                notes: notes, results: Self.results(configuration, analysis), inputs: inputs, ledger: ledger,
                cleanHeader: [], cleanRows: { _, _ in },
                privateTables: [
                    (
                        "unmatched.csv", PairedResults.unmatchedHeader,
                        students.unmatchedRows + (competence?.unmatchedRows ?? [])
                    )
                ],
                streamed: ["clean/results.csv"])
            let outputs = try write(emission, to: folder, configuration: configuration)
            return Summary(outputs: outputs, lines: lines, warnings: warnings)
        } catch {
            folder?.discard()
            throw error
        }
    }

    static func results(_ configuration: PipelineConfiguration, _ analysis: ResultsAnalysis) -> ResultsDocument {
        let settings = analysis.settings
        typealias Cell = ResultsDocument.Cell
        func by(_ cell: ResultsAnalysis.Cell<some Any>) -> [String: String] {
            [cell.dimension.breakdown?.rawValue ?? "all": cell.label]
        }
        func share(_ value: Double?) -> Cell { value.map(Cell.number) ?? .null }
        var measures: [ResultsDocument.MeasureResult] = []
        var tables: [ResultsDocument.TableResult] = []

        // Students: improved, unchanged, worsened.
        let students = analysis.students
        let changeCells = analysis.breakdowns(students.change) { $0.total }
        let total = students.change.total
        for (id, label, pick, target) in [
            (
                "improved_students", "Доля обучающихся, повысивших образовательные результаты",
                \PairedChange.improvedShare, settings.improved.target
            ),
            ("unchanged_students", "Доля обучающихся, сохранивших результаты", \PairedChange.unchangedShare, nil),
            ("worsened_students", "Доля обучающихся, понизивших результаты", \PairedChange.worsenedShare, nil),
        ] as [(String, String, KeyPath<PairedChange, Share>, Double?)] {
            measures.append(
                ResultsDocument.measure(
                    id: id, label: label, definition: analysis.studentDefinition, share: total[keyPath: pick],
                    target: target, unit: .pair, population: "all",
                    groups: changeCells.map { (by($0), $0.value[keyPath: pick], $0.suppressed) }))
        }
        let changeRows = { (paired: PairedResults) -> [[Cell]] in
            analysis.dimensions.flatMap { analysis.cells($0, paired.change) { $0.total } }.map { cell in
                let test = cell.value.test
                return [.text(cell.dimension.breakdown?.rawValue ?? "all"), .text(cell.label)]
                    + (cell.suppressed
                        ? [Cell](repeating: .null, count: 7)
                        : [
                            .integer(cell.value.total), .integer(cell.value.improved), .integer(cell.value.unchanged),
                            .integer(cell.value.worsened),
                            share(cell.value.improvedShare.value), .number(test.p), .number(test.midP),
                        ])
            }
        }
        let changeColumns = [
            "by", "group", "compared", "improved", "unchanged", "worsened", "improved_share", "mcnemar_p",
            "mcnemar_mid_p",
        ]
        tables.append(
            .init(
                id: "paired_change", label: "Изменение результатов пар «ученик — предмет» между двумя точками",
                columns: changeColumns, rows: changeRows(students)))

        // Успеваемость, качество, СОУ at both points.
        for (point, suffix, name) in [(0, "pre", "в первой точке"), (1, "post", "во второй точке")] {
            let cells = analysis.breakdowns(students.marks[point]) { $0.total }
            measures.append(
                ResultsDocument.measure(
                    id: "success_rate_\(suffix)", label: "Успеваемость \(name)",
                    definition: "(n5 + n4 + n3) / N; N — все, кто должен иметь отметку, включая «н/а»",
                    share: students.marks[point].total.successRate, target: nil, unit: .student, population: "all",
                    groups: cells.map { (by($0), $0.value.successRate, $0.suppressed) }))
            measures.append(
                ResultsDocument.measure(
                    id: "quality_\(suffix)", label: "Качество знаний \(name)",
                    definition: "(n5 + n4) / N; N — все, кто должен иметь отметку, включая «н/а»",
                    share: students.marks[point].total.quality, target: nil, unit: .student, population: "all",
                    groups: cells.map { (by($0), $0.value.quality, $0.suppressed) }))
        }
        func distribution(_ marks: MarkDistribution) -> [Cell] {
            [
                .integer(marks.total), .integer(marks.count(of: 5)), .integer(marks.count(of: 4)),
                .integer(marks.count(of: 3)),
                .integer(marks.count(of: 2)), .integer(marks.notAssessed), share(marks.successRate.value),
                share(marks.quality.value),
                marks.learningLevel.map(Cell.number) ?? .null,
            ]
        }
        let distributionColumns = [
            "n", "n5", "n4", "n3", "n2", "not_assessed", "success_rate", "quality", "learning_level",
        ]
        tables.append(
            .init(
                id: "mark_statistics", label: "Успеваемость, качество знаний и СОУ в двух точках",
                columns: ["by", "group", "point"] + distributionColumns + [
                    "success_rate_change", "quality_change", "learning_level_change",
                ],
                rows: analysis.dimensions.flatMap { analysis.markCells($0, students) }.flatMap { cell -> [[Cell]] in
                    let (before, after) = cell.value
                    let head: [Cell] = [.text(cell.dimension.breakdown?.rawValue ?? "all"), .text(cell.label)]
                    guard !cell.suppressed else {
                        return [
                            head + [.text("pre")] + [Cell](repeating: .null, count: 12),
                            head + [.text("post")] + [Cell](repeating: .null, count: 12),
                        ]
                    }
                    func delta(_ a: Double?, _ b: Double?) -> Cell {
                        a.flatMap { a in b.map { Cell.number($0 - a) } } ?? .null
                    }
                    return [
                        head + [.text("pre")] + distribution(before) + [.null, .null, .null],
                        head + [.text("post")] + distribution(after)
                            + [
                                delta(before.successRate.value, after.successRate.value),
                                delta(before.quality.value, after.quality.value),
                                delta(before.learningLevel, after.learningLevel),
                            ],
                    ]
                }))

        // The ВПР-style test.
        if let test = analysis.test {
            let journalCells = analysis.breakdowns(test.journal) { $0.total }
            let journal = test.journal.total
            for (id, label, pick) in [
                (
                    "vpr_lowered", "Доля обучающихся, понизивших отметку по сравнению с журнальной",
                    \JournalComparison.loweredShare
                ),
                (
                    "vpr_confirmed", "Доля обучающихся, подтвердивших отметку по журналу",
                    \JournalComparison.confirmedShare
                ),
                (
                    "vpr_raised", "Доля обучающихся, повысивших отметку по сравнению с журнальной",
                    \JournalComparison.raisedShare
                ),
            ] as [(String, String, KeyPath<JournalComparison, Share>)] {
                measures.append(
                    ResultsDocument.measure(
                        id: id, label: label,
                        definition:
                            "отметка за работу против отметки по журналу; сравниваются обучающиеся с обеими отметками 2–5",
                        share: journal[keyPath: pick], target: nil, unit: .student, population: "all",
                        groups: journalCells.map { (by($0), $0.value[keyPath: pick], $0.suppressed) }))
            }
            tables.append(
                .init(
                    id: "vpr_marks", label: "Отметки за проверочную работу",
                    columns: ["by", "group"] + distributionColumns + ["primary_score_mean"],
                    rows: analysis.dimensions.flatMap { analysis.cells($0, test.marks) { $0.total } }.map { cell in
                        let head: [Cell] = [.text(cell.dimension.breakdown?.rawValue ?? "all"), .text(cell.label)]
                        guard !cell.suppressed else { return head + [Cell](repeating: .null, count: 10) }
                        return head + distribution(cell.value) + [
                            test.primary.value(cell.dimension, cell.index).mean.map(Cell.number) ?? .null
                        ]
                    }))
            tables.append(
                .init(
                    id: "vpr_journal", label: "Соответствие отметок за работу отметкам по журналу",
                    columns: [
                        "by", "group", "compared", "lowered", "confirmed", "raised", "lowered_share", "confirmed_share",
                        "raised_share",
                    ],
                    rows: analysis.dimensions.flatMap { analysis.cells($0, test.journal) { $0.total } }.map { cell in
                        let head: [Cell] = [.text(cell.dimension.breakdown?.rawValue ?? "all"), .text(cell.label)]
                        guard !cell.suppressed else { return head + [Cell](repeating: .null, count: 7) }
                        let value = cell.value
                        return head + [
                            .integer(value.total), .integer(value.lowered), .integer(value.confirmed),
                            .integer(value.raised),
                            share(value.loweredShare.value), share(value.confirmedShare.value),
                            share(value.raisedShare.value),
                        ]
                    }))
            tables.append(
                .init(
                    id: "vpr_tasks", label: "Выполнение заданий проверочной работы",
                    columns: ["subject", "grade", "task", "students", "mean_score", "max_score", "completion"],
                    rows: analysis.tasks.flatMap { test in
                        test.tally.labels.indices.map { task -> [Cell] in
                            let head: [Cell] = [
                                .text(test.subject), test.tally.grade.map(Cell.integer) ?? .null,
                                .text(test.tally.labels[task]),
                            ]
                            guard !test.suppressed else { return head + [.null, .null, .null, .null] }
                            let tally = test.tally
                            return head + [
                                .integer(tally.counts[task]),
                                tally.counts[task] > 0 ? .number(tally.sums[task] / Double(tally.counts[task])) : .null,
                                .number(
                                    tally.declaredMaximum.flatMap { task < $0.count ? $0[task] : nil }
                                        ?? tally.observedMaximum[task]),
                                share(tally.completion(task)),
                            ]
                        }
                    }))
        }

        // Teachers' subject competences.
        if let competence = analysis.competence {
            let teachers = competence.change.total
            measures.append(
                ResultsDocument.measure(
                    id: "improved_competence_teachers",
                    label: "Доля педагогов, повысивших уровень предметных компетенций",
                    definition: analysis.competenceDefinition, share: teachers.improvedShare,
                    target: settings.competence.target, unit: .person, population: "all",
                    groups: [ResultGroups.Dimension.subject, .school].flatMap {
                        analysis.cells($0, competence.change) { $0.total }
                    }
                    .map { (by($0), $0.value.improvedShare, $0.suppressed) }))
            tables.append(
                .init(
                    id: "competence_change",
                    label: "Изменение результатов диагностики предметных компетенций педагогов",
                    columns: changeColumns,
                    rows: [ResultGroups.Dimension.all, .subject, .school].flatMap {
                        analysis.cells($0, competence.change) { $0.total }
                    }.map { cell in
                        let test = cell.value.test
                        return [.text(cell.dimension.breakdown?.rawValue ?? "all"), .text(cell.label)]
                            + (cell.suppressed
                                ? [Cell](repeating: .null, count: 7)
                                : [
                                    .integer(cell.value.total), .integer(cell.value.improved),
                                    .integer(cell.value.unchanged), .integer(cell.value.worsened),
                                    share(cell.value.improvedShare.value), .number(test.p), .number(test.midP),
                                ])
                    }))
        }

        let linkRows = ([students] + (analysis.competence.map { [$0] } ?? [])).map { paired -> [Cell] in
            [
                .text(paired.who), .integer(paired.linkedByCode), .integer(paired.linkedByName),
                .integer(paired.unmatched[0]),
                .integer(paired.unmatched[1]), .integer(paired.notComparable), .integer(paired.ambiguousNames),
            ]
        }
        tables.append(
            .init(
                id: "linkage", label: "Связывание записей двух точек",
                columns: [
                    "who", "linked_by_code", "linked_by_name", "unmatched_pre", "unmatched_post", "not_comparable",
                    "ambiguous_names",
                ],
                rows: linkRows))
        return ResultsDocument(
            pipeline: configuration.spec.id, title: configuration.spec.title, period: configuration.spec.period,
            measures: measures, tables: tables)
    }
}
