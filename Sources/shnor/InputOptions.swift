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

    @Option(
        name: .customLong("header-row"),
        help: ArgumentHelp("Номер строки файла, в которой стоит заголовок (над ним — название, дата).", valueName: "N"))
    var headerRow: Int?

    @Option(
        name: .customLong("header-rows"),
        help: ArgumentHelp(
            "Сколько строк занимает заголовок: 2 — строка групп над строкой столбцов («Группа / Столбец»).",
            valueName: "N"))
    var headerRows: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Экранирование кавычек внутри значений в кавычках: backslash — \\\" значит кавычку, \\\\ — обратную косую черту.",
            valueName: "символ"))
    var escape: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Лист книги Excel (.xlsx, .xls): имя или номер с 1 (по умолчанию — первый лист).", valueName: "лист"))
    var sheet: String?

    @Flag(name: .customLong("no-header"), help: "В файле нет заголовка: столбцы называются «Столбец 1», «Столбец 2»…")
    var noHeader = false

    func validate() throws {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row: нужен номер строки, начиная с 1") }
        if let headerRows, !(1...2).contains(headerRows) {
            throw ValidationError("--header-rows: заголовок может занимать 1 или 2 строки")
        }
        if noHeader && (headerRow != nil || headerRows != nil) {
            throw ValidationError("--no-header не сочетается с --header-row и --header-rows")
        }
    }

    var overrides: ReadingOverrides {
        ReadingOverrides(
            encoding: encoding, delimiter: delimiter, strictQuotes: strictQuotes,
            headerRow: headerRow, headerRows: headerRows, noHeader: noHeader, escape: escape, sheet: sheet)
    }
}
