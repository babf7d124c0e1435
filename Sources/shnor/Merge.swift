import ArgumentParser
import Pipeline

/// `shnor merge RESULTS.json... --out DIR`: the districts' results added up into a regional note.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Свести результаты нескольких территорий (results.json одного конвейера за один период) в региональную справку.",
        discussion: """
            Числители и знаменатели складываются, доли не усредняются; доверительные интервалы пересчитываются; \
            малые группы скрываются заново. Файлы разных конвейеров или периодов и показатели с разными \
            определениями (другой хеш определения) не сводятся — код завершения 3.
            """)

    @Argument(help: ArgumentHelp("Файлы results.json территорий (два и больше).", valueName: "результаты"))
    var results: [String]

    @Option(name: .long, help: ArgumentHelp("Папка для свода.", valueName: "папка"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Порог подавления малых групп (не ниже 5).", valueName: "k"))
    var k: Int = 5

    @Option(name: .long, help: ArgumentHelp("Шаблон справки (Mustache); по умолчанию встроенный.", valueName: "файл"))
    var template: String?

    func run() throws {
        // As `run`: a merge stopped by SIGTERM or Ctrl-C leaves no staging folder behind.
        Platform.onTermination { InFlightOutputs.removeAll() }
        let summary = try ResultsMerge.run(paths: results, outputFolder: out, k: k, templatePath: template)
        for line in summary.lines { print(line) }
        print("записано в \(out): " + summary.outputs.joined(separator: ", "))
    }
}
