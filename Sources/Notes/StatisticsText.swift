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
    public static func change(_ before: Double?, _ after: Double?) -> String {
        guard let before, let after else { return "—" }
        let delta = after - before
        let rounded = (abs(delta) * 10).rounded() / 10
        return (rounded == 0 ? "" : delta > 0 ? "+" : "−") + decimal(abs(delta), decimals: 1)
    }
}
