import ArgumentParser
import Pipeline

/// `shnor inspect FILE`: what the tool sees in an export before any pipeline uses it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Показать кодировку, разделитель, заголовок, число строк и профиль каждого столбца файла.")

    @Argument(help: ArgumentHelp("Файл выгрузки (CSV).", valueName: "файл"))
    var file: String

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: ArgumentHelp("Сколько самых частых значений показать по столбцу.", valueName: "N"))
    var top: Int = 3

    @Flag(name: .long, help: "Вывести результат в JSON (для программ).")
    var json = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top не может быть отрицательным") }
    }

    func run() throws {
        let report = try InspectionReport.inspect(file: file, overrides: input.overrides, top: top)
        if json {
            print(try report.json())
        } else {
            print(report.text(), terminator: "")
            if let warning = report.encodingWarning { Terminal.warning(warning) }
        }
    }
}
