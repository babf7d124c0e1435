import Clean
import Foundation
import Ingest
import Link
import Measures
import Notes

/// The programme's target indicators (seed section 3): counted from the registers — the staff
/// roster, course completions, attendance lists — or taken from the other pipelines'
/// results.json as they stand (never recomputed), or declared documents.
///
/// «Педагоги ШНОР» have one denominator: the programme schools' staff on the staff register,
/// the mentors' positions left out (наставники-кураторы come from outside the school and are
/// counted against their own list). A management team is counted as one, by the indicator's rule.
struct IndicatorsAnalysis {
    struct Figure {
        let indicator: PipelineSpec.Indicator
        let share: Share?
        let groups: [(label: String, share: Share, suppressed: Bool)]
        /// Where the figure comes from, in words: the registers, or the pipeline and period of a results.json.
        let source: String
        let definition: String
        /// Documents: present or not.
        var present = false
        /// What one count is; for a figure of another run, that run's own.
        var unit: CountingUnit? = nil
        /// Whom it counts, as results.json states it.
        var population: String? = nil
        /// Counted from a complete register: no interval, a two-way status.
        var census = true
        /// The 95 % interval as the source run published it (`from_results` only).
        var interval: (lower: Double, upper: Double)? = nil
        /// The status as the source run published it (`from_results` only).
        var publishedStatus: TargetStatus? = nil
        /// The source run's coverage of the staff it surveyed: its measures `coverage` or `coverage_…`
        /// (label and figures), when it has them.
        var coverage: [(label: String, share: Share)] = []
        /// Whether the source run counted that coverage against this report's staff register (the
        /// same bytes, by the sha256 its manifest.json records); nil when it cannot be told.
        var sameRegister: Bool? = nil
        /// The noun after «из N».
        var wording: UnitWording? = nil
        /// Rows the source run left uncounted that could have counted (`from_results` only).
        var uncounted: Int? = nil
        /// The source run's McNemar test of its change (`from_results` only).
        var changeTest: ResultsDocument.ChangeTest? = nil
        /// The same figure by the source run's other rules (measures `ID_…` with the same target)
        /// whose verdict differs: label, share, status (`from_results` only).
        var otherRules: [(label: String, share: Share, status: TargetStatus)] = []

        /// What weakens the verdict, each in a few Russian words (DESIGN.md §5): the interval
        /// containing the target, one or two units deciding it, a change that is not
        /// significant, uncounted rows that could flip it. Empty when nothing does.
        var caveats: [String] { caveats(plain: false) }

        /// The same caveats in the words of a note's main text (the built-in справка): the
        /// interval as «с учётом погрешности», the test without its p-value.
        var plainCaveats: [String] { caveats(plain: true) }

        private func caveats(plain: Bool) -> [String] {
            guard let share, let target = indicator.target, let status else { return [] }
            var caveats: [String] = []
            if status.withinMargin, let interval {
                let range = RussianFormat.percentRange(interval.lower, interval.upper)
                caveats.append(
                    plain
                        ? "с учётом погрешности (в пределах \(range)) доля может оказаться по другую сторону от целевого значения"
                        : "95 % доверительный интервал (\(range)) содержит целевое значение"
                )
            }
            // A census counts a complete register: one unit more or less is a fact, not a doubt.
            if !census, let deciding = share.answersDeciding(target: target), deciding <= 2 {
                let words = wording ?? unit.map(UnitWording.init) ?? UnitWording(.person)
                caveats.append("вывод зависит от данных \(words.fromOneOrTwo(deciding))")
            }
            if let test = changeTest, test.p >= 0.05 {
                caveats.append(
                    "изменение может быть случайным: улучшение у \(test.improved), ухудшение у \(test.worsened)"
                        + (plain ? "" : " (p = \(RussianFormat.probability(test.p)))")
                )
            }
            for other in otherRules {
                caveats.append(
                    "по другому правилу («\(other.label)») — \(RussianFormat.percent(other.share.value)) (\(other.share.numerator) из \(other.share.denominator)), \(MeasureValues.words(other.status))"
                )
            }
            if let bounds = uncounted.flatMap({ UncountedBounds(share: share, uncounted: $0) }), bounds.cross(target) {
                caveats.append(
                    "если бы неучтённые в исходной справке строки (\(bounds.uncounted)) засчитали в ту или другую сторону, доля лежала бы в пределах \(RussianFormat.percentRange(bounds.lower, bounds.upper)) — по обе стороны от цели; вывод под сомнением"
                )
            }
            return caveats
        }

        var status: TargetStatus? {
            if indicator.kind == .document { return present ? .achieved : .notAchieved }
            if indicator.kind == .fromResults { return publishedStatus }
            guard let share else { return nil }
            // Counted from complete registers: a census, achieved or not.
            return TargetStatus(census: share.value, target: indicator.target)
        }

        /// «3 из 5 управленческих команд»; nil for a document.
        var countText: String? {
            guard let share else { return nil }
            let words = wording ?? unit.map(UnitWording.init) ?? UnitWording(.person)
            return "\(RussianFormat.integer(share.numerator)) " + words.from(share.denominator)
        }

        /// «60,0 % (3 из 5 управленческих команд)», or the document's presence.
        var valueText: String {
            guard let share, let count = countText else { return present ? "имеется" : "нет" }
            return "\(RussianFormat.percent(share.value)) (\(count))"
        }
    }

    /// «Педагоги ШНОР»: the one denominator of every staff indicator, as the register gives it.
    struct StaffDenominator {
        /// Staff of the programme schools, the mentors left out.
        let total: Int
        let schools: Int
        /// Each position category of the register's scale with its count, in the scale's order.
        let byPosition: [(label: String, count: Int)]
        /// Rows of the mentors' list (the register's `not_staff` positions), whatever school.
        let mentors: Int
        /// The mentors' position labels (`not_staff` of the register's instrument), empty when it names none.
        let mentorPositions: [String]
    }

    let figures: [Figure]
    let staffDenominator: StaffDenominator?
    /// What the run could not count: empty populations, lists that matched nobody, schools without a team.
    let warnings: [RunWarning]
    /// Attendance and course rows not found on the roster: (input, name, school, file, line).
    let unmatched: [[String]]
    let lists: [InputResult]
    let roster: InputResult?
    /// The results.json files the figures were taken from, as they were read (for the manifest).
    let sources: [Manifest.File]

    static let lists = RussianPlural("список", "списка", "списков")
    static let schoolsWord = RussianPlural("школа", "школы", "школ")
    static let staffWord = RussianPlural("работник", "работника", "работников")

    init(configuration: PipelineConfiguration, ledger: inout Ledger) throws {
        let spec = configuration.spec
        let register = configuration.register
        let disclosure = configuration.disclosure
        roster = try PipelineRun.readRoster(configuration, ledger: &ledger)
        let staff = roster?.responses ?? []
        let positions = roster.flatMap { roster in
            roster.binding.instrument.column(role: .position)?.scale.flatMap { roster.binding.instrument.scales[$0] }
        }
        let positionLookup = try positions?.lookup()
        func categories(_ labels: [String]) -> Set<Int> {
            Set(
                labels.compactMap { position -> Int? in
                    if case .category(let category) = positionLookup?.read(position) { return category }
                    return nil
                })
        }
        var warnings: [RunWarning] = []
        func warn(_ kind: RunWarning.Kind, _ message: String) {
            warnings.append(RunWarning(kind, message, allowed: spec.allowed))
        }

        // Each list, its repeated rows dropped, linked to the roster: which staff it names.
        var lists: [InputResult] = []
        var named: [(input: PipelineSpec.Input, rows: [Response], people: [(staff: Int, row: Response)])] = []
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
            // A list of names none of which is on the register counts for nothing, silently.
            if !kept.isEmpty && link.pairs.isEmpty && !staff.isEmpty {
                warn(
                    .emptyColumn,
                    "список «\(input.id)» (\(input.file)): ни одно из \(kept.count) ФИО не найдено в регистре работников — проверьте столбцы ФИО и школы; список ни во что не засчитан"
                )
            }
            named.append((input, kept, link.pairs.map { ($0.before, kept[$0.after]) }))
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

        // The mentors' list and the one denominator of «педагоги ШНОР».
        // The register's instrument names them once (`not_staff`), for every analysis.
        let staffRegister = roster
        let mentorPositions = staffRegister?.binding.instrument.notStaff ?? []
        let isSchoolStaff = staffRegister?.isSchoolStaff
        func isMentor(_ index: Int) -> Bool { isSchoolStaff.map { !$0(staff[index]) } ?? false }
        let programmeSchools = register.schools.indices.filter { register.schools[$0].programme }
        let schoolStaff = staff.indices.filter { index in
            guard let school = staff[index].school, register.schools[school].programme else { return false }
            return !isMentor(index)
        }
        let mentorList = staff.indices.filter(isMentor)
        // A programme school missing from the register would silently drop out of every staff denominator.
        if roster != nil && spec.indicators.contains(where: { $0.readsStaff && $0.population == .staff }) {
            let listed = Set(schoolStaff.compactMap { staff[$0].school })
            let missing = programmeSchools.filter { !listed.contains($0) }.map { "«\(register.schools[$0].short)»" }
            if !missing.isEmpty {
                warn(
                    .emptyDenominator,
                    "в регистре работников нет ни одного работника \(missing.count == 1 ? "школы" : "школ") программы \(missing.joined(separator: ", ")) — \(missing.count == 1 ? "она выпадает" : "они выпадают") из знаменателя педагогов ШНОР"
                )
            }
        }
        if roster != nil {
            let byPosition = (positions?.categories ?? []).enumerated().map { category, scaleCategory in
                (scaleCategory.label, schoolStaff.filter { staff[$0].position == category }.count)
            }
            staffDenominator = StaffDenominator(
                total: schoolStaff.count, schools: Set(schoolStaff.compactMap { staff[$0].school }).count,
                byPosition: byPosition.filter { $0.1 > 0 }, mentors: mentorList.count,
                mentorPositions: mentorPositions)
        } else {
            staffDenominator = nil
        }

        /// The people of a list of `kind` (courses, or attendance of the activities) who count.
        func counted(by indicator: PipelineSpec.Indicator, courses: Bool) -> Set<Int> {
            let prefixes = indicator.programmes.map(MatchKey.of)
            var counted = Set<Int>()
            for (input, _, people) in named {
                let fits =
                    courses
                    ? input.kind == .courses
                    : input.kind == .attendance && indicator.activities.contains(input.activity ?? "")
                guard fits else { continue }
                for (person, row) in people {
                    if courses && !prefixes.isEmpty {
                        let title = MatchKey.of(row.texts["programme"] ?? "")
                        guard prefixes.contains(where: { title.hasPrefix($0) }) else { continue }
                    }
                    counted.insert(person)
                }
            }
            return counted
        }
        /// A course list no row of which is on the indicator's programmes: a misspelt title counts nobody.
        func checkProgrammes(_ indicator: PipelineSpec.Indicator) {
            let prefixes = indicator.programmes.map(MatchKey.of)
            guard !prefixes.isEmpty else { return }
            let any = named.filter { $0.input.kind == .courses }.contains { list in
                list.rows.contains { row in
                    let title = MatchKey.of(row.texts["programme"] ?? "")
                    return prefixes.contains(where: { title.hasPrefix($0) })
                }
            }
            if !any {
                warn(
                    .emptyColumn,
                    "показатель «\(indicator.id)»: ни одна строка сведений о КПК не относится к программам «\(indicator.programmes.joined(separator: "», «"))» — проверьте programmes (название программы сравнивается по началу)"
                )
            }
        }
        /// The positions an indicator counts; the mentors' list names the register's `not_staff` ones.
        func positionsText(_ indicator: PipelineSpec.Indicator) -> String {
            let positions =
                indicator.positions.isEmpty && indicator.population == .mentors ? mentorPositions : indicator.positions
            return positions.isEmpty ? "" : " в должностях «" + positions.joined(separator: "», «") + "»"
        }
        func programmesText(_ indicator: PipelineSpec.Indicator) -> String {
            indicator.programmes.isEmpty
                ? "" : " по программам «" + indicator.programmes.joined(separator: "», «") + "…»"
        }

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
                            : "успешные школы-партнёры от всех школ реестра",
                        unit: .school, population: indicator.populationName))
            case .trained, .reached:
                let wanted = categories(indicator.positions)
                let mentors = indicator.population == .mentors
                let population = (mentors ? mentorList : schoolStaff).filter { index in
                    wanted.isEmpty || staff[index].position.map(wanted.contains) == true
                }
                let trained = indicator.kind == .trained
                if trained { checkProgrammes(indicator) }
                let done = counted(by: indicator, courses: trained)
                let share = Share(numerator: population.filter(done.contains).count, denominator: population.count)
                let who =
                    mentors
                    ? "наставники-кураторы по их списку (строки регистра работников\(positionsText(indicator)), за какой бы школой они ни были записаны)"
                    : "педагоги ШНОР — работники школ программы по регистру работников"
                        + (mentorPositions.isEmpty ? "" : " (без наставников-кураторов)")
                        + (indicator.positions.isEmpty
                            ? ""
                            : ", из них только\(positionsText(indicator)) (\(population.count) из \(schoolStaff.count))")
                if population.isEmpty {
                    warn(
                        .emptyDenominator,
                        "показатель «\(indicator.id)»: в регистре работников нет ни одного человека — \(mentors ? "наставника-куратора" : "работника школ программы")\(positionsText(indicator)); показатель не из чего считать"
                    )
                }
                // Mentors are nobody's staff: no table by school for them.
                var groups: [(label: String, share: Share, suppressed: Bool)] = []
                if !mentors {
                    let bySchool = programmeSchools.map { school -> Share in
                        let members = population.filter { staff[$0].school == school }
                        return Share(numerator: members.filter(done.contains).count, denominator: members.count)
                    }
                    let hidden = disclosure.suppressed(denominators: bySchool.map(\.denominator))
                    groups = programmeSchools.indices.map {
                        (register.schools[programmeSchools[$0]].short, bySchool[$0], hidden[$0])
                    }
                }
                let definition =
                    trained
                    ? "\(who), прошедшие КПК\(programmesText(indicator)), от всех таких людей"
                    : "\(who), указанные хотя бы в одном из списков участников (\(Self.lists(spec.inputs.filter { indicator.activities.contains($0.activity ?? "") }.count))), от всех таких людей"
                figures.append(
                    Figure(
                        indicator: indicator, share: share, groups: groups,
                        source: "регистр работников, " + (trained ? "сведения о КПК" : "списки участников"),
                        definition: definition, unit: .person, population: indicator.populationName,
                        wording: mentors ? .mentors : .staff))
            case .teamsTrained:
                checkProgrammes(indicator)
                let wanted = categories(indicator.positions)
                let done = counted(by: indicator, courses: true)
                var listed = 0
                var counted = 0
                var otherRule = 0
                var withoutTeam: [String] = []
                for school in programmeSchools {
                    let team = schoolStaff.filter {
                        staff[$0].school == school && staff[$0].position.map(wanted.contains) == true
                    }
                    guard !team.isEmpty else {
                        withoutTeam.append(register.schools[school].short)
                        continue
                    }
                    listed += 1
                    let all = team.allSatisfy(done.contains)
                    let any = team.contains(where: done.contains)
                    counted += (indicator.rule == .allMembers ? all : any) ? 1 : 0
                    otherRule += (indicator.rule == .allMembers ? any : all) ? 1 : 0
                }
                if !withoutTeam.isEmpty {
                    warn(
                        .emptyDenominator,
                        "показатель «\(indicator.id)»: в регистре работников нет управленческой команды (\(positionsText(indicator).trimmingCharacters(in: .whitespaces))) у \(withoutTeam.count == 1 ? "школы" : "школ") программы \(withoutTeam.map { "«\($0)»" }.joined(separator: ", ")) — \(withoutTeam.count == 1 ? "она не учтена" : "они не учтены") ни в числителе, ни в знаменателе"
                    )
                }
                let ruleText =
                    indicator.rule == .allMembers
                    ? "все члены команды, указанные в регистре, прошли КПК" : "хотя бы один член команды прошёл КПК"
                let otherRuleText =
                    indicator.rule == .allMembers
                    ? "хотя бы один член команды прошёл КПК" : "все члены команды, указанные в регистре, прошли КПК"
                // The definition says how, never what the data gave: roll-ups compare its hash.
                let definition =
                    "управленческие команды школ программы (члены команды — работники по регистру\(positionsText(indicator))); команда считается обученной, если \(ruleText)\(programmesText(indicator)); знаменатель — школы программы, у которых в регистре указана команда"
                let share = Share(numerator: counted, denominator: listed)
                let other = Share(numerator: otherRule, denominator: listed)
                var figure = Figure(
                    indicator: indicator, share: share, groups: [],
                    source: "регистр работников, сведения о КПК", definition: definition, unit: .team,
                    population: indicator.populationName)
                // The other rule turning the verdict is a caveat of the verdict, said beside it.
                if let status = figure.status,
                    let otherStatus = TargetStatus(census: other.value, target: indicator.target),
                    otherStatus != status
                {
                    figure.otherRules = [("команда считается обученной, если \(otherRuleText)", other, otherStatus)]
                }
                figures.append(figure)
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
                let share = Share(numerator: measure.numerator, denominator: measure.denominator)
                let interval: (lower: Double, upper: Double)? = measure.ci95.flatMap {
                    $0.count == 2 ? ($0[0], $0[1]) : nil
                }
                // The source's own verdict, as published; against another target, the same rule anew.
                let sameTarget =
                    measure.target.map { target in
                        indicator.target.map { abs($0 - target) < 1e-9 } ?? false
                    } ?? (indicator.target == nil)
                let status =
                    sameTarget
                    ? measure.status
                    : (measure.census
                        ? TargetStatus(census: share.value, target: indicator.target)
                        : TargetStatus(share: share, target: indicator.target))
                if share.denominator == 0 {
                    warn(
                        .emptyDenominator,
                        "показатель «\(indicator.id)»: в \(path) у «\(measure.id)» знаменатель 0 — значения нет")
                }
                // Coverage is read where the run publishes it, and its absence is no fault.
                let coverage = published.measures.filter { $0.id == "coverage" || $0.id.hasPrefix("coverage_") }.map {
                    ($0.label, Share(numerator: $0.numerator, denominator: $0.denominator))
                }
                let sameRegister = coverage.isEmpty ? nil : Self.sameRegister(source: path, as: staffRegister)
                figures.append(
                    Figure(
                        indicator: indicator, share: share, groups: [],
                        source: "справка «\(published.title)», \(RussianFormat.period(published.period))",
                        definition: measure.definition ?? measure.label, unit: measure.unit,
                        population: measure.population, census: measure.census, interval: interval,
                        publishedStatus: status, coverage: coverage, sameRegister: sameRegister,
                        wording: measure.unit == .person ? .staff : nil, uncounted: measure.uncounted,
                        changeTest: measure.changeTest,
                        otherRules: published.measures.compactMap { other in
                            // The source's other rules for the same figure: a verdict that turns with the rule is said.
                            guard other.id.hasPrefix(measure.id + "_"), other.target == measure.target,
                                let otherStatus = other.status, let status, otherStatus.reached != status.reached
                            else { return nil }
                            return (
                                other.label, Share(numerator: other.numerator, denominator: other.denominator),
                                otherStatus
                            )
                        }))
                // A verdict the source's uncounted rows could flip is not reported as settled here either.
                if let warning = RunWarning.uncertainVerdict(
                    label: indicator.label,
                    bounds: measure.uncounted.flatMap { UncountedBounds(share: share, uncounted: $0) },
                    target: indicator.target)
                {
                    warnings.append(warning)
                }
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
        self.warnings = warnings
    }
}

extension IndicatorsAnalysis {
    /// The roster input a run's manifest.json records: enough to tell which register it counted.
    private struct SourceManifest: Decodable {
        struct Input: Decodable {
            let kind: String
            let sha256: String
        }
        let inputs: [Input]
    }

    /// Whether the run that wrote `source` (a results.json) read the same staff register as this
    /// report: the sha256 of its roster input, from the manifest.json beside it, against this
    /// register's. Nil when there is no register here, no manifest there, or no roster in it.
    static func sameRegister(source: String, as register: InputResult?) -> Bool? {
        guard let register else { return nil }
        let manifest = URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: manifest),
            let theirs = (try? JSONDecoder().decode(SourceManifest.self, from: data))?.inputs.first(where: {
                $0.kind == PipelineSpec.Input.Kind.roster.rawValue
            })?.sha256,
            let ours = try? Digest.sha256(file: register.path)
        else { return nil }
        return theirs == ours
    }
}

extension PipelineRun {
    static func runIndicators(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        var ledger = Ledger()
        let analysis = try IndicatorsAnalysis(configuration: configuration, ledger: &ledger)
        try checkLedger(ledger, configuration)
        var lines: [String] = []
        if let staff = analysis.staffDenominator {
            lines.append(
                "Педагоги ШНОР по регистру работников: \(staff.total) (\(IndicatorsAnalysis.schoolsWord(staff.schools)) программы)"
                    + (staff.mentorPositions.isEmpty
                        ? "" : "; наставники-кураторы — \(staff.mentors), по своему списку, не в числе работников школ")
            )
        }
        lines += analysis.figures.map { figure -> String in
            let value = figure.share == nil ? figure.source : figure.valueText
            // A census has no interval; a share of answers shows the one its run published.
            let interval = figure.interval.map { ", 95 % интервал \(RussianFormat.percentRange($0.lower, $0.upper))" }
            let coverage = figure.coverage.map {
                "; \($0.label): \($0.share.numerator) из \($0.share.denominator) (\(RussianFormat.percent($0.share.value)))"
            }.joined()
            let status = figure.status.map { " — " + MeasureValues.words($0) } ?? ""
            return "\(figure.indicator.label): \(value)\(interval ?? "")\(status)\(coverage)"
        }
        lines += ledger.fallbackLines
        guard let outputFolder else { return Summary(outputs: [], lines: lines, warnings: analysis.warnings) }
        // The previous wave of this report, from the history beside the output folders.
        let previous = try History(root: History.root(of: outputFolder)).previous(
            pipeline: configuration.spec.id, before: configuration.spec.period)
        let results = Self.results(configuration, analysis, previous: previous)
        let notes = try renderNotes(configuration, results: results, outputFolder: outputFolder) { _ in
            let context = IndicatorsContext(configuration: configuration, analysis: analysis, previous: previous)
            return (context.values, context.charts)
        }
        let emission = Emission(
            notes: notes, results: results,
            inputs: (analysis.roster.map { [$0] } ?? []) + analysis.lists, ledger: ledger, cleanHeader: [],
            cleanRows: { _, _ in },
            privateTables: [("unmatched.csv", ["список", "ФИО", "школа", "файл", "строка"], analysis.unmatched)],
            sources: analysis.sources, warnings: analysis.warnings)
        let outputs = try write(emission, to: outputFolder, configuration: configuration)
        return Summary(outputs: outputs, lines: lines, warnings: analysis.warnings)
    }

    static func results(
        _ configuration: PipelineConfiguration, _ analysis: IndicatorsAnalysis,
        previous: (period: String, figures: [History.Figure])?
    ) -> ResultsDocument {
        typealias Cell = ResultsDocument.Cell
        let measures = analysis.figures.compactMap { figure -> ResultsDocument.MeasureResult? in
            guard let share = figure.share else { return nil }
            // Counted from the registers, or a census in the run it comes from: no interval.
            let census = figure.census
            let definition = figure.definition
            var result = ResultsDocument.MeasureResult(
                id: figure.indicator.id, label: figure.indicator.label, definition: definition,
                numerator: share.numerator, denominator: share.denominator, share: share.value,
                ci95: figure.interval.map { [$0.lower, $0.upper] }, census: census, target: figure.indicator.target,
                status: figure.status, unit: figure.unit, population: figure.population,
                bounds: figure.uncounted.flatMap { UncountedBounds(share: share, uncounted: $0) }, nonSubstantive: nil,
                blank: nil,
                groups: figure.groups.map {
                    ResultsDocument.GroupResult(
                        by: ["school": $0.label], share: $0.share, suppressed: $0.suppressed, census: census)
                })
            result.changeTest = figure.changeTest
            return result
        }
        let table = ResultsDocument.TableResult(
            id: "indicators", label: "Целевые показатели программы",
            columns: [
                "number", "id", "label", "numerator", "denominator", "share", "target", "status", "unit", "source",
            ],
            rows: analysis.figures.enumerated().map { number, figure in
                [
                    .integer(number + 1), .text(figure.indicator.id), .text(figure.indicator.label),
                    figure.share.map { Cell.integer($0.numerator) } ?? .null,
                    figure.share.map { Cell.integer($0.denominator) } ?? .null,
                    figure.share?.value.map(Cell.number) ?? .null, figure.indicator.target.map(Cell.number) ?? .null,
                    figure.status.map { Cell.text($0.rawValue) } ?? .null,
                    figure.unit.map { Cell.text($0.rawValue) } ?? .null, .text(figure.source),
                ]
            })
        var tables = [table]
        if let staff = analysis.staffDenominator {
            // The one denominator of «педагоги ШНОР», by position, and the mentors' list beside it.
            tables.append(
                ResultsDocument.TableResult(
                    id: "programme_staff", label: "Педагоги ШНОР по регистру работников (без наставников-кураторов)",
                    columns: ["position", "count"],
                    rows: staff.byPosition.map { [.text($0.label), .integer($0.count)] } + [
                        [.text("total"), .integer(staff.total)], [.text("mentors_list"), .integer(staff.mentors)],
                    ]))
        }
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
