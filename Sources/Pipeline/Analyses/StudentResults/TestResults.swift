import ByteTables
import Clean
import Ingest
import Link
import Measures

/// A ВПР-style test at one point, counted while the export streams: the marks (for the
/// histogram and успеваемость, качество, СОУ), the test mark against the journal mark
/// (понизили / подтвердили / повысили), the primary score and each task's points.
struct TestResults {
    var marks = Tally(zero: MarkDistribution())
    var journal = Tally(zero: JournalComparison())
    var primary = Tally(zero: ScoreSum())
    /// Students with a test mark but no journal mark (or «н/а»): outside the comparison.
    var withoutJournal = 0
    /// Task points per test (subject and grade): the tasks differ from one test to another.
    var tests: [TaskTally] = []
    /// Marks per test (subject and grade), for the comparison with published figures.
    var marksByTest: [TestKey: MarkDistribution] = [:]

    /// A test: its subject (as ``ResultGroups`` numbers subjects) and grade.
    struct TestKey: Hashable {
        let subject: Int
        let grade: Int?
    }
    var inputs: [InputResult] = []

    struct TaskTally {
        let subject: Int
        let grade: Int?
        var labels: [String]
        var declaredMaximum: [Double]?
        var sums: [Double]
        var counts: [Int]
        var observedMaximum: [Double]
        var students = 0

        /// Share of the possible points earned on task `index`: by the declared maximum, else the highest score seen.
        func completion(_ index: Int) -> Double? {
            let maximum = declaredMaximum.flatMap { index < $0.count ? $0[index] : nil } ?? observedMaximum[index]
            guard counts[index] > 0, maximum > 0 else { return nil }
            return sums[index] / (Double(counts[index]) * maximum)
        }
    }

    mutating func read(
        _ input: PipelineSpec.Input, configuration: PipelineConfiguration, groups: inout ResultGroups,
        ledger: inout Ledger
    ) throws {
        var seen = CompactKeyTable()
        var firstLine: [Int32] = []
        var this = self
        let result = try InputReader.streamResults(input, configuration: configuration, point: .post, ledger: &ledger) {
            record, row, binding in
            let keys = groups.keys(record)
            let identity =
                record.code.map { "код:" + MatchKey.of($0) } ?? "фио:" + MatchKey.of(record.name ?? "")
                + "|\(record.school)|\(record.schoolClass ?? "")"
            let (index, inserted) = seen.insert(identity + "\u{1F}\(keys.subject)")
            guard inserted else {
                return Rejection(
                    origin: row.origin, reason: .duplicateRecord,
                    detail: "повторная запись того же ученика по тому же предмету; учтена строка \(firstLine[index])",
                    cells: row.strings())
            }
            firstLine.append(Int32(clamping: record.origin.line))
            this.add(record, keys: keys, tasks: binding)
            return nil
        }
        self = this
        inputs.append(result)
    }

    private mutating func add(_ record: ResultRecord, keys: ResultGroups.Keys, tasks binding: InstrumentBinding) {
        let mark = record.points[1].mark ?? record.points[0].mark
        switch mark {
        case .mark(let value):
            marks.update(keys) { $0.add(mark: value) }
            marksByTest[TestKey(subject: keys.subject, grade: keys.grade), default: MarkDistribution()].add(
                mark: value)
            if let journalMark = record.journalMark {
                journal.update(keys) { $0.add(test: value, journal: journalMark) }
            } else {
                withoutJournal += 1
            }
        case .notAssessed: marks.update(keys) { $0.addNotAssessed() }
        case nil: break
        }
        if let score = record.primaryScore { primary.update(keys) { $0.add(score) } }
        guard !binding.tasks.isEmpty, record.taskScores.contains(where: { $0 != nil }) else { return }
        let test: Int
        if let found = tests.firstIndex(where: { $0.subject == keys.subject && $0.grade == keys.grade }) {
            test = found
        } else {
            let count = binding.tasks.count
            tests.append(
                TaskTally(
                    subject: keys.subject, grade: keys.grade, labels: binding.tasks.map(\.label),
                    declaredMaximum: binding.instrument.column(role: .tasks)?.maxScores,
                    sums: Array(repeating: 0, count: count), counts: Array(repeating: 0, count: count),
                    observedMaximum: Array(repeating: 0, count: count)))
            test = tests.count - 1
        }
        tests[test].students += 1
        for (index, score) in record.taskScores.enumerated() where index < tests[test].sums.count {
            guard let score else { continue }
            tests[test].sums[index] += score
            tests[test].counts[index] += 1
            tests[test].observedMaximum[index] = max(tests[test].observedMaximum[index], score)
        }
    }
}
