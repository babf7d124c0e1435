import ArgumentParser
import SampleData

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
