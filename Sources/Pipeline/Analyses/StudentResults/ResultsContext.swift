import Clean
import Ingest
import Measures
import Notes

/// The template values of the student results note and its charts. The keys a template may
/// name are the `CodingKeys` of ``Values`` and of the types it holds.
struct ResultsContext {
    /// What the template reads; ``TemplateKeys/of(_:)`` lists its keys.
    typealias Template = TemplateJoin<NoteHeading, Values>

    let values: Template
    let charts: [String: Chart]

    struct Values: Codable {
        let suppressionNote: String
        let participants: Participants
        let improvedStudents: ImprovedStudents
        /// Markdown tables by name and `vpr_tasks`, a table per subject: `improved_summary` (per
        /// student and per pair, ШНОР and every school), `improved_by_school|grade|class` (per
        /// student of programme schools), `pairs_by_school|grade|class|subject` (per pair, every
        /// school), `marks`, `marks_by_class`, `vpr_marks`, …
        let tables: TemplateJoin<[String: String], TaskTables>
        let marks: Marks
        let hasVpr: Bool
        /// Present with a ВПР-style test.
        let vpr: Test?
        let hasCompetence: Bool
        /// Present with the teachers' competence diagnostic.
        let competence: Competence?
        let anySuppressed: Bool
        /// «2–13 октября 2023 г.»: the declared days of each point; «не указаны» when not declared.
        let collectedBefore: String
        let collectedAfter: String
        /// Days are declared for a point (`results.collected`); false: the note says nothing of them.
        let hasCollected: Bool
        /// The headline by `school`, `grade`, `class`: the groups below its target and the hidden
        /// ones pooled (``TargetGaps``), what the conclusions name.
        let gaps: [String: TargetGaps]
        /// Schools whose успеваемость fell between the points (as printed), the largest fall first.
        let successFell: [NamedMove]
        let hasSuccessFell: Bool
        /// Rows of «Управленческие решения»: a school below the headline's target each (``Decision``).
        let decisions: [Decision]
        let hasDecisions: Bool

        enum CodingKeys: String, CodingKey {
            case collectedBefore = "collected_before", collectedAfter = "collected_after", hasCollected =
                "has_collected"
            case suppressionNote = "suppression_note", participants, improvedStudents = "improved_students", tables,
                marks
            case hasVpr = "has_vpr", vpr, hasCompetence = "has_competence", competence, anySuppressed = "any_suppressed"
            case gaps, successFell = "success_fell", hasSuccessFell = "has_success_fell", decisions
            case hasDecisions = "has_decisions"
        }
    }

    struct Participants: Codable {
        let before: Int
        let beforeText: String
        let after: Int
        let afterText: String
        let linked: Int
        let linkedText: String
        let byCode: Int
        let byName: Int
        let unmatchedBefore: Int
        let unmatchedAfter: Int
        let unmatchedBeforeText: String
        let unmatchedAfterText: String
        let notComparable: Int
        let notComparableText: String
        let compared: Int
        let comparedText: String
        let rowsRead: Int
        let rejected: Int
        let rejectedText: String

        enum CodingKeys: String, CodingKey {
            case before, beforeText = "before_text", after, afterText = "after_text", linked, linkedText = "linked_text"
            case byCode = "by_code", byName = "by_name", unmatchedBefore = "unmatched_before", unmatchedAfter =
                "unmatched_after"
            case unmatchedBeforeText = "unmatched_before_text", unmatchedAfterText = "unmatched_after_text"
            case notComparable = "not_comparable", notComparableText = "not_comparable_text", compared, comparedText =
                "compared_text"
            case rowsRead = "rows_read", rejected, rejectedText = "rejected_text"
        }
    }

    /// The improved students: ``MeasureValues`` and the change's own keys.
    typealias ImprovedStudents = TemplateJoin<MeasureValues, StudentChange>

    /// The headline's change per student (McNemar on the students), and the figures beside it.
    struct StudentChange: Codable {
        /// The student rule: `mean_mark`, `any_subject`.
        let rule: String
        /// The student rule in words: «средняя отметка по сопоставимым предметам выросла».
        let ruleText: String
        /// What «unchanged» and «worsened» mean by the rule.
        let unchangedWords: String
        let worsenedWords: String
        let unchanged: Int
        let unchangedText: String
        /// «у 12 обучающихся»: the count with its noun in the genitive.
        let unchangedStudentsText: String
        let worsened: Int
        let worsenedText: String
        let worsenedStudentsText: String
        let pText: String
        let pClause: String
        let midPClause: String
        let significant: Bool
        let notSignificant: Bool
        let moreImproved: Bool
        let moreWorsened: Bool
        /// `verdict_text` with the McNemar test of the students in the verdict's sentence (a
        /// change that is not significant says so there); without a target, the test alone.
        let verdictWithTestText: String
        /// Per pair «student — subject» of programme schools (beside the headline, never it).
        let pairsText: String
        let pairsShareText: String
        /// Per pair, every school in the data (the partner school included).
        let allPairsText: String
        let allPairsShareText: String
        /// Per student, every school in the data (the partner school included).
        let allStudentsText: String
        let allStudentsShareText: String
        /// Rows were left out that could be a programme student's (`uncounted` > 0).
        let hasUncounted: Bool
        /// False when the programme schools' pairs, or every school's students, would give away
        /// a hidden group of the other schools by subtraction; their texts are then «—¹».
        let pairsShown: Bool
        let allStudentsShown: Bool

        enum CodingKeys: String, CodingKey {
            case rule, ruleText = "rule_text", unchangedWords = "unchanged_words", worsenedWords = "worsened_words"
            case unchanged, unchangedText = "unchanged_text", worsened, worsenedText = "worsened_text"
            case unchangedStudentsText = "unchanged_students_text", worsenedStudentsText = "worsened_students_text"
            case pText = "p_text", pClause = "p_clause", midPClause = "mid_p_clause", significant, notSignificant =
                "not_significant"
            case moreImproved = "more_improved", moreWorsened = "more_worsened"
            case verdictWithTestText = "verdict_with_test_text"
            case pairsText = "pairs_text", pairsShareText = "pairs_share_text", allPairsText = "all_pairs_text"
            case allPairsShareText = "all_pairs_share_text", allStudentsText = "all_students_text"
            case allStudentsShareText = "all_students_share_text", hasUncounted = "has_uncounted"
            case pairsShown = "pairs_shown", allStudentsShown = "all_students_shown"
        }
    }

    struct TaskTables: Codable {
        /// With a ВПР-style test: a table per subject, a row per task.
        let vprTasks: [SubjectTable]?

        enum CodingKeys: String, CodingKey { case vprTasks = "vpr_tasks" }
    }

    struct SubjectTable: Codable {
        let subject: String
        let table: String
    }

    /// Успеваемость, качество and СОУ at both points.
    struct Marks: Codable {
        let successBeforeText: String
        let successAfterText: String
        let qualityBeforeText: String
        let qualityAfterText: String
        let souBeforeText: String
        let souAfterText: String
        let successChangeText: String
        let qualityChangeText: String

        enum CodingKeys: String, CodingKey {
            case successBeforeText = "success_before_text", successAfterText = "success_after_text"
            case qualityBeforeText = "quality_before_text", qualityAfterText = "quality_after_text"
            case souBeforeText = "sou_before_text", souAfterText = "sou_after_text"
            case successChangeText = "success_change_text", qualityChangeText = "quality_change_text"
        }
    }

    /// The ВПР-style test: its marks and how they stand against the journal's.
    struct Test: Codable {
        let students: Int
        let studentsText: String
        let compared: Int
        /// «1 451 работы»: the works compared with the journal, in the genitive.
        let comparedText: String
        let withoutJournal: Int
        let lowered: Int
        let loweredText: String
        let confirmed: Int
        let confirmedText: String
        let raised: Int
        let raisedText: String
        let successText: String
        let qualityText: String
        let souText: String
        let objective: Bool

        enum CodingKeys: String, CodingKey {
            case students, studentsText = "students_text", compared, comparedText = "compared_text",
                withoutJournal = "without_journal"
            case lowered, loweredText = "lowered_text", confirmed, confirmedText = "confirmed_text", raised,
                raisedText = "raised_text"
            case successText = "success_text", qualityText = "quality_text", souText = "sou_text", objective
        }
    }

    /// The teachers' competence: ``MeasureValues`` and the diagnostic's own keys.
    typealias Competence = TemplateJoin<MeasureValues, CompetenceDetail>

    struct CompetenceDetail: Codable {
        let teachersText: String
        let linked: Int
        let unmatched: Int
        let pText: String
        let pClause: String

        enum CodingKeys: String, CodingKey {
            case teachersText = "teachers_text", linked, unmatched, pText = "p_text", pClause = "p_clause"
        }
    }

    /// - Parameters:
    ///   - uncounted: the student rows left out that could be a programme student's (the bounds).
    ///   - warnings: the run's warnings, shown in the note.
    ///   - collected: the declared days of the two points (`results.collected`); the note is
    ///     dated by the second.
    init(
        configuration: PipelineConfiguration, analysis: ResultsAnalysis, uncounted: Int, warnings: [RunWarning],
        collected: (pre: WaveDates?, post: WaveDates?)
    ) {
        let spec = configuration.spec
        let settings = analysis.settings
        let k = spec.disclosure.k
        let students = analysis.students
        let pairs = RussianPlural("пара", "пары", "пар")
        let result = RussianPlural("результат", "результата", "результатов")
        let record = RussianPlural("запись", "записи", "записей")
        let row = RussianPlural("строка", "строки", "строк")
        let teacher = RussianPlural("педагог", "педагога", "педагогов")
        var anySuppressed = false
        var charts: [String: Chart] = [:]

        // Participants and linking.
        let before = students.marks[0].total.total
        let after = students.marks[1].total.total
        let compared = students.change.total.total
        // Records of a point are linked or left without a pair; some carry no mark at all. Say the
        // records when they are more than the results, so linked + unmatched adds up on the page.
        let linkedTotal = students.linkedByCode + students.linkedByName
        func pointText(_ results: Int, unmatched: Int) -> String {
            let records = linkedTotal + unmatched
            return records == results
                ? "\(result(results)) «обучающийся — предмет»"
                : "\(record(records)) «обучающийся — предмет» (из них с отметкой или «н/а» — \(results))"
        }
        let participants = Participants(
            before: before, beforeText: pointText(before, unmatched: students.unmatched[0]),
            after: after, afterText: pointText(after, unmatched: students.unmatched[1]),
            linked: students.linkedByCode + students.linkedByName,
            linkedText: "\(pairs(students.linkedByCode + students.linkedByName))",
            byCode: students.linkedByCode, byName: students.linkedByName,
            unmatchedBefore: students.unmatched[0], unmatchedAfter: students.unmatched[1],
            unmatchedBeforeText: record(students.unmatched[0]), unmatchedAfterText: record(students.unmatched[1]),
            notComparable: students.notComparable, notComparableText: pairs(students.notComparable), compared: compared,
            comparedText: "\(pairs(compared))",
            rowsRead: students.inputs.reduce(0) { $0 + $1.summary.rowsRead },
            rejected: students.inputs.reduce(0) { $0 + $1.rejections.count },
            rejectedText: row(students.inputs.reduce(0) { $0 + $1.rejections.count }))

        // Improved students: the headline per student of programme schools, pairs beside it.
        let change = analysis.programmeStudents.total
        let rule = settings.improved.studentRule
        let measure = MeasureValues(
            label: ResultsAnalysis.headlineLabel, definition: analysis.studentDefinition, share: change.improvedShare,
            target: settings.improved.target, unit: .student, uncounted: uncounted)
        func count(_ change: PairedChange, _ unit: CountingUnit) -> String {
            "\(RussianFormat.integer(change.improved)) \(UnitWording(unit).from(change.total))"
        }
        let allPairs = students.change.total
        let studentCount = RussianPlural("обучающегося", "обучающихся", "обучающихся")
        let improved = TemplateJoin(
            measure,
            StudentChange(
                rule: rule.rawValue,
                ruleText: rule == .meanMark
                    ? "средняя отметка по сопоставимым предметам выросла"
                    : "результат вырос хотя бы по одному предмету и ни по одному не снизился",
                unchangedWords: rule == .meanMark
                    ? "средняя отметка не изменилась"
                    : "результаты не изменились или изменились разнонаправленно",
                worsenedWords: rule == .meanMark
                    ? "средняя отметка снизилась"
                    : "результат снизился хотя бы по одному предмету и ни по одному не вырос",
                unchanged: change.unchanged, unchangedText: RussianFormat.percent(change.unchangedShare.value),
                unchangedStudentsText: studentCount(change.unchanged),
                worsened: change.worsened, worsenedText: RussianFormat.percent(change.worsenedShare.value),
                worsenedStudentsText: studentCount(change.worsened),
                pText: RussianFormat.probability(change.test.p), pClause: RussianFormat.pClause(change.test.p),
                midPClause: "mid-" + RussianFormat.pClause(change.test.midP),
                significant: change.test.p < 0.05, notSignificant: change.test.p >= 0.05,
                moreImproved: change.improved > change.worsened, moreWorsened: change.improved < change.worsened,
                verdictWithTestText: Self.verdict(measure, change: change),
                pairsText: analysis.programmePairsShown ? count(analysis.programmePairs, .pair) : "—¹",
                pairsShareText: analysis.programmePairsShown
                    ? RussianFormat.percent(analysis.programmePairs.improvedShare.value) : "—¹",
                allPairsText: count(allPairs, .pair),
                allPairsShareText: RussianFormat.percent(allPairs.improvedShare.value),
                allStudentsText: analysis.allStudentsShown ? count(analysis.allStudents.total, .student) : "—¹",
                allStudentsShareText: analysis.allStudentsShown
                    ? RussianFormat.percent(analysis.allStudents.total.improvedShare.value) : "—¹",
                hasUncounted: uncounted > 0, pairsShown: analysis.programmePairsShown,
                allStudentsShown: analysis.allStudentsShown))

        func changeTable(
            _ heading: String, counted: String, _ cells: [ResultsAnalysis.Cell<PairedChange>], total: PairedChange
        )
            -> String
        {
            anySuppressed = anySuppressed || cells.contains(where: \.suppressed)
            return MarkdownTable(
                columns: [heading, counted, "Повысили", "Без изменений", "Понизили", "Доля повысивших"],
                rightAligned: [1, 2, 3, 4, 5],
                rows: cells.map { cell in
                    cell.suppressed
                        ? [cell.label, "—¹", "—¹", "—¹", "—¹", "—¹"]
                        : [
                            cell.label, String(cell.value.total), String(cell.value.improved),
                            String(cell.value.unchanged), String(cell.value.worsened),
                            RussianFormat.percent(cell.value.improvedShare.value),
                        ]
                } + [
                    [
                        "**Всего**", "**\(total.total)**", "**\(total.improved)**", "**\(total.unchanged)**",
                        "**\(total.worsened)**", "**\(RussianFormat.percent(total.improvedShare.value))**",
                    ]
                ]
            ).markdown
        }
        var tables: [String: String] = [:]
        // Per student of programme schools (a student has no one subject: no subject table).
        for dimension in analysis.personDimensions.dropFirst() {
            tables["improved_by_\(dimension.breakdown?.rawValue ?? "all")"] = changeTable(
                Self.heading(dimension), counted: "Сравнено обучающихся",
                analysis.cells(dimension, analysis.programmeStudents) { $0.total }, total: change)
        }
        // Per pair «student — subject», every school: the old figure, beside the headline.
        for dimension in analysis.dimensions.dropFirst() {
            tables["pairs_by_\(dimension.breakdown?.rawValue ?? "all")"] = changeTable(
                Self.heading(dimension), counted: "Сравнено пар «обучающийся — предмет»",
                analysis.cells(dimension, students.change) { $0.total }, total: allPairs)
        }
        func summaryRow(_ label: String, _ value: PairedChange, shown: Bool = true) -> [String] {
            guard shown else { return [label] + Array(repeating: "—¹", count: 6) }
            return [
                label, String(value.total), String(value.improved), String(value.unchanged), String(value.worsened),
                RussianFormat.percent(value.improvedShare.value), RussianFormat.pClause(value.test.p),
            ]
        }
        anySuppressed = anySuppressed || !analysis.allStudentsShown || !analysis.programmePairsShown
        tables["improved_summary"] =
            MarkdownTable(
                columns: [
                    "Что считается", "Сравнено", "Повысили", "Без изменений", "Понизили", "Доля повысивших",
                    "Мак-Немар",
                ],
                rightAligned: [1, 2, 3, 4, 5, 6],
                rows: [
                    summaryRow("**Обучающиеся школ ШНОР (целевой показатель)**", change),
                    summaryRow(
                        "Обучающиеся всех школ, включая школу-партнёра", analysis.allStudents.total,
                        shown: analysis.allStudentsShown),
                    summaryRow(
                        "Пары «обучающийся — предмет», школы ШНОР", analysis.programmePairs,
                        shown: analysis.programmePairsShown),
                    summaryRow("Пары «обучающийся — предмет», все школы", allPairs),
                ]
            ).markdown
        let bySchool = analysis.cells(.school, analysis.programmeStudents) { $0.total }
        charts["improved_by_school"] = .bars(
            title: "Доля обучающихся ШНОР, повысивших результаты, по школам",
            bars: bySchool.map {
                Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.value.improvedShare.value)
            },
            target: settings.improved.target, targetName: "цель")

        // What the conclusions name: groups below the headline's target, schools whose успеваемость fell.
        var gaps: [String: TargetGaps] = [:]
        for dimension in analysis.personDimensions.dropFirst() {
            guard let key = dimension.breakdown?.rawValue else { continue }
            let cells = analysis.cells(dimension, analysis.programmeStudents) { $0.total }
            gaps[key] = TargetGaps(
                groups: cells.map { ($0.label, $0.value.improvedShare, $0.suppressed) }, total: change.improvedShare,
                target: settings.improved.target, k: k,
                groupWord: dimension == .school ? RussianPlural.school : RussianPlural.group,
                pooledName: dimension == .school ? "малочисленные школы" : "малочисленные группы")
        }
        let decisions =
            gaps["school"].map {
                Decision.rows(for: $0, target: settings.improved.target, document: spec.document(forNote: nil))
            } ?? []
        let successFell = analysis.markCells(.school, students).filter { !$0.suppressed }.compactMap {
            cell -> (NamedMove, Double)? in
            guard let before = cell.value.0.successRate.value, let after = cell.value.1.successRate.value else {
                return nil
            }
            let delta =
                RussianFormat.printed(after * 100, decimals: 1) - RussianFormat.printed(before * 100, decimals: 1)
            guard delta < 0 else { return nil }
            return (
                NamedMove(
                    name: cell.label, beforeText: RussianFormat.percent(before),
                    afterText: RussianFormat.percent(after),
                    changeText: RussianFormat.points(before * 100, after * 100), significant: false),
                delta
            )
        }.sorted { $0.1 < $1.1 }.map(\.0)

        // Успеваемость, качество, СОУ at both points.
        var markRows: [ResultGroups.Dimension: [[String]]] = [:]
        for dimension in analysis.dimensions {
            for cell in analysis.markCells(dimension, students) {
                let (b, a) = cell.value
                let label = dimension == .all ? "**Всего**" : cell.label
                if cell.suppressed {
                    anySuppressed = true
                    markRows[dimension, default: []].append([label] + Array(repeating: "—¹", count: 6))
                    continue
                }
                // «стало» with the change beside it: seven narrow columns fit a portrait page.
                func after(_ before: Double?, _ after: Double?) -> String {
                    (after.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—") + " ("
                        + RussianFormat.change(before, after) + ")"
                }
                markRows[dimension, default: []].append([
                    label, RussianFormat.percent(b.successRate.value),
                    after(b.successRate.value.map { $0 * 100 }, a.successRate.value.map { $0 * 100 }),
                    RussianFormat.percent(b.quality.value),
                    after(b.quality.value.map { $0 * 100 }, a.quality.value.map { $0 * 100 }),
                    b.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
                    after(b.learningLevel, a.learningLevel),
                ])
            }
        }
        let markColumns = [
            "Группа", "Успеваемость: было", "стало (изменение)", "Качество: было", "стало (изменение)", "СОУ: было",
            "стало (изменение)",
        ]
        Self.split(markRows, columns: markColumns, into: &tables, key: "marks")
        let totalBefore = students.marks[0].total
        let totalAfter = students.marks[1].total
        let marksValues = Marks(
            successBeforeText: RussianFormat.percent(totalBefore.successRate.value),
            successAfterText: RussianFormat.percent(totalAfter.successRate.value),
            qualityBeforeText: RussianFormat.percent(totalBefore.quality.value),
            qualityAfterText: RussianFormat.percent(totalAfter.quality.value),
            souBeforeText: totalBefore.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" }
                ?? "—",
            souAfterText: totalAfter.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
            successChangeText: RussianFormat.points(
                totalBefore.successRate.value.map { $0 * 100 }, totalAfter.successRate.value.map { $0 * 100 }),
            qualityChangeText: RussianFormat.points(
                totalBefore.quality.value.map { $0 * 100 }, totalAfter.quality.value.map { $0 * 100 }))
        charts["marks_before_after"] = .beforeAfter(
            title: "Распределение отметок в двух точках, доля обучающихся",
            labels: ["«2»", "«3»", "«4»", "«5»", "н/а"],
            before: Self.markShares(totalBefore), after: Self.markShares(totalAfter))

        // The ВПР-style test.
        var testValues: Test?
        var taskTables: [SubjectTable]?
        if let test = analysis.test {
            let journal = test.journal.total
            let marks = test.marks.total
            testValues = Test(
                students: marks.total, studentsText: result(marks.total),
                compared: journal.total,
                comparedText: RussianPlural("работы", "работ", "работ")(journal.total),
                withoutJournal: test.withoutJournal,
                lowered: journal.lowered, loweredText: RussianFormat.percent(journal.loweredShare.value),
                confirmed: journal.confirmed, confirmedText: RussianFormat.percent(journal.confirmedShare.value),
                raised: journal.raised, raisedText: RussianFormat.percent(journal.raisedShare.value),
                successText: RussianFormat.percent(marks.successRate.value),
                qualityText: RussianFormat.percent(marks.quality.value),
                souText: marks.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
                objective: journal.confirmed >= journal.lowered + journal.raised)
            var vprRows: [ResultGroups.Dimension: [[String]]] = [:]
            var vprStatistics: [ResultGroups.Dimension: [[String]]] = [:]
            for dimension in analysis.dimensions {
                for cell in analysis.cells(dimension, test.marks, size: { $0.total }) {
                    let label = dimension == .all ? "**Всего**" : cell.label
                    if cell.suppressed {
                        anySuppressed = true
                        vprRows[dimension, default: []].append([label] + Array(repeating: "—¹", count: 6))
                        vprStatistics[dimension, default: []].append([label] + Array(repeating: "—¹", count: 4))
                        continue
                    }
                    let value = cell.value
                    vprRows[dimension, default: []].append(
                        [label, String(value.total)] + [2, 3, 4, 5].map { String(value.count(of: $0)) }
                            + [String(value.notAssessed)])
                    vprStatistics[dimension, default: []].append([
                        label, RussianFormat.percent(value.successRate.value),
                        RussianFormat.percent(value.quality.value),
                        value.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
                        test.primary.value(dimension, cell.index).mean.map { RussianFormat.decimal($0, decimals: 1) }
                            ?? "—",
                    ])
                }
            }
            Self.split(
                vprRows, columns: ["Группа", "N", "«2»", "«3»", "«4»", "«5»", "н/а"], into: &tables, key: "vpr_marks")
            Self.split(
                vprStatistics, columns: ["Группа", "Успеваемость", "Качество знаний", "СОУ", "Средний первичный балл"],
                into: &tables, key: "vpr_statistics")
            var journalRows: [ResultGroups.Dimension: [[String]]] = [:]
            for dimension in analysis.dimensions {
                for cell in analysis.cells(dimension, test.journal, size: { $0.total }) {
                    let label = dimension == .all ? "**Всего**" : cell.label
                    if cell.suppressed {
                        anySuppressed = true
                        journalRows[dimension, default: []].append([label] + Array(repeating: "—¹", count: 4))
                        continue
                    }
                    let value = cell.value
                    journalRows[dimension, default: []].append([
                        label, String(value.total),
                        "\(value.lowered) (\(RussianFormat.percent(value.loweredShare.value)))",
                        "\(value.confirmed) (\(RussianFormat.percent(value.confirmedShare.value)))",
                        "\(value.raised) (\(RussianFormat.percent(value.raisedShare.value)))",
                    ])
                }
            }
            Self.split(
                journalRows,
                columns: ["Группа", "Сравнено", "Понизили (отметка < журнальной)", "Подтвердили (=)", "Повысили (>)"],
                into: &tables, key: "vpr_journal")
            // Beside the published figures (Russia, the region, last year) when the pipeline gives them.
            if let comparison = analysis.vprComparison, !comparison.rows.isEmpty {
                tables["vpr_reference"] = comparison.markdown
                anySuppressed = anySuppressed || comparison.rows.contains(where: \.suppressed)
            }
            // One table per subject: a row per task, a column per grade (share of the points earned).
            var subjects: [String] = []
            for test in analysis.tasks where !subjects.contains(test.subject) { subjects.append(test.subject) }
            taskTables = subjects.map { subject -> SubjectTable in
                let tests = analysis.tasks.filter { $0.subject == subject }
                if tests.contains(where: \.suppressed) { anySuppressed = true }
                let tasks = tests.map(\.tally.labels).max { $0.count < $1.count } ?? []
                let table = MarkdownTable(
                    columns: ["Задание"]
                        + tests.map { test in
                            (test.tally.grade.map { "\($0) класс" } ?? "Все") + " (\(test.tally.students))"
                        },
                    rightAligned: Set(1...max(1, tests.count)),
                    rows: tasks.indices.map { task in
                        [tasks[task]]
                            + tests.map { test in
                                test.suppressed
                                    ? "—¹"
                                    : task < test.tally.labels.count
                                        ? RussianFormat.percent(test.tally.completion(task), decimals: 0) : "—"
                            }
                    })
                return SubjectTable(subject: subject, table: table.markdown)
            }
            charts["vpr_histogram"] = .bars(
                title: "Отметки за проверочную работу, доля обучающихся",
                bars: ["«2»", "«3»", "«4»", "«5»"].enumerated().map { index, label in
                    Charts.Bar(
                        label: label,
                        share: marks.total > 0 ? Double(marks.count(of: index + 2)) / Double(marks.total) : nil)
                }, target: nil, targetName: "")
            charts["vpr_journal"] = .bars(
                title: "Отметка за работу и отметка по журналу",
                bars: [
                    Charts.Bar(label: "понизили", share: journal.loweredShare.value),
                    Charts.Bar(label: "подтвердили", share: journal.confirmedShare.value),
                    Charts.Bar(label: "повысили", share: journal.raisedShare.value),
                ], target: nil, targetName: "")
        }

        // Teachers' subject competences.
        var competenceValues: Competence?
        if let competence = analysis.competence {
            let teachers = analysis.teachers?.total ?? PairedChange()
            competenceValues = TemplateJoin(
                MeasureValues(
                    label: "Доля педагогов, повысивших уровень предметных компетенций",
                    definition: analysis.competenceDefinition, share: teachers.improvedShare,
                    target: settings.competence.target, unit: .person, wording: .teachers),
                CompetenceDetail(
                    teachersText: teacher(teachers.total), linked: competence.linkedByCode + competence.linkedByName,
                    unmatched: competence.unmatched[0] + competence.unmatched[1],
                    pText: RussianFormat.probability(teachers.test.p), pClause: RussianFormat.pClause(teachers.test.p)))
            tables["competence_by_subject"] = changeTable(
                "Предмет", counted: "Сравнено пар «педагог — предмет»",
                analysis.cells(.subject, competence.change) { $0.total }, total: competence.change.total)
        }
        values = TemplateJoin(
            NoteHeading(spec, dated: collected.post, warnings: warnings),
            Values(
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) обучающихся (или педагогов), либо скрыта ещё одна группа, чтобы скрытое нельзя было вычислить по итогу.",
                participants: participants, improvedStudents: improved,
                tables: TemplateJoin(tables, TaskTables(vprTasks: taskTables)),
                marks: marksValues, hasVpr: analysis.test != nil, vpr: testValues,
                hasCompetence: analysis.competence != nil, competence: competenceValues, anySuppressed: anySuppressed,
                collectedBefore: collected.pre?.text ?? "не указаны",
                collectedAfter: collected.post?.text ?? "не указаны",
                hasCollected: collected.pre != nil || collected.post != nil, gaps: gaps, successFell: successFell,
                hasSuccessFell: !successFell.isEmpty, decisions: decisions, hasDecisions: !decisions.isEmpty)
        )
        self.charts = charts
    }

    /// The headline's verdict with the students' McNemar test inside its first sentence: a
    /// change that is not significant is said where the verdict is (DESIGN.md §5, verdicts).
    static func verdict(_ measure: MeasureValues, change: PairedChange) -> String {
        let test = change.test
        let evidence =
            "точный критерий Мак-Немара по обучающимся: повысили \(RussianFormat.integer(change.improved)), понизили \(RussianFormat.integer(change.worsened)), \(RussianFormat.pClause(test.p))"
        let significant = test.p < 0.05
        let clause =
            significant
            ? (change.worsened > change.improved
                ? "; понизивших значимо больше, чем повысивших (\(evidence))"
                : "; изменение статистически значимо (\(evidence))")
            : "; при этом изменение статистически не значимо (\(evidence))"
        let verdict = measure.verdictText
        guard !verdict.isEmpty else {
            return "Изменение статистически \(significant ? "значимо" : "не значимо") (\(evidence))."
        }
        // The first sentence ends at the first «. » (its figures use commas and no-break spaces).
        if let end = verdict.range(of: ". ") {
            return verdict[..<end.lowerBound] + clause + "." + verdict[end.lowerBound...].dropFirst()
        }
        return verdict.dropLast() + clause + "."
    }

    /// Rows by dimension into two tables: `key` (the whole, schools, grades, subjects) and
    /// `key_by_class` (a row per class: long, so a template shows it only where asked).
    static func split(
        _ rows: [ResultGroups.Dimension: [[String]]], columns: [String], into tables: inout [String: String],
        key: String
    ) {
        let aligned = Set(1..<columns.count)
        let main: [ResultGroups.Dimension] = [.all, .school, .grade, .subject]
        tables[key] =
            MarkdownTable(columns: columns, rightAligned: aligned, rows: main.flatMap { rows[$0] ?? [] }).markdown
        tables[key + "_by_class"] =
            MarkdownTable(columns: columns, rightAligned: aligned, rows: rows[.schoolClass] ?? []).markdown
    }

    static func heading(_ dimension: ResultGroups.Dimension) -> String {
        switch dimension {
        case .all: "Группа"
        case .school: "Школа"
        case .grade: "Параллель"
        case .schoolClass: "Класс"
        case .subject: "Предмет"
        }
    }

    static func markShares(_ marks: MarkDistribution) -> [Double?] {
        guard marks.total > 0 else { return [nil, nil, nil, nil, nil] }
        return [2, 3, 4, 5].map { Double(marks.count(of: $0)) / Double(marks.total) } + [
            Double(marks.notAssessed) / Double(marks.total)
        ]
    }
}

extension UnitWording {
    /// Works of a ВПР-style test: a student writes one per subject, so works are not students.
    static let vprWorks = UnitWording(genitiveOne: "работы", genitiveMany: "работ")
}

extension WaveDates {
    /// The declared first and last day of a point (one day: both); nil unless each reads as a
    /// date (``StudentResults`` refuses such a pipeline before a run).
    static func declared(_ days: [String]) -> WaveDates? {
        let read = days.map(Timestamp.init)
        guard !read.isEmpty, !read.contains(where: { $0 == nil }) else { return nil }
        return WaveDates(read)
    }
}
