/// A chart of a note, as data: drawn as inline SVG for HTML and as a native chart for Word.
public enum Chart: Sendable {
    /// Diverging stacked bars of a scale's categories (lowest first) per item.
    case likert(title: String, categories: [String], rows: [Charts.LikertRow])
    /// Horizontal bars of shares, with a target or threshold line.
    case bars(title: String, bars: [Charts.Bar], target: Double?, targetName: String)
    /// Two bars per label: a share before and after.
    case beforeAfter(title: String, labels: [String], before: [Double?], after: [Double?])

    public var title: String {
        switch self {
        case let .likert(title, _, _), let .bars(title, _, _, _), let .beforeAfter(title, _, _, _): title
        }
    }

    /// The chart as inline SVG.
    public var svg: String {
        switch self {
        case let .likert(title, categories, rows):
            Charts.divergingBars(title: title, categories: categories, rows: rows)
        case let .bars(title, bars, target, targetName):
            Charts.barsWithTarget(title: title, bars: bars, target: target, targetName: targetName)
        case let .beforeAfter(title, labels, before, after):
            Charts.beforeAfter(title: title, labels: labels, before: before, after: after)
        }
    }
}
