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
            let writesClean = configuration.cleanTableDecision.writes
            let clean = try folder.flatMap { folder in
                guard writesClean else { return nil as ResultCleanTable? }
                return
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
            var analysis = configuration.stage(.count) {
                ResultsAnalysis(
                    settings: settings, disclosure: configuration.disclosure, groups: groups,
                    students: students, test: test, competence: competence)
            }
            var sources: [Manifest.File] = []
            if let reference = settings.vprReference {
                let path = configuration.resolve(reference)
                let table = try VPRReference(path: path)
                analysis.vprComparison = VPRComparison(reference: table, analysis: analysis)
                sources.append(try Manifest.File(reading: path))
            }
            if let clean {
                let pooled = try configuration.stage(.write) {
                    try ResultCleanPooling.apply(to: clean.path, analysis: analysis, hasCompetence: competence != nil)
                }
                if pooled != ResultCleanPooling.Outcome(), let input = students.inputs.first?.input.id {
                    ledger.note(
                        input: input, stage: "link",
                        ["clean_pooled_schools": pooled.schools, "clean_pooled_classes": pooled.classes])
                }
            }
            let inputs = students.inputs + (test?.inputs ?? []) + (competence?.inputs ?? [])
            let uncounted = try uncountedStudentRows(students.inputs, register: configuration.register)
            let read = inputs.reduce(0) { $0 + $1.summary.rowsRead }
            let rejected = inputs.reduce(0) { $0 + $1.rejections.count }
            var warnings = [tolerance(configuration, read: read, kept: read - rejected)].compactMap { $0 }
            warnings += emptiness(configuration, analysis)
            let headline = analysis.programmeStudents.total.improvedShare
            if let warning = RunWarning.uncertainVerdict(
                label: ResultsAnalysis.headlineLabel, bounds: UncountedBounds(share: headline, uncounted: uncounted),
                target: settings.improved.target)
            {
                warnings.append(warning)
            }
            let results = configuration.stage(.count) { Self.results(configuration, analysis, uncounted: uncounted) }
            let notes = try renderNotes(configuration, results: results, outputFolder: outputFolder) { _ in
                let context = ResultsContext(
                    configuration: configuration, analysis: analysis, uncounted: uncounted, warnings: warnings,
                    collected: settings.collected.map { collected in
                        (collected.pre.flatMap(WaveDates.declared), collected.post.flatMap(WaveDates.declared))
                    } ?? (nil, nil))
                return (context.values, context.charts)
            }
            let lines = summaryLines(analysis, uncounted: uncounted)
            guard let folder else { return Summary(outputs: [], lines: lines, warnings: warnings) }
            let emission = Emission(
                notes: notes, results: results, inputs: inputs,
                ledger: ledger,
                cleanHeader: [], cleanRows: { _, _ in },
                privateTables: [
                    (
                        "unmatched.csv", PairedResults.unmatchedHeader,
                        students.unmatchedRows + (competence?.unmatchedRows ?? [])
                    )
                ],
                streamed: clean == nil ? [] : ["clean/results.csv"], sources: sources, warnings: warnings)
            let outputs = try write(emission, to: folder, configuration: configuration)
            return Summary(outputs: outputs, lines: lines, warnings: warnings)
        } catch {
            folder?.discard()
            throw error
        }
    }

    static func results(_ configuration: PipelineConfiguration, _ analysis: ResultsAnalysis, uncounted: Int)
        -> ResultsDocument
    {
        let settings = analysis.settings
        typealias Cell = ResultsDocument.Cell
        func by(_ cell: ResultsAnalysis.Cell<some Any>) -> [String: String] {
            [cell.dimension.breakdown?.rawValue ?? "all": cell.label]
        }
        func share(_ value: Double?) -> Cell { value.map(Cell.number) ?? .null }
        var measures: [ResultsDocument.MeasureResult] = []
        var tables: [ResultsDocument.TableResult] = []

        // Students of programme schools, a student each: improved (the headline), unchanged, worsened.
        let students = analysis.students
        let studentCells = analysis.personDimensions.dropFirst().flatMap {
            analysis.cells($0, analysis.programmeStudents) { $0.total }
        }
        let total = analysis.programmeStudents.total
        for (id, label, pick, target, uncounted) in [
            (
                "improved_students", ResultsAnalysis.headlineLabel, \PairedChange.improvedShare,
                settings.improved.target, uncounted
            ),
            ("unchanged_students", analysis.unchangedLabel, \PairedChange.unchangedShare, nil, nil),
            (
                "worsened_students", "Доля обучающихся ШНОР, понизивших результаты", \PairedChange.worsenedShare, nil,
                nil
            ),
        ] as [(String, String, KeyPath<PairedChange, Share>, Double?, Int?)] {
            measures.append(
                ResultsDocument.measure(
                    id: id, label: label, definition: analysis.studentDefinition, share: total[keyPath: pick],
                    target: target, unit: .student, population: "programme", uncounted: uncounted,
                    change: id == "improved_students" ? total.test : nil,
                    groups: studentCells.map { (by($0), $0.value[keyPath: pick], $0.suppressed) }))
        }
        // Pairs of programme schools: beside the headline, never the headline (no target); left
        // out when it would give away a hidden group of the other schools.
        if analysis.programmePairsShown {
            measures.append(
                ResultsDocument.measure(
                    id: "improved_pairs",
                    label: "Доля пар «обучающийся — предмет» школ ШНОР, в которых результат вырос",
                    definition: analysis.pairDefinition, share: analysis.programmePairs.improvedShare, target: nil,
                    unit: .pair, population: "programme",
                    groups: analysis.cells(.school, students.change) { $0.total }
                        .filter { analysis.groups.register.schools[$0.index].programme }
                        .map { (by($0), $0.value.improvedShare, $0.suppressed) }))
        }
        let changeColumns = [
            "by", "group", "compared", "improved", "unchanged", "worsened", "improved_share", "mcnemar_p",
            "mcnemar_mid_p",
        ]
        func changeRow(_ cell: ResultsAnalysis.Cell<PairedChange>) -> [Cell] {
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
        let programmeRows: [[Cell]] = analysis.personDimensions.flatMap {
            analysis.cells($0, analysis.programmeStudents) { $0.total }
        }.map { [Cell.text("programme")] + changeRow($0) }
        // Every school: the whole only (its schools are those above and the partner school, hidden
        // otherwise), and only when the other schools' students are not a hidden group.
        let allRows: [[Cell]] =
            analysis.allStudentsShown
            ? analysis.cells(.all, analysis.allStudents) { $0.total }.map { [Cell.text("all")] + changeRow($0) } : []
        tables.append(
            .init(
                id: "student_change",
                label:
                    "Изменение результатов обучающихся между двумя точками, по обучающемуся (правило \(settings.improved.studentRule.rawValue)): школы ШНОР (population programme) и все школы, включая школу-партнёра (population all)",
                columns: ["population"] + changeColumns, rows: programmeRows + allRows))
        tables.append(
            .init(
                id: "paired_change",
                label:
                    "Изменение результатов пар «обучающийся — предмет» между двумя точками (все школы, включая школу-партнёра)",
                columns: changeColumns,
                rows: analysis.dimensions.flatMap { analysis.cells($0, students.change) { $0.total } }.map(changeRow)))

        // Успеваемость, качество, СОУ at both points.
        for (point, suffix, name) in [(0, "pre", "в первой точке"), (1, "post", "во второй точке")] {
            let cells = analysis.breakdowns(students.marks[point]) { $0.total }
            measures.append(
                ResultsDocument.measure(
                    id: "success_rate_\(suffix)", label: "Успеваемость \(name)",
                    definition:
                        "(n5 + n4 + n3) / N; N — все результаты «обучающийся — предмет» этой точки, которые должны иметь отметку, включая «н/а»",
                    share: students.marks[point].total.successRate, target: nil, unit: .pair, population: "all",
                    groups: cells.map { (by($0), $0.value.successRate, $0.suppressed) }))
            measures.append(
                ResultsDocument.measure(
                    id: "quality_\(suffix)", label: "Качество знаний \(name)",
                    definition:
                        "(n5 + n4) / N; N — все результаты «обучающийся — предмет» этой точки, которые должны иметь отметку, включая «н/а»",
                    share: students.marks[point].total.quality, target: nil, unit: .pair, population: "all",
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
                    "vpr_lowered", "Доля работ ВПР с отметкой ниже отметки по журналу",
                    \JournalComparison.loweredShare
                ),
                (
                    "vpr_confirmed", "Доля работ ВПР, подтвердивших отметку по журналу",
                    \JournalComparison.confirmedShare
                ),
                (
                    "vpr_raised", "Доля работ ВПР с отметкой выше отметки по журналу",
                    \JournalComparison.raisedShare
                ),
            ] as [(String, String, KeyPath<JournalComparison, Share>)] {
                measures.append(
                    ResultsDocument.measure(
                        id: id, label: label,
                        definition:
                            "отметка за работу против отметки по журналу; сравниваются работы (обучающийся — предмет) с обеими отметками 2–5",
                        share: journal[keyPath: pick], target: nil, unit: .pair, population: "all",
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
            let teachers = analysis.teachers ?? Tally(zero: PairedChange())
            measures.append(
                ResultsDocument.measure(
                    id: "improved_competence_teachers",
                    label: "Доля педагогов, повысивших уровень предметных компетенций",
                    definition: analysis.competenceDefinition, share: teachers.total.improvedShare,
                    target: settings.competence.target, unit: .person, population: "all",
                    groups: analysis.cells(.school, teachers) { $0.total }
                        .map { (by($0), $0.value.improvedShare, $0.suppressed) }))
            tables.append(
                .init(
                    id: "competence_change",
                    label:
                        "Изменение результатов диагностики предметных компетенций педагогов, по парам «педагог — предмет»",
                    columns: changeColumns,
                    rows: [ResultGroups.Dimension.all, .subject, .school].flatMap {
                        analysis.cells($0, competence.change) { $0.total }
                    }.map(changeRow)))
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
        if let comparison = analysis.vprComparison, !comparison.rows.isEmpty {
            func share(_ value: Double?) -> Cell { value.map { Cell.number($0 / 100) } ?? .null }
            tables.append(
                .init(
                    id: "vpr_reference",
                    label:
                        "Отметки за ВПР в округе и в опубликованных результатах (results.vpr_reference): доли участников с отметкой «2» и с отметками «4» и «5»; строки справочника без работы округа: \(comparison.unmatched)",
                    columns: [
                        "test", "level", "participants", "district_fail", "reference_fail", "district_quality",
                        "reference_quality",
                    ],
                    rows: comparison.rows.map { row in
                        [
                            .text(row.test), .text(row.level), row.suppressed ? .null : .integer(row.participants),
                            share(row.districtFail), .number(row.referenceFail / 100), share(row.districtQuality),
                            .number(row.referenceQuality / 100),
                        ]
                    }))
        }
        return ResultsDocument(
            pipeline: configuration.spec.id, title: configuration.spec.title, period: configuration.spec.period,
            measures: measures, tables: tables)
    }

    /// Rows of the student result exports left out for a reason other than a repeat, a test
    /// submission or a repeated header, that could hold a programme school's student: a row whose
    /// school is read from the register and is not in the programme cannot, any other row
    /// (its school unknown or in the programme) can. Each could add at most one student.
    static func uncountedStudentRows(_ inputs: [InputResult], register: SchoolRegister) throws -> Int {
        let lookup = try register.lookup()
        var count = 0
        for input in inputs {
            let column = input.binding.position(of: .school)
            for (_, rejection) in input.rejections where rejection.reason.couldHaveCounted {
                if let column, column < rejection.cells.count, let school = lookup.school(rejection.cells[column]),
                    !register.schools[school].programme
                {
                    continue
                }
                count += 1
            }
        }
        return count
    }

    /// What the run could not count though the pipeline asked for it: a figure with nothing to
    /// count, a breakdown that ended empty, an export whose school column matched no school.
    static func emptiness(_ configuration: PipelineConfiguration, _ analysis: ResultsAnalysis) -> [RunWarning] {
        let allowed = configuration.spec.allowed
        var warnings: [RunWarning] = []
        func empty(_ what: String) {
            warnings.append(RunWarning(.emptyDenominator, what, allowed: allowed))
        }
        for input in analysis.students.inputs + (analysis.test?.inputs ?? []) + (analysis.competence?.inputs ?? []) {
            let unknown = input.rejections.filter { $0.rejection.reason == .unknownSchool }.count
            if unknown > 0 && unknown == input.rejections.count && unknown == input.summary.rowsRead {
                warnings.append(
                    RunWarning(
                        .emptyColumn,
                        "\(input.path): ни одно значение столбца школы не совпало со школами реестра (\(unknown) строк отклонены как unknown_school) — проверьте столбец и aliases в реестре",
                        allowed: allowed))
            }
        }
        if analysis.programmeStudents.total.total == 0 {
            empty(
                "«\(ResultsAnalysis.headlineLabel)»: знаменатель пуст — ни у одного обучающегося школ программы (programme: true в реестре) нет сопоставимых результатов в обеих точках"
            )
        }
        if analysis.students.change.total.total == 0 {
            empty("сравнение пар «обучающийся — предмет»: ни одной пары с результатом в обеих точках")
        }
        for dimension in analysis.dimensions.dropFirst() {
            let cells = analysis.cells(dimension, analysis.students.change) { $0.total }
            let name = dimension.breakdown?.rawValue ?? ""
            if dimension == .subject, cells.count == 1, analysis.groups.subjects[cells[0].index].isEmpty {
                warnings.append(
                    RunWarning(
                        .emptyColumn,
                        "разбивка results.breakdowns: subject — ни в одной записи нет предмета (столбец role: subject не найден или пуст)",
                        allowed: allowed))
            } else if cells.isEmpty && analysis.students.change.total.total > 0 {
                warnings.append(
                    RunWarning(
                        dimension == .schoolClass ? .emptyColumn : .emptyDenominator,
                        "разбивка results.breakdowns: \(name) пуста — ни у одной сравнённой пары нет \(dimension == .schoolClass || dimension == .grade ? "класса (столбец role: class не найден или пуст)" : "этой группы")",
                        allowed: allowed))
            }
        }
        if let test = analysis.test {
            if test.marks.total.total == 0 { empty("ВПР: ни одной работы с отметкой") }
            if test.journal.total.total == 0 {
                empty("ВПР: ни одной работы с отметкой за работу и отметкой по журналу — сравнение с журналом пусто")
            }
        }
        if let teachers = analysis.teachers, teachers.total.total == 0 {
            empty(
                "«Доля педагогов, повысивших уровень предметных компетенций»: знаменатель пуст — ни у одного педагога нет результатов диагностики в обеих точках"
            )
        }
        return warnings
    }

    /// The run summary's lines: the headline per student with its rule, test and bounds, the
    /// pairs beside it, the linking, the test and the teachers.
    static func summaryLines(_ analysis: ResultsAnalysis, uncounted: Int) -> [String] {
        let settings = analysis.settings
        let students = analysis.students
        let headline = analysis.programmeStudents.total
        let status = settings.improved.target.flatMap { TargetStatus(share: headline.improvedShare, target: $0) }
        func count(_ change: PairedChange, _ unit: CountingUnit) -> String {
            "\(RussianFormat.percent(change.improvedShare.value)) (\(RussianFormat.integer(change.improved)) \(UnitWording(unit).from(change.total)))"
        }
        var lines = [
            "\(ResultsAnalysis.headlineLabel) (правило \(settings.improved.studentRule.rawValue)): \(count(headline, .student))"
                + (settings.improved.target.map { " при цели \(RussianFormat.percent($0, decimals: 0))" } ?? "")
                + (status.map { " — \(MeasureValues.words($0))" } ?? "")
                + "; Мак-Немар по обучающимся: \(RussianFormat.pClause(headline.test.p))",
            "пары «обучающийся — предмет», повысившие результат: школы ШНОР — \(count(analysis.programmePairs, .pair)); все школы — \(count(students.change.total, .pair))",
            "обучающиеся всех школ, включая школу-партнёра (не целевой показатель): \(count(analysis.allStudents.total, .student))",
        ]
        if let bounds = UncountedBounds(share: headline.improvedShare, uncounted: uncounted), uncounted > 0 {
            lines.append(
                "неучтённых строк (отклонены не как повторные или тестовые): \(uncounted); с ними доля ШНОР лежала бы в пределах \(RussianFormat.percentRange(bounds.lower, bounds.upper))"
            )
        }
        lines.append(
            "связано пар «обучающийся — предмет»: по коду \(students.linkedByCode), по ФИО \(students.linkedByName); без пары: в первой точке \(students.unmatched[0]), во второй \(students.unmatched[1])"
        )
        if let test = analysis.test {
            let journal = test.journal.total
            lines.append(
                "ВПР: понизили \(journal.lowered), подтвердили \(journal.confirmed), повысили \(journal.raised) (\(UnitWording.vprWorks.from(journal.total)))"
            )
        }
        if let teachers = analysis.teachers?.total {
            lines.append(
                "педагоги, повысившие предметные компетенции: \(teachers.improved) \(UnitWording.teachers.from(teachers.total))"
            )
        }
        return lines
    }
}
