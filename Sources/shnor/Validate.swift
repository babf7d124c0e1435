import ArgumentParser
import Pipeline

/// `shnor validate PIPELINE.yaml`: every check of a run, writing nothing.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Проверить конвейер, инструменты, реестр, шаблон и входные файлы, ничего не записывая.")

    @Argument(help: ArgumentHelp("Файл конвейера (Pipelines/*.yaml).", valueName: "конвейер"))
    var pipeline: String

    @OptionGroup var watching: RunWatching

    func run() throws {
        let configuration = try PipelineConfiguration.load(path: pipeline)
        let (summary, observer) = try watching.run(configuration, outputFolder: nil)
        print("конвейер «\(configuration.spec.id)»: настройки и входные файлы в порядке")
        for line in summary.lines { print(line) }
        for warning in summary.warnings { Terminal.warning(warning.message) }
        watching.printTimings(of: observer)
        if let failure = summary.failure {
            throw CommandError(message: failure, status: ExitStatus.toleranceExceeded)
        }
    }
}
