import Foundation

/// Charts as inline SVG, readable in print and in black and white: every segment carries its
/// value as text, and the negative side of a scale is hatched as well as coloured.
public enum Charts {
    /// One row of a diverging stacked bar chart: the counts of each category, lowest first.
    public struct LikertRow: Sendable {
        public var label: String
        public var counts: [Int]

        public init(label: String, counts: [Int]) {
            self.label = label
            self.counts = counts
        }
    }

    /// Diverging stacked bars (DESIGN.md §5): the lower half of the scale to the left of the
    /// centre line, the upper half to the right, a middle category split across it.
    public static func divergingBars(title: String, categories: [String], rows: [LikertRow]) -> String {
        let width = 720.0, labelWidth = 250.0, rowHeight = 34.0, top = 40.0
        let plotWidth = width - labelWidth - 20
        let centre = labelWidth + plotWidth / 2
        let legendHeight = 22.0 * Double((categories.count + 1) / 2) + 10
        let height = top + rowHeight * Double(rows.count) + 24 + legendHeight
        let colours = palette(categories.count)
        let half = categories.count / 2
        let hasMiddle = categories.count % 2 == 1
        var svg = header(width: width, height: height, title: title)
        svg += hatchDefinition
        svg += text(x: 10, y: 20, title, size: 15, weight: "bold", anchor: "start")
        for (rowIndex, row) in rows.enumerated() {
            let total = row.counts.reduce(0, +)
            let y = top + rowHeight * Double(rowIndex)
            svg += text(x: labelWidth - 8, y: y + rowHeight / 2 + 4, clip(row.label, 34), size: 13, anchor: "end")
            guard total > 0 else {
                svg += text(x: centre, y: y + rowHeight / 2 + 4, "нет ответов", size: 13, anchor: "middle")
                continue
            }
            let shares = row.counts.map { Double($0) / Double(total) }
            // The left side: categories below the middle, drawn outward from the centre.
            var leftEdge = centre - (hasMiddle ? shares[half] * plotWidth / 2 : 0)
            for category in stride(from: half - 1, through: 0, by: -1) {
                let w = shares[category] * plotWidth / 2
                leftEdge -= w
                svg += segment(
                    x: leftEdge, y: y + 4, width: w, height: rowHeight - 8, colour: colours[category], hatched: true,
                    share: shares[category])
            }
            if hasMiddle {
                let w = shares[half] * plotWidth / 2
                svg += segment(
                    x: centre - w, y: y + 4, width: 2 * w, height: rowHeight - 8, colour: colours[half], hatched: false,
                    share: shares[half])
            }
            var rightEdge = centre + (hasMiddle ? shares[half] * plotWidth / 2 : 0)
            for category in (half + (hasMiddle ? 1 : 0))..<categories.count {
                let w = shares[category] * plotWidth / 2
                svg += segment(
                    x: rightEdge, y: y + 4, width: w, height: rowHeight - 8, colour: colours[category], hatched: false,
                    share: shares[category])
                rightEdge += w
            }
        }
        let axisBottom = top + rowHeight * Double(rows.count)
        svg +=
            "<line x1=\"\(f(centre))\" y1=\"\(f(top - 4))\" x2=\"\(f(centre))\" y2=\"\(f(axisBottom + 4))\" stroke=\"#000\" stroke-width=\"1\"/>\n"
        for (index, category) in categories.enumerated() {
            let x = labelWidth + Double(index % 2) * (plotWidth / 2)
            let y = axisBottom + 24 + 22 * Double(index / 2)
            svg += segment(
                x: x, y: y - 11, width: 16, height: 14, colour: colours[index], hatched: index < half, share: nil)
            svg += text(x: x + 22, y: y, clip(category, 40), size: 13, anchor: "start")
        }
        return svg + "</svg>\n"
    }

    /// One bar of a bar chart; nil share means the group was suppressed.
    public struct Bar: Sendable {
        public var label: String
        public var share: Double?

        public init(label: String, share: Double?) {
            self.label = label
            self.share = share
        }
    }

    /// Horizontal bars from 0 to 100 % with a dashed target line.
    /// `targetName` labels the line: «цель» for a programme target, «порог» for a threshold.
    public static func barsWithTarget(title: String, bars: [Bar], target: Double?, targetName: String = "цель")
        -> String
    {
        let width = 720.0, labelWidth = 250.0, rowHeight = 32.0, top = 44.0
        let plotWidth = width - labelWidth - 70
        let height = top + rowHeight * Double(bars.count) + 36
        var svg = header(width: width, height: height, title: title)
        svg += text(x: 10, y: 20, title, size: 15, weight: "bold", anchor: "start")
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += text(x: labelWidth - 8, y: y + rowHeight / 2 + 4, clip(bar.label, 34), size: 13, anchor: "end")
            if let share = bar.share {
                let w = share * plotWidth
                svg +=
                    "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 5))\" width=\"\(f(w))\" height=\"\(f(rowHeight - 10))\" fill=\"#5b7fa6\" stroke=\"#1f3550\" stroke-width=\"0.8\"/>\n"
                svg += text(
                    x: labelWidth + w + 6, y: y + rowHeight / 2 + 4, RussianFormat.percent(share), size: 13,
                    anchor: "start")
            } else {
                svg += text(
                    x: labelWidth + 6, y: y + rowHeight / 2 + 4, "— (менее порога раскрытия)", size: 13, anchor: "start"
                )
            }
        }
        let axisY = top + rowHeight * Double(bars.count) + 4
        svg +=
            "<line x1=\"\(f(labelWidth))\" y1=\"\(f(axisY))\" x2=\"\(f(labelWidth + plotWidth))\" y2=\"\(f(axisY))\" stroke=\"#000\" stroke-width=\"1\"/>\n"
        for tick in stride(from: 0, through: 100, by: 20) {
            let x = labelWidth + plotWidth * Double(tick) / 100
            svg += "<line x1=\"\(f(x))\" y1=\"\(f(axisY))\" x2=\"\(f(x))\" y2=\"\(f(axisY + 4))\" stroke=\"#000\"/>\n"
            svg += text(x: x, y: axisY + 16, "\(tick)\(RussianFormat.nonBreakingSpace)%", size: 12, anchor: "middle")
        }
        if let target {
            let x = labelWidth + plotWidth * target
            svg +=
                "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(axisY))\" stroke=\"#b00020\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            svg += text(
                x: x + 4, y: top - 8, "\(targetName) \(RussianFormat.percent(target, decimals: 0))", size: 13,
                anchor: "start")
        }
        return svg + "</svg>\n"
    }

    /// Two horizontal bars per label — before (light, hatched) and after (dark) — each with its value.
    public static func beforeAfter(title: String, labels: [String], before: [Double?], after: [Double?]) -> String {
        let width = 720.0, labelWidth = 250.0, rowHeight = 40.0, top = 44.0
        let plotWidth = width - labelWidth - 70
        let height = top + rowHeight * Double(labels.count) + 60
        var svg = header(width: width, height: height, title: title) + hatchDefinition
        svg += text(x: 10, y: 20, title, size: 15, weight: "bold", anchor: "start")
        for (index, label) in labels.enumerated() {
            let y = top + rowHeight * Double(index)
            svg += text(x: labelWidth - 8, y: y + rowHeight / 2 + 4, clip(label, 34), size: 13, anchor: "end")
            for (offset, value, colour, hatched) in [
                (0.0, before[index], "#c6dbef", true), (1.0, after[index], "#2e6da4", false),
            ] {
                guard let value else { continue }
                let barY = y + 4 + offset * (rowHeight - 8) / 2
                let w = value * plotWidth
                svg += segment(
                    x: labelWidth, y: barY, width: max(w, 0.5), height: (rowHeight - 8) / 2 - 1, colour: colour,
                    hatched: hatched, share: nil)
                svg += text(
                    x: labelWidth + w + 5, y: barY + (rowHeight - 8) / 4 + 4, RussianFormat.percent(value, decimals: 0),
                    size: 12, anchor: "start")
            }
        }
        let axisY = top + rowHeight * Double(labels.count) + 4
        svg +=
            "<line x1=\"\(f(labelWidth))\" y1=\"\(f(axisY))\" x2=\"\(f(labelWidth + plotWidth))\" y2=\"\(f(axisY))\" stroke=\"#000\" stroke-width=\"1\"/>\n"
        for tick in stride(from: 0, through: 100, by: 20) {
            let x = labelWidth + plotWidth * Double(tick) / 100
            svg += text(x: x, y: axisY + 16, "\(tick)\(RussianFormat.nonBreakingSpace)%", size: 12, anchor: "middle")
        }
        svg += segment(
            x: labelWidth, y: axisY + 28, width: 16, height: 12, colour: "#c6dbef", hatched: true, share: nil)
        svg += text(x: labelWidth + 22, y: axisY + 38, "было", size: 13, anchor: "start")
        svg += segment(
            x: labelWidth + 110, y: axisY + 28, width: 16, height: 12, colour: "#2e6da4", hatched: false, share: nil)
        svg += text(x: labelWidth + 132, y: axisY + 38, "стало", size: 13, anchor: "start")
        return svg + "</svg>\n"
    }

    // MARK: - Drawing

    private static let hatchDefinition = """
        <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="1.2" stroke-opacity="0.45"/></pattern></defs>

        """

    private static func header(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-label=\"\(MarkupText.escaped(title))\" font-family=\"Times New Roman, serif\">\n"
    }

    private static func segment(
        x: Double, y: Double, width: Double, height: Double, colour: String, hatched: Bool, share: Double?
    ) -> String {
        guard width > 0 else { return "" }
        var out =
            "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(colour)\" stroke=\"#000\" stroke-width=\"0.6\"/>\n"
        if hatched {
            out +=
                "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"url(#hatch)\"/>\n"
        }
        if let share, width >= 34 {
            out += text(
                x: x + width / 2, y: y + height / 2 + 4, RussianFormat.percent(share, decimals: 0), size: 12,
                anchor: "middle", halo: true)
        }
        return out
    }

    private static func text(
        x: Double, y: Double, _ content: String, size: Int, weight: String = "normal", anchor: String,
        halo: Bool = false
    ) -> String {
        let haloAttributes = halo ? " stroke=\"#fff\" stroke-width=\"2.5\" paint-order=\"stroke\"" : ""
        return
            "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" font-weight=\"\(weight)\" text-anchor=\"\(anchor)\"\(haloAttributes)>\(MarkupText.escaped(content))</text>\n"
    }

    /// Reds for the lower half, a grey middle, blues for the upper half; light to dark outward.
    private static func palette(_ count: Int) -> [String] {
        let reds = ["#f4c7c3", "#e08a80", "#c0392b", "#7b241c"]
        let blues = ["#c6dbef", "#7fa9d1", "#2e6da4", "#173f66"]
        let half = count / 2
        var colours: [String] = []
        for index in 0..<half { colours.append(reds[min(half - 1 - index, reds.count - 1)]) }
        if count % 2 == 1 { colours.append("#d9d9d9") }
        for index in 0..<half { colours.append(blues[min(index, blues.count - 1)]) }
        return colours
    }

    private static func f(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func clip(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

}
