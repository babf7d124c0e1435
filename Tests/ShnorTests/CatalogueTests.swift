import Foundation
import Testing

/// The catalogue of bad input (issue «Nothing lost, nobody exposed»): every malformed or hostile
/// file or configuration, with the exit status and the message it must give — in Russian,
/// naming the file and the line (and column) where it applies. None may crash or hang.
@Suite("Catalogue of bad input", .serialized)
struct CatalogueTests {
    static let folder = ShnorProcess.packageRoot.appendingPathComponent("Tests/ShnorTests/Catalogue")
    static let root = ShnorProcess.packageRoot.path

    static func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        /// Fragments the standard error must hold; «FILE» stands for the input's path.
        let messages: [String]
        var testDescription: String { name }
    }

    static let files: [Case] = [
        Case(
            name: "wrong encoding declared",
            arguments: ["inspect", file("cp1251-declared-utf8.csv"), "--encoding", "utf-8"], status: 3,
            messages: ["FILE, строка 1, столбец 1: байт 0xD8 не образует символа UTF-8"]),
        Case(
            name: "invalid UTF-8", arguments: ["inspect", file("invalid-utf8-middle.csv")], status: 3,
            messages: ["FILE, строка 3, столбец 2: байт 0xC3 не образует символа UTF-8"]),
        Case(
            name: "NUL byte", arguments: ["convert", file("nul-byte.csv"), "--to", "json"], status: 3,
            messages: ["FILE, строка 202, столбец 2: нулевой байт"]),
        Case(
            name: "BOM in the middle", arguments: ["inspect", file("bom-in-middle.csv")], status: 3,
            messages: ["FILE, строка 3, столбец 1: метка порядка байтов (BOM) в начале строки"]),
        Case(
            name: "unterminated quote at the start", arguments: ["inspect", file("unterminated-quote-header.csv")],
            status: 3,
            messages: ["FILE, строка 1, столбец 1: кавычка, открывающая здесь значение, не закрыта до конца файла"]),
        Case(
            name: "unterminated quote in the middle", arguments: ["inspect", file("unterminated-quote-middle.csv")],
            status: 3,
            messages: [
                "FILE, строка 3, столбец 2: кавычка, открывающая здесь значение, не закрыта: значение захватило строки 3–5"
            ]),
        Case(
            name: "unterminated quote at the end",
            arguments: ["convert", file("unterminated-quote-last.csv"), "--to", "csv"], status: 3,
            messages: ["FILE, строка 3, столбец 3: кавычка, открывающая здесь значение, не закрыта до конца файла"]),
        Case(
            name: "text after a closing quote, --strict-quotes",
            arguments: ["inspect", file("quote-then-text.csv"), "--strict-quotes"], status: 3,
            messages: ["FILE, строка 2, столбец 2: значение начинается с кавычки", "стоит «Б»"]),
        Case(
            name: "a PNG renamed .csv", arguments: ["inspect", file("png-renamed.csv")], status: 3,
            messages: ["FILE: это изображение PNG, а не CSV"]),
        // Workbooks are read (issue 21): told by their first bytes, whatever the name says.
        Case(
            name: "an XLSX cut short (a ZIP header and no archive)",
            arguments: ["convert", file("xlsx-as-csv.csv"), "--to", "json"], status: 3,
            messages: ["FILE: книга Excel повреждена: это не читаемый ZIP-архив", "сохраните заново"]),
        Case(
            name: "an XLS cut short (the OLE signature and nothing else)",
            arguments: ["inspect", file("xls-as-csv.csv")],
            status: 3, messages: ["FILE: книга Excel старого формата (XLS) повреждена и не читается (FreeXL, код"]),
        Case(
            name: "an XLSX whose sheet declares entities (billion laughs)",
            arguments: ["inspect", file("xml-bomb.xlsx")],
            status: 3,
            messages: [
                "FILE, лист «Лист1»: XML листа: объявление типа документа (<!DOCTYPE>, сущности) — в книгах Excel его не бывает"
            ]),
        Case(
            name: "an XLSX whose sheet names an external entity (XXE)",
            arguments: ["convert", file("xxe.xlsx"), "--to", "json"], status: 3,
            messages: ["FILE, лист «Лист1»: XML листа: объявление типа документа"]),
        Case(
            name: "an XLSX ZIP bomb (a sheet inflating a thousand times)",
            arguments: ["inspect", file("zip-bomb.xlsx")],
            status: 3,
            messages: [
                "FILE, лист «Лист1»: XML листа: сжатие в 1025 раз (65436 байт → 67109085 байт) — больше чем в 100 раз сжимается только ZIP-бомба"
            ]),
        Case(
            name: "an XLSX whose sheet inflates to more than its archive declares",
            arguments: ["inspect", file("lying-size.xlsx")], status: 3,
            messages: [
                "FILE, лист «Значения»: XML листа: после распаковки больше заявленных 100 байт — архив повреждён или подделан"
            ]),
        Case(
            name: "an XLSX cell pointing past the shared strings",
            arguments: ["convert", file("bad-shared-string.xlsx"), "--to", "json"], status: 3,
            messages: ["FILE, лист «Ответы», ячейка B2: ссылка на общую строку «7», которой в книге нет"]),
        Case(
            name: "a sheet the book does not have",
            arguments: ["inspect", file("bad-shared-string.xlsx"), "--sheet", "Итоги"], status: 3,
            messages: ["FILE: в книге нет листа «Итоги»; листы книги: 1. «Ответы» — укажите лист по имени или номеру"]),
        Case(
            name: "an encoding given for a workbook",
            arguments: ["inspect", file("bad-shared-string.xlsx"), "--encoding", "cp1251", "--delimiter", ";"],
            status: 2,
            messages: [
                "FILE — книга Excel (XLSX): у книги нет кодировки, разделителя и кавычек, --encoding, --delimiter к ней не применимы"
            ]),
        Case(
            name: "a missing book with a sheet named",
            arguments: ["inspect", file("no-such-book.xlsx"), "--sheet", "2"],
            status: 3, messages: ["FILE: файл не открывается: нет такого файла"]),
        Case(
            name: "a sheet given for a CSV",
            arguments: ["convert", file("ragged.csv"), "--sheet", "2", "--to", "json"],
            status: 2, messages: ["--sheet — только для книг Excel (.xlsx, .xls), а FILE — текстовая выгрузка (CSV)"]),
        Case(
            name: "a PDF", arguments: ["inspect", file("pdf-as-csv.csv")], status: 3,
            messages: ["FILE: это документ PDF"]),
        Case(
            name: "a gzip file", arguments: ["inspect", file("gzip-as-csv.csv")], status: 3,
            messages: ["FILE: это сжатый файл gzip"]),
        Case(
            name: "binary junk", arguments: ["inspect", file("binary-junk.csv")], status: 3,
            messages: ["FILE: это двоичный файл, а не текстовая выгрузка CSV"]),
        Case(
            name: "UTF-16 cut in the middle of a character", arguments: ["inspect", file("utf16-cut-in-half.csv")],
            status: 3,
            messages: ["FILE, строка 2, столбец 3: файл обрывается посреди символа (utf-16le)"]),
        Case(
            name: "a byte windows-1251 does not define",
            arguments: ["inspect", file("cp1251-undefined-byte.csv"), "--encoding", "cp1251"],
            status: 3, messages: ["FILE, строка 3, столбец 1: байт 0x98 не может встретиться в кодировке windows-1251"]),
        Case(
            name: "ragged rows are reported; most of the rows rejected fails the conversion",
            arguments: ["convert", file("ragged.csv"), "--to", "json"],
            status: 1,
            messages: [
                "FILE: отклонено 2 из 3 строк — больше допустимой доли 50\u{00A0}% (--max-reject-rate)",
                "FILE, строка 3: значений 2, а столбцов в заголовке 3 — строка не записана",
                "FILE, строка 4: значений 4, а столбцов в заголовке 3; лишнее непустое значение в столбце 4",
            ]),
        Case(
            name: "an empty file", arguments: ["convert", file("empty.csv"), "--to", "json"], status: 3,
            messages: ["FILE: файл пуст: нет ни заголовка, ни строк — результат не записан"]),
        Case(
            name: "a header and no rows", arguments: ["convert", file("header-only.csv"), "--to", "json"], status: 3,
            messages: ["FILE, строка 1: в файле только заголовок (3 столбцов), строк данных нет — результат не записан"]
        ),
        Case(
            name: "a missing file", arguments: ["inspect", file("no-such-export.csv")], status: 3,
            messages: ["FILE: файл не открывается: нет такого файла"]),
        Case(
            name: "a folder instead of a file", arguments: ["inspect", folder.path], status: 3,
            messages: ["это не обычный файл"]),
        Case(
            name: "an unknown encoding name", arguments: ["inspect", file("header-only.csv"), "--encoding", "cp9999"],
            status: 2,
            messages: ["неизвестная кодировка «cp9999»"]),
        Case(
            name: "a delimiter of two characters",
            arguments: ["inspect", file("header-only.csv"), "--delimiter", ";;"], status: 2,
            messages: ["разделитель «;;» не подходит"]),
        Case(
            name: "an export draft cannot classify",
            arguments: ["draft", file("draft-unclassifiable.csv"), "--register", root + "/Surveys/schools.yaml"],
            status: 3,
            messages: ["FILE: не удалось определить вид выгрузки", "укажите --kind (survey, self-assessment"]),
        Case(
            name: "a draft --kind that does not fit the export",
            arguments: [
                "draft", root + "/Surveys/samples/staff-register-2024.csv", "--kind", "self-assessment", "--register",
                root + "/Surveys/schools.yaml",
            ],
            status: 2,
            messages: [
                "FILE: --kind self-assessment (самооценка затруднений педагогов) не подходит к выгрузке: нет таблицы «Вопрос [область]»",
                "по столбцам это похоже на --kind register",
            ]),
        Case(
            name: "an export of a kind, without a column that kind needs",
            arguments: [
                "draft", file("draft-observation-no-observer.csv"), "--register", root + "/Surveys/schools.yaml",
            ],
            status: 3,
            messages: [
                "FILE: выгрузка похожа на вид observation (протоколы посещения уроков: баллы по 3 критериям протокола), но для черновика в ней нет столбца наблюдателя"
            ]),
        Case(
            name: "a header alone to draft from",
            arguments: ["draft", file("header-only.csv"), "--register", root + "/Surveys/schools.yaml"], status: 3,
            messages: ["FILE, строка 1: в файле только заголовок (3 столбцов), строк данных нет"]),
        Case(
            name: "a draft --kind that does not exist",
            arguments: ["draft", file("draft-unclassifiable.csv"), "--kind", "exam"], status: 2,
            messages: [
                "--kind exam: такого вида выгрузки нет; бывают survey, self-assessment, results, observation, register"
            ]),
        Case(
            name: "three exports for a kind of two waves",
            arguments: [
                "draft", root + "/Surveys/samples/results-autumn-2023.csv",
                root + "/Surveys/samples/results-march-2024.csv",
                root + "/Surveys/samples/results-march-2024.csv", "--register", root + "/Surveys/schools.yaml",
            ],
            status: 2,
            messages: ["для вида results нужны одна или две выгрузки (входная и итоговая), а указано 3"]),
    ]

    @Test("bad files", arguments: files)
    func badFile(_ item: Case) throws {
        let result = try ShnorProcess.run(item.arguments)
        #expect(result.status == item.status, "\(result.stderr)")
        let path = item.arguments[1]
        for message in item.messages {
            #expect(result.stderr.contains(message.replacingOccurrences(of: "FILE", with: path)), "\(result.stderr)")
        }
    }

    /// A named pipe nobody writes to: opening it for reading would wait forever.
    static func fifo(named name: String) throws -> String {
        let path = try ShnorProcess.temporaryFolder().appendingPathComponent(name).path
        #expect(mkfifo(path, 0o600) == 0, "mkfifo \(path)")
        return path
    }

    @Test func aNamedPipeIsRefusedNotWaitedOn() throws {
        let path = try Self.fifo(named: "export.csv")
        for arguments in [["inspect", path], ["convert", path, "--to", "json"]] {
            let result = try ShnorProcess.run(arguments, killAfter: 20)
            #expect(!result.signalled, "\(arguments[0]) hung on a named pipe")
            #expect(result.status == 3, "\(arguments[0]): \(result.stderr)")
            #expect(
                result.stderr.contains("\(path): это не обычный файл, а именованный канал (FIFO)"),
                "\(arguments[0]): \(result.stderr)")
        }
    }

    @Test func aTenMillionCharacterFieldIsRefusedAtItsLine() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let path = folder.appendingPathComponent("huge-field.csv")
        var data = Data("Школа;Комментарий\nСОШ 1;\"".utf8)
        data.append(Data(repeating: UInt8(ascii: "x"), count: 10_000_000))
        data.append(Data("\"\nСОШ 2;ok\n".utf8))
        try data.write(to: path)
        let result = try ShnorProcess.run(["inspect", path.path])
        #expect(result.status == 3)
        #expect(
            result.stderr.contains("\(path.path), строка 2, столбец 2: поле длиннее 1048576 байт"), "\(result.stderr)")
    }

    @Test func aLineOfAHundredThousandCellsIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let path = folder.appendingPathComponent("wide.csv")
        let line = Array(repeating: "1", count: 100_000).joined(separator: ";")
        try Data("a;b\n\(line)\n".utf8).write(to: path)
        let result = try ShnorProcess.run(["inspect", path.path])
        #expect(result.status == 3)
        #expect(
            result.stderr.contains("\(path.path), строка 2, столбец 10001: в записи больше 10000 ячеек"),
            "\(result.stderr)")
    }
}
