import Clean
import Foundation
import Ingest
import Measures

/// The figures of a survey run, computed from cleaned and linked responses (DESIGN.md §5)
/// with disclosure control applied (§6). Pure computation: emitting reads this model.
struct SurveyAnalysis {
    struct Group {
        let dimension: PipelineSpec.Breakdown
        let label: String
        let share: Share
        let suppressed: Bool
    }

    struct MeasureFigure {
        let spec: PipelineSpec.Measure
        let share: Share
        let nonSubstantive: Int
        let blank: Int
        let groups: [Group]
        /// The definition in words, as the note states it.
        let definition: String
        /// Answers to the measure's item that are not on its scale, among its population: left
        /// out of the figure, each named by the run.
        var unreadable: [(origin: Origin, text: String)] = []
        /// Rows that could have counted either way: rejected rows (not repeats, tests or empty
        /// submissions) and the unreadable answers; nil for a measure without such rows (coverage).
        var uncounted: Int? = nil
        /// The item's scale (top-box measures), for the messages about unreadable answers.
        var scale: Scale? = nil
        /// The header of a breakdown's count column: what its numerator counts.
        let countHeading: String
    }

    struct LikertRow {
        let label: String
        let group: String?
        let distribution: CategoryDistribution
        let suppressed: Bool
    }

    struct LikertTable {
        let spec: PipelineSpec.Table
        let scale: Scale
        let rows: [LikertRow]
        let breakdowns: [LikertBreakdown]
    }

    /// Each item of a likert table across the groups of one breakdown.
    struct LikertBreakdown {
        let dimension: PipelineSpec.Breakdown
        let groups: [String]
        /// [item][group]
        let cells: [[CategoryDistribution]]
        let suppressed: [[Bool]]
    }

    struct ChoiceTable {
        let spec: PipelineSpec.Table
        let options: [String]
        let counts: [Int]
        let other: Int
        /// Respondents who chose anything.
        let answered: Int
    }

    struct FreeText {
        let spec: PipelineSpec.Table
        let answers: [String]
    }

    struct SchoolRow {
        let school: SchoolRegister.School
        let respondents: Int
        let roster: Int?
        let matched: Int?
    }

    let measures: [MeasureFigure]
    let likert: [LikertTable]
    let choices: [ChoiceTable]
    let freeTexts: [FreeText]
    /// Names, e-mail addresses and phone numbers masked in the free-text answers.
    let masked: FreeTextScrubber.Counts
    let schools: [SchoolRow]
    /// Respondents from the programme's schools (every respondent without a school column).
    let programmeRespondents: Int
    let respondentsAll: Int
    /// Breakdowns whose every group came out empty although the figure had members: the
    /// column they group by matched nothing (measure or table id, dimension).
    let emptyBreakdowns: [(owner: String, dimension: PipelineSpec.Breakdown)]

    /// The population a table counts: its own when it names one, else that of a measure reading
    /// the same item (a table and a measure of one question count the same people), else ШНОР.
    /// «70», «7,5»: a threshold as the definition writes it.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e12
            ? String(Int(value)) : String(value).replacingOccurrences(of: ".", with: ",")
    }

    /// The distributions of several slots' answers (all on scales of `categories` categories)
    /// among `responses`, counted in one pass into one flat array of integers: per slot, the
    /// categories, then the non-substantive answers and the blanks.
    static func distributions(slots: [Int], categories: Int, _ responses: [Response]) -> [CategoryDistribution] {
        let width = categories + 2
        var counts = [Int](repeating: 0, count: slots.count * width)
        // Through buffers, the slots checked once per response: hundreds of thousands of
        // responses times every slot.
        let codedCategories = min(categories, Int(AnswerCode.nonSubstantive))
        let lowest = slots.min() ?? 0
        let highest = slots.max() ?? -1
        precondition(lowest >= 0, "a slot is a place in a response's answers")
        counts.withUnsafeMutableBufferPointer { counts in
            func count(_ answer: Scale.Reading, _ base: Int) {
                switch answer {
                case .category(let category) where category < categories: counts[base + category] += 1
                case .nonSubstantive: counts[base + categories] += 1
                case .blank: counts[base + categories + 1] += 1
                case .category, .unknown: break
                }
            }
            slots.withUnsafeBufferPointer { slots in
                for response in responses {
                    guard let codes = response.answerCodes else {
                        var base = 0
                        for slot in slots {
                            count(response.answer(at: slot), base)
                            base += width
                        }
                        continue
                    }
                    codes.withUnsafeBufferPointer { answers in
                        precondition(highest < answers.count, "one answer per slot of the binding")
                        var base = 0
                        for slot in slots {
                            let code = Int(answers[slot])
                            if code < codedCategories {
                                counts[base + code] += 1
                            } else if code == Int(AnswerCode.nonSubstantive) {
                                counts[base + categories] += 1
                            } else if code == Int(AnswerCode.blank) {
                                counts[base + categories + 1] += 1
                            }
                            // An answer off the scale is neither an answer nor a blank: named in the warnings.
                            base += width
                        }
                    }
                }
            }
        }
        return slots.indices.map { offset in
            let base = offset * width
            return CategoryDistribution(
                counts: Array(counts[base..<(base + categories)]), nonSubstantive: counts[base + categories],
                blank: counts[base + categories + 1])
        }
    }

    static func population(of table: PipelineSpec.Table, in spec: PipelineSpec) -> PipelineSpec.Measure.Population {
        table.population
            ?? spec.measures.first { measure in
                // A measure on a grid's row reads the grid's column.
                measure.item.map { table.columns.contains(String($0.prefix { $0 != "[" })) } ?? false
            }?.population
            ?? .programme
    }

    /// Whom a figure counts: the responses of some buckets of the tally (register schools), or
    /// the responses themselves when the answers could not be tallied or a figure needs each one.
    enum Members {
        case tallied(SchoolAnswerTally, buckets: [Int])
        case responses([Response])

        var count: Int {
            switch self {
            case .tallied(let tally, let buckets): tally.respondents(in: buckets)
            case .responses(let responses): responses.count
            }
        }

        /// The distributions of several slots' answers, all read on a scale of `categories` categories.
        func distributions(slots: [Int], categories: Int) -> [CategoryDistribution] {
            switch self {
            case .tallied(let tally, let buckets):
                slots.map { tally.distribution(slot: $0, categories: categories, in: buckets) }
            case .responses(let responses):
                SurveyAnalysis.distributions(slots: slots, categories: categories, responses)
            }
        }

        /// False when no member's answer to `slot` is off its scale (known from the tally).
        func mayHaveUnreadable(slot: Int) -> Bool {
            switch self {
            case .tallied(let tally, let buckets): tally.unreadable(slot: slot, in: buckets) > 0
            case .responses: true
            }
        }

        /// Members whose answer to `slot` is a category of its scale: the size disclosure control judges.
        func answeredWithCategory(slot: Int) -> Int {
            switch self {
            case .tallied(let tally, let buckets): tally.answeredWithCategory(slot: slot, in: buckets)
            case .responses(let responses):
                responses.reduce(0) { count, member in
                    if case .category = member.answer(at: slot) { return count + 1 }
                    return count
                }
            }
        }
    }

    init(configuration: PipelineConfiguration, survey: InputResult, kept: [Response], link: RosterLink?) {
        let register = configuration.register
        let instrument = survey.binding.instrument
        let disclosure = configuration.disclosure
        // Without a school column nobody can be told apart as a programme school's: every
        // respondent counts (the note says so).
        let withoutSchools = !Satisfaction.hasSchoolColumn(configuration)
        func inPopulation(_ population: PipelineSpec.Measure.Population) -> (Response) -> Bool {
            { response in
                population == .all || withoutSchools
                    || response.school.map { register.schools[$0].programme } == true
            }
        }
        // Every answer counted once per school; each figure then adds up a few schools' counts.
        // Counted as the export was read when every response cleaned was kept.
        let tally =
            survey.answerTally.flatMap { $0.total == kept.count && $0.buckets == register.schools.count + 1 ? $0 : nil }
            ?? SchoolAnswerTally(kept, binding: survey.binding, schools: register.schools.count)
        /// A population's responses, filtered once for the figures that go through them one by one.
        var responsesOf: [PipelineSpec.Measure.Population: [Response]] = [:]
        func responses(_ population: PipelineSpec.Measure.Population) -> [Response] {
            if let known = responsesOf[population] { return known }
            let list = population == .all || withoutSchools ? kept : kept.filter(inPopulation(population))
            responsesOf[population] = list
            return list
        }
        /// The tally's buckets of a population: every one, or the programme schools'.
        func buckets(_ population: PipelineSpec.Measure.Population, of tally: SchoolAnswerTally) -> [Int] {
            population == .all || withoutSchools
                ? Array(0..<tally.buckets) : register.schools.indices.filter { register.schools[$0].programme }
        }
        func members(_ population: PipelineSpec.Measure.Population) -> Members {
            if let tally { return .tallied(tally, buckets: buckets(population, of: tally)) }
            return .responses(responses(population))
        }
        programmeRespondents = members(.programme).count
        respondentsAll = kept.count
        let positionScale = instrument.column(role: .position)?.scale.flatMap { instrument.scales[$0] }

        var respondentsBySchool = [Int](repeating: 0, count: register.schools.count)
        if let tally {
            for school in register.schools.indices { respondentsBySchool[school] = tally.respondents[school] }
        } else {
            for response in kept {
                if let school = response.school, school < register.schools.count { respondentsBySchool[school] += 1 }
            }
        }
        schools = register.schools.indices.map { index in
            SchoolRow(
                school: register.schools[index],
                respondents: respondentsBySchool[index],
                roster: link.map { $0.rosterCount(school: index) },
                matched: link.map { $0.matchedCount(school: index) })
        }

        func schoolsIn(_ population: PipelineSpec.Measure.Population) -> [Int] {
            register.schools.indices.filter { population == .all || register.schools[$0].programme }
        }
        /// The groups of a breakdown, in register or scale order, with their members; made once
        /// per breakdown and population.
        var responseGroupsOf: [String: [(label: String, members: [Response])]] = [:]
        func responseGroups(
            _ dimension: PipelineSpec.Breakdown, population: PipelineSpec.Measure.Population
        ) -> [(label: String, members: [Response])] {
            let key = "\(dimension)|\(population)"
            if let known = responseGroupsOf[key] { return known }
            let members = responses(population)
            let list: [(label: String, members: [Response])]
            switch dimension {
            case .school:
                list = SmallSchools.groups(
                    members, schools: schoolsIn(population), register: register, threshold: disclosure.threshold,
                    pool: configuration.spec.disclosure.poolSmallSchools, keepEmpty: true)
            case .position:
                let labels = positionScale?.categories.map(\.label) ?? []
                var byPosition = labels.indices.map { index in (labels[index], members.filter { $0.position == index })
                }
                let unknown = members.filter { $0.position == nil }
                if !unknown.isEmpty { byPosition.append(("должность не указана", unknown)) }
                list = byPosition
            case .subject:
                list = SubjectGroups.of(members, threshold: disclosure.threshold)
            }
            responseGroupsOf[key] = list
            return list
        }
        /// The groups of a breakdown: by school from the tally's schools, others by their members.
        func groups(
            _ dimension: PipelineSpec.Breakdown, population: PipelineSpec.Measure.Population
        ) -> [(label: String, members: Members)] {
            if dimension == .school, let tally {
                let sizes = register.schools.indices.map { tally.respondents[$0] }
                return SmallSchools.schoolGroups(
                    sizes: sizes, schools: schoolsIn(population), register: register, threshold: disclosure.threshold,
                    pool: configuration.spec.disclosure.poolSmallSchools, keepEmpty: true
                ).map { ($0.label, .tallied(tally, buckets: $0.schools)) }
            }
            return responseGroups(dimension, population: population).map { ($0.label, .responses($0.members)) }
        }

        /// The distribution of one slot's answers among `members`.
        func distribution(slot: Int, categories: Int, _ members: Members) -> CategoryDistribution {
            members.distributions(slots: [slot], categories: categories)[0]
        }

        var emptyBreakdowns: [(owner: String, dimension: PipelineSpec.Breakdown)] = []
        /// Notes a breakdown whose groups are all empty while the figure has members.
        func checkFilled(_ owner: String, _ dimension: PipelineSpec.Breakdown, sizes: [Int], members: Int) {
            if members > 0 && sizes.allSatisfy({ $0 == 0 }) { emptyBreakdowns.append((owner, dimension)) }
        }
        let uncountedRows = survey.uncountedRows

        // Every figure counted from one item's answers in one population — a measure's groups,
        // a table's rows — is published by the union of the breakdowns asked of it: one linked
        // table, so no table shows a group another hides, and no breakdown gives another away.
        var published: [String: [PipelineSpec.Breakdown]] = [:]
        func key(_ slot: Int, _ population: PipelineSpec.Measure.Population) -> String { "\(slot)|\(population)" }
        for spec in configuration.spec.measures where spec.kind == .topBox {
            guard let slot = survey.binding.slots.firstIndex(where: { $0.id == spec.item }) else { continue }
            published[key(slot, spec.population), default: []] += spec.breakdowns
        }
        for table in configuration.spec.tables where table.kind == .likert {
            let population = Self.population(of: table, in: configuration.spec)
            for (slot, element) in survey.binding.slots.enumerated()
            where table.columns.contains(element.group ?? element.id) {
                published[key(slot, population), default: []] += table.breakdowns
            }
        }
        var hiddenBy: [String: [PipelineSpec.Breakdown: [Bool]]] = [:]
        for (figure, dimensions) in published {
            var unique: [PipelineSpec.Breakdown] = []
            for dimension in dimensions where !unique.contains(dimension) { unique.append(dimension) }
            guard !unique.isEmpty, let slot = Int(figure.prefix { $0 != "|" }) else { continue }
            let population: PipelineSpec.Measure.Population = figure.hasSuffix("|all") ? .all : .programme
            let flags: [[Bool]]
            if unique.count == 1 {
                // One breakdown under its total: its groups' sizes alone.
                flags = [
                    disclosure.suppressed(
                        denominators: groups(unique[0], population: population).map {
                            $0.members.answeredWithCategory(slot: slot)
                        })
                ]
            } else {
                let parts = unique.map { responseGroups($0, population: population).map(\.members) }
                flags = disclosure.suppressed(parts) { member in
                    if case .category = member.answer(at: slot) { return true }
                    return false
                }
            }
            hiddenBy[figure] = Dictionary(uniqueKeysWithValues: zip(unique, flags))
        }

        measures = configuration.spec.measures.map { spec in
            let schoolsInPopulation = register.schools.indices.filter {
                spec.population == .all || register.schools[$0].programme
            }
            switch spec.kind {
            case .topBox:
                let slot = survey.binding.slots.firstIndex { $0.id == spec.item } ?? 0
                let scale = instrument.scales[survey.binding.slots[slot].scale]
                // Checked at load: an ordered scale, and categories in it to count.
                let counted = scale.flatMap { spec.countedCategories(of: $0) } ?? []
                let byThreshold = spec.min != nil || spec.max != nil
                let categoryCount = scale?.categories.count ?? 0
                let members = members(spec.population)
                let overall = distribution(slot: slot, categories: categoryCount, members)
                var breakdownGroups: [Group] = []
                for dimension in spec.breakdowns {
                    let parts = groups(dimension, population: spec.population)
                    checkFilled(spec.id, dimension, sizes: parts.map(\.members.count), members: members.count)
                    let cells = parts.map {
                        ($0.label, distribution(slot: slot, categories: categoryCount, $0.members))
                    }
                    let hidden =
                        hiddenBy[key(slot, spec.population)]?[dimension]
                        ?? disclosure.suppressed(denominators: cells.map { $0.1.substantive })
                    for (cell, isHidden) in zip(cells, hidden) {
                        breakdownGroups.append(
                            Group(
                                dimension: dimension, label: cell.0, share: cell.1.share(of: counted),
                                suppressed: isHidden))
                    }
                }
                // The same words for the same categories as before thresholds existed: the
                // definition's hash ties a measure's periods and districts together.
                let categories: String
                if byThreshold {
                    let bounds = [
                        spec.min.map { "не менее \(Self.number($0))" }, spec.max.map { "не более \(Self.number($0))" },
                    ].compactMap { $0 }.joined(separator: " и ")
                    categories = "\(bounds) по шкале вопроса"
                } else {
                    categories = counted.compactMap { scale?.categories[$0] }.map { "«\($0.label)»" }
                        .joined(separator: " или ")
                }
                let excluded = scale?.nonSubstantive.map { "«\($0.label)»" }.joined(separator: ", ") ?? ""
                // Only what the scale has is said to be left out: a scale without non-substantive
                // answers leaves out blanks alone.
                let leftOut =
                    excluded.isEmpty
                    ? "пропуски в знаменатель не входят" : "ответы \(excluded) и пропуски в знаменатель не входят"
                // The definition is the same whatever the data hold: roll-ups add up only measures
                // of one definition (its hash).
                // Through every member only when the tally has found such answers.
                let unreadable =
                    members.mayHaveUnreadable(slot: slot)
                    ? responses(spec.population).compactMap { response in
                        response.unreadable[slot].map { (origin: Origin, text: String)(response.origin, $0) }
                    } : []
                let definition =
                    "доля респондентов\(spec.population == .programme && !withoutSchools ? " из школ — участниц программы" : ""), ответивших \(categories), среди всех, кто дал содержательный ответ на вопрос «\(survey.binding.slots[slot].label)»; \(leftOut)"
                    + "; ответы не из шкалы вопроса не учитываются"
                let heading: String
                if byThreshold {
                    heading = spec.min.map { "Не менее \(Self.number($0))" } ?? "Не более \(Self.number(spec.max ?? 0))"
                } else {
                    heading =
                        counted.count == 1
                        ? "В высшей категории"
                        : counted.count == 2 ? "В двух высших категориях" : "В \(counted.count) высших категориях"
                }
                return MeasureFigure(
                    spec: spec, share: overall.share(of: counted), nonSubstantive: overall.nonSubstantive,
                    blank: overall.blank, groups: breakdownGroups, definition: definition,
                    unreadable: unreadable, uncounted: uncountedRows + unreadable.count, scale: scale,
                    countHeading: heading)
            case .coverage:
                // The register's `not_staff` positions, which the roster link has left out.
                let notStaff = configuration.rosterInput.flatMap { configuration.instruments[$0.id] }?.notStaff ?? []
                let rosterTotal = schoolsInPopulation.reduce(0) { $0 + (link?.rosterCount(school: $1) ?? 0) }
                let matchedTotal = schoolsInPopulation.reduce(0) { $0 + (link?.matchedCount(school: $1) ?? 0) }
                let cells = schoolsInPopulation.compactMap { index -> (String, Share)? in
                    guard let link, link.rosterCount(school: index) > 0 else { return nil }
                    return (
                        register.schools[index].short,
                        Share(numerator: link.matchedCount(school: index), denominator: link.rosterCount(school: index))
                    )
                }
                let hidden = disclosure.suppressed(denominators: cells.map { $0.1.denominator })
                let groups = zip(cells, hidden).map {
                    Group(dimension: .school, label: $0.0, share: $0.1, suppressed: $1)
                }
                return MeasureFigure(
                    spec: spec, share: Share(numerator: matchedTotal, denominator: rosterTotal), nonSubstantive: 0,
                    blank: 0,
                    groups: spec.breakdowns.contains(.school) ? groups : [],
                    definition:
                        "доля педагогических работников из регистра\(spec.population == .programme ? " школ — участниц программы" : ""), чья анкета найдена среди учтённых (сопоставление по ФИО и школе)"
                        + (notStaff.isEmpty
                            ? ""
                            : "; работники регистра в \(notStaff.count == 1 ? "должности" : "должностях") «\(notStaff.joined(separator: "», «"))» записаны за школами, но их работниками не являются и в знаменатель не входят"),
                    countHeading: "Ответили")
            }
        }

        let spec = configuration.spec
        likert = spec.tables.filter { $0.kind == .likert }.map { table in
            let population = Self.population(of: table, in: spec)
            let members = members(population)
            let slots = survey.binding.slots.enumerated().filter {
                table.columns.contains($0.element.group ?? $0.element.id)
            }
            let scale = slots.first.flatMap { instrument.scales[$0.element.scale] } ?? Scale(categories: [])
            let counted = members.distributions(slots: slots.map(\.offset), categories: scale.categories.count)
            let rows = zip(slots, counted).map { numbered, distribution -> LikertRow in
                let slot = numbered.element
                // Rows of one grid are named by their row; a table mixing questions names the question too.
                let oneGrid = Set(slots.map(\.element.group)).count == 1 && slot.group != nil
                let label =
                    oneGrid
                    ? slot.label
                    : slot.group.flatMap { group in instrument.columns.first { $0.id == group }?.label }
                        .map { "\($0): \(slot.label)" } ?? slot.label
                return LikertRow(
                    label: label, group: slot.group, distribution: distribution,
                    suppressed: distribution.substantive < disclosure.threshold)
            }
            let breakdowns = table.breakdowns.map { dimension -> LikertBreakdown in
                let parts = groups(dimension, population: population)
                checkFilled(table.id, dimension, sizes: parts.map(\.members.count), members: members.count)
                let byPart = parts.map {
                    $0.members.distributions(slots: slots.map(\.offset), categories: scale.categories.count)
                }
                let cells = slots.indices.map { row in byPart.map { $0[row] } }
                return LikertBreakdown(
                    dimension: dimension, groups: parts.map(\.label), cells: cells,
                    suppressed: zip(slots, cells).map { slot, row in
                        hiddenBy[key(slot.offset, population)]?[dimension]
                            ?? disclosure.suppressed(denominators: row.map(\.substantive))
                    })
            }
            return LikertTable(spec: table, scale: scale, rows: rows, breakdowns: breakdowns)
        }

        choices = spec.tables.filter { $0.kind == .choices }.map { table in
            let members = responses(Self.population(of: table, in: spec))
            let column = table.columns[0]
            let options = instrument.columns.first { $0.id == column }?.options ?? []
            var counts = [Int](repeating: 0, count: options.count)
            var other = 0
            var answered = 0
            for response in members {
                guard let choice = response.choices[column] else { continue }
                answered += 1
                for option in choice.options { counts[option] += 1 }
                if choice.other != nil { other += 1 }
            }
            return ChoiceTable(spec: table, options: options, counts: counts, other: other, answered: answered)
        }

        // Built only for a pipeline that quotes answers: it declines every name of the survey.
        let quotes = spec.tables.contains { $0.kind == .freeText }
        let scrubber = FreeTextScrubber(
            names: quotes ? kept.compactMap(\.respondentName) + (link?.names ?? []) : [])
        var masked = FreeTextScrubber.Counts()
        freeTexts = spec.tables.filter { $0.kind == .freeText }.map { table in
            let members = responses(Self.population(of: table, in: spec))
            let answers = members.compactMap { $0.texts[table.columns[0]] }.map { answer in
                let scrubbed = scrubber.scrub(answer)
                masked = masked + scrubbed.counts
                return scrubbed.text
            }
            return FreeText(spec: table, answers: answers)
        }
        self.masked = masked
        self.emptyBreakdowns = emptyBreakdowns
    }
}
