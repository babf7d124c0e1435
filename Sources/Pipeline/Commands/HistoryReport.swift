import Foundation
import Ingest
import Notes

/// `shnor history`: the waves the history of results holds, or the series of one measure.
public enum HistoryReport {
    /// Lines for standard output. `root` is the folder holding the output folders; with both
    /// `pipeline` and `measure`, the measure's value in each period.
    public static func lines(root: String, pipeline: String?, measure: String?) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root + "/history.sqlite") else {
            throw IngestError(
                .cannotOpen, file: root + "/history.sqlite",
                detail: "истории нет: в этой папке ещё не выполнялся shnor run")
        }
        let history = try History(root: root)
        if let pipeline, let measure {
            let series = try history.series(pipeline: pipeline, measure: measure)
            guard !series.isEmpty else {
                throw CommandError.usage("в истории нет показателя «\(measure)» конвейера «\(pipeline)»")
            }
            return [series[0].figure.label]
                + series.map { period, figure in
                    "\(period)\t\(RussianFormat.percent(figure.share))\t\(figure.numerator) из \(figure.denominator)"
                }
        }
        let waves = try history.waves()
        return waves.map { "\($0.pipeline)\t\($0.period)\tпоказателей: \($0.measures)" }
            + ["волн в истории: \(waves.count) (\(history.path))"]
    }
}
