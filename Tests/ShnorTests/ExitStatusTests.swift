import Foundation
import Testing

/// Exit statuses of DESIGN.md §4 and messages in Russian naming file, line and column.
@Suite("Exit statuses and messages")
struct ExitStatusTests {
    @Test func missingFileIsAnInputError() throws {
        let result = try ShnorProcess.run(["inspect", "/nonexistent/export.csv"])
        #expect(result.status == 3)
        #expect(result.stderr == "shnor: ошибка: /nonexistent/export.csv: файл не открывается: нет такого файла\n")
    }

    @Test func unterminatedQuoteNamesTheLineWhereItBegan() throws {
        let path = ShnorProcess.fixture("unterminated-quote-end.csv")
        let result = try ShnorProcess.run(["convert", path, "--to", "json"])
        #expect(result.status == 3)
        #expect(
            result.stderr.contains(
                "\(path), строка 3, столбец 2: кавычка, открывающая здесь значение, не закрыта до конца файла"))
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        let path = ShnorProcess.fixture("invalid-utf8.csv")
        let result = try ShnorProcess.run(["inspect", path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("\(path), строка 3, столбец 2: байт 0xFF не образует символа UTF-8"))
    }

    @Test func aDamagedWorkbookIsAnInputError() throws {
        let result = try ShnorProcess.run(["inspect", ShnorProcess.fixture("book.xlsx.csv")])
        #expect(result.status == 3)
        #expect(result.stderr.contains("книга Excel повреждена: это не читаемый ZIP-архив"))
    }

    @Test func unknownEncodingIsAUsageError() throws {
        let result = try ShnorProcess.run(["inspect", ShnorProcess.fixture("enc-utf8.csv"), "--encoding", "cp9999"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("неизвестная кодировка «cp9999»"))
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let unknown = try ShnorProcess.run(["inspect", "--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("shnor: ошибка: ошибка в командной строке"))
        let badFormat = try ShnorProcess.run(["convert", ShnorProcess.fixture("enc-utf8.csv"), "--to", "xml"])
        #expect(badFormat.status == 2)
        let badDelimiter = try ShnorProcess.run([
            "convert", ShnorProcess.fixture("enc-utf8.csv"), "--to", "csv", "--output-delimiter", "ab",
        ])
        #expect(badDelimiter.status == 2)
    }

    @Test func helpIsInRussianAndSucceeds() throws {
        for arguments in [["--help"], ["inspect", "--help"], ["convert", "--help"]] {
            let result = try ShnorProcess.run(arguments)
            #expect(result.status == 0)
            #expect(
                result.text.contains("USAGE") || result.text.contains("ИСПОЛЬЗОВАНИЕ") || result.text.contains("shnor"))
        }
        let root = try ShnorProcess.run(["--help"])
        #expect(root.text.contains("Показать кодировку, разделитель"))
        #expect(root.text.contains("Коды завершения"))
    }

    @Test func unwritableOutputIsAnOutputError() throws {
        let result = try ShnorProcess.run([
            "convert", ShnorProcess.fixture("enc-utf8.csv"), "--to", "csv", "-o", "/nonexistent/dir/out.csv",
        ])
        #expect(result.status == 3)
        #expect(result.stderr.contains("/nonexistent/dir/out.csv: не удалось создать файл"))
    }
}
