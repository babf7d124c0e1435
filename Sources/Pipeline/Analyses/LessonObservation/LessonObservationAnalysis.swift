import Clean
import Ingest
import Link
import Measures
import Notes

/// The monitoring of teaching quality by lesson observation (road-map item 7): each teacher's
/// share of the maximum per block and overall at both waves, the teachers whose observed
/// quality rose, blocks ranked by gain, schools and blocks below the threshold, observer effects.
struct LessonObservationAnalysis {
    /// A teacher's change between the waves by the pipeline's rule.
    enum Outcome: Equatable { case improved, worsened, unchanged, notComparable }

    /// A block's mean share of the maximum among the linked teachers of the programme schools.
    struct BlockChange {
        let block: Int
        let label: String
        /// Teachers whose block was scored at both waves.
        let compared: Int
        let before: Double?
        let after: Double?
        /// Teachers whose block share rose (fell) by at least the margin.
        let test: McNemarTest
        var gain: Double? { before.flatMap { b in after.map { $0 - b } } }
    }

    /// A group's mean share of the maximum at one wave, over its teachers.
    struct Level {
        let label: String
        let teachers: Int
        let mean: Double?
        var suppressed: Bool
    }

    /// One observer's protocols of both waves.
    struct ObserverEffect {
        /// The observer's place on the instrument's scale, from 1: «наблюдатель 1» is published
        /// in place of the name (DESIGN.md §6).
        let number: Int
        var label: String { "наблюдатель \(number)" }
        /// The name on the instrument's scale, for private/ only.
        let name: String
        let protocols: Int
        let teachers: Int
        let mean: Double?
        /// The observer's mean less the mean of every other observer's protocols.
        let deviation: Double?
        var suppressed: Bool
    }

    let settings: PipelineSpec.LessonObservation
    let design: LessonProtocol
    let before: [ObservedTeacher]
    let after: [ObservedTeacher]
    let link: WaveLink
    /// Linked teachers of the programme schools: the denominator's population.
    let pairs: [(before: ObservedTeacher, after: ObservedTeacher)]
    /// Linked teachers of schools outside the programme, left out of the change measures.
    let outsideProgramme: Int
    /// Unlinked teachers that could be one teacher seen in both waves under other spellings:
    /// per programme school, the fewer of its unlinked first- and second-wave teachers.
    let linkable: Int
    let outcomes: [Outcome]
    let improved: Share
    let worsened: Share
    let unchanged: Share
    let test: McNemarTest
    let bySchool: [(label: String, share: Share, suppressed: Bool)]
    /// In the blocks' order.
    let blockChanges: [BlockChange]
    /// Indices into ``blockChanges``, the largest gain first.
    let ranking: [Int]
    /// Mean overall share of the maximum at each wave, all programme-school teachers observed.
    let levelBefore: Level
    let levelAfter: Level
    /// Schools of the programme at the second wave, by the register's order.
    let schoolLevels: [Level]
    /// Blocks at the second wave, by the blocks' order.
    let blockLevels: [Level]
    let observers: [ObserverEffect]

    init(
        configuration: PipelineConfiguration, settings: PipelineSpec.LessonObservation, design: LessonProtocol,
        observerNames: [String], before: [ObservedTeacher], after: [ObservedTeacher]
    ) {
        let register = configuration.register
        let disclosure = configuration.disclosure
        self.settings = settings
        self.design = design
        self.before = before
        self.after = after
        func inProgramme(_ teacher: ObservedTeacher) -> Bool {
            teacher.latest.school.map { register.schools[$0].programme } ?? false
        }
        func people(_ teachers: [ObservedTeacher]) -> [WaveLink.Person] {
            teachers.map {
                WaveLink.Person(
                    id: $0.latest.personId, name: $0.latest.respondentName.flatMap(PersonName.init),
                    school: $0.latest.school)
            }
        }
        let link = WaveLink(before: people(before), after: people(after))
        self.link = link
        let linked = link.pairs.map { (before: before[$0.before], after: after[$0.after]) }
        let pairs = linked.filter { inProgramme($0.before) }
        self.pairs = pairs
        outsideProgramme = linked.count - pairs.count
        linkable = register.schools.indices.filter { register.schools[$0].programme }.reduce(0) { sum, school in
            sum
                + min(
                    link.unmatchedBefore.filter { before[$0].latest.school == school }.count,
                    link.unmatchedAfter.filter { after[$0].latest.school == school }.count)
        }
        let margin = settings.improved.margin
        func direction(_ first: Double?, _ second: Double?) -> Outcome {
            guard let first, let second else { return .notComparable }
            let gain = second - first
            if gain + 1e-12 >= margin { return .improved }
            if -gain + 1e-12 >= margin { return .worsened }
            return .unchanged
        }
        let outcomes = pairs.map { direction($0.before.overall, $0.after.overall) }
        self.outcomes = outcomes
        let comparable = outcomes.filter { $0 != .notComparable }.count
        func count(_ kind: Outcome) -> Int { outcomes.filter { $0 == kind }.count }
        improved = Share(numerator: count(.improved), denominator: comparable)
        worsened = Share(numerator: count(.worsened), denominator: comparable)
        unchanged = Share(numerator: count(.unchanged), denominator: comparable)
        test = McNemarTest(improved: count(.improved), worsened: count(.worsened))
        let schoolCells = register.schools.indices.compactMap { index -> (String, Share)? in
            let members = pairs.indices.filter {
                pairs[$0].before.latest.school == index && outcomes[$0] != .notComparable
            }
            guard !members.isEmpty else { return nil }
            return (
                register.schools[index].short,
                Share(numerator: members.filter { outcomes[$0] == .improved }.count, denominator: members.count)
            )
        }
        let schoolHidden = disclosure.suppressed(denominators: schoolCells.map(\.1.denominator))
        bySchool = zip(schoolCells, schoolHidden).map { ($0.0, $0.1, $1) }

        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        let blockChanges = design.blocks.indices.map { block -> BlockChange in
            let both = pairs.compactMap { pair -> (Double, Double)? in
                guard let x = pair.before.blocks[block], let y = pair.after.blocks[block] else { return nil }
                return (x, y)
            }
            let directions = both.map { direction($0.0, $0.1) }
            return BlockChange(
                block: block, label: design.blocks[block].label, compared: both.count, before: mean(both.map(\.0)),
                after: mean(both.map(\.1)),
                test: McNemarTest(
                    improved: directions.filter { $0 == .improved }.count,
                    worsened: directions.filter { $0 == .worsened }.count))
        }
        self.blockChanges = blockChanges
        ranking = blockChanges.indices.sorted { a, b in
            let (x, y) = (blockChanges[a].gain ?? -.infinity, blockChanges[b].gain ?? -.infinity)
            return x != y ? x > y : a < b
        }
        let programmeBefore = before.filter(inProgramme)
        let programmeAfter = after.filter(inProgramme)
        func level(_ label: String, _ values: [Double?]) -> Level {
            let present = values.compactMap { $0 }
            return Level(label: label, teachers: present.count, mean: mean(present), suppressed: false)
        }
        levelBefore = level("первая волна", programmeBefore.map(\.overall))
        levelAfter = level("вторая волна", programmeAfter.map(\.overall))
        var schoolLevels = register.schools.indices.filter { register.schools[$0].programme }.compactMap {
            index -> Level? in
            let members = programmeAfter.filter { $0.latest.school == index }
            return members.isEmpty ? nil : level(register.schools[index].short, members.map(\.overall))
        }
        for (index, hidden) in disclosure.suppressed(denominators: schoolLevels.map(\.teachers)).enumerated() {
            schoolLevels[index].suppressed = hidden
        }
        self.schoolLevels = schoolLevels
        blockLevels = design.blocks.indices.map { block in
            level(design.blocks[block].label, programmeAfter.map { $0.blocks[block] })
        }

        // Every protocol of both waves counted, by its observer: a lenient observer stands out.
        let counted = (before + after).flatMap { teacher in teacher.protocols.map { (teacher, $0) } }
        let scored = counted.compactMap { teacher, item -> (observer: Int, teacher: String, share: Double)? in
            guard let observer = item.observer, observerNames.indices.contains(observer),
                let share = design.shares(item.scores).overall
            else { return nil }
            return (observer, "\(item.personId ?? item.respondentKey ?? "\(item.origin)")|\(item.school ?? -1)", share)
        }
        var observers = observerNames.indices.compactMap { observer -> ObserverEffect? in
            let own = scored.filter { $0.observer == observer }
            guard !own.isEmpty else { return nil }
            let others = scored.filter { $0.observer != observer }.map(\.share)
            let ownMean = mean(own.map(\.share))
            return ObserverEffect(
                number: observer + 1, name: observerNames[observer], protocols: own.count,
                teachers: Set(own.map(\.teacher)).count, mean: ownMean,
                deviation: ownMean.flatMap { value in mean(others).map { value - $0 } }, suppressed: false)
        }
        for (index, hidden) in disclosure.suppressed(denominators: observers.map(\.teachers)).enumerated() {
            observers[index].suppressed = hidden
        }
        self.observers = observers
    }

    /// The headline's label: what was measured, by observation, not by the teachers' own rating.
    static let improvedLabel =
        "Доля педагогов, у которых повысилось качество преподавания по результатам посещения уроков"

    /// The rule in a few words, for tables.
    var ruleWords: String {
        "доля от максимума баллов протокола выросла не менее чем на \(RussianFormat.decimal(settings.improved.margin * 100, decimals: 0)) п. п."
    }

    /// The denominator in words: who is counted and who cannot be.
    static let denominatorWords =
        "знаменатель — педагоги школ ШНОР, уроки которых посещены в обеих волнах (протоколы сопоставлены по табельному номеру или ФИО и школе); у педагога, посещённого в одной волне, изменения нет, и в знаменатель он не входит, но несопоставленные педагоги одной школы, которые могли быть одним человеком, учтены в границах неучтённого"

    /// The definition of the headline, as the note and results.json state it.
    var definition: String {
        "педагог, у которого доля от максимума баллов протокола посещения урока (по всем оценённым критериям) во второй волне выше, чем в первой, не менее чем на \(RussianFormat.decimal(settings.improved.margin * 100, decimals: 0)) п. п.\(settings.repeated == .mean ? " (при нескольких посещениях в волне — среднее по протоколам)" : " (при нескольких посещениях в волне — последний протокол)"); \(Self.denominatorWords)"
    }
}
