import ArgumentParser
import Foundation
import Pipeline
import Workbench

/// `shnor serve`: the analyst's workbench in a browser, over the same library as the commands.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Открыть рабочее место аналитика в браузере: загрузка выгрузок, анкета, запуск, журнал строк, справка.",
        discussion: """
            Слушает только 127.0.0.1, пока не указан --listen; тогда печатает ключ доступа, без которого \
            страницы не открываются. Все файлы хранятся в папке --root.
            """)

    @Option(name: .long, help: ArgumentHelp("Порт (0 — любой свободный).", valueName: "N"))
    var port: Int = 8080

    @Option(name: .long, help: ArgumentHelp("Папка workbench (создаётся).", valueName: "папка"))
    var root: String = "workbench"

    @Option(
        name: .long,
        help: ArgumentHelp("Адрес, который слушать вместо 127.0.0.1 (тогда нужен ключ доступа).", valueName: "адрес"))
    var listen: String?

    @Option(name: .customLong("max-upload-mb"), help: ArgumentHelp("Наибольший загружаемый файл, МБ.", valueName: "МБ"))
    var maxUploadMegabytes: Int = WorkbenchSettings.defaultMaxUploadBytes >> 20

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port: нужно число от 0 до 65535") }
        guard (1...65_536).contains(maxUploadMegabytes) else {
            throw ValidationError("--max-upload-mb: нужно число от 1 до 65536")
        }
    }

    func run() throws {
        let loopback = listen == nil || listen == "127.0.0.1" || listen == "localhost"
        let settings = WorkbenchSettings(
            root: root, host: loopback ? "127.0.0.1" : listen ?? "127.0.0.1", port: port,
            listensBeyondLoopback: !loopback, maxUploadBytes: maxUploadMegabytes << 20)
        do {
            try FileManager.default.createDirectory(atPath: settings.root, withIntermediateDirectories: true)
        } catch {
            throw CommandError(
                message: "папка workbench «\(root)» не создаётся: \(error.localizedDescription)",
                status: ExitStatus.inputOutput)
        }
        Platform.onTermination { InFlightOutputs.removeAll() }
        do {
            try Workbench.serve(settings) { address in
                // Unbuffered: a script waiting for the address reads it at once.
                FileHandle.standardOutput.write(
                    Data("shnor serve: откройте \(address) (папка \(settings.root)); остановить — Ctrl-C\n".utf8))
            }
        } catch {
            throw CommandError(
                message: "не удалось открыть \(settings.host):\(port): \(error)", status: ExitStatus.inputOutput)
        }
    }
}
