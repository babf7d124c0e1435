import ArgumentParser
import Pipeline

/// `shnor history [--root DIR]`: what the history of results beside the output folders holds.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract:
            "Показать, какие результаты хранятся в истории (конвейер, период, число показателей) или ряд одного показателя.",
        discussion:
            "История — файл history.sqlite в папке, где лежат папки результатов (по умолчанию out/); каждый shnor run дописывает в неё свои показатели."
    )

    @Option(name: .long, help: ArgumentHelp("Папка с папками результатов.", valueName: "папка"))
    var root: String = "out"

    @Option(
        name: .long,
        help: ArgumentHelp("Конвейер, ряд показателя которого показать (вместе с --measure).", valueName: "id"))
    var pipeline: String?

    @Option(name: .long, help: ArgumentHelp("Показатель (id из results.json).", valueName: "id"))
    var measure: String?

    func run() throws {
        for line in try HistoryReport.lines(root: root, pipeline: pipeline, measure: measure) { print(line) }
    }
}
