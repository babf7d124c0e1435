import Foundation
import Ingest
import Measures

extension ResultsDocument {
    /// The survey's results.json: its measures with their groups, the schools' participation, the
    /// Likert distributions and their breakdowns, the multiple-choice counts.
    init(configuration: PipelineConfiguration, analysis: SurveyAnalysis) {
        let spec = configuration.spec
        pipeline = spec.id
        title = spec.title
        period = spec.period
        measures = analysis.measures.map { figure in
            MeasureResult(
                id: figure.spec.id, label: figure.spec.label, definition: figure.definition,
                numerator: figure.share.numerator, denominator: figure.share.denominator,
                share: figure.share.value, ci95: figure.share.interval.map { [$0.lower, $0.upper] },
                census: figure.spec.kind == .coverage, target: figure.spec.target,
                status: figure.spec.kind == .coverage
                    ? TargetStatus(census: figure.share.value, target: figure.spec.target)
                    : TargetStatus(share: figure.share, target: figure.spec.target),
                unit: .person, population: figure.spec.population.rawValue,
                bounds: figure.uncounted.flatMap { UncountedBounds(share: figure.share, uncounted: $0) },
                nonSubstantive: figure.spec.kind == .topBox ? figure.nonSubstantive : nil,
                blank: figure.spec.kind == .topBox ? figure.blank : nil,
                groups: figure.groups.map { group in
                    GroupResult(
                        by: [group.dimension.rawValue: group.label], share: group.share, suppressed: group.suppressed,
                        census: figure.spec.kind == .coverage)
                })
        }
        var tables: [TableResult] = []
        tables.append(
            TableResult(
                id: "schools", label: "Участники анкетирования по школам",
                columns: ["school", "programme", "partner", "respondents", "roster", "matched"],
                rows: analysis.schools.map { row in
                    [
                        .text(row.school.name), .text(row.school.programme ? "yes" : "no"),
                        .text(row.school.partner ? "yes" : "no"),
                        .integer(row.respondents), row.roster.map(Cell.integer) ?? .null,
                        row.matched.map(Cell.integer) ?? .null,
                    ]
                }))
        for table in analysis.likert {
            let categories = table.scale.categories.map(\.label)
            tables.append(
                TableResult(
                    id: table.spec.id, label: table.spec.label,
                    columns: ["item", "substantive"] + categories + [
                        "non_substantive", "blank", "top2_share", "median",
                    ],
                    rows: table.rows.map { row in
                        let d = row.distribution
                        if row.suppressed {
                            return [.text(row.label), .null] + categories.map { _ in Cell.null } + [
                                .null, .null, .null, .null,
                            ]
                        }
                        let top2 =
                            table.scale.ordered && categories.count > 2
                            ? d.topBox(2).value.map(Cell.number) ?? .null : .null
                        let median = d.medianCategory.map { Cell.text(categories[$0]) } ?? .null
                        return [.text(row.label), .integer(d.substantive)] + d.counts.map(Cell.integer)
                            + [.integer(d.nonSubstantive), .integer(d.blank), top2, median]
                    }))
        }
        for table in analysis.likert {
            for breakdown in table.breakdowns {
                tables.append(
                    TableResult(
                        id: "\(table.spec.id)_by_\(breakdown.dimension.rawValue)",
                        label:
                            "\(table.spec.label): доля двух высших категорий по группам (\(breakdown.dimension.rawValue))",
                        columns: ["item"] + breakdown.groups,
                        rows: zip(table.rows, zip(breakdown.cells, breakdown.suppressed)).map { row, cells in
                            [.text(row.label)]
                                + zip(cells.0, cells.1).map { distribution, hidden in
                                    hidden ? .null : distribution.topBox(2).value.map(Cell.number) ?? .null
                                }
                        }))
            }
        }
        for table in analysis.choices {
            let rows: [[Cell]] =
                table.options.indices.map { index in
                    [
                        .text(table.options[index]), .integer(table.counts[index]),
                        table.answered > 0 ? .number(Double(table.counts[index]) / Double(table.answered)) : .null,
                    ]
                }
                + (table.other > 0
                    ? [
                        [
                            .text("другое"), .integer(table.other),
                            .number(Double(table.other) / Double(max(1, table.answered))),
                        ]
                    ] : [])
            tables.append(
                TableResult(
                    id: table.spec.id, label: table.spec.label,
                    columns: ["option", "count", "share_of_answered"], rows: rows))
        }
        self.tables = tables
    }
}
