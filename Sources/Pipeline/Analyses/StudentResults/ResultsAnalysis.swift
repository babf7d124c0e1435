import Clean
import Measures

/// The student results analysis: students linked between the two points, the ВПР-style test,
/// and the teachers' competence diagnostic, with every breakdown under disclosure control.
struct ResultsAnalysis {
    let settings: PipelineSpec.Results
    let disclosure: DisclosureControl
    var groups: ResultGroups
    var students: PairedResults
    var test: TestResults?
    var competence: PairedResults?
    /// The headline: students of programme (ШНОР) schools, a student each, by the student rule.
    let programmeStudents: Tally<PairedChange>
    /// The same rule over the students of every school in the data (partner school included).
    let allStudents: Tally<PairedChange>
    /// Pairs «student — subject» of programme schools, by the pair rule (groups: schools only).
    let programmePairs: PairedChange
    /// Teachers on the competence diagnostic, a teacher each (a rise in a subject and a fall in none).
    let teachers: Tally<PairedChange>?
    /// The test's marks beside published figures (`results.vpr_reference`); nil without them.
    var vprComparison: VPRComparison?

    init(
        settings: PipelineSpec.Results, disclosure: DisclosureControl, groups: ResultGroups, students: PairedResults,
        test: TestResults?, competence: PairedResults?
    ) {
        self.settings = settings
        self.disclosure = disclosure
        self.groups = groups
        self.students = students
        self.test = test
        self.competence = competence
        let schools = groups.register.schools
        let rule = settings.improved.studentRule
        programmeStudents = students.counts.people.tally(rule) { schools[$0].programme }
        allStudents = students.counts.people.tally(rule) { _ in true }
        programmePairs = schools.indices.filter { schools[$0].programme }.reduce(PairedChange()) {
            $0 + students.change.value(.school, $1)
        }
        teachers = competence?.counts.people.tally(.anySubject) { _ in true }
    }

    /// One group of a breakdown with its value, hidden when it is too small to publish.
    struct Cell<Value> {
        let dimension: ResultGroups.Dimension
        /// The group's interned index in its dimension.
        let index: Int
        let label: String
        let value: Value
        let suppressed: Bool
    }

    /// The dimensions reported: the whole first, then the pipeline's breakdowns.
    var dimensions: [ResultGroups.Dimension] { [.all] + settings.breakdowns.map(ResultGroups.Dimension.init) }

    /// The cells of one dimension: groups with `size` > 0, suppressed below k, with complementary
    /// suppression over every reported dimension of the tally at once (a class hidden inside its
    /// school is not left to be had as the school minus its other classes, nor as its grade
    /// minus the grade's other classes).
    func cells<Value>(_ dimension: ResultGroups.Dimension, _ tally: Tally<Value>, size: (Value) -> Int) -> [Cell<Value>]
    {
        let hidden = suppression(tally, size: size)
        let present = groups.groups(dimension, in: tally) { size($0) > 0 }
        return present.map {
            let value = tally.value(dimension, $0.index)
            return Cell(
                dimension: dimension, index: $0.index, label: $0.label, value: value,
                suppressed: hidden[dimension]?[$0.index] ?? false)
        }
    }

    /// Which groups of each reported dimension are hidden: the tally's breakdowns as one
    /// ``LinkedTable`` whose atoms are the (school, grade, class, subject) combinations counted.
    func suppression<Value>(_ tally: Tally<Value>, size: (Value) -> Int) -> [ResultGroups.Dimension: [Int: Bool]] {
        var table = LinkedTable()
        var cellOf: [ResultGroups.Dimension: [Int: Int]] = [:]
        for dimension in dimensions {
            var cells: [Int: Int] = [:]
            for group in groups.groups(dimension, in: tally, present: { size($0) > 0 }) {
                cells[group.index] = table.addCell(
                    dimension: dimension.rawValue, size: size(tally.value(dimension, group.index)),
                    isTotal: dimension == .all)
            }
            cellOf[dimension] = cells
        }
        atoms: for atom in tally.atoms {
            var members: [Int] = []
            for dimension in dimensions {
                guard let index = atom.index(dimension) else { continue }
                // A group counted nobody of this figure: nor did the atom inside it.
                guard let cell = cellOf[dimension]?[index] else { continue atoms }
                members.append(cell)
            }
            table.addAtom(in: members)
        }
        let hidden = disclosure.suppressed(table)
        return cellOf.mapValues { $0.mapValues { hidden[$0] } }
    }

    /// The tests (subject × grade) whose marks are hidden: the tests as one more breakdown of the
    /// test's marks, linked with the reported ones through the atoms of ``TestResults/marks``.
    func testSuppression(_ test: TestResults) -> Set<TestResults.TestKey> {
        let tally = test.marks
        var table = LinkedTable()
        var cellOf: [ResultGroups.Dimension: [Int: Int]] = [:]
        for dimension in dimensions {
            var cells: [Int: Int] = [:]
            for group in groups.groups(dimension, in: tally, present: { $0.total > 0 }) {
                cells[group.index] = table.addCell(
                    dimension: dimension.rawValue, size: tally.value(dimension, group.index).total,
                    isTotal: dimension == .all)
            }
            cellOf[dimension] = cells
        }
        // One dimension past the reported ones: the tests.
        let testDimension = ResultGroups.Dimension.allCases.count
        var testCells: [TestResults.TestKey: Int] = [:]
        for (key, marks) in test.marksByTest where marks.total > 0 {
            testCells[key] = table.addCell(dimension: testDimension, size: marks.total)
        }
        atoms: for atom in tally.atoms {
            var members: [Int] = []
            for dimension in dimensions {
                guard let index = atom.index(dimension) else { continue }
                guard let cell = cellOf[dimension]?[index] else { continue atoms }
                members.append(cell)
            }
            let key = TestResults.TestKey(subject: Int(atom.subject), grade: atom.index(.grade))
            if let cell = testCells[key] { members.append(cell) }
            table.addAtom(in: members)
        }
        let hidden = disclosure.suppressed(table)
        return Set(testCells.filter { hidden[$0.value] }.keys)
    }

    /// Whether the students of every school may be published beside those of programme schools:
    /// the difference is the other schools' students, a group that must be empty or of at least
    /// k (DESIGN.md §6). Only the whole is published for every school, so nothing else is derived.
    var allStudentsShown: Bool {
        let others = allStudents.total.total - programmeStudents.total.total
        return others == 0 || others >= disclosure.threshold
    }

    /// Whether the pairs of programme schools may be published beside those of every school: the
    /// difference is the other schools' pairs, which the school breakdown must show unhidden
    /// (or, without it, which must be empty or of at least k).
    var programmePairsShown: Bool {
        let others = students.change.total.total - programmePairs.total
        guard others > 0 else { return true }
        guard others >= disclosure.threshold else { return false }
        guard settings.breakdowns.contains(.school) else { return true }
        let schools = groups.register.schools
        return !cells(.school, students.change) { $0.total }.contains { !schools[$0.index].programme && $0.suppressed }
    }

    /// The dimensions a figure per person is reported in: a person has no one subject.
    var personDimensions: [ResultGroups.Dimension] { dimensions.filter { $0 != .subject } }

    /// Cells of every reported dimension but the whole.
    func breakdowns<Value>(_ tally: Tally<Value>, size: (Value) -> Int) -> [Cell<Value>] {
        dimensions.dropFirst().flatMap { cells($0, tally, size: size) }
    }

    /// Mark statistics at both points for one dimension, suppressed when either point is small.
    func markCells(_ dimension: ResultGroups.Dimension, _ paired: PairedResults) -> [Cell<
        (MarkDistribution, MarkDistribution)
    >] {
        let before = cells(dimension, paired.marks[0]) { $0.total }
        let after = cells(dimension, paired.marks[1]) { $0.total }
        var labels = before.map(\.label)
        for cell in after where !labels.contains(cell.label) { labels.append(cell.label) }
        return labels.map { label in
            let b = before.first { $0.label == label }
            let a = after.first { $0.label == label }
            return Cell(
                dimension: dimension, index: b?.index ?? a?.index ?? 0, label: label,
                value: (b?.value ?? MarkDistribution(), a?.value ?? MarkDistribution()),
                suppressed: (b?.suppressed ?? true) || (a?.suppressed ?? true))
        }
    }

    /// The tests' task tallies in print order (subject, grade), hidden when fewer than k students wrote the test.
    var tasks: [(subject: String, tally: TestResults.TaskTally, suppressed: Bool)] {
        (test?.tests ?? []).map { (groups.subjects[$0.subject], $0, $0.students < disclosure.threshold) }
            .sorted { ($0.subject, $0.tally.grade ?? 0) < ($1.subject, $1.tally.grade ?? 0) }
    }

    /// What «improved» means for a student (the headline), in words, for the note and results.json.
    var studentDefinition: String {
        switch settings.improved.studentRule {
        case .meanMark:
            "обучающийся школы — участницы программы (ШНОР), у которого средняя отметка (2–5) по сопоставимым предметам (с отметкой в обеих точках) выросла; каждый обучающийся считается один раз, сколько бы предметов у него ни было"
        case .anySubject:
            "обучающийся школы — участницы программы (ШНОР), у которого результат вырос хотя бы по одному предмету и ни по одному не снизился (\(pairRule)); каждый обучающийся считается один раз, сколько бы предметов у него ни было"
        }
    }

    /// The pair rule in words: what makes one «student — subject» pair improved.
    var pairRule: String {
        settings.improved.by == .mark
            ? "отметка (2–5) во второй точке выше, чем в первой"
            : "балл во второй точке выше, чем в первой, не менее чем на \(Self.number(settings.improved.minRise))"
    }

    /// What «improved» means for a pair «student — subject» (never the headline).
    var pairDefinition: String {
        "пара «обучающийся — предмет», в которой \(pairRule); сравниваются пары с \(settings.improved.by == .mark ? "отметками" : "баллами") в обеих точках"
    }

    var competenceDefinition: String {
        let rise =
            settings.competence.by == .mark
            ? "отметка диагностики выросла"
            : "балл диагностики предметных компетенций вырос не менее чем на \(Self.number(settings.competence.minRise))"
        return
            "педагог, у которого \(rise) хотя бы по одному предмету и ни по одному не снизился; каждый педагог считается один раз"
    }

    /// The headline's label: the programme's indicator, over students of programme schools.
    static let headlineLabel = "Доля обучающихся ШНОР, повысивших образовательные результаты"

    /// The label of the students neither improved nor worsened, by the student rule.
    var unchangedLabel: String {
        settings.improved.studentRule == .meanMark
            ? "Доля обучающихся ШНОР, сохранивших результаты"
            : "Доля обучающихся ШНОР, у которых результаты не изменились или изменились разнонаправленно"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(String(value).map { $0 == "." ? "," : $0 })
    }
}
