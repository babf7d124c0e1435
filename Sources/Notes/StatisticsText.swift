import Foundation

extension RussianFormat {
    /// p-values as a note prints them: «0,035», «< 0,001».
    public static func probability(_ p: Double) -> String {
        p < 0.001 ? "<\u{00A0}0,001" : decimal(p, decimals: 3)
    }

    /// «p < 0,001», «p = 0,035».
    public static func pClause(_ p: Double) -> String {
        p < 0.001 ? "p\u{00A0}<\u{00A0}0,001" : "p\u{00A0}=\u{00A0}" + decimal(p, decimals: 3)
    }

    /// «+3,5 п. п.», «−1,0 п. п.» (or points of СОУ), «—» when a side is missing.
    public static func points(_ before: Double?, _ after: Double?) -> String {
        let change = self.change(before, after)
        return change == "—" ? change : change + "\u{00A0}п.\u{00A0}п."
    }

    /// «+3,5», «−1,0», «0,0»: the change alone, for a table cell; «—» when a side is missing.
    /// Computed from the two figures rounded as printed (one decimal), so «44,7 % → 56,0 %»
    /// reads «+11,3», whatever the unrounded figures give.
    public static func change(_ before: Double?, _ after: Double?) -> String {
        change(before, after, decimals: 1)
    }

    /// `value` rounded as ``decimal(_:decimals:)`` prints it (half away from zero, binary noise settled).
    public static func printed(_ value: Double, decimals: Int) -> Double {
        let scale = pow(10, Double(decimals))
        let scaled = ((abs(value) * scale * 1e6).rounded() / 1e6).rounded(.toNearestOrAwayFromZero)
        return (value < 0 ? -scaled : scaled) / scale
    }

    /// The change between two figures rounded to `decimals` as printed; «—» when a side is missing.
    public static func change(_ before: Double?, _ after: Double?, decimals: Int) -> String {
        guard let before, let after else { return "—" }
        let delta = printed(after, decimals: decimals) - printed(before, decimals: decimals)
        return (delta == 0 ? "" : delta > 0 ? "+" : "−") + decimal(abs(delta), decimals: decimals)
    }
}
