import Clean
import Ingest
import Measures
import Notes

/// The template values of the student results note. The README lists every key.
struct ResultsContext {
    private(set) var values: [String: Any] = [:]
    private(set) var charts: [String: Chart] = [:]

    init(configuration: PipelineConfiguration, analysis: ResultsAnalysis) {
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
        values = [
            "title": spec.title, "organisation": spec.organisation ?? "", "period": RussianFormat.period(spec.period),
            "basis": spec.basis ?? "", "k": k,
            "suppression_note": "¹ Данные не приводятся: в группе меньше \(k) обучающихся (или педагогов), либо скрыта ещё одна группа, чтобы скрытое нельзя было вычислить по итогу.",
        ]

        // Participants and linking.
        let before = students.marks[0].total.total
        let after = students.marks[1].total.total
        let compared = students.change.total.total
        values["participants"] = [
            "before": before, "before_text": result(before),
            "after": after, "after_text": result(after),
            "linked": students.linkedByCode + students.linkedByName,
            "linked_text": "\(pairs(students.linkedByCode + students.linkedByName))",
            "by_code": students.linkedByCode, "by_name": students.linkedByName,
            "unmatched_before": students.unmatched[0], "unmatched_after": students.unmatched[1],
            "unmatched_before_text": record(students.unmatched[0]), "unmatched_after_text": record(students.unmatched[1]),
            "not_comparable": students.notComparable, "not_comparable_text": pairs(students.notComparable), "compared": compared,
            "compared_text": "\(pairs(compared))",
            "rows_read": students.inputs.reduce(0) { $0 + $1.summary.rowsRead },
            "rejected": students.inputs.reduce(0) { $0 + $1.rejections.count },
            "rejected_text": row(students.inputs.reduce(0) { $0 + $1.rejections.count }),
        ] as [String: Any]

        // Improved students.
        let change = students.change.total
        var improved = NoteContext.measureValues(label: "Доля обучающихся, повысивших образовательные результаты",
                                                 definition: analysis.studentDefinition, share: change.improvedShare, target: settings.improved.target)
        improved["unchanged"] = change.unchanged
        improved["unchanged_text"] = RussianFormat.percent(change.unchangedShare.value)
        improved["worsened"] = change.worsened
        improved["worsened_text"] = RussianFormat.percent(change.worsenedShare.value)
        improved["p_text"] = SelfAssessmentContext.probability(change.test.p)
        improved["p_clause"] = Self.pClause(change.test.p)
        improved["mid_p_clause"] = "mid-" + Self.pClause(change.test.midP)
        improved["significant"] = change.test.p < 0.05
        improved["not_significant"] = change.test.p >= 0.05
        improved["more_improved"] = change.improved > change.worsened
        improved["more_worsened"] = change.improved < change.worsened
        values["improved_students"] = improved

        var tables: [String: Any] = [:]
        for dimension in analysis.dimensions.dropFirst() {
            let cells = analysis.cells(dimension, students.change) { $0.total }
            anySuppressed = anySuppressed || cells.contains(where: \.suppressed)
            tables["improved_by_\(dimension.breakdown?.rawValue ?? "all")"] = MarkdownTable(
                columns: [Self.heading(dimension), "Сравнено пар", "Повысили", "Сохранили", "Понизили", "Доля повысивших"],
                rightAligned: [1, 2, 3, 4, 5],
                rows: cells.map { cell in
                    cell.suppressed ? [cell.label, "—¹", "—¹", "—¹", "—¹", "—¹"]
                        : [cell.label, String(cell.value.total), String(cell.value.improved), String(cell.value.unchanged), String(cell.value.worsened),
                           RussianFormat.percent(cell.value.improvedShare.value)]
                } + [["**Всего**", "**\(change.total)**", "**\(change.improved)**", "**\(change.unchanged)**", "**\(change.worsened)**",
                      "**\(RussianFormat.percent(change.improvedShare.value))**"]]).markdown
        }
        let bySchool = analysis.cells(.school, students.change) { $0.total }
        charts["improved_by_school"] = .bars(
            title: "Доля обучающихся, повысивших результаты, по школам",
            bars: bySchool.map { Charts.Bar(label: $0.label, share: $0.suppressed ? nil : $0.value.improvedShare.value) },
            target: settings.improved.target, targetName: "цель")

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
                    (after.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—") + " (" + Self.change(before, after) + ")"
                }
                markRows[dimension, default: []].append([
                    label, RussianFormat.percent(b.successRate.value), after(b.successRate.value.map { $0 * 100 }, a.successRate.value.map { $0 * 100 }),
                    RussianFormat.percent(b.quality.value), after(b.quality.value.map { $0 * 100 }, a.quality.value.map { $0 * 100 }),
                    b.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—", after(b.learningLevel, a.learningLevel)])
            }
        }
        let markColumns = ["Группа", "Успеваемость: было", "стало (изменение)", "Качество: было", "стало (изменение)", "СОУ: было", "стало (изменение)"]
        Self.split(markRows, columns: markColumns, into: &tables, key: "marks")
        let totalBefore = students.marks[0].total
        let totalAfter = students.marks[1].total
        values["marks"] = [
            "success_before_text": RussianFormat.percent(totalBefore.successRate.value),
            "success_after_text": RussianFormat.percent(totalAfter.successRate.value),
            "quality_before_text": RussianFormat.percent(totalBefore.quality.value),
            "quality_after_text": RussianFormat.percent(totalAfter.quality.value),
            "sou_before_text": totalBefore.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
            "sou_after_text": totalAfter.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
            "success_change_text": Self.points(totalBefore.successRate.value.map { $0 * 100 }, totalAfter.successRate.value.map { $0 * 100 }),
            "quality_change_text": Self.points(totalBefore.quality.value.map { $0 * 100 }, totalAfter.quality.value.map { $0 * 100 }),
        ] as [String: Any]
        charts["marks_before_after"] = .beforeAfter(
            title: "Распределение отметок в двух точках, доля обучающихся",
            labels: ["«2»", "«3»", "«4»", "«5»", "н/а"],
            before: Self.markShares(totalBefore), after: Self.markShares(totalAfter))

        // The ВПР-style test.
        values["has_vpr"] = analysis.test != nil
        if let test = analysis.test {
            let journal = test.journal.total
            let marks = test.marks.total
            values["vpr"] = [
                "students": marks.total, "students_text": result(marks.total),
                "compared": journal.total, "without_journal": test.withoutJournal,
                "lowered": journal.lowered, "lowered_text": RussianFormat.percent(journal.loweredShare.value),
                "confirmed": journal.confirmed, "confirmed_text": RussianFormat.percent(journal.confirmedShare.value),
                "raised": journal.raised, "raised_text": RussianFormat.percent(journal.raisedShare.value),
                "success_text": RussianFormat.percent(marks.successRate.value), "quality_text": RussianFormat.percent(marks.quality.value),
                "sou_text": marks.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
                "objective": journal.confirmed >= journal.lowered + journal.raised,
            ] as [String: Any]
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
                    vprRows[dimension, default: []].append([label, String(value.total)] + [2, 3, 4, 5].map { String(value.count(of: $0)) }
                                                           + [String(value.notAssessed)])
                    vprStatistics[dimension, default: []].append([
                        label, RussianFormat.percent(value.successRate.value), RussianFormat.percent(value.quality.value),
                        value.learningLevel.map { RussianFormat.decimal($0, decimals: 1) + "\u{00A0}%" } ?? "—",
                        test.primary.value(dimension, cell.index).mean.map { RussianFormat.decimal($0, decimals: 1) } ?? "—"])
                }
            }
            Self.split(vprRows, columns: ["Группа", "N", "«2»", "«3»", "«4»", "«5»", "н/а"], into: &tables, key: "vpr_marks")
            Self.split(vprStatistics, columns: ["Группа", "Успеваемость", "Качество знаний", "СОУ", "Средний первичный балл"],
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
                    journalRows[dimension, default: []].append([label, String(value.total),
                                        "\(value.lowered) (\(RussianFormat.percent(value.loweredShare.value)))",
                                        "\(value.confirmed) (\(RussianFormat.percent(value.confirmedShare.value)))",
                                        "\(value.raised) (\(RussianFormat.percent(value.raisedShare.value)))"])
                }
            }
            Self.split(journalRows, columns: ["Группа", "Сравнено", "Понизили (отметка < журнальной)", "Подтвердили (=)", "Повысили (>)"],
                       into: &tables, key: "vpr_journal")
            // One table per subject: a row per task, a column per grade (share of the points earned).
            var subjects: [String] = []
            for test in analysis.tasks where !subjects.contains(test.subject) { subjects.append(test.subject) }
            tables["vpr_tasks"] = subjects.map { subject -> [String: Any] in
                let tests = analysis.tasks.filter { $0.subject == subject }
                if tests.contains(where: \.suppressed) { anySuppressed = true }
                let tasks = tests.map(\.tally.labels).max { $0.count < $1.count } ?? []
                let table = MarkdownTable(
                    columns: ["Задание"] + tests.map { test in
                        (test.tally.grade.map { "\($0) класс" } ?? "Все") + " (\(test.tally.students))"
                    },
                    rightAligned: Set(1...max(1, tests.count)),
                    rows: tasks.indices.map { task in
                        [tasks[task]] + tests.map { test in
                            test.suppressed ? "—¹" : task < test.tally.labels.count ? RussianFormat.percent(test.tally.completion(task), decimals: 0) : "—"
                        }
                    })
                return ["subject": subject, "table": table.markdown]
            }
            charts["vpr_histogram"] = .bars(
                title: "Отметки за проверочную работу, доля обучающихся",
                bars: ["«2»", "«3»", "«4»", "«5»"].enumerated().map { index, label in
                    Charts.Bar(label: label, share: marks.total > 0 ? Double(marks.count(of: index + 2)) / Double(marks.total) : nil)
                }, target: nil, targetName: "")
            charts["vpr_journal"] = .bars(
                title: "Отметка за работу и отметка по журналу",
                bars: [Charts.Bar(label: "понизили", share: journal.loweredShare.value),
                       Charts.Bar(label: "подтвердили", share: journal.confirmedShare.value),
                       Charts.Bar(label: "повысили", share: journal.raisedShare.value)], target: nil, targetName: "")
        }

        // Teachers' subject competences.
        values["has_competence"] = analysis.competence != nil
        if let competence = analysis.competence {
            let teachers = competence.change.total
            var entry = NoteContext.measureValues(label: "Доля педагогов, повысивших уровень предметных компетенций",
                                                  definition: analysis.competenceDefinition, share: teachers.improvedShare,
                                                  target: settings.competence.target)
            entry["teachers_text"] = teacher(teachers.total)
            entry["linked"] = competence.linkedByCode + competence.linkedByName
            entry["unmatched"] = competence.unmatched[0] + competence.unmatched[1]
            entry["p_text"] = SelfAssessmentContext.probability(teachers.test.p)
            entry["p_clause"] = Self.pClause(teachers.test.p)
            values["competence"] = entry
            let cells = analysis.cells(.subject, competence.change) { $0.total }
            anySuppressed = anySuppressed || cells.contains(where: \.suppressed)
            tables["competence_by_subject"] = MarkdownTable(
                columns: ["Предмет", "Сравнено", "Повысили", "Без изменений", "Понизили", "Доля повысивших"],
                rightAligned: [1, 2, 3, 4, 5],
                rows: cells.map { cell in
                    cell.suppressed ? [cell.label, "—¹", "—¹", "—¹", "—¹", "—¹"]
                        : [cell.label, String(cell.value.total), String(cell.value.improved), String(cell.value.unchanged),
                           String(cell.value.worsened), RussianFormat.percent(cell.value.improvedShare.value)]
                } + [["**Всего**", "**\(teachers.total)**", "**\(teachers.improved)**", "**\(teachers.unchanged)**", "**\(teachers.worsened)**",
                      "**\(RussianFormat.percent(teachers.improvedShare.value))**"]]).markdown
        }
        values["tables"] = tables
        values["any_suppressed"] = anySuppressed
    }

    /// Rows by dimension into two tables: `key` (the whole, schools, grades, subjects) and
    /// `key_by_class` (a row per class: long, so a template shows it only where asked).
    static func split(_ rows: [ResultGroups.Dimension: [[String]]], columns: [String], into tables: inout [String: Any], key: String) {
        let aligned = Set(1..<columns.count)
        let main: [ResultGroups.Dimension] = [.all, .school, .grade, .subject]
        tables[key] = MarkdownTable(columns: columns, rightAligned: aligned, rows: main.flatMap { rows[$0] ?? [] }).markdown
        tables[key + "_by_class"] = MarkdownTable(columns: columns, rightAligned: aligned, rows: rows[.schoolClass] ?? []).markdown
    }

    /// «p < 0,001», «p = 0,035».
    static func pClause(_ p: Double) -> String {
        p < 0.001 ? "p\u{00A0}<\u{00A0}0,001" : "p\u{00A0}=\u{00A0}" + RussianFormat.decimal(p, decimals: 3)
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

    /// «+3,5», «−1,0», «0,0»: the change alone, for a table cell.
    static func change(_ before: Double?, _ after: Double?) -> String {
        guard let before, let after else { return "—" }
        let delta = after - before
        let rounded = (abs(delta) * 10).rounded() / 10
        return (rounded == 0 ? "" : delta > 0 ? "+" : "−") + RussianFormat.decimal(abs(delta), decimals: 1)
    }

    /// «+3,5 п. п.», «−1,0 п. п.» (or points of СОУ), «—» when a side is missing.
    static func points(_ before: Double?, _ after: Double?) -> String {
        guard let before, let after else { return "—" }
        let delta = after - before
        let rounded = (abs(delta) * 10).rounded() / 10
        return (rounded == 0 ? "" : delta > 0 ? "+" : "−") + RussianFormat.decimal(abs(delta), decimals: 1) + "\u{00A0}п.\u{00A0}п."
    }

    static func markShares(_ marks: MarkDistribution) -> [Double?] {
        guard marks.total > 0 else { return [nil, nil, nil, nil, nil] }
        return [2, 3, 4, 5].map { Double(marks.count(of: $0)) / Double(marks.total) } + [Double(marks.notAssessed) / Double(marks.total)]
    }
}
