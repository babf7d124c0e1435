import ArgumentParser
import Foundation
import Ingest
import Notes
import Pipeline

/// `shnor history [--root DIR]`: what the history of results beside the output folders holds.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Показать, какие результаты хранятся в истории (конвейер, период, число показателей) или ряд одного показателя.",
        discussion: "История — файл history.sqlite в папке, где лежат папки результатов (по умолчанию out/); каждый shnor run дописывает в неё свои показатели.")

    @Option(name: .long, help: ArgumentHelp("Папка с папками результатов.", valueName: "папка"))
    var root: String = "out"

    @Option(name: .long, help: ArgumentHelp("Конвейер, ряд показателя которого показать (вместе с --measure).", valueName: "id"))
    var pipeline: String?

    @Option(name: .long, help: ArgumentHelp("Показатель (id из results.json).", valueName: "id"))
    var measure: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: root + "/history.sqlite") else {
            throw IngestError(.cannotOpen, file: root + "/history.sqlite", detail: "истории нет: в этой папке ещё не выполнялся shnor run")
        }
        let history = try History(root: root)
        if let pipeline, let measure {
            let series = try history.series(pipeline: pipeline, measure: measure)
            guard !series.isEmpty else {
                throw CommandFailure(message: "в истории нет показателя «\(measure)» конвейера «\(pipeline)»", status: ExitStatus.usage)
            }
            print(series[0].figure.label)
            for (period, figure) in series {
                print("\(period)\t\(RussianFormat.percent(figure.share))\t\(figure.numerator) из \(figure.denominator)")
            }
            return
        }
        let waves = try history.waves()
        for wave in waves { print("\(wave.pipeline)\t\(wave.period)\tпоказателей: \(wave.measures)") }
        print("волн в истории: \(waves.count) (\(history.path))")
    }
}
