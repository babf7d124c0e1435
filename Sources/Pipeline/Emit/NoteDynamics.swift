import Notes

/// The note's figures beside the same measures of earlier periods, as the history holds them
/// (issue 19: dynamics): a table per note and a chart of the first measure with a target.
///
/// A measure compares with an earlier period only under the same pipeline, the same measure id
/// and the same definition (its hash): a share of «satisfied» counted another way is another
/// figure. Only periods before this run's are read, so a rerun writes the same bytes. Without an
/// output folder (`shnor validate`) or an earlier period there are no dynamics, and
/// `has_dynamics` is false.
struct NoteDynamics: Codable {
    struct Point: Codable {
        /// «ноябрь 2022 г.»
        let period: String
        /// «76,0 %»
        let share: String
        /// «57 из 75»
        let count: String
        /// The change from the point before, worked out from the printed (rounded) figures:
        /// «+3,2 п. п.»; empty for the first point.
        let change: String
        let current: Bool
    }

    struct Series: Codable {
        let id: String
        let label: String
        let points: [Point]
    }

    let dynamics: [Series]
    let hasDynamics: Bool

    enum CodingKeys: String, CodingKey {
        case dynamics, hasDynamics = "has_dynamics"
    }

    /// The chart the template places with `{{{charts.dynamics}}}`: the first measure with a
    /// target and an earlier period, a bar per period against the target.
    let chart: Chart?

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dynamics = try c.decode([Series].self, forKey: .dynamics)
        hasDynamics = try c.decode(Bool.self, forKey: .hasDynamics)
        chart = nil
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dynamics, forKey: .dynamics)
        try c.encode(hasDynamics, forKey: .hasDynamics)
    }

    /// No history to compare with.
    static let none = NoteDynamics(series: [], chart: nil)

    private init(series: [Series], chart: Chart?) {
        dynamics = series
        hasDynamics = !series.isEmpty
        self.chart = chart
    }

    /// The dynamics of `results`' measures from the history beside `outputFolder`.
    init(results: ResultsDocument, outputFolder: String?) throws {
        guard let outputFolder, let history = try History.existing(root: History.root(of: outputFolder)) else {
            self = .none
            return
        }
        var series: [Series] = []
        var chart: Chart?
        for measure in results.measures where !measure.census {
            let earlier = try history.series(pipeline: results.pipeline, measure: measure.id).filter {
                $0.period < results.period && $0.figure.definitionSHA256 == measure.definitionSHA256
                    && $0.figure.denominator > 0
            }
            guard !earlier.isEmpty, measure.denominator > 0 else { continue }
            let all: [(period: String, numerator: Int, denominator: Int)] =
                earlier.map { ($0.period, $0.figure.numerator, $0.figure.denominator) }
                + [(results.period, measure.numerator, measure.denominator)]
            var points: [Point] = []
            var previous: Double?
            for (index, point) in all.enumerated() {
                // Differences from the figures as printed (one decimal), so they add up on the page.
                // (As RussianFormat.decimal rounds: binary noise settled first, then half away from zero.)
                let permille = Double(point.numerator) / Double(point.denominator) * 1000
                let printed = ((permille * 1e6).rounded() / 1e6).rounded(.toNearestOrAwayFromZero) / 10
                points.append(
                    Point(
                        period: RussianFormat.period(point.period),
                        share: RussianFormat.percent(Double(point.numerator) / Double(point.denominator)),
                        count: "\(point.numerator) из \(point.denominator)",
                        change: previous.map { Self.pointsText(printed - $0) } ?? "",
                        current: index == all.count - 1))
                previous = printed
            }
            series.append(Series(id: measure.id, label: measure.label, points: points))
            if chart == nil, let target = measure.target {
                chart = .bars(
                    title: "\(measure.label): по периодам",
                    bars: all.map { point in
                        Charts.Bar(
                            label: RussianFormat.period(point.period),
                            share: Double(point.numerator) / Double(point.denominator))
                    }, target: target, targetName: "цель")
            }
        }
        self.init(series: series, chart: chart)
    }

    /// «+3,2 п. п.», «−1,0 п. п.», «0,0 п. п.» from a difference of printed percentages.
    static func pointsText(_ difference: Double) -> String {
        let rounded = (difference * 10).rounded() / 10
        let magnitude = RussianFormat.decimal(abs(rounded), decimals: 1)
        let sign = rounded > 0 ? "+" : rounded < 0 ? "−" : ""
        return "\(sign)\(magnitude)\(RussianFormat.nonBreakingSpace)п.\(RussianFormat.nonBreakingSpace)п."
    }
}
