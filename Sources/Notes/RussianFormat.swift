/// Numbers, shares and dates written the Russian way, as an official note prints them.
///
/// Decimal comma («78,2»), a non-breaking space before «%» («78,2 %»), a thin space between
/// thousands («12 345»), dates as «25 ноября 2023 г.».
public enum RussianFormat {
    public static let nonBreakingSpace = "\u{00A0}"
    public static let thinSpace = "\u{2009}"

    /// «78,2 %» (one decimal by default); «—» for nil.
    public static func percent(_ share: Double?, decimals: Int = 1) -> String {
        guard let share else { return "—" }
        return decimal(share * 100, decimals: decimals) + nonBreakingSpace + "%"
    }

    /// «67,7–86,0 %» for an interval.
    public static func percentRange(_ lower: Double, _ upper: Double, decimals: Int = 1) -> String {
        decimal(lower * 100, decimals: decimals) + "–" + decimal(upper * 100, decimals: decimals) + nonBreakingSpace
            + "%"
    }

    /// A decimal with a comma, rounded half away from zero: «4,50».
    public static func decimal(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        // Binary fractions sit just below halves (0.7825 × 100 = 78.249999…): settle the noise
        // at a millionth of the last digit before rounding half away from zero, as people do.
        let scaled = ((abs(value) * scale * 1e6).rounded() / 1e6).rounded(.toNearestOrAwayFromZero)
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        var text = (value < 0 && scaled > 0 ? "−" : "") + integer(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "," + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    /// «12 345»: thin spaces between groups of thousands from five digits on, as typesetting rules ask.
    public static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        guard digits.count > 4 else { return (value < 0 ? "−" : "") + digits }
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped += thinSpace }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    private static let monthsGenitive = [
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ]
    private static let monthsNominative = [
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ]

    /// «25 ноября 2023 г.».
    public static func date(year: Int, month: Int, day: Int) -> String {
        guard (1...12).contains(month) else { return "\(day).\(month).\(year)" }
        return "\(day)\(nonBreakingSpace)\(monthsGenitive[month - 1]) \(year)\(nonBreakingSpace)г."
    }

    /// A period `2023-11` as «ноябрь 2023 г.»; other texts are returned unchanged.
    public static func period(_ text: String) -> String {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else {
            return text
        }
        return "\(monthsNominative[month - 1]) \(year)\(nonBreakingSpace)г."
    }

    /// A span of dates the shortest clear way: «20–28 ноября 2023 г.», «28 октября — 3 ноября
    /// 2023 г.», «25 декабря 2023 г. — 12 января 2024 г.»; one date when both are the same day.
    public static func dateRange(
        from first: (year: Int, month: Int, day: Int), to last: (year: Int, month: Int, day: Int)
    ) -> String {
        guard (1...12).contains(first.month), (1...12).contains(last.month) else {
            return date(year: first.year, month: first.month, day: first.day) + " — "
                + date(year: last.year, month: last.month, day: last.day)
        }
        if first == last { return date(year: first.year, month: first.month, day: first.day) }
        if first.year != last.year {
            return date(year: first.year, month: first.month, day: first.day) + " — "
                + date(year: last.year, month: last.month, day: last.day)
        }
        if first.month != last.month {
            return "\(first.day)\(nonBreakingSpace)\(monthsGenitive[first.month - 1]) — "
                + date(year: last.year, month: last.month, day: last.day)
        }
        return "\(first.day)–" + date(year: last.year, month: last.month, day: last.day)
    }

    /// «апрель 2024 г.»: the month a note is dated by.
    public static func month(year: Int, month: Int) -> String {
        period("\(year)-\(month)")
    }

    /// `clause` opening a sentence: its first letter capitalised («изменение …» → «Изменение …»).
    public static func sentence(_ clause: String) -> String {
        clause.prefix(1).uppercased() + clause.dropFirst()
    }
}
