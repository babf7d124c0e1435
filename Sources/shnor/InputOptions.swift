import ArgumentParser
import Pipeline

/// Options that override what `shnor` detects in an export.
struct InputOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Кодировка файла, если определение ошиблось.",
            discussion: "Допустимо: \(ReadingOverrides.acceptedEncodings).",
            valueName: "кодировка"))
    var encoding: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Разделитель столбцов, если определение ошиблось: ; , tab |.", valueName: "символ"))
    var delimiter: String?

    @Flag(
        name: .customLong("strict-quotes"),
        help: ArgumentHelp(
            "Отказываться читать файл, если кавычка внутри значения в кавычках не удвоена (по умолчанию такая кавычка читается как символ, как в Excel, и считается исправлением)."
        ))
    var strictQuotes = false

    var overrides: ReadingOverrides {
        ReadingOverrides(encoding: encoding, delimiter: delimiter, strictQuotes: strictQuotes)
    }
}
