import Measures

extension MarkdownTable {
    /// A share broken down by group: a row per group, suppressed ones as «—¹», and the total.
    /// Every analysis's note shows its breakdowns this way.
    public static func breakdown(
        heading: String, countHeading: String,
        groups: [(label: String, share: Share, suppressed: Bool)], total: Share
    ) -> String {
        MarkdownTable(
            columns: [heading, countHeading, "Всего", "Доля", "95 % интервал"],
            rightAligned: [1, 2, 3, 4],
            rows: groups.map { group in
                group.suppressed
                    ? [group.label, "—¹", "—¹", "—¹", "—¹"]
                    : [
                        group.label, String(group.share.numerator), String(group.share.denominator),
                        RussianFormat.percent(group.share.value),
                        group.share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—",
                    ]
            } + [
                [
                    "**Всего**", "**\(total.numerator)**", "**\(total.denominator)**",
                    "**\(RussianFormat.percent(total.value))**",
                    total.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—",
                ]
            ]
        ).markdown
    }
}
