import Foundation
import Testing

@Suite("shnor convert")
struct ConvertCommandTests {
    @Test func windows1251AndMacCyrillicTwinsConvertToTheSameRowsAsTheirUTF8Twin() throws {
        let outputs = try ["twin-utf8.csv", "twin-windows-1251-crlf.csv", "twin-x-mac-cyrillic-cr.csv"].map { name in
            let result = try ShnorProcess.run(["convert", ShnorProcess.fixture(name), "--to", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        let rows = try JSONSerialization.jsonObject(with: outputs[0]) as? [[String: String]]
        #expect(rows?.count == 3)
        #expect(rows?.first?["Школа"] == "МАОУ СОШ № 1")
        #expect(rows?.last?["Комментарий"] == "Первая строка\nвторая строка")
    }

    @Test func csvOutputIsUTF8WithBOMSemicolonsAndCRLF() throws {
        let result = try ShnorProcess.run(["convert", ShnorProcess.fixture("enc-cp866.csv"), "--to", "csv"])
        #expect(result.status == 0)
        let expected =
            "\u{FEFF}ФИО;Школа;Должность;Удовлетворённость\r\n"
            + "Иванова Анна Петровна;МАОУ СОШ 1 п. Сосьва;учитель;Полностью удовлетворена\r\n"
            + "Ёлкин Пётр Ильич;СОШ 2;заместитель директора;Скорее удовлетворён\r\n"
            + "Яковлева Юлия;школа 3;учитель-предметник;Затрудняюсь ответить\r\n"
        #expect(result.text == expected)
    }

    @Test func formulasAreNeutralised() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let input = folder.appendingPathComponent("in.csv")
        try Data("a,b\n=1+2,-3\n@SUM(A1),+x\n".utf8).write(to: input)
        let result = try ShnorProcess.run(["convert", input.path, "--to", "csv", "--no-bom", "--output-delimiter", ","])
        #expect(result.text == "a,b\r\n'=1+2,-3\r\n'@SUM(A1),'+x\r\n")
    }

    @Test func outputFileAndRejectsFile() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let output = folder.appendingPathComponent("out.json")
        let rejects = folder.appendingPathComponent("rejects.csv")
        let result = try ShnorProcess.run([
            "convert", ShnorProcess.fixture("ragged.csv"), "--to", "json", "-o", output.path, "--rejects", rejects.path,
        ])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains("ragged.csv, строка 3: значений 2, а столбцов в заголовке 3 — строка не записана"))
        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: String]]
        #expect(rows?.map { $0["Школа"] } == ["СОШ 1", "СОШ 4"])
        let rejected = try String(contentsOf: rejects, encoding: .utf8)
        let lines = rejected.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasSuffix(";3;too_few_cells;значений 2, а столбцов в заголовке 3;СОШ 2 | 6Б"))
        #expect(lines[2].contains(";4;too_many_cells;"))
    }

    @Test func headerOnlyAndEmptyFilesAreRefusedNotEmptyResults() throws {
        let headerOnly = try ShnorProcess.run([
            "convert", ShnorProcess.fixture("header-only.csv"), "--to", "csv", "--no-bom",
        ])
        #expect(headerOnly.status == 3)
        #expect(headerOnly.text.isEmpty)
        #expect(headerOnly.stderr.contains("строк данных нет — результат не записан"))
        let empty = try ShnorProcess.run(["convert", ShnorProcess.fixture("empty.csv"), "--to", "json"])
        #expect(empty.status == 3)
        #expect(empty.text.isEmpty)
        #expect(empty.stderr.contains("файл пуст"))
    }
}
