import Ingest
import Measures
import Notes

/// A group a conclusion names — a school, a class, a subject, an area, an indicator — with the
/// figure it rests on, as the note prints it. The template words the sentence around it.
struct NamedFigure: Codable, Equatable {
    let name: String
    /// «6,7 %».
    let shareText: String
    /// «1 из 15».
    let countText: String
    /// How far below the target, from the printed rounded figures («13,3 п. п.»); empty when
    /// there is no target or the figure reaches it.
    let gapText: String

    enum CodingKeys: String, CodingKey {
        case name, shareText = "share_text", countText = "count_text", gapText = "gap_text"
    }

    init(name: String, shareText: String, countText: String, gapText: String) {
        self.name = name
        self.shareText = shareText
        self.countText = countText
        self.gapText = gapText
    }

    init(name: String, share: Share, target: Double?) {
        self.name = name
        shareText = RussianFormat.percent(share.value)
        countText = "\(RussianFormat.integer(share.numerator)) из \(RussianFormat.integer(share.denominator))"
        gapText =
            target.flatMap { target in
                share.value.flatMap { value in
                    TargetGaps.isBelow(value, target) ? TargetGaps.gap(value, target) : nil
                }
            } ?? ""
    }
}

/// A group's figure at two points (a school's успеваемость, an area's share with difficulties),
/// as printed, with the change between the printed figures.
struct NamedMove: Codable {
    let name: String
    let beforeText: String
    let afterText: String
    /// «+5 п. п.», «−3,1 п. п.»: from the printed figures.
    let changeText: String
    /// The change is unlikely to be chance (p < 0,05); false where no test was made.
    let significant: Bool

    enum CodingKeys: String, CodingKey {
        case name, beforeText = "before_text", afterText = "after_text", changeText = "change_text", significant
    }
}

/// One breakdown of a share against its target, as the facts a conclusion rests on: the shown
/// groups below the target (lowest first), and what the groups hidden by disclosure control add
/// up to.
///
/// The small schools are one group: the table's own «Малочисленные школы (…)» row where the
/// pipeline pools them (``SmallSchools``), else the hidden groups as «total minus the shown
/// groups» — a figure any reader of the table can already compute — named only when it holds
/// at least k people; otherwise the note says that their figures are not published. No hidden
/// group is ever named on its own, so a conclusion never points at a group the tables hide.
struct TargetGaps: Codable {
    let below: [NamedFigure]
    let hasBelow: Bool
    /// The published group with the lowest share, for «the lowest is …» when none is below.
    let lowest: NamedFigure?
    /// «2 школы»: how many groups are not published; 0 when none are.
    let hidden: Int
    let hiddenText: String
    let hasHidden: Bool
    /// The small schools together: the table's pooled row, or the hidden groups when they hold
    /// at least k people.
    let pooled: NamedFigure?
    /// The pooled group is a row of the table (named with its schools), not derived from hidden rows.
    let pooledInTable: Bool
    /// Who the pooled group is: its schools («СОШ с. Романово, ООШ п. Пасынок») when the table
    /// names them, else where the table marks them («в таблицах — «—¹»»).
    let pooledMembers: String
    let pooledBelow: Bool
    let pooledReaches: Bool
    /// Groups are hidden and too few people are behind them to publish even their pooled figure.
    let pooledUnpublished: Bool

    enum CodingKeys: String, CodingKey {
        case below, hasBelow = "has_below", lowest, hidden, hiddenText = "hidden_text", hasHidden = "has_hidden", pooled
        case pooledBelow = "pooled_below", pooledReaches = "pooled_reaches", pooledUnpublished = "pooled_unpublished"
        case pooledInTable = "pooled_in_table", pooledMembers = "pooled_members"
    }

    /// - Parameters:
    ///   - groups: the breakdown's groups in the table's order, each with its share and whether it is hidden.
    ///   - total: the breakdown's total (the groups partition it).
    ///   - groupWord: the noun for the hidden groups' count («школа», «школы», «школ»).
    ///   - pooledName: what the hidden groups together are called.
    init(
        groups: [(label: String, share: Share, suppressed: Bool)], total: Share, target: Double?, k: Int,
        groupWord: RussianPlural, pooledName: String = "малочисленные школы"
    ) {
        // The table's own pooled row is the group of small schools, not a school.
        let pooledRow = groups.first { !$0.suppressed && $0.label.hasPrefix(SmallSchools.label + " (") }
        let shown = groups.filter { !$0.suppressed && $0.label != pooledRow?.label }
        below =
            target.map { target in
                shown.filter { $0.share.value.map { Self.isBelow($0, target) } ?? false }
                    .sorted { ($0.share.value ?? 0) < ($1.share.value ?? 0) }
                    .map { NamedFigure(name: $0.label, share: $0.share, target: target) }
            } ?? []
        hasBelow = !below.isEmpty
        // Groups tied at the lowest printed share are named together («… и …, по 80,0 %»):
        // naming one would say it alone is lowest.
        let printedShares = shown.filter { $0.share.value != nil }.map { ($0, RussianFormat.percent($0.share.value)) }
        if let first = printedShares.min(by: { ($0.0.share.value ?? 0) < ($1.0.share.value ?? 0) }) {
            let tied = printedShares.filter { $0.1 == first.1 }.map(\.0)
            var figure = NamedFigure(name: first.0.label, share: first.0.share, target: target)
            if tied.count > 1 {
                figure = NamedFigure(
                    name: tied.map(\.label).joined(separator: " и "), shareText: "по " + first.1,
                    countText: tied.map {
                        "\(RussianFormat.integer($0.share.numerator)) из \(RussianFormat.integer($0.share.denominator))"
                    }.joined(separator: " и "), gapText: figure.gapText)
            }
            lowest = figure
        } else {
            lowest = nil
        }
        hidden = groups.filter(\.suppressed).count
        hiddenText = groupWord(hidden)
        hasHidden = hidden > 0
        let numerator = total.numerator - shown.reduce(0) { $0 + $1.share.numerator }
        let denominator = total.denominator - shown.reduce(0) { $0 + $1.share.denominator }
        pooledInTable = pooledRow != nil
        pooledMembers =
            pooledRow.map { String($0.label.dropFirst(SmallSchools.label.count + 2).dropLast()) }
            ?? "в таблицах — «—¹»"
        if let pooledRow {
            pooled = NamedFigure(name: pooledRow.label, share: pooledRow.share, target: target)
            let isBelow = target.flatMap { target in pooledRow.share.value.map { Self.isBelow($0, target) } } ?? false
            pooledBelow = isBelow
            pooledReaches = target != nil && !isBelow
        } else if hidden > 0, denominator >= k, numerator >= 0, numerator <= denominator {
            let share = Share(numerator: numerator, denominator: denominator)
            pooled = NamedFigure(name: pooledName, share: share, target: target)
            let isBelow = target.flatMap { target in share.value.map { Self.isBelow($0, target) } } ?? false
            pooledBelow = isBelow
            pooledReaches = target != nil && !isBelow
        } else {
            pooled = nil
            pooledBelow = false
            pooledReaches = false
        }
        pooledUnpublished = hidden > 0 && pooled == nil
    }

    /// Below the target as printed: the share rounded as the note prints it (one decimal of a
    /// per cent) is less than the target, so a printed «78,0 %» is never called below 78 %.
    static func isBelow(_ share: Double, _ target: Double) -> Bool {
        RussianFormat.printed(share * 100, decimals: 1) < RussianFormat.printed(target * 100, decimals: 1)
    }

    /// «13,3 п. п.»: the target less the share, both as printed.
    static func gap(_ share: Double, _ target: Double) -> String {
        RussianFormat.points(share * 100, target * 100).replacingOccurrences(of: "+", with: "")
    }
}

/// A row of the «Управленческие решения» table. The template words the measure (мероприятие)
/// for each kind of row; the tool gives what it is about, the figure that calls for it, and
/// the pipeline's responsible, due date and road-map item (`document:`).
struct Decision: Codable {
    /// From 1, in the table's order.
    let number: Int
    /// A school's name, «малочисленные школы», an indicator's or an area's label.
    let subject: String
    /// «6,7 % при целевом значении 20 %».
    let figureText: String
    /// For the pooled small schools: which they are (``TargetGaps/pooledMembers``); else empty.
    let members: String
    let isSchool: Bool
    /// The pooled small schools: the template says they are taken together.
    let isGroup: Bool
    let isIndicator: Bool
    let isArea: Bool
    let responsible: String
    let due: String
    let roadmapItem: String

    enum CodingKeys: String, CodingKey {
        case number, subject, figureText = "figure_text", members, isSchool = "is_school", isGroup = "is_group"
        case isIndicator = "is_indicator", isArea = "is_area", responsible, due, roadmapItem = "roadmap_item"
    }

    enum Kind { case school, group, indicator, area }

    /// The rows for `gaps`: a shown school below target each, then the pooled small schools
    /// when they are below it; numbered from `first`.
    static func rows(for gaps: TargetGaps, target: Double?, document: PipelineSpec.Document?, first: Int = 1)
        -> [Decision]
    {
        let targetText = target.map { " при целевом значении " + RussianFormat.percent($0, decimals: 0) } ?? ""
        var rows: [(Kind, String, String)] = gaps.below.map { (.school, $0.name, $0.shareText + targetText) }
        if gaps.pooledBelow, let pooled = gaps.pooled {
            rows.append((.group, pooled.name, pooled.shareText + targetText))
        }
        return rows.enumerated().map { offset, row in
            Decision(
                number: first + offset, kind: row.0, subject: row.1, figureText: row.2,
                members: row.0 == .group ? gaps.pooledMembers : "", document: document)
        }
    }

    init(
        number: Int, kind: Kind, subject: String, figureText: String, members: String = "",
        document: PipelineSpec.Document?
    ) {
        self.number = number
        self.subject = subject
        self.figureText = figureText
        self.members = members
        isSchool = kind == .school
        isGroup = kind == .group
        isIndicator = kind == .indicator
        isArea = kind == .area
        responsible = document?.responsible ?? ""
        due = document?.due ?? ""
        roadmapItem = document?.roadmapItem ?? ""
    }
}

extension RussianPlural {
    /// Groups of a breakdown other than schools: «2 группы».
    static let group = RussianPlural("группа", "группы", "групп")
}
