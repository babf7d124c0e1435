import Measures

extension MarkdownTable {
    /// A share broken down by group: a row per group, suppressed ones as «—¹», and the total.
    /// Every analysis's note shows its breakdowns this way. A census (counted from a complete
    /// register) has no sampling error: its table has no interval column.
    public static func breakdown(
        heading: String, countHeading: String,
        groups: [(label: String, share: Share, suppressed: Bool)], total: Share, census: Bool = false
    ) -> String {
        let interval = { (share: Share) -> [String] in
            census ? [] : [share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—"]
        }
        return MarkdownTable(
            columns: [heading, countHeading, "Всего", "Доля"] + (census ? [] : ["95 % интервал"]),
            rightAligned: census ? [1, 2, 3] : [1, 2, 3, 4],
            rows: groups.map { group in
                group.suppressed
                    ? [group.label, "—¹", "—¹", "—¹"] + (census ? [] : ["—¹"])
                    : [
                        group.label, String(group.share.numerator), String(group.share.denominator),
                        RussianFormat.percent(group.share.value),
                    ] + interval(group.share)
            } + [
                [
                    "**Всего**", "**\(total.numerator)**", "**\(total.denominator)**",
                    "**\(RussianFormat.percent(total.value))**",
                ] + interval(total)
            ]
        ).markdown
    }
}
