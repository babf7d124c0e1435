import ArgumentParser
import Ingest

/// Options that override what `shnor` detects in an export.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Кодировка файла, если определение ошиблось.",
        discussion: "Допустимо: \(TextEncoding.acceptedNames).",
        valueName: "кодировка"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp(
        "Разделитель столбцов, если определение ошиблось: ; , tab |.", valueName: "символ"))
    var delimiter: String?

    func readerOptions() throws -> TableReader.Options {
        var options = TableReader.Options()
        if let encoding {
            guard let known = TextEncoding(name: encoding) else {
                throw CommandFailure.usage("неизвестная кодировка «\(encoding)». Допустимо: \(TextEncoding.acceptedNames)")
            }
            options.encoding = known
        }
        if let delimiter {
            guard let byte = Dialect.delimiter(named: delimiter) else {
                throw CommandFailure.usage("разделитель «\(delimiter)» не подходит: нужен один символ, например ; , | или tab")
            }
            options.delimiter = byte
        }
        return options
    }
}
