import Foundation
import Measures

/// `results.json`, schema `shnor.results/1` (DESIGN.md §4). Regional roll-ups read these
/// files, so a field, once published, keeps its meaning. Suppressed groups carry nulls.
struct ResultsDocument: Encodable {
    let schema = "shnor.results/1"
    let pipeline: String
    let title: String
    let period: String
    let measures: [MeasureResult]
    let tables: [TableResult]

    struct MeasureResult: Encodable {
        let id: String
        let label: String
        let definition: String
        let numerator: Int
        let denominator: Int
        let share: Double?
        let ci95: [Double]?
        let ciMethod = "wilson"
        let target: Double?
        let status: TargetStatus?
        let nonSubstantive: Int?
        let blank: Int?
        let groups: [GroupResult]

        enum CodingKeys: String, CodingKey {
            case id, label, definition, definitionSHA256 = "definition_sha256", numerator, denominator, share, ci95, ciMethod = "ci_method", target, status
            case nonSubstantive = "non_substantive", blank, groups
        }

        /// Roll-ups merge a measure only with the same definition: this is how they tell.
        var definitionSHA256: String { Digest.sha256(Data(definition.utf8)) }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encode(definition, forKey: .definition)
            try c.encode(definitionSHA256, forKey: .definitionSHA256)
            try c.encode(numerator, forKey: .numerator)
            try c.encode(denominator, forKey: .denominator)
            try c.encode(share, forKey: .share)
            try c.encode(ci95, forKey: .ci95)
            try c.encode(ciMethod, forKey: .ciMethod)
            try c.encodeIfPresent(target, forKey: .target)
            try c.encodeIfPresent(status, forKey: .status)
            try c.encodeIfPresent(nonSubstantive, forKey: .nonSubstantive)
            try c.encodeIfPresent(blank, forKey: .blank)
            try c.encode(groups, forKey: .groups)
        }
    }

    /// A measure's figures from a share, with its groups.
    static func measure(id: String, label: String, definition: String, share: Share, target: Double?,
                        groups: [(by: [String: String], share: Share, suppressed: Bool)]) -> MeasureResult {
        MeasureResult(
            id: id, label: label, definition: definition, numerator: share.numerator, denominator: share.denominator,
            share: share.value, ci95: share.interval.map { [$0.lower, $0.upper] }, target: target,
            status: TargetStatus(share: share.value, target: target), nonSubstantive: nil, blank: nil,
            groups: groups.map { group in
                GroupResult(by: group.by, share: group.share, suppressed: group.suppressed)
            })
    }

    /// A group of a breakdown. A suppressed one is written with null figures — unless the
    /// encoder's ``revealing`` key is set, which only private/results-unsuppressed.json uses.
    struct GroupResult: Encodable {
        let by: [String: String]
        let share: Share
        let suppressed: Bool

        enum CodingKeys: String, CodingKey { case by, numerator, denominator, share, ci95, suppressed }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let shown = !suppressed || encoder.userInfo[ResultsDocument.revealing] as? Bool == true
            try c.encode(by, forKey: .by)
            try c.encode(shown ? share.numerator : nil, forKey: .numerator)
            try c.encode(shown ? share.denominator : nil, forKey: .denominator)
            try c.encode(shown ? share.value : nil, forKey: .share)
            try c.encode(shown ? share.interval.map { [$0.lower, $0.upper] } : nil, forKey: .ci95)
            try c.encode(suppressed, forKey: .suppressed)
        }
    }

    /// Set to true in an encoder's userInfo to write suppressed groups' figures (for roll-ups, under private/).
    static let revealing: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "shnor.revealing") else { preconditionFailure("a valid user info key") }
        return key
    }()

    struct TableResult: Encodable {
        let id: String
        let label: String
        let columns: [String]
        let rows: [[Cell]]
    }

    /// A table cell: text, a whole number, a share, or null when suppressed.
    enum Cell: Encodable {
        case text(String)
        case integer(Int)
        case number(Double)
        case null

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let value): try c.encode(value)
            case .integer(let value): try c.encode(value)
            case .number(let value): try c.encode(value)
            case .null: try c.encodeNil()
            }
        }
    }

    init(pipeline: String, title: String, period: String, measures: [MeasureResult], tables: [TableResult]) {
        self.pipeline = pipeline
        self.title = title
        self.period = period
        self.measures = measures
        self.tables = tables
    }

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
                target: figure.spec.target, status: TargetStatus(share: figure.share.value, target: figure.spec.target),
                nonSubstantive: figure.spec.kind == .topBox ? figure.nonSubstantive : nil,
                blank: figure.spec.kind == .topBox ? figure.blank : nil,
                groups: figure.groups.map { group in
                    GroupResult(by: [group.dimension.rawValue: group.label], share: group.share, suppressed: group.suppressed)
                })
        }
        var tables: [TableResult] = []
        tables.append(TableResult(
            id: "schools", label: "Участники анкетирования по школам",
            columns: ["school", "programme", "partner", "respondents", "roster", "matched"],
            rows: analysis.schools.map { row in
                [.text(row.school.name), .text(row.school.programme ? "yes" : "no"), .text(row.school.partner ? "yes" : "no"),
                 .integer(row.respondents), row.roster.map(Cell.integer) ?? .null, row.matched.map(Cell.integer) ?? .null]
            }))
        for table in analysis.likert {
            let categories = table.scale.categories.map(\.label)
            tables.append(TableResult(
                id: table.spec.id, label: table.spec.label,
                columns: ["item", "substantive"] + categories + ["non_substantive", "blank", "top2_share", "median"],
                rows: table.rows.map { row in
                    let d = row.distribution
                    if row.suppressed {
                        return [.text(row.label), .null] + categories.map { _ in Cell.null } + [.null, .null, .null, .null]
                    }
                    let top2 = table.scale.ordered && categories.count > 2 ? d.topBox(2).value.map(Cell.number) ?? .null : .null
                    let median = d.medianCategory.map { Cell.text(categories[$0]) } ?? .null
                    return [.text(row.label), .integer(d.substantive)] + d.counts.map(Cell.integer)
                        + [.integer(d.nonSubstantive), .integer(d.blank), top2, median]
                }))
        }
        for table in analysis.likert {
            for breakdown in table.breakdowns {
                tables.append(TableResult(
                    id: "\(table.spec.id)_by_\(breakdown.dimension.rawValue)",
                    label: "\(table.spec.label): доля двух высших категорий по группам (\(breakdown.dimension.rawValue))",
                    columns: ["item"] + breakdown.groups,
                    rows: zip(table.rows, zip(breakdown.cells, breakdown.suppressed)).map { row, cells in
                        [.text(row.label)] + zip(cells.0, cells.1).map { distribution, hidden in
                            hidden ? .null : distribution.topBox(2).value.map(Cell.number) ?? .null
                        }
                    }))
            }
        }
        for table in analysis.choices {
            let rows: [[Cell]] = table.options.indices.map { index in
                [.text(table.options[index]), .integer(table.counts[index]),
                 table.answered > 0 ? .number(Double(table.counts[index]) / Double(table.answered)) : .null]
            } + (table.other > 0 ? [[.text("другое"), .integer(table.other), .number(Double(table.other) / Double(max(1, table.answered)))]] : [])
            tables.append(TableResult(id: table.spec.id, label: table.spec.label,
                                      columns: ["option", "count", "share_of_answered"], rows: rows))
        }
        self.tables = tables
    }
}
