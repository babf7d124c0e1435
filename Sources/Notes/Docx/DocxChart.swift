/// A note's chart as a native Word chart (DrawingML), its data written into the chart itself.
///
/// Bars of shares become a horizontal bar chart whose rows name their values (a suppressed group
/// «данные скрыты», never an empty bar), with the target drawn as a black mark across every row
/// and named in the title; Likert distributions become 100 % stacked horizontal bars,
/// one series per category, hatched and shaded so that a black-and-white print tells them apart.
enum DocxChart {
    /// The drawing's height in EMU: a title and an axis, and per category its bars or as many
    /// lines as its label wraps into (LibreOffice gives the axis labels about 40 % of the chart's
    /// width), so no label is cut or left out for want of room; at most 25 cm.
    static func height(_ chart: Chart) -> Int {
        let (labels, rowHeight, legend): ([String], Int, Int) =
            switch chart {
            case let .likert(_, _, rows): (rows.map(\.label), 380_000, 760_000)
            case let .bars(_, bars, _, _): (barLabels(bars), 380_000, 0)
            case let .beforeAfter(_, labels, _, _): (labels, 760_000, 380_000)
            }
        let labelWidth = 3_600.0  // twips: 40 % of the 16 cm chart
        let lineHeight = 142_875  // EMU: a 9 pt line
        let rows = labels.map { label in
            let lines = Int((TextWidth.twips(label, points: 9, bold: false) / labelWidth).rounded(.up))
            return max(rowHeight, lines * lineHeight + 120_000)
        }
        return min(9_000_000, 1_000_000 + legend + rows.reduce(0, +))
    }

    /// A bar chart's category labels: each names its value, or that the group is hidden.
    static func barLabels(_ bars: [Charts.Bar]) -> [String] {
        bars.map { $0.label + " — " + ($0.share.map { RussianFormat.percent($0) } ?? suppressedMark) }
    }

    /// The width of the target's mark on a bar, as a share of the axis (0–100 %).
    static let targetMark = 0.008

    /// The label a suppressed group's row carries instead of a bar.
    static let suppressedMark = "данные скрыты"

    static func xml(_ chart: Chart) -> String {
        switch chart {
        case let .bars(title, bars, target, targetName):
            let heading = title + (target.map { " (\(targetName) — \(RussianFormat.percent($0, decimals: 0)))" } ?? "")
            // Each row names its value (or that it is hidden), so no bar reads as 0 % and nothing
            // depends on colour.
            let labels = barLabels(bars)
            guard let target else {
                let series = seriesXML(
                    index: 0, name: "Доля", fill: solid("5B7FA6"), labels: labels, values: bars.map(\.share),
                    showValues: false)
                return chartSpace(title: heading, grouping: "clustered", overlap: nil, series: series, legend: false)
            }
            // Word has no target line on a bar chart: each bar is stacked from its part below the
            // target, a transparent gap up to the target, a black mark at the target and its part
            // above it, so the marks of all rows (suppressed ones too) line up into the target line.
            let mark = min(Self.targetMark, 1 - target)
            let below = bars.map { $0.share.map { min($0, target) } }
            let gap = bars.map { max(target - ($0.share ?? 0), 0) }
            let above = bars.map { $0.share.map { max($0 - target - mark, 0) } }
            let series =
                seriesXML(
                    index: 0, name: "Доля", fill: solid("5B7FA6"), labels: labels, values: below, showValues: false)
                + seriesXML(index: 1, name: "", fill: nil, labels: labels, values: gap, showValues: false)
                + seriesXML(
                    index: 2, name: "\(targetName) — \(RussianFormat.percent(target, decimals: 0))",
                    fill: solid("000000"),
                    labels: labels, values: bars.map { _ in mark }, showValues: false)
                + seriesXML(
                    index: 3, name: "Доля", fill: solid("5B7FA6"), labels: labels, values: above, showValues: false)
            // No legend: Word and LibreOffice number legend entries differently; the title names the target.
            return chartSpace(title: heading, grouping: "stacked", overlap: 100, series: series, legend: false)
        case let .beforeAfter(title, labels, before, after):
            let series =
                seriesXML(
                    index: 0, name: "было", fill: pattern("wdUpDiag", colour: "C6DBEF"), labels: labels, values: before)
                + seriesXML(index: 1, name: "стало", fill: solid("2E6DA4"), labels: labels, values: after)
            return chartSpace(title: title, grouping: "clustered", overlap: nil, series: series, legend: true)
        case let .likert(title, categories, rows):
            var series = ""
            for (index, category) in categories.enumerated() {
                let values = rows.map { row -> Double? in
                    let total = row.counts.reduce(0, +)
                    return total == 0 ? nil : Double(row.counts[index]) / Double(total)
                }
                series += seriesXML(
                    index: index, name: category, fill: likertFill(index, of: categories.count),
                    labels: rows.map(\.label), values: values)
            }
            return chartSpace(
                title: title, grouping: "percentStacked", overlap: 100, series: series, legend: true)
        }
    }

    /// Fills a black-and-white print tells apart: the lower half of a scale hatched on white
    /// (densely for the lowest), the middle light grey, the upper half in two clearly different
    /// blues (light and medium, both dark text can be read on).
    static func likertFill(_ index: Int, of count: Int) -> String {
        let half = count / 2
        if index < half {
            return pattern(index == 0 ? "dkUpDiag" : "ltUpDiag", colour: "FFFFFF", foreground: "8E2B22")
        }
        if count % 2 == 1, index == half { return solid("D9D9D9") }
        return index == count - 1 ? solid("4A72A8") : solid("A9C4E2")
    }

    private static func solid(_ colour: String) -> String {
        "<a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill>"
    }

    private static func pattern(_ preset: String, colour: String, foreground: String = "000000") -> String {
        "<a:pattFill prst=\"\(preset)\"><a:fgClr><a:srgbClr val=\"\(foreground)\"/></a:fgClr><a:bgClr><a:srgbClr val=\"\(colour)\"/></a:bgClr></a:pattFill>"
    }

    /// `fill` nil: an invisible series (no fill, no outline).
    private static func seriesXML(
        index: Int, name: String, fill: String?, labels: [String], values: [Double?], showValues: Bool = true
    ) -> String {
        let shape =
            fill.map { "\($0)<a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"000000\"/></a:solidFill></a:ln>" }
            ?? "<a:noFill/><a:ln><a:noFill/></a:ln>"
        let points = labels.enumerated().map {
            "<c:pt idx=\"\($0.offset)\"><c:v>\(MarkupText.escaped($0.element))</c:v></c:pt>"
        }.joined()
        let numbers = values.enumerated().compactMap { offset, value in
            value.map { "<c:pt idx=\"\(offset)\"><c:v>\($0)</c:v></c:pt>" }
        }.joined()
        let dataLabels =
            showValues
            ? """
            <c:dLbls><c:numFmt formatCode="0%" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>\
            <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
            <c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>\
            <c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>
            """
            : ""
        return """
            <c:ser><c:idx val="\(index)"/><c:order val="\(index)"/><c:tx><c:v>\(MarkupText.escaped(name))</c:v></c:tx>\
            <c:spPr>\(shape)</c:spPr><c:invertIfNegative val="0"/>\(dataLabels)\
            <c:cat><c:strLit><c:ptCount val="\(labels.count)"/>\(points)</c:strLit></c:cat>\
            <c:val><c:numLit><c:formatCode>0%</c:formatCode><c:ptCount val="\(values.count)"/>\(numbers)</c:numLit></c:val></c:ser>
            """
    }

    private static func chartSpace(title: String, grouping: String, overlap: Int?, series: String, legend: Bool)
        -> String
    {
        let legendXML =
            legend
            ? "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"/></a:pPr><a:endParaRPr lang=\"ru-RU\"/></a:p></c:txPr></c:legend>"
            : ""
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" \
            xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <c:lang val="ru-RU"/><c:roundedCorners val="0"/><c:chart>\
            <c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1100" b="1"/></a:pPr>\
            <a:r><a:rPr lang="ru-RU" sz="1100" b="1"/><a:t>\(MarkupText.escaped(title))</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>\
            <c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>\
            <c:barChart><c:barDir val="bar"/><c:grouping val="\(grouping)"/><c:varyColors val="0"/>\(series)\
            <c:gapWidth val="50"/>\(overlap.map { "<c:overlap val=\"\($0)\"/>" } ?? "")<c:axId val="111"/><c:axId val="222"/></c:barChart>\
            <c:catAx><c:axId val="111"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>\
            <c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\
            <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
            <c:crossAx val="222"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>\
            <c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/></c:scaling><c:delete val="0"/>\
            <c:axPos val="b"/><c:majorGridlines><c:spPr><a:ln w="3175"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>\
            <c:numFmt formatCode="0%" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>\
            <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
            <c:crossAx val="111"/><c:crosses val="max"/><c:crossBetween val="between"/><c:majorUnit val="0.2"/></c:valAx>\
            </c:plotArea>\(legendXML)\
            <c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>\
            <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr><a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
            </c:chartSpace>
            """
    }
}
