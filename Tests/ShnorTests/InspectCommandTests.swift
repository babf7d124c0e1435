import Foundation
import Testing

@Suite("shnor inspect")
struct InspectCommandTests {
    struct Report: Decodable {
        struct Encoding: Decodable { var name: String; var confidence: Double; var method: String }
        struct Column: Decodable {
            var name: String; var nonEmpty: Int; var distinct: Int; var type: String?
            var top: [Value]
        }
        struct Value: Decodable { var value: String; var count: Int }
        var encoding: Encoding
        var delimiter: String
        var sepLine: Bool
        var headerLine: Int?
        var header: [String]
        var rowsRead: Int
        var rowsPassed: Int
        var rowsRejected: Int
        var blankLines: Int
        var columns: [Column]
    }

    func inspect(_ path: String, _ extra: [String] = []) throws -> Report {
        let result = try ShnorProcess.run(["inspect", path, "--json"] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Report.self, from: result.stdout)
    }

    /// Checks the report against rows recomputed by the tests' own reader.
    func expectProfile(_ report: Report, matches rows: [[String]]) {
        let header = rows[0]
        let data = Array(rows.dropFirst())
        #expect(report.header == header)
        #expect(report.rowsRead == data.count)
        #expect(report.rowsPassed == data.count)
        for (index, column) in report.columns.enumerated() {
            let values = data.map { $0[index] }.filter { !$0.trimmingCharacters(in: .init(charactersIn: " ")).isEmpty }
            #expect(column.nonEmpty == values.count, "column \(column.name)")
            #expect(column.distinct == Set(values).count, "column \(column.name)")
            let counts = Dictionary(values.map { ($0, 1) }, uniquingKeysWith: +)
            if let top = column.top.first {
                #expect(counts[top.value] == top.count)
                #expect(counts.values.max() == top.count)
            }
        }
    }

    @Test func surveySampleFromGoogleForms() throws {
        let path = ShnorProcess.sample("satisfaction-november-2023.csv")
        let report = try inspect(path)
        #expect(report.encoding.name == "utf-8")
        #expect(report.delimiter == ",")
        expectProfile(report, matches: referenceRows(try String(contentsOfFile: path, encoding: .utf8), delimiter: ","))
        #expect(report.columns[0].type == "date_time")
    }

    @Test func rosterSampleFromExcelInWindows1251() throws {
        let path = ShnorProcess.sample("teacher-roster.csv")
        let report = try inspect(path)
        #expect(report.encoding.name == "windows-1251")
        #expect(report.encoding.confidence >= 0.8)
        #expect(report.sepLine)
        #expect(report.headerLine == 2)
        let text = try #require(String(data: Data(contentsOf: URL(fileURLWithPath: path)), encoding: .windowsCP1251))
        expectProfile(report, matches: Array(referenceRows(text, delimiter: ";").dropFirst()))
        #expect(report.columns.last?.type == "integer")
    }

    @Test func resultsSampleWithByteOrderMark() throws {
        let path = ShnorProcess.sample("student-results-march-2024.csv")
        let report = try inspect(path)
        #expect(report.encoding.method == "bom")
        expectProfile(report, matches: referenceRows(try String(contentsOfFile: path, encoding: .utf8), delimiter: ";"))
    }

    @Test func textReportIsInRussian() throws {
        let result = try ShnorProcess.run(["inspect", ShnorProcess.fixture("ragged.csv")])
        #expect(result.status == 0)
        #expect(result.text.contains("Кодировка:      utf-8"))
        #expect(result.text.contains("Разделитель:    «;»"))
        #expect(result.text.contains("Строк данных:   4 (принято 2, отклонено 2)"))
        #expect(result.text.contains("строка 3: значений 2, а столбцов в заголовке 3 — строка отклонена"))
        #expect(result.text.contains("строка 4: значений 4"))
    }

    @Test func declaredEncodingAndDelimiter() throws {
        let report = try inspect(ShnorProcess.fixture("enc-koi8-r.csv"), ["--encoding", "koi8-r", "--delimiter", ";"])
        #expect(report.encoding.method == "declared")
        #expect(report.header == ["ФИО", "Школа", "Должность", "Удовлетворённость"])
    }

    @Test func emptyFile() throws {
        let report = try inspect(ShnorProcess.fixture("empty.csv"))
        #expect(report.header.isEmpty)
        #expect(report.rowsRead == 0)
    }
}
