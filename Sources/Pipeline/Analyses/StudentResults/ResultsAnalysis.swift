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

    /// The cells of one dimension: groups with `size` > 0, suppressed below k, with complementary suppression.
    func cells<Value>(_ dimension: ResultGroups.Dimension, _ tally: Tally<Value>, size: (Value) -> Int) -> [Cell<Value>]
    {
        let present = groups.groups(dimension, in: tally) { size($0) > 0 }
        let values = present.map { tally.value(dimension, $0.index) }
        let hidden =
            dimension == .all ? values.map { _ in false } : disclosure.suppressed(denominators: values.map(size))
        return present.indices.map {
            Cell(
                dimension: dimension, index: present[$0].index, label: present[$0].label, value: values[$0],
                suppressed: hidden[$0])
        }
    }

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

    /// What «improved» means for students, in words, for the note and results.json.
    var studentDefinition: String {
        settings.improved.by == .mark
            ? "обучающийся, у которого отметка (2–5) по предмету во второй точке выше, чем в первой; сравниваются пары «ученик — предмет» с отметками в обеих точках"
            : "обучающийся, у которого балл по предмету во второй точке выше, чем в первой, не менее чем на \(Self.number(settings.improved.minRise)); сравниваются пары «ученик — предмет» с баллами в обеих точках"
    }

    var competenceDefinition: String {
        settings.competence.by == .mark
            ? "педагог, у которого отметка диагностики по предмету во второй точке выше, чем в первой"
            : "педагог, у которого балл диагностики предметных компетенций вырос не менее чем на \(Self.number(settings.competence.minRise))"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(String(value).map { $0 == "." ? "," : $0 })
    }
}
