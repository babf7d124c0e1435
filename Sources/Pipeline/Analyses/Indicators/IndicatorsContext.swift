import Clean
import Ingest
import Measures
import Notes

/// The template values of the indicators report and its charts. The keys a template may name
/// are the `CodingKeys` of ``Values`` and of the types it holds.
struct IndicatorsContext {
    /// What the template reads; ``TemplateKeys/of(_:)`` lists its keys.
    typealias Template = TemplateJoin<NoteHeading, Values>

    let values: Template
    let charts: [String: Chart]

    struct Values: Codable {
        let suppressionNote: String
        let indicators: [Indicator]
        let summary: Summary
        /// «Педагоги ШНОР»: the one denominator of the staff indicators; absent without a staff register.
        let staff: Staff?
        let hasStaff: Bool
        let tables: Tables
        /// Present when the history holds an earlier wave of this report.
        let previous: Previous?
        /// Some figure could be compared with the earlier wave.
        let hasPrevious: Bool
        /// Some indicator is published by school (``Tables/bySchool`` is not empty).
        let hasSchoolTables: Bool
        /// Attendance records matched to nobody on the roster.
        let unmatched: Int
        let anySuppressed: Bool
        /// Some indicator's verdict has a caveat (``Indicator/caveatsText``).
        let anyCaveats: Bool
        /// Rows of «Управленческие решения»: an indicator not achieved each (``Decision``).
        let decisions: [Decision]
        let hasDecisions: Bool

        enum CodingKeys: String, CodingKey {
            case suppressionNote = "suppression_note", indicators, summary, staff, hasStaff = "has_staff", tables,
                previous
            case hasPrevious = "has_previous", hasSchoolTables = "has_school_tables", unmatched, anySuppressed =
                "any_suppressed", anyCaveats = "any_caveats"
            case decisions, hasDecisions = "has_decisions"
        }
    }

    /// One indicator, in the order of the pipeline file.
    struct Indicator: Codable {
        let number: Int
        let label: String
        /// «60,0 % (3 из 5 управленческих команд)», or «имеется» for a document.
        let valueText: String
        /// `school`, `team`, `person`, `student`, `pair`; empty for a document.
        let unit: String
        let targetText: String
        /// The raw status (as in results.json): four values for a share of answers, two for a census.
        let status: String
        /// In words (``MeasureValues/words(_:)``); «—» without a target.
        let statusText: String
        let achieved: Bool
        let achievedWithinMargin: Bool
        let notAchievedWithinMargin: Bool
        let notAchieved: Bool
        let source: String
        let definition: String
        /// False for a census (counted from a complete register): it has no interval.
        let hasInterval: Bool
        let intervalText: String
        /// The source run's coverage against its roster, for a figure taken from another run.
        let hasCoverage: Bool
        let coverageText: String
        /// What weakens the verdict («вывод зависит от одной команды; …»); empty when nothing.
        let hasCaveats: Bool
        let caveatsText: String
        /// The same in the words of the main text: no interval named, no p-value.
        let plainCaveatsText: String
        /// A document («имеется»): its target is its presence, not a figure to print.
        let isDocument: Bool

        enum CodingKeys: String, CodingKey {
            case hasCaveats = "has_caveats", caveatsText = "caveats_text", plainCaveatsText = "plain_caveats_text"
            case isDocument = "is_document"
            case number, label, valueText = "value_text", unit, targetText = "target_text", status
            case statusText = "status_text", achieved, achievedWithinMargin = "achieved_within_margin"
            case notAchievedWithinMargin = "not_achieved_within_margin", notAchieved = "not_achieved"
            case source, definition, hasInterval = "has_interval", intervalText = "interval_text"
            case hasCoverage = "has_coverage", coverageText = "coverage_text"
        }
    }

    /// How the indicators with a target stand: a count per status, never the margin ones as plainly achieved.
    struct Summary: Codable {
        let totalText: String
        /// «14 показателей», in the genitive the template's «Из …» needs.
        let withTargetText: String
        /// Some indicator has a target: else the summary has nothing to count.
        let hasTargets: Bool
        /// Plainly achieved (the status `achieved`).
        let achieved: Int
        let achievedText: String
        /// «достигнут — 7; достигнут, но в пределах погрешности — 1; не достигнут — 4».
        let byStatusText: String
        /// Reached only within the margin of error.
        let withinMargin: Int
        /// The labels of the indicators achieved only within the margin, quoted.
        let withinMarginText: String
        let notAchieved: Int
        /// The labels of the indicators not achieved (within the margin or not), quoted.
        let notAchievedText: String
        let allAchieved: Bool
        let hasWithinMargin: Bool
        let hasNotAchieved: Bool

        enum CodingKeys: String, CodingKey {
            case totalText = "total_text", withTargetText = "with_target_text", hasTargets = "has_targets", achieved
            case achievedText = "achieved_text"
            case byStatusText = "by_status_text", withinMargin = "within_margin", withinMarginText =
                "within_margin_text"
            case notAchieved = "not_achieved", notAchievedText = "not_achieved_text", allAchieved = "all_achieved"
            case hasWithinMargin = "has_within_margin", hasNotAchieved = "has_not_achieved"
        }
    }

    /// The staff register's count of «педагоги ШНОР», stated once for every staff indicator.
    struct Staff: Codable {
        /// «94 работника».
        let totalText: String
        /// «5 школ».
        let schoolsText: String
        /// «Учитель — 66, Руководитель — 10, …».
        let positionsText: String
        /// Rows of the mentors' list, counted apart.
        let mentors: Int
        let hasMentors: Bool

        enum CodingKeys: String, CodingKey {
            case totalText = "total_text", schoolsText = "schools_text", positionsText = "positions_text", mentors
            case hasMentors = "has_mentors"
        }
    }

    struct Tables: Codable {
        let indicators: String
        let bySchool: [SchoolTable]
        /// Each figure against the earlier wave; present with `previous`.
        let change: String?

        enum CodingKeys: String, CodingKey { case indicators, bySchool = "by_school", change }
    }

    /// An indicator by school, where some school can be shown.
    struct SchoolTable: Codable {
        let number: Int
        let label: String
        let table: String
        /// The schools below the indicator's target and the hidden ones pooled (``TargetGaps``).
        let gaps: TargetGaps
    }

    struct Previous: Codable {
        let period: String
        let compared: Int
    }

    init(
        configuration: PipelineConfiguration, analysis: IndicatorsAnalysis,
        previous: (period: String, figures: [History.Figure])?
    ) {
        let spec = configuration.spec
        let k = spec.disclosure.k
        let indicator = RussianPlural("показатель", "показателя", "показателей")
        // After «Из»: the genitive, «из 1 показателя», «из 3 показателей».
        let ofIndicators = RussianPlural("показателя", "показателей", "показателей")
        var rows: [[String]] = []
        var list: [Indicator] = []
        var bySchool: [SchoolTable] = []
        var anySuppressed = false
        var charts: [String: Chart] = [:]
        for (number, figure) in analysis.figures.enumerated() {
            let value = figure.valueText
            let target =
                figure.indicator.kind == .document
                ? "наличие" : figure.indicator.target.map { RussianFormat.percent($0, decimals: 1) } ?? "—"
            let status = figure.status.map(MeasureValues.words) ?? "—"
            rows.append([String(number + 1), figure.indicator.label, value, target, status, figure.source])
            // The run's own coverage, and whether its list is as long as the register this report counts.
            let register = analysis.staffDenominator.map(\.total)
            let coverage = figure.coverage.map { label, share in
                "«\(label)» — \(RussianFormat.percent(share.value)) (\(share.numerator) \(UnitWording.staff.from(share.denominator)) по списку той справки"
                    + (register.map {
                        switch (figure.sameRegister, $0 == share.denominator) {
                        case (true, true):
                            "; тот же регистр работников, что у этого отчёта: тот же знаменатель педагогов ШНОР)"
                        case (true, false):
                            "; тот же регистр работников, но педагогов ШНОР в нём по этому отчёту — \($0): проверьте not_staff и школы программы)"
                        case (false, _): "; другой регистр работников: педагогов ШНОР по регистру этого отчёта — \($0))"
                        case (nil, true):
                            "; по числу столько же, сколько педагогов ШНОР по регистру работников, по составу списки не сверялись)"
                        case (nil, false): "; педагогов ШНОР по регистру работников этого отчёта — \($0))"
                        }
                    } ?? ")")
            }.joined(separator: ", ")
            list.append(
                Indicator(
                    number: number + 1, label: figure.indicator.label, valueText: value,
                    unit: figure.unit?.rawValue ?? "", targetText: target, status: figure.status?.rawValue ?? "",
                    statusText: status, achieved: figure.status == .achieved,
                    achievedWithinMargin: figure.status == .achievedWithinMargin,
                    notAchievedWithinMargin: figure.status == .notAchievedWithinMargin,
                    notAchieved: figure.status == .notAchieved, source: figure.source, definition: figure.definition,
                    hasInterval: figure.interval != nil,
                    intervalText: figure.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "",
                    hasCoverage: !coverage.isEmpty, coverageText: coverage,
                    hasCaveats: !figure.caveats.isEmpty, caveatsText: figure.caveats.joined(separator: "; "),
                    plainCaveatsText: figure.plainCaveats.joined(separator: "; "),
                    isDocument: figure.indicator.kind == .document))
            // A table of dashes says nothing: shown only where some school can be shown.
            if figure.groups.contains(where: { !$0.suppressed }), let share = figure.share {
                anySuppressed = anySuppressed || figure.groups.contains(where: \.suppressed)
                bySchool.append(
                    SchoolTable(
                        number: number + 1, label: figure.indicator.label,
                        table: MarkdownTable.breakdown(
                            heading: "Школа", countHeading: "Учтено", groups: figure.groups, total: share,
                            census: figure.census),
                        gaps: TargetGaps(
                            groups: figure.groups, total: share, target: figure.indicator.target, k: k,
                            groupWord: RussianPlural.school)))
            }
        }
        let decisions = list.filter { $0.notAchieved || $0.notAchievedWithinMargin }.enumerated().map {
            offset, indicator in
            Decision(
                number: offset + 1, kind: .indicator, subject: "\(indicator.number) «\(indicator.label)»",
                figureText: "\(indicator.valueText) при целевом значении \(indicator.targetText)",
                document: spec.document(forNote: nil))
        }
        let statuses = analysis.figures.compactMap(\.status)
        func labels(_ wanted: Set<TargetStatus>) -> String {
            analysis.figures.filter { $0.status.map(wanted.contains) == true }.map { "«\($0.indicator.label)»" }
                .joined(separator: "; ")
        }
        let achieved = statuses.filter { $0 == .achieved }.count
        let withinMargin = statuses.filter { $0 == .achievedWithinMargin }.count
        let summary = Summary(
            totalText: indicator(analysis.figures.count), withTargetText: ofIndicators(statuses.count),
            hasTargets: !statuses.isEmpty,
            achieved: achieved, achievedText: indicator(achieved),
            byStatusText: TargetStatus.allCases.compactMap { status in
                let count = statuses.filter { $0 == status }.count
                return count == 0 ? nil : "\(MeasureValues.words(status)) — \(count)"
            }.joined(separator: "; "),
            withinMargin: withinMargin, withinMarginText: labels([.achievedWithinMargin]),
            notAchieved: statuses.count - achieved - withinMargin,
            notAchievedText: labels([.notAchieved, .notAchievedWithinMargin]),
            allAchieved: achieved == statuses.count, hasWithinMargin: withinMargin > 0,
            hasNotAchieved: statuses.count > achieved + withinMargin)
        let staff = analysis.staffDenominator.map { staff in
            Staff(
                totalText: IndicatorsAnalysis.staffWord(staff.total),
                schoolsText: IndicatorsAnalysis.schoolsWord(staff.schools),
                positionsText: staff.byPosition.map { "\($0.label) — \($0.count)" }.joined(separator: ", "),
                mentors: staff.mentors, hasMentors: !staff.mentorPositions.isEmpty)
        }
        let indicatorsTable = MarkdownTable(
            columns: ["№", "Показатель", "Значение", "Цель", "Итог", "Источник"], rightAligned: [0, 2, 3],
            rows: rows
        ).markdown
        // Each figure against the previous wave of this report, where the history has one.
        var changes: [(number: Int, label: String, before: Double, after: Double)] = []
        var previousValues: Previous?
        var changeTable: String?
        if let previous {
            for (number, figure) in analysis.figures.enumerated() {
                guard let after = figure.share?.value,
                    let before = previous.figures.first(where: { $0.id == figure.indicator.id })?.share
                else { continue }
                changes.append((number + 1, figure.indicator.label, before, after))
            }
            let periodBefore = RussianFormat.period(previous.period)
            previousValues = Previous(period: periodBefore, compared: changes.count)
            changeTable =
                MarkdownTable(
                    columns: ["№", "Показатель", periodBefore, RussianFormat.period(spec.period), "Изменение"],
                    rightAligned: [0, 2, 3, 4],
                    rows: changes.map {
                        [
                            String($0.number), $0.label, RussianFormat.percent($0.before),
                            RussianFormat.percent($0.after),
                            RussianFormat.points($0.before * 100, $0.after * 100),
                        ]
                    }
                ).markdown
            charts["change"] = .beforeAfter(
                title: "Показатели: \(periodBefore) и \(RussianFormat.period(spec.period))",
                labels: changes.map { "\($0.number). \($0.label)" },
                before: changes.map(\.before), after: changes.map(\.after))
        }
        charts["indicators"] = .bars(
            title: "Значения целевых показателей",
            bars: analysis.figures.enumerated().compactMap { number, figure in
                figure.share.map {
                    Charts.Bar(label: "\(number + 1). \(figure.indicator.label)", share: $0.value)
                }
            }, target: nil, targetName: "")
        values = TemplateJoin(
            NoteHeading(spec, warnings: analysis.warnings),
            Values(
                suppressionNote:
                    "¹ Данные не приводятся: в группе меньше \(k) человек (или скрыта ещё одна группа, чтобы скрытое нельзя было вычислить по итогу).",
                indicators: list, summary: summary, staff: staff, hasStaff: staff != nil,
                tables: Tables(indicators: indicatorsTable, bySchool: bySchool, change: changeTable),
                previous: previousValues, hasPrevious: !changes.isEmpty, hasSchoolTables: !bySchool.isEmpty,
                unmatched: analysis.unmatched.count,
                anySuppressed: anySuppressed, anyCaveats: list.contains(where: \.hasCaveats), decisions: decisions,
                hasDecisions: !decisions.isEmpty))
        self.charts = charts
    }
}
