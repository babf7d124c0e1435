import Foundation
import Testing

/// Excel workbooks read directly (issue 21, point 5): .xlsx streamed, legacy .xls through FreeXL,
/// the same rows, ledger and results as the CSV. The workbooks are in `Workbooks/` (made by
/// `generate.py` there; the satisfaction sample once by LibreOffice from its CSV).
@Suite("Excel workbooks in, end to end", .serialized)
struct WorkbookInputTests {
    static let root = ShnorProcess.packageRoot.path
    static let folder = ShnorProcess.packageRoot.appendingPathComponent("Tests/ShnorTests/Workbooks")

    static func book(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The November pipeline with its survey export replaced by `export` (and `sheet:` when given),
    /// written beside a copy of its template; returns the pipeline's path.
    static func pipeline(reading export: String, sheet: String? = nil, in folder: URL) throws -> String {
        var text = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "../Surveys/samples/november-satisfaction-2023.csv", with: export)
        text = text.replacingOccurrences(of: "../", with: root + "/")
        if let sheet {
            text = text.replacingOccurrences(
                of: "instrument: \(root)/Surveys/november-satisfaction.yaml",
                with: "instrument: \(root)/Surveys/november-satisfaction.yaml\n    sheet: \(sheet)")
        }
        try FileManager.default.copyItem(
            atPath: root + "/Pipelines/november-satisfaction.note.md",
            toPath: folder.appendingPathComponent("november-satisfaction.note.md").path)
        let path = folder.appendingPathComponent("pipeline.yaml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func run(_ export: String, sheet: String? = nil) throws -> (result: ShnorProcess.Result, out: URL) {
        let folder = try ShnorProcess.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run([
            "run", try pipeline(reading: export, sheet: sheet, in: folder), "--out", out.path,
        ])
        return (result, out)
    }

    @Test func theSatisfactionSampleAsXLSXAndAsXLSGivesTheCSVsResultsByteForByte() throws {
        let csv = try Self.run(Self.root + "/Surveys/samples/november-satisfaction-2023.csv")
        #expect(csv.result.completed, "\(csv.result.stderr)")
        let expected = try Data(contentsOf: csv.out.appendingPathComponent("results.json"))
        // Kept as text by LibreOffice (the CSV's «20.11.2023 9:27:20»), and as date cells («-dates»).
        for name in [
            "november-satisfaction-2023.xlsx", "november-satisfaction-2023.xls",
            "november-satisfaction-2023-dates.xlsx",
            "november-satisfaction-2023-dates.xls",
        ] {
            let book = try Self.run(Self.book(name), sheet: "1")
            #expect(book.result.status == csv.result.status, "\(name): \(book.result.stderr)")
            // A row's messages name the book, the sheet and the sheet's row.
            #expect(
                book.result.stderr.contains(
                    "«Удовлетворена частично» (\(Self.book(name)), лист «november-satisfaction-2023», строка "),
                "\(book.result.stderr)")
            let results = try Data(contentsOf: book.out.appendingPathComponent("results.json"))
            #expect(results == expected, "\(name): results.json differs from the CSV's")
            // The same ledger: rows read, passed and rejected at every stage.
            let ledger = { (out: URL) throws -> String in
                let manifest = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                let entries = (manifest as? [String: Any])?["ledger"] ?? []
                return String(
                    decoding: try JSONSerialization.data(withJSONObject: entries, options: .sortedKeys), as: UTF8.self)
            }
            #expect(try ledger(book.out) == ledger(csv.out), "\(name)")
            let manifest = try String(contentsOf: book.out.appendingPathComponent("manifest.json"), encoding: .utf8)
            #expect(manifest.contains("\"sheet\" : \"november-satisfaction-2023\""), "\(manifest.prefix(2000))")
        }
    }

    @Test func cellsReadAsExcelShowsThem() throws {
        for name in ["formats.xlsx", "formats-1904.xlsx"] {
            let result = try ShnorProcess.run(["convert", Self.book(name), "--to", "json"])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: String]])
            #expect(rows.count == 3, "\(name): \(rows)")
            guard rows.count == 3 else { continue }
            // Shared and inline strings, integers without «,0», 15 significant digits, formats.
            #expect(
                rows[0] == [
                    "Целое": "12", "Дробное": "3,5", "Сумма": "0,3", "Два знака": "2,00", "Процент": "45,6%",
                    "Текст": "Школа №1 «Лицей»", "Логическое": "ИСТИНА",
                ], "\(name)")
            // Dates of either epoch as ISO dates and times; «#,##0» without grouping; text «01» kept.
            #expect(
                rows[1] == [
                    "Целое": "2023-11-20", "Дробное": "2023-11-20 09:27:20", "Сумма": "09:27:20",
                    "Два знака": "2023-11-20 09:27:20", "Процент": "1234567", "Текст": "01", "Логическое": "ЛОЖЬ",
                ], "\(name)")
            // Cells the row leaves out are empty; an error value is its code.
            #expect(rows[2]["Целое"] == "только A и D" && rows[2]["Дробное"] == "" && rows[2]["Два знака"] == "#N/A")
            // Row 3 of the sheet is left out: a blank line, as in Excel's CSV, and line numbers are row numbers.
            #expect(result.stderr.contains("пропущено пустых строк: 1"), "\(result.stderr)")
        }
    }

    @Test func anXLSReadsItsCellsByTheSameRules() throws {
        let result = try ShnorProcess.run(["convert", Self.book("formats.xls"), "--to", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: String]])
        #expect(rows.first?["Целое"] == "12" && rows.first?["Дробное"] == "3,5" && rows.first?["Сумма"] == "0,3")
        #expect(rows.dropFirst().first?["Целое"] == "2023-11-20")
        #expect(rows.dropFirst().first?["Дробное"] == "2023-11-20 09:27:20")
        #expect(rows.dropFirst().first?["Текст"] == "01")
    }

    /// A row a trillion rows below the one before (a hostile or broken book): the gap is counted
    /// as blank lines at once, never walked row by row (the guard kills a hang, it times nothing).
    @Test func aRowFarBelowTheLastIsReadWithoutWalkingTheGap() throws {
        let result = try ShnorProcess.run(
            ["convert", Self.book("far-row.xlsx"), "--to", "json"], killAfter: 60)
        #expect(!result.signalled && result.status == 0, "\(result.stderr)")
        #expect(
            result.text
                == "[\n{\"Школа\":\"СОШ № 1\",\"Ответ\":\"да\"},\n{\"Школа\":\"СОШ № 2\",\"Ответ\":\"нет\"}\n]\n")
        #expect(result.stderr.contains("пропущено пустых строк: 999999999999"), "\(result.stderr)")
    }

    @Test func aMergedGroupRowMakesATwoRowHeader() throws {
        let result = try ShnorProcess.run(["inspect", Self.book("merged-header.xlsx"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        #expect(
            report["header"] as? [String] == [
                "Школа", "Математика / Балл", "Математика / Отметка", "Русский язык / Балл", "Русский язык / Отметка",
            ], "\(report)")
        #expect(report["rows_read"] as? Int == 2)
    }

    @Test func theSheetIsChosenByNameOrNumber() throws {
        for book in ["two-sheets.xlsx", "two-sheets.xls"] {
            let first = try ShnorProcess.run(["inspect", Self.book(book)])
            #expect(first.text.contains("Лист:           «Сводка» (1 из 2: 1. «Сводка», 2. «Ответы»)"), "\(first.text)")
            for choice in ["Ответы", "2", "ответы"] {
                let result = try ShnorProcess.run(["convert", Self.book(book), "--sheet", choice, "--to", "json"])
                #expect(result.status == 0, "\(book) \(choice): \(result.stderr)")
                #expect(
                    result.text
                        == "[\n{\"Школа\":\"СОШ № 1\",\"Ответ\":\"да\"},\n{\"Школа\":\"СОШ № 2\",\"Ответ\":\"нет\"}\n]\n",
                    "\(book) \(choice)")
            }
            let missing = try ShnorProcess.run(["inspect", Self.book(book), "--sheet", "3"])
            #expect(missing.status == 3)
            #expect(
                missing.stderr.contains(
                    "\(Self.book(book)): в книге нет листа «3»; листы книги: 1. «Сводка», 2. «Ответы» — укажите лист по имени или номеру"
                ), "\(missing.stderr)")
        }
    }

    @Test func aPipelineChecksItsSheetKey() throws {
        // `sheet:` for a CSV is a configuration error naming the input (exit 2).
        let csv = try Self.run(Self.root + "/Surveys/samples/november-satisfaction-2023.csv", sheet: "1")
        #expect(csv.result.status == 2, "\(csv.result.stderr)")
        #expect(csv.result.stderr.contains("вход «survey»: ключ sheet — только для книг Excel"), "\(csv.result.stderr)")
        // A sheet the book does not have: an input error listing the sheets (exit 3).
        let missing = try Self.run(Self.book("november-satisfaction-2023.xlsx"), sheet: "Ответы")
        #expect(missing.result.status == 3, "\(missing.result.stderr)")
        #expect(
            missing.result.stderr.contains("в книге нет листа «Ответы»; листы книги: 1. «november-satisfaction-2023»"),
            "\(missing.result.stderr)")
    }

    @Test func aDraftKeepsTheSheetItWasMadeFrom() throws {
        let folder = try ShnorProcess.temporaryFolder().appendingPathComponent("draft")
        let draft = try ShnorProcess.run([
            "draft", Self.book("november-satisfaction-2023.xlsx"), "--sheet", "november-satisfaction-2023",
            "--register", Self.root + "/Surveys/schools.yaml", "--out", folder.path,
        ])
        #expect(draft.status == 0, "\(draft.stderr)")
        let pipeline = folder.appendingPathComponent("november-satisfaction-2023.pipeline.yaml")
        let text = try String(contentsOf: pipeline, encoding: .utf8)
        #expect(text.contains("sheet: \"november-satisfaction-2023\"}"), "\(text)")
        // The drafted pipeline reads the sheet (exit 1: the sample's answer off the scale, by design).
        let validate = try ShnorProcess.run(["validate", pipeline.path])
        #expect(validate.status == 0 || validate.status == 1, "\(validate.stderr)")
        #expect(validate.text.contains("анкет прочитано 98"), "\(validate.text)")
        #expect(validate.stderr.contains("лист «november-satisfaction-2023», строка 34"), "\(validate.stderr)")
    }

    @Test func aWorkbookIsDraftedLikeItsCSV() throws {
        let (numerator, denominator) = try DraftCommandTests.shippedHeadline()
        let (_, headline, _) = try DraftCommandTests.draftAndRun(Self.book("november-satisfaction-2023.xlsx"))
        #expect(headline["numerator"] as? Int == numerator)
        #expect(headline["denominator"] as? Int == denominator)
    }
}
