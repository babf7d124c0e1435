import ArgumentParser
import Foundation
import Pipeline

/// `shnor draft EXPORT [END]`: a first instrument and pipeline for an export, to check and run.
struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Составить черновик инструмента и конвейера по новой выгрузке (справка — встроенная).",
        discussion: """
            Столбцы связываются по заголовкам, роли угадываются (время, ФИО, школа по реестру, должность, \
            вопросы со шкалой, таблицы вопросов Google Forms, множественный выбор, свободные ответы), шкалы \
            строятся из встреченных написаний. Что нужно решить аналитику, отмечено в файлах «ПРОВЕРЬТЕ» и «ЗАДАЙТЕ».
            Вид выгрузки (--kind) угадывается по столбцам: анкета (survey), самооценка затруднений \
            (self-assessment), результаты обучающихся (results), протоколы посещения уроков (observation), \
            регистр работников (register). Для самооценки, результатов и протоколов укажите две выгрузки — \
            входную и итоговую: shnor draft НАЧАЛО.csv КОНЕЦ.csv.
            """)

    @Argument(
        help: ArgumentHelp(
            "Выгрузка (CSV или книга Excel .xlsx, .xls); для двух волн — входная и итоговая.", valueName: "файл"))
    var exports: [String]

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Лист книги Excel: имя или номер с 1 (по умолчанию — первый лист).", valueName: "лист"))
    var sheet: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Вид выгрузки: \(DraftKind.names) (без ключа угадывается по столбцам).", valueName: "вид"))
    var kind: String?

    @Option(name: .long, help: ArgumentHelp("Реестр школ (YAML).", valueName: "файл"))
    var register: String = "Surveys/schools.yaml"

    @Option(
        name: .long,
        help: ArgumentHelp("Папка для черновика (создаётся; файлы в ней не перезаписываются).", valueName: "папка"))
    var out: String = "draft"

    func run() throws {
        guard !exports.isEmpty else { throw CommandError.usage("укажите файл выгрузки: shnor draft ФАЙЛ") }
        for export in exports {
            if let conflict = try ReadingOverrides(sheet: sheet).conflict(for: export) {
                throw CommandError.usage(conflict)
            }
        }
        let requested = try kind.map { name in
            guard let kind = DraftKind(rawValue: name) else {
                throw CommandError.usage("--kind \(name): такого вида выгрузки нет; бывают \(DraftKind.names)")
            }
            return kind
        }
        let draft = try ExportDraft(
            exports: exports, kind: requested, folder: out, register: ExportDraft.relative(register, to: out),
            registerPath: register, sheet: sheet)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let files = [
            (draft.names.instrument, draft.instrument), (draft.names.pipeline, draft.pipeline),
        ]
        for (name, _) in files where FileManager.default.fileExists(atPath: out + "/" + name) {
            throw CommandError(
                message: "\(out)/\(name) уже есть: черновик не перезаписывает файлы — укажите другую папку (--out)",
                status: ExitStatus.inputOutput)
        }
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/" + name))
        }
        let kindLine = "Вид выгрузки: \(draft.kind.kind.rawValue) — \(draft.kind.kind.title)"
        print(kindLine + (draft.kind.sure ? " (уверенно: " : " (проверьте: ") + draft.kind.reason + ")")
        print("Столбцы выгрузки:")
        for guess in draft.guesses {
            print("  «\(guess.column)» → \(guess.role)\(guess.sure ? "" : " (проверьте)"): \(guess.detail)")
        }
        if draft.needsSecondExport {
            print(
                "вторая (итоговая) выгрузка не указана: в конвейере у второго входа пока тот же файл — замените его там, где «ЗАДАЙТЕ файл второй волны», или составьте черновик по двум файлам: shnor draft НАЧАЛО КОНЕЦ"
            )
        }
        print(
            "записано в \(out): \(files.map { $0.0 }.joined(separator: ", ")); справка — встроенная для вида «\(draft.kind.kind.rawValue)» (свой текст: shnor validate … --save-note ПАПКА)"
        )
        print(
            "дальше: проверьте отмеченное «ПРОВЕРЬТЕ» и «ЗАДАЙТЕ», затем shnor validate \(out)/\(draft.names.pipeline)")
    }
}
