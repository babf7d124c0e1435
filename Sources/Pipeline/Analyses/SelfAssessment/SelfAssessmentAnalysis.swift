import Clean
import Ingest
import Link
import Measures
import Notes

/// The self-assessment of professional difficulties (DESIGN.md §5): the profile of the first
/// wave, targeted recommendations per school, and the teachers who improved between waves.
struct SelfAssessmentAnalysis {
    /// One area of professional activity: a row of the areas grid.
    struct Area {
        let id: String
        let label: String
        /// The support formats the instrument maps to it.
        let formats: [String]
        let preSlot: Int
        let postSlot: Int?
    }

    /// The share of teachers reporting a difficulty in one area, among those who rated it.
    struct AreaFigure {
        let area: Area
        let share: Share
        /// Teachers at the highest level of difficulty.
        let severe: Int
    }

    struct Breakdown {
        let dimension: PipelineSpec.Breakdown
        let groups: [String]
        /// [area][group]
        let cells: [[Share]]
        let suppressed: [[Bool]]
    }

    struct Recommendation {
        let school: SchoolRegister.School
        let respondents: Int
        /// Too few answers to say anything about the school.
        let suppressed: Bool
        let areas: [(area: Area, share: Share)]
    }

    /// A teacher's change between the waves under one rule.
    enum Outcome: Equatable { case improved, worsened, unchanged, notComparable }

    struct RuleFigure {
        let rule: PipelineSpec.Improved.Rule
        let improved: Share
        let worsened: Share
        let unchanged: Share
        let test: McNemarTest
        let bySchool: [(label: String, share: Share, suppressed: Bool)]
    }

    struct AreaChange {
        let area: Area
        let before: Share
        let after: Share
        let test: McNemarTest
    }

    let settings: PipelineSpec.SelfAssessment
    let pre: [Response]
    let post: [Response]
    let areas: [Area]
    let levels: [String]
    let profile: [AreaFigure]
    /// Indices into `profile`, the most reported difficulty first.
    let ranking: [Int]
    let breakdowns: [Breakdown]
    let recommendations: [Recommendation]
    let link: WaveLink
    /// Linked teachers of schools outside the programme: in the linkage, not in the change
    /// measures, which are over ШНОР (DESIGN.md §5).
    let outsideProgramme: Int
    /// Unlinked records that could be one teacher seen in both waves under spellings the
    /// linking would not join: per programme school, the fewer of its unlinked first- and
    /// second-wave records. A teacher seen in one wave only has no change to count.
    let linkable: Int
    let rules: [RuleFigure]
    let areaChanges: [AreaChange]
    let scaleLevels: Int

    init(
        configuration: PipelineConfiguration, settings: PipelineSpec.SelfAssessment,
        preBinding: InstrumentBinding, postBinding: InstrumentBinding, pre: [Response], post: [Response]
    ) {
        self.settings = settings
        self.pre = pre
        self.post = post
        let register = configuration.register
        let disclosure = configuration.disclosure
        let instrument = preBinding.instrument
        let column = instrument.columns.first { $0.id == settings.areas }
        let scale = column?.scale.flatMap { instrument.scales[$0] } ?? Scale(categories: [])
        levels = scale.categories.map(\.label)
        scaleLevels = scale.categories.count
        let supports = column?.supports ?? [:]
        let areas = preBinding.slots.enumerated().filter {
            $0.element.group == settings.areas || $0.element.id == settings.areas
        }.map { index, slot in
            let formats = supports.first { MatchKey.of($0.key) == MatchKey.of(slot.label) }?.value ?? []
            return Area(
                id: slot.id, label: slot.label, formats: formats, preSlot: index,
                postSlot: postBinding.slots.firstIndex { $0.id == slot.id })
        }
        func level(_ response: Response, _ slot: Int?) -> Int? {
            guard let slot, case .category(let category) = response.answer(at: slot) else { return nil }
            return category
        }
        func share(_ responses: [Response], _ area: Area) -> Share {
            let rated = responses.compactMap { level($0, area.preSlot) }
            return Share(numerator: rated.filter { $0 > 0 }.count, denominator: rated.count)
        }

        // The first wave's profile.
        let profile = areas.map { area in
            let rated = pre.compactMap { level($0, area.preSlot) }
            return AreaFigure(
                area: area, share: share(pre, area), severe: rated.filter { $0 == scale.categories.count - 1 }.count)
        }
        let ranking = profile.indices.sorted { a, b in
            let (x, y) = (profile[a].share.value ?? 0, profile[b].share.value ?? 0)
            return x != y ? x > y : a < b
        }
        let positionScale = instrument.column(role: .position)?.scale.flatMap { instrument.scales[$0] }
        func groups(_ dimension: PipelineSpec.Breakdown) -> [(label: String, members: [Response])] {
            switch dimension {
            case .school:
                return SmallSchools.groups(
                    pre, schools: Array(register.schools.indices), register: register,
                    threshold: disclosure.threshold, pool: configuration.spec.disclosure.poolSmallSchools,
                    keepEmpty: false)
            case .position:
                let labels = positionScale?.categories.map(\.label) ?? []
                var list = labels.indices.map { index in (labels[index], pre.filter { $0.position == index }) }.filter {
                    !$0.1.isEmpty
                }
                let unknown = pre.filter { $0.position == nil }
                if !unknown.isEmpty { list.append(("должность не указана", unknown)) }
                return list
            case .subject:
                return SubjectGroups.of(pre, threshold: disclosure.threshold)
            }
        }
        // Each area's ratings are one linked table over every breakdown: a subject hidden in one
        // breakdown is not left to be had from the schools or positions of another.
        let parts = settings.breakdowns.map(groups)
        let hidden = areas.map { area in
            disclosure.suppressed(parts.map { $0.map(\.members) }) { level($0, area.preSlot) != nil }
        }
        let breakdowns = settings.breakdowns.enumerated().map { number, dimension in
            let cells = areas.map { area in parts[number].map { share($0.members, area) } }
            return Breakdown(
                dimension: dimension, groups: parts[number].map(\.label), cells: cells,
                suppressed: areas.indices.map { hidden[$0][number] })
        }
        let recommendations = register.schools.indices.compactMap { index -> Recommendation? in
            let members = pre.filter { $0.school == index }
            guard !members.isEmpty else { return nil }
            let suppressed = members.count < disclosure.threshold
            let found: [(area: Area, share: Share)] =
                suppressed
                ? []
                : ranking.map { profile[$0].area }.compactMap { area -> (Area, Share)? in
                    let value = share(members, area)
                    guard let fraction = value.value, fraction + 1e-12 >= settings.threshold else { return nil }
                    return (area, value)
                }
            // The school's own most frequent difficulties first; ties keep the district's order.
            let ordered = found.enumerated().sorted { a, b in
                let (x, y) = (a.element.share.value ?? 0, b.element.share.value ?? 0)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
            return Recommendation(
                school: register.schools[index], respondents: members.count, suppressed: suppressed, areas: ordered)
        }

        // The second wave: link, then compare.
        let people = { (responses: [Response]) in
            responses.map {
                WaveLink.Person(id: $0.personId, name: $0.respondentName.flatMap(PersonName.init), school: $0.school)
            }
        }
        let link = WaveLink(before: people(pre), after: people(post))
        let linked = link.pairs.map { (pre[$0.before], post[$0.after]) }
        func inProgramme(_ response: Response) -> Bool {
            response.school.map { register.schools[$0].programme } ?? false
        }
        let pairs = linked.filter { inProgramme($0.0) }
        let linkable = register.schools.indices.filter { register.schools[$0].programme }.reduce(0) { sum, school in
            sum
                + min(
                    link.unmatchedBefore.filter { pre[$0].school == school }.count,
                    link.unmatchedAfter.filter { post[$0].school == school }.count)
        }
        func outcome(_ rule: PipelineSpec.Improved.Rule, _ before: Response, _ after: Response) -> Outcome {
            let both = areas.compactMap { area -> (Int, Int)? in
                guard let x = level(before, area.preSlot), let y = level(after, area.postSlot) else { return nil }
                return (x, y)
            }
            guard !both.isEmpty else { return .notComparable }
            switch rule {
            case .fewerDifficulties:
                let down = both.filter { $0.1 < $0.0 }.count
                let up = both.filter { $0.1 > $0.0 }.count
                if down > 0 && up == 0 { return .improved }
                if up > 0 && down == 0 { return .worsened }
                return .unchanged
            case .meanDrop:
                let drop = Double(both.reduce(0) { $0 + $1.0 - $1.1 }) / Double(both.count)
                if drop + 1e-12 >= settings.improved.minDrop { return .improved }
                if -drop + 1e-12 >= settings.improved.minDrop { return .worsened }
                return .unchanged
            }
        }
        let rules = settings.improved.rules.map { rule in
            let outcomes = pairs.map { outcome(rule, $0.0, $0.1) }
            let comparable = outcomes.filter { $0 != .notComparable }.count
            func count(_ kind: Outcome) -> Int { outcomes.filter { $0 == kind }.count }
            let bySchoolCells = register.schools.indices.compactMap { index -> (String, Share)? in
                let members = pairs.indices.filter { pairs[$0].0.school == index && outcomes[$0] != .notComparable }
                guard !members.isEmpty else { return nil }
                return (
                    register.schools[index].short,
                    Share(numerator: members.filter { outcomes[$0] == .improved }.count, denominator: members.count)
                )
            }
            let hidden = disclosure.suppressed(denominators: bySchoolCells.map { $0.1.denominator })
            return RuleFigure(
                rule: rule,
                improved: Share(numerator: count(.improved), denominator: comparable),
                worsened: Share(numerator: count(.worsened), denominator: comparable),
                unchanged: Share(numerator: count(.unchanged), denominator: comparable),
                test: McNemarTest(improved: count(.improved), worsened: count(.worsened)),
                bySchool: zip(bySchoolCells, hidden).map { ($0.0, $0.1, $1) })
        }
        let areaChanges = areas.map { area in
            let both = pairs.compactMap { pair -> (Bool, Bool)? in
                guard let x = level(pair.0, area.preSlot), let y = level(pair.1, area.postSlot) else { return nil }
                return (x > 0, y > 0)
            }
            return AreaChange(
                area: area,
                before: Share(numerator: both.filter(\.0).count, denominator: both.count),
                after: Share(numerator: both.filter(\.1).count, denominator: both.count),
                test: McNemarTest(
                    improved: both.filter { $0.0 && !$0.1 }.count, worsened: both.filter { !$0.0 && $0.1 }.count))
        }
        self.areas = areas
        self.profile = profile
        self.ranking = ranking
        self.breakdowns = breakdowns
        self.recommendations = recommendations
        self.link = link
        outsideProgramme = linked.count - pairs.count
        self.linkable = linkable
        self.rules = rules
        self.areaChanges = areaChanges
    }

    /// What the headline measures: fewer difficulties by the teacher's own rating. The programme
    /// calls its indicator «повысивших качество преподавания»; the note says once, in its method,
    /// that this is how the programme measures it — the label says what was measured.
    static let improvedLabel = "Доля педагогов, снизивших профессиональные затруднения по самооценке"

    /// A rule in a few words, for the table of rules and the sentence on rules that disagree.
    func ruleWords(_ rule: PipelineSpec.Improved.Rule) -> String {
        switch rule {
        case .fewerDifficulties: "затруднения снизились хотя бы в одной области и не выросли ни в одной"
        case .meanDrop:
            "средний уровень затруднений снизился не менее чем на \(RussianFormat.decimal(settings.improved.minDrop, decimals: 1)) ступени"
        }
    }

    /// The denominator of every change measure, in words: who is counted and who cannot be.
    static let denominatorWords =
        "знаменатель — педагоги школ ШНОР, прошедшие оба опроса (анкеты сопоставлены по табельному номеру или ФИО и школе); у педагога, прошедшего один опрос, изменения нет, и в знаменатель он не входит, но несопоставленные анкеты одной школы, которые могли быть одним педагогом, учтены в границах неучтённого"

    /// The definition of a rule in words, as the note states it.
    func definition(_ rule: PipelineSpec.Improved.Rule) -> String {
        switch rule {
        case .fewerDifficulties:
            return
                "педагог, у которого по самооценке уровень затруднений снизился хотя бы в одной области и не вырос ни в одной (сравниваются области, оценённые в обоих опросах); \(Self.denominatorWords)"
        case .meanDrop:
            return
                "педагог, у которого по самооценке средний уровень затруднений по областям снизился не менее чем на \(RussianFormat.decimal(settings.improved.minDrop, decimals: 1)) ступени шкалы; \(Self.denominatorWords)"
        }
    }
}

extension SelfAssessmentAnalysis {
    /// Area answers of either wave that are not on the difficulty scale, in file order: their
    /// cells count as not rated, and the run names them.
    var unreadableAreaAnswers: [(origin: Origin, text: String)] {
        let preSlots = areas.map(\.preSlot)
        let postSlots = areas.compactMap(\.postSlot)
        func cells(_ responses: [Response], _ slots: [Int]) -> [(origin: Origin, text: String)] {
            responses.flatMap { response in
                slots.compactMap { slot in response.unreadable[slot].map { (response.origin, $0) } }
            }
        }
        return cells(pre, preSlots) + cells(post, postSlots)
    }
}
