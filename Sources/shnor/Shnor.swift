import ArgumentParser
import Pipeline

/// The `shnor` command: parses arguments and hands the work to the library modules.
///
/// Exit status follows DESIGN.md §4: 0 success, 1 the data failed a declared tolerance,
/// 2 a usage or configuration error, 3 an input or output error.
@main
struct Shnor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shnor",
        abstract: "Аналитические справки программы ШНОР из выгрузок анкет, самооценок и результатов обучающихся.",
        discussion: """
            Коды завершения: 0 — успешно; 1 — данные не прошли заявленный допуск; \
            2 — ошибка в командной строке или настройках; 3 — ошибка чтения или записи файла.
            """,
        version: shnorVersion,
        subcommands: [
            Run.self, Validate.self, Inspect.self, Convert.self, Draft.self, Generate.self, Merge.self,
            HistoryCommand.self, Serve.self,
        ]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let failure = CommandError.reported(error) {
                Terminal.error(failure.message)
                Platform.exit(failure.status)
            }
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help and --version print to standard output
            }
            Terminal.error("ошибка в командной строке: " + fullMessage(for: error))
            Platform.exit(ExitStatus.usage)
        }
    }
}
