import ArgumentParser
import Foundation
import Pipeline

/// `shnor validate PIPELINE.yaml`: every check of a run, writing nothing.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Проверить конвейер, инструменты, реестр, шаблон и входные файлы, ничего не записывая.")

    @Argument(help: ArgumentHelp("Файл конвейера (Pipelines/*.yaml).", valueName: "конвейер"))
    var pipeline: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Записать в папку шаблоны встроенных справок (для справок без note: template), чтобы править формулировки.",
            valueName: "папка"))
    var saveNote: String?

    @OptionGroup var reading: ReadThreads
    @OptionGroup var watching: RunWatching

    func run() throws {
        var configuration = try PipelineConfiguration.load(path: pipeline)
        reading.apply(to: &configuration)
        if let folder = saveNote { try save(configuration.builtInTemplates, of: configuration.spec.id, into: folder) }
        let (summary, observer) = try watching.run(configuration, outputFolder: nil)
        // The process ends after the report: its memory goes back whole, not block by block.
        summary.keepUntilExit()
        print("конвейер «\(configuration.spec.id)»: настройки и входные файлы в порядке")
        for line in summary.lines { print(line) }
        for warning in summary.warnings { Terminal.warning(warning.message) }
        watching.printTimings(of: observer)
        if let failure = summary.failure {
            throw CommandError(message: failure, status: ExitStatus.toleranceExceeded)
        }
    }

    /// Writes each built-in template as `ID.note.md` (`ID.NOTE.note.md` among several) into
    /// `folder`, never over an existing file (exit 3).
    private func save(_ templates: [(note: PipelineSpec.Note, text: String)], of id: String, into folder: String) throws
    {
        guard !templates.isEmpty else {
            print("у каждой справки конвейера свой шаблон (note: template) — встроенных шаблонов нет")
            return
        }
        let files = templates.map { note, text in
            ([id, note.id, "note.md"].compactMap { $0 }.joined(separator: "."), text)
        }
        for (name, _) in files where FileManager.default.fileExists(atPath: folder + "/" + name) {
            throw CommandError(
                message: "\(folder)/\(name) уже есть: шаблоны не перезаписываются — укажите другую папку (--save-note)",
                status: ExitStatus.inputOutput)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        print(
            "шаблоны встроенных справок записаны в \(folder): \(files.map(\.0).joined(separator: ", ")) — чтобы править формулировки, укажите шаблон в конвейере: note: {template: …}"
        )
    }
}
