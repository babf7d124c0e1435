import ArgumentParser
import Foundation
import Pipeline

/// `shnor draft EXPORT`: a first instrument, pipeline and note for a survey export, to check and run.
struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Составить черновик анкеты, конвейера и шаблона справки по новой выгрузке опроса.",
        discussion: """
            Столбцы связываются по заголовкам, роли угадываются (время, ФИО, школа по реестру, должность, \
            вопросы со шкалой, таблицы вопросов Google Forms, множественный выбор, свободные ответы), шкалы \
            строятся из встреченных написаний. Что нужно решить аналитику, отмечено в файлах «ПРОВЕРЬТЕ» и «ЗАДАЙТЕ».
            """)

    @Argument(help: ArgumentHelp("Выгрузка опроса (CSV или книга Excel .xlsx, .xls).", valueName: "файл"))
    var export: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Лист книги Excel: имя или номер с 1 (по умолчанию — первый лист).", valueName: "лист"))
    var sheet: String?

    @Option(name: .long, help: ArgumentHelp("Реестр школ (YAML).", valueName: "файл"))
    var register: String = "Surveys/schools.yaml"

    @Option(
        name: .long,
        help: ArgumentHelp("Папка для черновика (создаётся; файлы в ней не перезаписываются).", valueName: "папка"))
    var out: String = "draft"

    func run() throws {
        if let conflict = try ReadingOverrides(sheet: sheet).conflict(for: export) {
            throw CommandError.usage(conflict)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let draft = try ExportDraft(
            export: export, folder: out, register: ExportDraft.relative(register, to: out), registerPath: register,
            sheet: sheet)
        let files = [
            (draft.names.instrument, draft.instrument), (draft.names.pipeline, draft.pipeline),
            (draft.names.template, draft.template),
        ]
        for (name, _) in files where FileManager.default.fileExists(atPath: out + "/" + name) {
            throw CommandError(
                message: "\(out)/\(name) уже есть: черновик не перезаписывает файлы — укажите другую папку (--out)",
                status: ExitStatus.inputOutput)
        }
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/" + name))
        }
        print("Столбцы выгрузки:")
        for guess in draft.guesses {
            print("  «\(guess.column)» → \(guess.role)\(guess.sure ? "" : " (проверьте)"): \(guess.detail)")
        }
        print("записано в \(out): \(files.map { $0.0 }.joined(separator: ", "))")
        print(
            "дальше: проверьте отмеченное «ПРОВЕРЬТЕ» и «ЗАДАЙТЕ», затем shnor validate \(out)/\(draft.names.pipeline)")
    }
}
