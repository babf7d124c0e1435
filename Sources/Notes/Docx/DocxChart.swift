/// A note's chart as a native Word chart (DrawingML), its data written into the chart itself.
///
/// Bars of shares become a horizontal bar chart with the target named in the title; Likert
/// distributions become 100 % stacked horizontal bars, one series per category. Every bar
/// carries its value as a label, so the chart reads in black and white too.
enum DocxChart {
    /// Categories on the chart's axis, to size the drawing.
    static func rowCount(_ chart: Chart) -> Int {
        switch chart {
        case let .likert(_, _, rows): rows.count + 2
        case let .bars(_, bars, _, _): bars.count
        case let .beforeAfter(_, labels, _, _): labels.count * 2
        }
    }

    static func xml(_ chart: Chart) -> String {
        switch chart {
        case let .bars(title, bars, target, targetName):
            let heading = title + (target.map { " (\(targetName) — \(RussianFormat.percent($0, decimals: 0)))" } ?? "")
            let series = seriesXML(
                index: 0, name: "Доля", colour: "5B7FA6", labels: bars.map(\.label),
                values: bars.map { $0.share }, pattern: nil)
            return chartSpace(title: heading, grouping: "clustered", overlap: nil, series: series, legend: false)
        case let .beforeAfter(title, labels, before, after):
            let series =
                seriesXML(index: 0, name: "было", colour: "C6DBEF", labels: labels, values: before, pattern: "wdUpDiag")
                + seriesXML(index: 1, name: "стало", colour: "2E6DA4", labels: labels, values: after, pattern: nil)
            return chartSpace(title: title, grouping: "clustered", overlap: nil, series: series, legend: true)
        case let .likert(title, categories, rows):
            let colours = ["8E2B22", "D98880", "D9D9D9", "85A9D0", "1F4E79"]
            let half = categories.count / 2
            var series = ""
            for (index, category) in categories.enumerated() {
                let values = rows.map { row -> Double? in
                    let total = row.counts.reduce(0, +)
                    return total == 0 ? nil : Double(row.counts[index]) / Double(total)
                }
                let colour =
                    categories.count == 4
                    ? ["8E2B22", "D98880", "85A9D0", "1F4E79"][index]
                    : colours[min(index, colours.count - 1)]
                series += seriesXML(
                    index: index, name: category, colour: colour, labels: rows.map(\.label), values: values,
                    pattern: index < half ? "wdUpDiag" : nil)
            }
            return chartSpace(title: title, grouping: "percentStacked", overlap: 100, series: series, legend: true)
        }
    }

    private static func seriesXML(
        index: Int, name: String, colour: String, labels: [String], values: [Double?], pattern: String?
    ) -> String {
        let fill =
            pattern.map {
                "<a:pattFill prst=\"\($0)\"><a:fgClr><a:srgbClr val=\"000000\"/></a:fgClr><a:bgClr><a:srgbClr val=\"\(colour)\"/></a:bgClr></a:pattFill>"
            } ?? "<a:solidFill><a:srgbClr val=\"\(colour)\"/></a:solidFill>"
        let points = labels.enumerated().map {
            "<c:pt idx=\"\($0.offset)\"><c:v>\(MarkupText.escaped($0.element))</c:v></c:pt>"
        }.joined()
        let numbers = values.enumerated().compactMap { offset, value in
            value.map { "<c:pt idx=\"\(offset)\"><c:v>\($0)</c:v></c:pt>" }
        }.joined()
        return """
            <c:ser><c:idx val="\(index)"/><c:order val="\(index)"/><c:tx><c:v>\(MarkupText.escaped(name))</c:v></c:tx>\
            <c:spPr>\(fill)<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></c:spPr>\
            <c:invertIfNegative val="0"/>\
            <c:dLbls><c:numFmt formatCode="0%" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>\
            <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
            <c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>\
            <c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>\
            <c:cat><c:strLit><c:ptCount val="\(labels.count)"/>\(points)</c:strLit></c:cat>\
            <c:val><c:numLit><c:formatCode>0%</c:formatCode><c:ptCount val="\(values.count)"/>\(numbers)</c:numLit></c:val></c:ser>
            """
    }

    private static func chartSpace(title: String, grouping: String, overlap: Int?, series: String, legend: Bool)
        -> String
    {
        """
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
        </c:plotArea>\(legend ? "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"/></a:pPr><a:endParaRPr lang=\"ru-RU\"/></a:p></c:txPr></c:legend>" : "")\
        <c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>\
        <c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr><a:latin typeface="Times New Roman"/><a:cs typeface="Times New Roman"/></a:defRPr></a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>\
        </c:chartSpace>
        """
    }
}
