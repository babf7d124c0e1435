import ArgumentParser
import Pipeline

/// `shnor run PIPELINE.yaml [--out DIR]`: the whole pipeline, writing the note and its companions.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Выполнить конвейер: прочитать выгрузки, очистить, сопоставить, посчитать и написать справку.",
        discussion: """
            В папку результатов пишутся note.md, note.html, results.json, manifest.json, clean/ (обезличенные \
            таблицы) и private/ (отклонённые строки, несопоставленные записи — с персональными данными). \
            Код завершения 1 — доля неучтённых анкет выше max_reject_rate (результаты при этом записаны).
            """)

    @Argument(help: ArgumentHelp("Файл конвейера (Pipelines/*.yaml).", valueName: "конвейер"))
    var pipeline: String

    @Option(
        name: .long, help: ArgumentHelp("Папка для результатов (по умолчанию out/<id конвейера>).", valueName: "папка"))
    var out: String?

    @OptionGroup var reading: ReadThreads

    @OptionGroup var watching: RunWatching

    func run() throws {
        var configuration = try PipelineConfiguration.load(path: pipeline)
        reading.apply(to: &configuration)
        let folder = out ?? "out/\(configuration.spec.id)"
        // A run stopped by SIGTERM or Ctrl-C leaves neither its staging folder (a partial clean
        // table, the pseudonym key) nor the output folder's lock behind.
        Platform.onTermination { InFlightOutputs.removeAll() }
        let (summary, observer) = try watching.run(configuration, outputFolder: folder)
        // The process ends after the report: its memory goes back whole, not block by block.
        summary.keepUntilExit()
        for line in summary.lines { print(line) }
        print("записано в \(folder): " + summary.outputs.joined(separator: ", "))
        for warning in summary.warnings { Terminal.warning(warning.message) }
        watching.printTimings(of: observer)
        if let failure = summary.failure {
            throw CommandError(message: failure, status: ExitStatus.toleranceExceeded)
        }
    }
}
