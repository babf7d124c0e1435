import ArgumentParser
import Pipeline
import SampleData

/// `shnor run PIPELINE.yaml [--out DIR]`: the whole pipeline, writing the note and its companions.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Выполнить конвейер: прочитать выгрузки, очистить, сопоставить, посчитать и написать справку.",
        discussion: """
            В папку результатов пишутся note.md, note.html, results.json, manifest.json, clean/ (обезличенные \
            таблицы) и private/ (отклонённые строки, несопоставленные записи — с персональными данными). \
            Код завершения 1 — доля неучтённых анкет выше max_reject_rate (результаты при этом записаны).
            """)

    @Argument(help: ArgumentHelp("Файл конвейера (Pipelines/*.yaml).", valueName: "конвейер"))
    var pipeline: String

    @Option(
        name: .long, help: ArgumentHelp("Папка для результатов (по умолчанию out/<id конвейера>).", valueName: "папка"))
    var out: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Сколько потоков читают большую выгрузку (по умолчанию — число ядер); результаты от этого не зависят.",
            valueName: "число"))
    var threads: Int?

    @Option(
        name: .customLong("stretch-mb"),
        help: ArgumentHelp(
            "По скольку мегабайт потоки берут большую выгрузку результатов (по умолчанию 8); результаты от этого не зависят.",
            valueName: "МБ"))
    var stretchMegabytes: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads: нужно целое число от 1") }
        if let stretchMegabytes, !(1...1_024).contains(stretchMegabytes) {
            throw ValidationError("--stretch-mb: нужно целое число от 1 до 1024")
        }
    }

    func run() throws {
        var configuration = try PipelineConfiguration.load(path: pipeline)
        if let threads { configuration.threads = threads }
        if let stretchMegabytes { configuration.stretchBytes = stretchMegabytes << 20 }
        let folder = out ?? "out/\(configuration.spec.id)"
        let summary = try PipelineRun.run(configuration, outputFolder: folder)
        for line in summary.lines { print(line) }
        print("записано в \(folder): " + summary.outputs.joined(separator: ", "))
        if let tolerance = summary.toleranceExceeded {
            throw CommandError(message: tolerance, status: ExitStatus.toleranceExceeded)
        }
    }
}

/// `shnor generate samples`: the deterministic sample data.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Создать синтетические примеры выгрузок (детерминированно для заданного seed).",
        discussion: """
            samples — анкета «Удовлетворённость методической помощью» с регистром педагогов, входная и итоговая самооценка затруднений, результаты обучающихся в двух точках, ВПР, диагностика педагогов и README с перечнем заложенных ошибок.
            results — те же выгрузки результатов обучающихся любого размера (--students), все в UTF-8 с запятыми: для замеров скорости и памяти.
            survey — анкета удовлетворённости любого размера (--respondents, --items вопросов-строк сетки): для замеров.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case samples, results, survey
    }

    @Argument(help: ArgumentHelp("Что создать: samples или results.", valueName: "вид"))
    var kind: Kind

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Для results: число обучающихся (по две строки-предмета на каждого в каждой точке).", valueName: "число"))
    var students: Int = 1_500

    @Flag(
        name: .long,
        help: "Для results: один файл, обе точки в строке (Отметка (осень), Отметка (март)), вместо двух файлов.")
    var bothInRow = false

    @Option(name: .long, help: ArgumentHelp("Для survey: число анкет.", valueName: "число"))
    var respondents: Int = 200_000

    @Option(
        name: .long,
        help: ArgumentHelp("Для survey: число строк сетки (вопросов на шкале удовлетворённости).", valueName: "число"))
    var items: Int = 30

    @Option(name: .long, help: ArgumentHelp("Папка для файлов.", valueName: "папка"))
    var out: String = "Surveys/samples"

    @Option(name: .long, help: ArgumentHelp("Начальное значение генератора.", valueName: "число"))
    var seed: UInt64 = 202_311

    func validate() throws {
        guard students >= 1 && students <= 50_000_000 else { throw ValidationError("--students: от 1 до 50 000 000") }
        guard respondents >= 1 && respondents <= 50_000_000 else {
            throw ValidationError("--respondents: от 1 до 50 000 000")
        }
        guard items >= 1 && items <= 500 else { throw ValidationError("--items: от 1 до 500") }
    }

    func run() throws {
        if kind == .survey {
            let (file, rows) = try SampleSurveyAtScale(seed: seed, respondents: respondents, items: items).write(
                to: out)
            print("записано в \(out): \(file) (строк: \(rows))")
            return
        }
        if kind == .results && bothInRow {
            let (file, rows) = try SampleResults(seed: seed, students: students, excelBaseline: false).writeBothInRow(
                to: out)
            print("записано в \(out): \(file) (строк: \(rows))")
            return
        }
        if kind == .results {
            let (files, plan, _) = try SampleResults(seed: seed, students: students, excelBaseline: false).write(
                to: out)
            print(
                "записано в \(out): " + files.joined(separator: ", ")
                    + " (строк: \(plan.baselineRows) + \(plan.followUpRows))")
            return
        }
        let written = try SampleSet.write(to: out, seed: seed)
        print("записано в \(out): " + written.joined(separator: ", "))
    }
}
