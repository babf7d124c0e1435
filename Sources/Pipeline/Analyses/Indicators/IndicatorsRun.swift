import Clean
import Foundation
import Ingest
import Link
import Measures
import Notes

/// The programme's target indicators (seed section 3): counted from the registers — the staff
/// roster, course completions, attendance lists — or taken from the other pipelines'
/// results.json as they stand (never recomputed), or declared documents.
struct IndicatorsAnalysis {
    struct Figure {
        let indicator: PipelineSpec.Indicator
        let share: Share?
        let groups: [(label: String, share: Share, suppressed: Bool)]
        /// Where the figure comes from, in words: the registers, or the pipeline and period of a results.json.
        let source: String
        let definition: String
        /// Documents: present or not.
        let present: Bool

        var status: TargetStatus? {
            if indicator.kind == .document { return present ? .achieved : .notAchieved }
            guard let share else { return nil }
            // Figures taken from another run are shares of answers; the rest are counted from
            // complete registers (a census: no interval, achieved or not).
            if indicator.kind == .fromResults { return TargetStatus(share: share, target: indicator.target) }
            return TargetStatus(census: share.value, target: indicator.target)
        }
    }

    let figures: [Figure]
    /// Attendance and course rows not found on the roster: (input, name, school, file, line).
    let unmatched: [[String]]
    let lists: [InputResult]
    let roster: InputResult?
    /// The results.json files the figures were taken from, as they were read (for the manifest).
    let sources: [Manifest.File]

    static let lists = RussianPlural("список", "списка", "списков")

    init(configuration: PipelineConfiguration, ledger: inout Ledger) throws {
        let spec = configuration.spec
        let register = configuration.register
        let disclosure = DisclosureControl(threshold: spec.disclosure.k)
        roster = try PipelineRun.readRoster(configuration, ledger: &ledger)
        let staff = roster?.responses ?? []
        let positions = roster.flatMap { roster in
            roster.binding.instrument.column(role: .position)?.scale.flatMap { roster.binding.instrument.scales[$0] }
        }
        let positionLookup = try positions?.lookup()

        // Each list, its repeated rows dropped, linked to the roster: which staff it names.
        var lists: [InputResult] = []
        var named: [(input: PipelineSpec.Input, people: [(staff: Int, row: Response)])] = []
        var unmatched: [[String]] = []
        for input in spec.inputs where input.kind == .courses || input.kind == .attendance {
            var result = try InputReader.read(
                input, configuration: configuration, policy: CleaningPolicy(duplicates: .keepAll), ledger: &ledger)
            // The same person twice on one list is one attendance; a course list keeps each course.
            let rows = result.responses
            var kept: [Response] = rows
            if input.kind == .attendance {
                let dedupe = CleaningPolicy(duplicates: .keepFirst)
                let cleaner = try ResponseCleaner(binding: result.binding, register: register, policy: dedupe)
                let (first, dropped) = cleaner.deduplicate(rows)
                kept = first
                result.rejections += dropped.map { ("deduplicate", $0) }
                ledger.record(
                    input: input.id, stage: "deduplicate", rowsIn: rows.count, rowsOut: first.count,
                    rejected: dropped.isEmpty ? [:] : [.duplicateSubmission: dropped.count])
            }
            let link = WaveLink(
                before: staff.map {
                    WaveLink.Person(
                        id: $0.personId, name: $0.respondentName.flatMap(PersonName.init), school: $0.school)
                },
                after: kept.map {
                    WaveLink.Person(
                        id: $0.personId, name: $0.respondentName.flatMap(PersonName.init), school: $0.school)
                })
            ledger.record(
                input: input.id, stage: "link", rowsIn: kept.count, rowsOut: kept.count,
                noted: ["on_roster": link.pairs.count, "not_on_roster": link.unmatchedAfter.count])
            named.append((input, link.pairs.map { ($0.before, kept[$0.after]) }))
            unmatched += link.unmatchedAfter.map { index in
                let row = kept[index]
                return [
                    input.id, row.respondentName ?? "", row.school.map { register.schools[$0].name } ?? "",
                    row.origin.file, String(row.origin.line),
                ]
            }
            lists.append(result)
        }
        self.lists = lists
        self.unmatched = unmatched

        let programmeSchools = register.schools.indices.filter { register.schools[$0].programme }
        var figures: [Figure] = []
        var sources: [Manifest.File] = []
        for indicator in spec.indicators {
            switch indicator.kind {
            case .programmeSchools, .partnerSchools:
                let count = register.schools.filter { indicator.kind == .programmeSchools ? $0.programme : $0.partner }
                    .count
                figures.append(
                    Figure(
                        indicator: indicator, share: Share(numerator: count, denominator: register.schools.count),
                        groups: [],
                        source: "реестр школ",
                        definition: indicator.kind == .programmeSchools
                            ? "школы реестра, включённые в программу, от всех школ реестра"
                            : "успешные школы-партнёры от всех школ реестра", present: false))
            case .trained, .reached:
                // The population: staff of the programme schools in the positions named.
                let wanted = Set(
                    indicator.positions.compactMap { position -> Int? in
                        if case .category(let category) = positionLookup?.read(position) { return category }
                        return nil
                    })
                let population = staff.indices.filter { index in
                    guard let school = staff[index].school, register.schools[school].programme else { return false }
                    return wanted.isEmpty || staff[index].position.map(wanted.contains) == true
                }
                let prefixes = indicator.programmes.map(MatchKey.of)
                var counted = Set<Int>()
                for (input, people) in named {
                    let fits =
                        indicator.kind == .trained
                        ? input.kind == .courses
                        : input.kind == .attendance && indicator.activities.contains(input.activity ?? "")
                    guard fits else { continue }
                    for (person, row) in people {
                        if indicator.kind == .trained && !prefixes.isEmpty {
                            let title = MatchKey.of(row.texts["programme"] ?? "")
                            guard prefixes.contains(where: { title.hasPrefix($0) }) else { continue }
                        }
                        counted.insert(person)
                    }
                }
                let share = Share(numerator: population.filter(counted.contains).count, denominator: population.count)
                let bySchool = programmeSchools.map { school -> Share in
                    let members = population.filter { staff[$0].school == school }
                    return Share(numerator: members.filter(counted.contains).count, denominator: members.count)
                }
                let hidden = disclosure.suppressed(denominators: bySchool.map(\.denominator))
                let who =
                    "работники школ программы"
                    + (indicator.positions.isEmpty
                        ? "" : " в должностях «" + indicator.positions.joined(separator: "», «") + "»")
                    + " (по регистру работников)"
                let definition =
                    indicator.kind == .trained
                    ? "\(who), прошедшие КПК\(indicator.programmes.isEmpty ? "" : " по программам «" + indicator.programmes.joined(separator: "», «") + "…»"), от всех таких работников"
                    : "\(who), указанные хотя бы в одном из списков участников (\(Self.lists(spec.inputs.filter { indicator.activities.contains($0.activity ?? "") }.count))), от всех таких работников"
                figures.append(
                    Figure(
                        indicator: indicator, share: share,
                        groups: programmeSchools.indices.map {
                            (register.schools[programmeSchools[$0]].short, bySchool[$0], hidden[$0])
                        },
                        source: "регистр работников, "
                            + (indicator.kind == .trained ? "сведения о КПК" : "списки участников"),
                        definition: definition, present: false))
            case .fromResults:
                let path = configuration.resolve(indicator.results ?? "")
                let (published, file) = try ResultsDocument.readPublished(path)
                if let expected = indicator.pipeline, published.pipeline != expected {
                    throw IngestError(
                        .cannotRead, file: path,
                        detail:
                            "это результаты конвейера «\(published.pipeline)», а показатель «\(indicator.id)» берётся из «\(expected)» (ключ pipeline)"
                    )
                }
                sources.append(file)
                guard let measure = published.measures.first(where: { $0.id == indicator.measure }) else {
                    throw IngestError(.cannotRead, file: path, detail: "нет показателя «\(indicator.measure ?? "")»")
                }
                figures.append(
                    Figure(
                        indicator: indicator,
                        share: Share(numerator: measure.numerator, denominator: measure.denominator),
                        groups: [], source: "\(published.pipeline), \(RussianFormat.period(published.period))",
                        definition: measure.definition ?? measure.label, present: false))
            case .document:
                figures.append(
                    Figure(
                        indicator: indicator, share: nil, groups: [],
                        source: indicator.document.map { "«\($0)»" + (indicator.date.map { " от \($0)" } ?? "") }
                            ?? "документа нет",
                        definition: "наличие документа", present: indicator.document != nil))
            }
        }
        self.figures = figures
        self.sources = sources
    }
}

extension PipelineRun {
    static func runIndicators(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        var ledger = Ledger()
        let analysis = try IndicatorsAnalysis(configuration: configuration, ledger: &ledger)
        try checkLedger(ledger, configuration)
        var lines = analysis.figures.map { figure -> String in
            let value =
                figure.share.map { "\(RussianFormat.percent($0.value)) (\($0.numerator) из \($0.denominator))" }
                ?? figure.source
            let status = figure.status.map { $0 == .achieved ? " — достигнут" : " — не достигнут" } ?? ""
            return "\(figure.indicator.label): \(value)\(status)"
        }
        lines += ledger.fallbackLines
        guard let outputFolder else { return Summary(outputs: [], lines: lines, warnings: []) }
        // The previous wave of this report, from the history beside the output folders.
        let previous = try History(root: History.root(of: outputFolder)).previous(
            pipeline: configuration.spec.id, before: configuration.spec.period)
        let notes = try renderNotes(configuration) { _ in
            let context = IndicatorsContext(configuration: configuration, analysis: analysis, previous: previous)
            return (context.values, context.charts)
        }
        let emission = Emission(
            notes: notes, results: Self.results(configuration, analysis, previous: previous),
            inputs: (analysis.roster.map { [$0] } ?? []) + analysis.lists, ledger: ledger, cleanHeader: [],
            cleanRows: { _, _ in },
            privateTables: [("unmatched.csv", ["список", "ФИО", "школа", "файл", "строка"], analysis.unmatched)],
            sources: analysis.sources)
        let outputs = try write(emission, to: outputFolder, configuration: configuration)
        return Summary(outputs: outputs, lines: lines, warnings: [])
    }

    static func results(
        _ configuration: PipelineConfiguration, _ analysis: IndicatorsAnalysis,
        previous: (period: String, figures: [History.Figure])?
    ) -> ResultsDocument {
        typealias Cell = ResultsDocument.Cell
        let measures = analysis.figures.compactMap { figure -> ResultsDocument.MeasureResult? in
            guard let share = figure.share else { return nil }
            return ResultsDocument.measure(
                id: figure.indicator.id, label: figure.indicator.label, definition: figure.definition,
                share: share, target: figure.indicator.target, unit: figure.indicator.kind.unit,
                population: "programme", census: figure.indicator.kind != .fromResults,
                groups: figure.groups.map { (["school": $0.label], $0.share, $0.suppressed) })
        }
        let table = ResultsDocument.TableResult(
            id: "indicators", label: "Целевые показатели программы",
            columns: ["number", "id", "label", "numerator", "denominator", "share", "target", "status", "source"],
            rows: analysis.figures.enumerated().map { number, figure in
                [
                    .integer(number + 1), .text(figure.indicator.id), .text(figure.indicator.label),
                    figure.share.map { Cell.integer($0.numerator) } ?? .null,
                    figure.share.map { Cell.integer($0.denominator) } ?? .null,
                    figure.share?.value.map(Cell.number) ?? .null, figure.indicator.target.map(Cell.number) ?? .null,
                    figure.status.map { Cell.text($0.rawValue) } ?? .null, .text(figure.source),
                ]
            })
        var tables = [table]
        if let previous {
            tables.append(
                ResultsDocument.TableResult(
                    id: "change_since_previous", label: "Изменение с прошлой волны (\(previous.period))",
                    columns: ["id", "previous_period", "previous_share", "share", "change"],
                    rows: analysis.figures.compactMap { figure in
                        guard let share = figure.share?.value,
                            let before = previous.figures.first(where: { $0.id == figure.indicator.id })?.share
                        else { return nil }
                        return [
                            .text(figure.indicator.id), .text(previous.period), .number(before), .number(share),
                            .number(share - before),
                        ]
                    }))
        }
        return ResultsDocument(
            pipeline: configuration.spec.id, title: configuration.spec.title, period: configuration.spec.period,
            measures: measures, tables: tables)
    }
}
