import ArgumentParser
import Foundation
import Ingest
import Notes

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
        let reader = try TableReader(path: file, options: input.readerOptions())
        var profile: TableProfile?
        var rejections: [Rejection] = []
        var rejectionCount = 0
        let summary = try reader.read(
            onRow: { row in
                if profile == nil { profile = TableProfile(header: row.header) }
                profile?.add(row)
            },
            onReject: { rejection in
                rejectionCount += 1
                if rejections.count < Inspection.rejectionsListed { rejections.append(rejection) }
            })
        let columns = profile?.columns ?? summary.header.map { TableProfile(header: $0).columns } ?? []
        let inspection = Inspection(summary: summary, columns: columns, rejections: rejections, top: top)
        if json {
            print(try inspection.json())
        } else {
            print(inspection.text(), terminator: "")
            if summary.encoding.confidence < DetectedEncoding.trustworthyConfidence {
                Terminal.warning("кодировка определена неуверенно (\(RussianFormat.decimal(summary.encoding.confidence, decimals: 2))): проверьте текст выше и при необходимости укажите --encoding")
            }
        }
    }
}
