import Foundation
import Testing

/// The catalogue of bad input, continued: registers, templates, results files for `merge` and
/// cells whose content is not what their column promises.
@Suite("Catalogue of bad input: registers, templates, merged results, cells", .serialized)
struct CatalogueDataTests {
    static let root = CataloguePipelineTests.root

    /// The shipped register with `edit` applied, written into `folder`, and the shipped pipeline using it.
    static func pipeline(in folder: URL, register edit: (String) -> String) throws -> (pipeline: URL, register: URL) {
        let register = try String(contentsOfFile: root + "/Surveys/schools.yaml", encoding: .utf8)
        let registerURL = folder.appendingPathComponent("schools.yaml")
        try Data(edit(register).utf8).write(to: registerURL)
        let url = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: root + "/Surveys/schools.yaml", with: registerURL.path)
        }
        return (url, registerURL)
    }

    // MARK: - Registers

    @Test func anEmptyRegisterIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder) { _ in "title: Пустой реестр\nschools: []\n" }
        let result = try ShnorProcess.run(["validate", files.pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(files.register.path): ключ «schools» пуст"), "\(result.stderr)")
    }

    @Test func aRegisterWithoutProgrammeSchoolsRunsWithEmptyProgrammeFigures() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder) {
            $0.replacingOccurrences(of: "programme: true", with: "programme: false")
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", files.pipeline.path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        #expect(result.text.contains("(0 из 0)"), "\(result.text)")
    }

    @Test func aFreeTextTableWithoutItsColumnIsAConfigurationError() throws {
        let edit = { (text: String) in text.replacingOccurrences(of: "    column: suggestions", with: "    columns: []")
        }
        let url = try CataloguePipelineTests.pipeline(in: try ShnorProcess.temporaryFolder(), edit)
        let result = try ShnorProcess.run(["validate", url.path])
        let message = "\(url.path): таблица «suggestions» (free_text): нужен ровно один столбец (column:), а их 0"
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
    }

    // MARK: - Templates

    /// The shipped pipeline with its note template replaced by `text`, and the template's path.
    static func pipeline(in folder: URL, template text: String) throws -> (pipeline: URL, template: String) {
        let template = folder.appendingPathComponent("note.md")
        try Data(text.utf8).write(to: template)
        let url = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(
                of: "template: \(root)/Pipelines/november-satisfaction.note.md", with: "template: \(template.path)")
        }
        return (url, template.path)
    }

    @Test(
        "templates nested too deep",
        arguments: [
            (
                "a thousand nested sections",
                "# Справка\n\n" + (0..<1000).map { "{{#a\($0)}}\n" }.joined() + "x\n"
                    + (0..<1000).reversed().map { "{{/a\($0)}}\n" }.joined(),
                "строка 35, столбец 1"
            ),
            (
                "a hundred thousand unclosed sections", String(repeating: "{{#a}}", count: 100_000),
                "строка 1, столбец 193"
            ),
            (
                "nesting behind changed delimiters",
                "{{=<% %>=}}\n" + String(repeating: "<%^a%>", count: 40) + String(repeating: "<%/a%>", count: 40),
                "строка 2, столбец 193"
            ),
        ])
    func aTemplateNestedTooDeepIsAConfigurationError(name: String, text: String, place: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.pipeline(in: folder, template: text)
        let result = try ShnorProcess.run(["validate", files.pipeline.path])
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(
            result.stderr.contains("\(files.template), \(place): разделы вложены глубже 32 уровней"),
            "\(name): \(result.stderr)")
    }

    @Test func sectionsNestedThirtyTwoDeepAndATenMegabyteTemplate() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let deepest = try Self.pipeline(
            in: folder,
            template: String(repeating: "{{#title}}", count: 32) + "x" + String(repeating: "{{/title}}", count: 32))
        let allowed = try ShnorProcess.run(["validate", deepest.pipeline.path])
        #expect(allowed.completed, "\(allowed.stderr)")
        let huge = try Self.pipeline(in: folder, template: String(repeating: "{{#a}}x{{/a}}\n", count: 800_000))
        let refused = try ShnorProcess.run(["validate", huge.pipeline.path])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(huge.template): файл больше 1048576 байт"), "\(refused.stderr)")
    }

    // MARK: - Merged results

    /// The results.json of the shipped survey pipeline, run into `folder`.
    static func publishedResults(in folder: URL) throws -> URL {
        let out = folder.appendingPathComponent("district")
        // Small schools hidden one by one (not pooled), so the published file hides groups the
        // private one shows.
        let pipeline = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: "disclosure:\n  k: 5", with: "disclosure:\n  k: 5\n  pool_small_schools: false")
        }
        let result = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        try #require(result.completed, "\(result.stderr)")
        return out.appendingPathComponent("results.json")
    }

    @Test func oneDistrictGivenTwiceIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let results = try Self.publishedResults(in: folder)
        let copy = folder.appendingPathComponent("copy.json")
        try FileManager.default.copyItem(at: results, to: copy)
        let unsuppressed = results.deletingLastPathComponent().appendingPathComponent(
            "private/results-unsuppressed.json")
        let cases = [
            (results.path, "это тот же файл, что и \(results.path)"),
            (copy.path, "файл совпадает байт в байт с \(results.path)"),
            (unsuppressed.path, "те же показатели и группы с теми же числами, что в \(results.path)"),
        ]
        for (second, message) in cases {
            let out = folder.appendingPathComponent("merged")
            let result = try ShnorProcess.run(["merge", results.path, second, "--out", out.path])
            #expect(result.status == 3, "\(result.stderr)")
            #expect(
                result.stderr.contains("\(second): \(message) — результаты одной территории в своде дважды"),
                "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test(
        "results with impossible figures",
        arguments: [
            ("a group larger than its measure", "знаменатель 80 больше знаменателя показателя 72"),
            ("a negative group numerator", "число -5 вне допустимого"),
            ("an overflowing numerator", "число 9223372036854775807 вне допустимого"),
        ])
    func resultsWithImpossibleFiguresAreRefused(name: String, message: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let results = try Self.publishedResults(in: folder)
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        var measures = try #require(document["measures"] as? [[String: Any]])
        var groups = try #require(measures[0]["groups"] as? [[String: Any]])
        switch name {
        case "a group larger than its measure":
            groups[0]["numerator"] = 20
            groups[0]["denominator"] = 80
        case "a negative group numerator":
            groups[0]["numerator"] = -5
        default:
            measures[0]["numerator"] = Int.max
            measures[0]["denominator"] = Int.max
        }
        measures[0]["groups"] = groups
        document["measures"] = measures
        let hostile = folder.appendingPathComponent("other-district.json")
        try JSONSerialization.data(withJSONObject: document).write(to: hostile)
        let result = try ShnorProcess.run([
            "merge", results.path, hostile.path, "--out", folder.appendingPathComponent("merged").path,
        ])
        #expect(result.status == 3, "\(name): \(result.stderr)")
        #expect(
            result.stderr.contains("\(hostile.path): показатель «satisfied_teachers»: ")
                && result.stderr.contains(message), "\(name): \(result.stderr)")
    }

    // MARK: - Class cells

    /// The shipped results pipeline with absolute paths, its March export replaced by the sample's
    /// rows with `classes` written into the class cells of the lines given (line 1 is the header).
    static func resultsPipeline(in folder: URL, classes: [Int: String]) throws -> (pipeline: URL, export: String) {
        var lines = try String(contentsOfFile: root + "/Surveys/samples/results-march-2024.csv", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (line, value) in classes {
            var cells = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[3] = "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines[line - 1] = cells.joined(separator: ",")
        }
        let export = folder.appendingPathComponent("results-march.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: export)
        let text = try String(contentsOfFile: root + "/Pipelines/march-2024-results.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../Surveys/samples/results-march-2024.csv", with: export.path)
            .replacingOccurrences(of: "../", with: root + "/")
            .replacingOccurrences(of: "template: march", with: "template: \(root)/Pipelines/march")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(text.utf8).write(to: url)
        return (url, export.path)
    }

    @Test func aClassCellThatIsNotAClassIsRejected() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let cells = [2: "=1+1", 3: "5АКузнецова", 4: "коррекционный", 5: "5 «а»", 6: "6-b"]
        let files = try Self.resultsPipeline(in: folder, classes: cells)
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", files.pipeline.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rejected = try CataloguePipelineTests.rejects(out).filter { $0[2] == files.export }
        func rejection(atLine line: Int) -> [String]? { rejected.first { $0[3] == String(line) } }
        for line in 2...4 {
            #expect(rejection(atLine: line)?[4] == "bad_class", "line \(line): \(rejected)")
            #expect(
                rejection(atLine: line)?[5]
                    == "столбец 4 «Класс»: класс «\(cells[line] ?? "")» — не номер класса от 1 до 11 с необязательной буквой (5А, 5 «А», 11-Б)"
            )
        }
        #expect(rejection(atLine: 5) == nil && rejection(atLine: 6) == nil, "«5 «а»» and «6-b» are classes")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"bad_class\" : 3"), "counted in the ledger")
    }

    @Test func manyBadClassesExceedTheRejectRate() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let files = try Self.resultsPipeline(
            in: folder, classes: Dictionary(uniqueKeysWithValues: (2...1_500).map { ($0, "=1+1") }))
        let result = try ShnorProcess.run([
            "run", files.pipeline.path, "--out", folder.appendingPathComponent("out").path,
        ])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("больше допустимого max_reject_rate"), "\(result.stderr)")
    }

    // MARK: - Repeated headers

    @Test func aHeaderRepeatedMidFileIsRejectedAsAHeader() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try CataloguePipelineTests.export(in: folder) { rows in
            var rows = rows
            rows.insert(rows[0].map { $0.uppercased() }, at: 20)  // line 21, in capitals: matched by key
            return rows
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run([
            "run", try CataloguePipelineTests.pipeline(in: folder, export: export).path, "--out", out.path,
        ])
        #expect(result.completed, "\(result.stderr)")
        let rejected = try CataloguePipelineTests.rejects(out).first { $0[3] == "21" }
        #expect(rejected?[4] == "repeated_header", "\(String(describing: rejected))")
        #expect(rejected?[5] == "строка повторяет заголовок — выгрузки склеены вместе с заголовком?")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("повторённая строка заголовка"))

        let results = try Self.resultsPipeline(in: folder, classes: [:])
        var text = try String(contentsOfFile: results.export, encoding: .utf8)
        let header = String(text.prefix { $0 != "\n" })
        text = text.replacingOccurrences(of: "\n", with: "\n" + header + "\n", options: [], range: text.range(of: "\n"))
        try Data(text.utf8).write(to: URL(fileURLWithPath: results.export))
        let resultsOut = folder.appendingPathComponent("results-out")
        let run = try ShnorProcess.run(["run", results.pipeline.path, "--out", resultsOut.path])
        #expect(run.status == 0, "\(run.stderr)")
        let line2 = try CataloguePipelineTests.rejects(resultsOut).first { $0[2] == results.export && $0[3] == "2" }
        #expect(line2?[4] == "repeated_header", "\(String(describing: line2))")
    }

    // MARK: - Mixed encodings

    @Test func aUTF16ExportWithUTF8RowsAppendedIsRefusedAtTheirOffset() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let lines = try String(contentsOfFile: CataloguePipelineTests.sample, encoding: .utf8)
            .components(separatedBy: "\r\n")
        try #require(lines.count > 40)
        let utf16 =
            Data([0xFF, 0xFE]) + (lines[..<30].joined(separator: "\r\n") + "\r\n").data(using: .utf16LittleEndian)!
        let mixed = folder.appendingPathComponent("mixed.csv")
        try (utf16 + Data(lines[30...].joined(separator: "\r\n").utf8)).write(to: mixed)
        let result = try ShnorProcess.run(["inspect", mixed.path])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(
            result.stderr.contains("\(mixed.path), строка ")
                && result.stderr.contains(
                    "столбец 1: с байта \(utf16.count) от начала файла (счёт с 0) текст не похож на utf-16le"),
            "\(result.stderr)")
    }

    /// Every byte is a letter in windows-1251, so UTF-8 rows appended to a windows-1251 export
    /// read as «Р§Р°СЃ» without a word unless the runs of UTF-8 Cyrillic are looked for.
    @Test func aWindows1251ExportWithUTF8RowsAppendedIsRefusedAtTheirOffset() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let lines = try String(contentsOfFile: CataloguePipelineTests.sample, encoding: .utf8)
            .components(separatedBy: "\r\n")
        try #require(lines.count > 40)
        let cp1251 = try #require((lines[..<30].joined(separator: "\r\n") + "\r\n").data(using: .windowsCP1251))
        let mixed = folder.appendingPathComponent("mixed.csv")
        let appended = Array(lines[30...].joined(separator: "\r\n").utf8)
        try (cp1251 + Data(appended)).write(to: mixed)
        // Where the appended text first has three Cyrillic letters in a row.
        let first = try #require(
            appended.indices.first { start in
                start + 6 <= appended.count
                    && (0..<3).allSatisfy { (0xD0...0xD3).contains(appended[start + 2 * $0]) }
            })
        for command in [["inspect", mixed.path], ["convert", mixed.path, "--to", "csv"]] {
            let result = try ShnorProcess.run(command)
            #expect(result.status == 3, "\(result.stderr)")
            #expect(
                result.stderr.contains(
                    "с байта \(cp1251.count + first) от начала файла (счёт с 0) идёт текст в UTF-8, а файл читается как windows-1251"
                ), "\(result.stderr)")
        }
        // A windows-1251 export of its own, with «Р», «С», «Т» before rare signs, still reads.
        let plain = folder.appendingPathComponent("plain.csv")
        try #require("Школа;Ответ\r\nСОШ «РОСТ»;КЛАСС» № 5 — ТЕСТ…\r\n".data(using: .windowsCP1251)).write(to: plain)
        #expect(try ShnorProcess.run(["convert", plain.path, "--to", "csv"]).status == 0)
    }

    @Test func aUTF16ExportWithSymbolsAndEmojiIsRead() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let text = "Школа;Ответ\r\nСОШ № 1;«Всё хорошо» 👍 — спасибо, 5 € ≈ ½ ✓\r\nÉcole;naïve Ελλάδα\r\n"
        let file = folder.appendingPathComponent("utf16.csv")
        try (Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!).write(to: file)
        let result = try ShnorProcess.run(["inspect", file.path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: - Free text (issue 18, class 6)

    /// An answer holding HTML, a remote image, emphasis, a heading marker and a right-to-left
    /// override reaches every note as the text it is: escaped in note.md and note.html, the
    /// override gone, and the page forbids remote loads and scripts.
    @Test func freeTextIsTextInEveryNote() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let original = "\"Спасибо, Макарова Светлана Андреевна очень помогла с разбором уроков\""
        let hostile = "\"# <script>alert(1)</script> ![п](https://t.example/p.png) *важно* \u{202E}онжав\u{200B}\""
        let sample = try String(contentsOfFile: CataloguePipelineTests.sample, encoding: .utf8)
        #expect(sample.contains(original))
        let export = folder.appendingPathComponent("november.csv")
        try Data(sample.replacingOccurrences(of: original, with: hostile).utf8).write(to: export)
        let url = try CataloguePipelineTests.pipeline(in: folder, export: export.path)
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", url.path, "--out", out.path])
        #expect(result.status == 1, "\(result.stderr)")  // the sample's issue 17 warnings
        let markdown = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(
            markdown.contains(
                "\n- \\# &lt;script>alert(1)&lt;/script> !\\[п\\](https://t.example/p.png) \\*важно\\* онжав\n"),
            "\(markdown)")
        let html = try String(contentsOf: out.appendingPathComponent("note.html"), encoding: .utf8)
        #expect(
            html.contains(
                "<li>&#35; &lt;script&gt;alert(1)&lt;/script&gt; !&#91;п&#93;(https://t.example/p.png) &#42;важно&#42; онжав</li>"
            ))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        #expect(!html.contains("<img") && !html.contains("<script>") && !html.unicodeScalars.contains("\u{202E}"))
    }
}
