import ArgumentParser
import Pipeline

/// `shnor convert FILE --to csv|json`: any export to clean UTF-8.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Перевести выгрузку в чистый UTF-8: CSV (для Excel) или JSON (массив объектов по заголовку).",
        discussion: """
            CSV пишется в UTF-8 с меткой BOM, с разделителем «;» и переводами строк CRLF, как его \
            открывает русский Excel; ячейки, которые Excel принял бы за формулу (=, +, -, @), \
            получают апостроф в начале. Строки, не совпавшие с заголовком по числу значений, \
            не попадают в результат: их номера выводятся в поток ошибок, а полный список — \
            в файл --rejects.
            """)

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @Argument(help: ArgumentHelp("Файл выгрузки (CSV).", valueName: "файл"))
    var file: String

    @Option(name: .long, help: ArgumentHelp("Формат результата: csv или json.", valueName: "формат"))
    var to: Target

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "Куда записать результат (по умолчанию — стандартный вывод).", valueName: "файл"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Записать отклонённые строки (с номерами строк и причинами) в этот CSV-файл. В нём могут быть персональные данные.",
            valueName: "файл"))
    var rejects: String?

    @Option(
        name: .customLong("output-delimiter"), help: ArgumentHelp("Разделитель в CSV-результате.", valueName: "символ"))
    var outputDelimiter: String = ";"

    @Flag(name: .customLong("no-bom"), help: "Не ставить метку BOM в начало CSV-результата.")
    var noByteOrderMark = false

    @Option(
        name: .customLong("max-reject-rate"),
        help: ArgumentHelp(
            "Доля отклонённых строк (от 0 до 1), выше которой конвертация завершается с кодом 1.", valueName: "доля"))
    var maxRejectRate: Double = Conversion.defaultMaxRejectRate

    @OptionGroup var input: InputOptions

    func validate() throws {
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate: нужна доля от 0 до 1") }
    }

    func run() throws {
        let conversion = Conversion(
            file: file, format: to == .csv ? .csv : .json, output: output, rejects: rejects,
            outputDelimiter: outputDelimiter,
            byteOrderMark: !noByteOrderMark, overrides: input.overrides, maxRejectRate: maxRejectRate)
        let outcome = try conversion.run()
        for message in outcome.messages {
            switch message {
            case .note(let text): Terminal.note(text)
            case .warning(let text): Terminal.warning(text)
            }
        }
        if let failure = outcome.failure { throw failure }
    }
}
