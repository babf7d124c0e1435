import Foundation
import Testing

/// Exports as school offices really save them (issue 24): a title above the header, a two-row
/// Excel header, an unnamed last column, unescaped quotes, no header; each read to the exact
/// rows, or refused with a message and a non-zero exit — never `[]` with exit status 0.
@Suite("Office exports")
struct OfficeExportTests {
    static func write(_ data: Data, _ name: String = "export.csv") throws -> String {
        let url = try ShnorProcess.temporaryFolder().appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    static func write(_ text: String, _ name: String = "export.csv") throws -> String {
        try write(Data(text.utf8), name)
    }

    static func rows(_ result: ShnorProcess.Result) throws -> [[String: String]] {
        try JSONSerialization.jsonObject(with: result.stdout) as? [[String: String]] ?? []
    }

    @Test func aWindows1251ClassListUnderATitleIsReadBelowIt() throws {
        let text =
            "Список учащихся 5А класса;;;\r\nДата формирования: 01.09.2024;;;\r\n;;;\r\nФИО;Класс;Оценка;Балл\r\n"
            + "Иванов Иван;5А;5;20\r\nПетрова Анна;5А;4;17\r\nСидоров Пётр;5А;3;12\r\n"
        let path = try Self.write(try #require(text.data(using: .windowsCP1251)))
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try Self.rows(result) == [
                ["ФИО": "Иванов Иван", "Класс": "5А", "Оценка": "5", "Балл": "20"],
                ["ФИО": "Петрова Анна", "Класс": "5А", "Оценка": "4", "Балл": "17"],
                ["ФИО": "Сидоров Пётр", "Класс": "5А", "Оценка": "3", "Балл": "12"],
            ])
        #expect(result.stderr.contains("строки над заголовком пропущены (2): 1, 2"))
        #expect(!result.stderr.contains("неуверенно"))
        let inspect = try ShnorProcess.run(["inspect", path])
        #expect(inspect.text.contains("Над заголовком: 2 (строки 1, 2) — пропущены"))
        #expect(inspect.text.contains("Заголовок:      строка 4, столбцов: 4"))
        #expect(inspect.text.contains("Кодировка:      windows-1251"))
    }

    @Test func anExcelReportWithTwoHeaderRowsJoinsGroupAndColumn() throws {
        let path = try Self.write(
            ";Математика;;Русский язык;\nФИО;Оценка;Балл;Оценка;Балл\nИванов;5;20;4;18\nПетров;4;16;5;19\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try Self.rows(result) == [
                [
                    "ФИО": "Иванов", "Математика / Оценка": "5", "Математика / Балл": "20",
                    "Русский язык / Оценка": "4", "Русский язык / Балл": "18",
                ],
                [
                    "ФИО": "Петров", "Математика / Оценка": "4", "Математика / Балл": "16",
                    "Русский язык / Оценка": "5", "Русский язык / Балл": "19",
                ],
            ])
        // A second header row full of names is not read as data silently.
        let full = try Self.write("ФИО;Класс;Математика;Математика\n;;Оценка;Балл\nИванов;5А;5;20\nПетров;5А;4;16\n")
        let doubted = try ShnorProcess.run(["convert", full, "--to", "json"])
        #expect(doubted.stderr.contains("строка 2 похожа на вторую строку заголовка"), "\(doubted.stderr)")
        let declared = try ShnorProcess.run(["convert", full, "--to", "json", "--header-rows", "2"])
        #expect(try Self.rows(declared).first?["Математика / Балл"] == "20")
    }

    @Test func aRegisterWithAnUnnamedLastColumnKeepsItsData() throws {
        let path = try Self.write("ФИО;Класс;Телефон;\nИванова Анна;5А;+7 900;мама\nПетров Пётр;5Б;;\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try Self.rows(result) == [
                ["ФИО": "Иванова Анна", "Класс": "5А", "Телефон": "+7 900", "Столбец 4": "мама"],
                ["ФИО": "Петров Пётр", "Класс": "5Б", "Телефон": "", "Столбец 4": ""],
            ])
    }

    @Test func aSchoolNameWithUndoubledInnerQuotesIsReadAsExcelReadsIt() throws {
        let path = try Self.write("Школа;Учеников\n\"МБОУ \"СОШ №5\"\";412\n\"МАОУ \"\"Гимназия\"\"\";530\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try Self.rows(result) == [
                ["Школа": "МБОУ \"СОШ №5\"", "Учеников": "412"], ["Школа": "МАОУ \"Гимназия\"", "Учеников": "530"],
            ])
        #expect(result.stderr.contains("кавычки внутри значений в кавычках не удвоены: 1 (строки 2)"))
        let strict = try ShnorProcess.run(["convert", path, "--to", "json", "--strict-quotes"])
        #expect(strict.status == 3)
        #expect(strict.stderr.contains("\(path), строка 2, столбец 1: значение начинается с кавычки"))
    }

    @Test func aReadInWhichNoRowSurvivesIsAnError() throws {
        let path = try Self.write("ФИО;Класс;Оценка;Балл\nИванов;5\nПетров;4\nСидоров;3\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 3)
        #expect(result.text.isEmpty)
        #expect(result.stderr.contains("\(path): ни одна из 3 строк не совпала с заголовком (строка 1, столбцов: 4)"))
    }

    @Test func moreRowsRejectedThanTheLimitEndsWithExitStatusOne() throws {
        let path = try Self.write("ФИО;Класс;Оценка\nИванов;5А;5\nПетров;4\nСидоров;3\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 1)
        #expect(try Self.rows(result) == [["ФИО": "Иванов", "Класс": "5А", "Оценка": "5"]])
        #expect(result.stderr.contains("отклонено 2 из 3 строк — больше допустимой доли"))
        let tolerated = try ShnorProcess.run(["convert", path, "--to", "json", "--max-reject-rate", "0.7"])
        #expect(tolerated.status == 0)
    }

    @Test func aFileWithoutHeaderIsDoubtedAndReadWithNoHeader() throws {
        let path = try Self.write("Иванов;5А;5;20\nПетров;5А;4;16\nСидоров;5Б;3;12\n")
        let doubted = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(doubted.stderr.contains("строка 1 похожа на данные, а не на заголовок"), "\(doubted.stderr)")
        let result = try ShnorProcess.run(["convert", path, "--to", "json", "--no-header"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(result)
        #expect(rows.count == 3)
        #expect(rows.first == ["Столбец 1": "Иванов", "Столбец 2": "5А", "Столбец 3": "5", "Столбец 4": "20"])
    }

    @Test func aDeclaredHeaderRowWins() throws {
        let path = try Self.write("Отчёт;школа №5;;\nФИО;Класс;Оценка;Балл\nИванов;5А;5;20\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json", "--header-row", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.rows(result) == [["ФИО": "Иванов", "Класс": "5А", "Оценка": "5", "Балл": "20"]])
    }

    @Test func aWesternEuropeanFileIsReadInItsCodePage() throws {
        let text =
            "Name;City;Note\nJosé Álvarez;Zürich;Größe über\nFrançois Müller;Genève;naïve café\nSøren Ærø;Århus;Ståle\n"
        let path = try Self.write(try #require(text.data(using: .windowsCP1252)))
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.rows(result).first == ["Name": "José Álvarez", "City": "Zürich", "Note": "Größe über"])
        let named = try ShnorProcess.run(["convert", path, "--to", "json", "--encoding", "latin1"])
        #expect(try Self.rows(named).last == ["Name": "Søren Ærø", "City": "Århus", "Note": "Ståle"])
        let iconvName = try ShnorProcess.run(["convert", path, "--to", "json", "--encoding", "ISO-8859-15"])
        #expect(iconvName.status == 0, "\(iconvName.stderr)")
    }

    @Test func apostropheQuotesAndBackslashEscapesAreRead() throws {
        let apostrophes = try Self.write("ФИО,Школа,Балл\n'Иванов, Иван',СОШ 1,5\n'Петров, Пётр',O'Brien School,4\n")
        let read = try ShnorProcess.run(["convert", apostrophes, "--to", "json"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(
            try Self.rows(read) == [
                ["ФИО": "Иванов, Иван", "Школа": "СОШ 1", "Балл": "5"],
                ["ФИО": "Петров, Пётр", "Школа": "O'Brien School", "Балл": "4"],
            ])
        let escaped = try Self.write("Школа;Число\n\"МБОУ \\\"СОШ №5\\\"\";412\n\"C:\\\\Отчёты\";1\n")
        let result = try ShnorProcess.run(["convert", escaped, "--to", "json", "--escape", "backslash"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try Self.rows(result) == [
                ["Школа": "МБОУ \"СОШ №5\"", "Число": "412"], ["Школа": "C:\\Отчёты", "Число": "1"],
            ])
    }

    @Test func aStrayDelimiterInTheHeaderRowIsNotAColumn() throws {
        let path = try Self.write("ФИО;;Класс;Оценка\nИванов;5А;5\nПетров;5Б;4\nСидоров;5А;3\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.rows(result).first == ["ФИО": "Иванов", "Класс": "5А", "Оценка": "5"])
        #expect(result.stderr.contains("столбец 2 заголовка пуст, а в строках данных на одно значение меньше"))
    }

    @Test func aSpaceSeparatedFileIsSniffed() throws {
        let path = try Self.write("Код Класс Балл\n101 5А 4\n102 5Б 5\n103 6А 3\n")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.rows(result).last == ["Код": "103", "Класс": "6А", "Балл": "3"])
    }

    @Test(arguments: [
        "ФИО;Класс\nИванов Иван;5А\nПетрова Анна;5Б\n", "ФИО;Класс;Балл\nЁлкин Пётр;5А;5\nЮдина Эля;5Б;4\n",
        "Код;ФИО\n1;Щукин\n2;Эйхман\n3;Цой\n",
    ])
    func aShortWindows1251ListIsNotDoubted(text: String) throws {
        let path = try Self.write(try #require(text.data(using: .windowsCP1251)))
        let result = try ShnorProcess.run(["inspect", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("Кодировка:      windows-1251"))
        #expect(!result.stderr.contains("неуверенно"), "\(result.stderr)")
    }

    @Test(arguments: [
        ["--header-rows", "2"], ["--header-row", "5"], ["--no-header"], ["--escape", "backslash"], ["--strict-quotes"],
    ])
    func aOneLineFileWithEveryHeaderOptionIsReadOrRefusedNeverACrash(options: [String]) throws {
        let path = try Self.write("ФИО;Класс\n")
        for command in [["convert", path, "--to", "json"], ["inspect", path]] {
            let result = try ShnorProcess.run(command + options)
            #expect([0, 1, 3].contains(result.status), "\(options): \(result.stderr)")
            #expect(!result.signalled)
        }
    }
}
