import Clean
import Foundation
import Hummingbird
import HummingbirdTesting
import Ingest
import Pipeline
import TestSupport
import Testing

@testable import Workbench

/// The pages as a methodologist reads them: the ledger in the notes' Russian wording, the inspect
/// report as tables, a workbook's sheet chosen on its page and drafted, and a question's scale
/// corrected on the draft page.
@Suite struct WorkbenchPagesTests {
    static let workbooks = WorkbenchTests.repository.appendingPathComponent("Tests/ShnorTests/Workbooks")
    static let question = WorkbenchFlowTests.question

    @Test func theLedgerWordsStagesReasonsAndCountsAsTheNotesDo() throws {
        let root = try TemporaryFolder.make("workbench-ledger")
        let folder = WorkbenchFolder(root: root.path)
        let output = folder.outputFolder("survey")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let manifest = """
            {"ledger": [
              {"input": "survey", "stage": "ingest", "rows_in": 98, "rows_out": 98, "rejected": {}, "noted": {"blank_lines": 1}},
              {"input": "survey", "stage": "clean", "rows_in": 98, "rows_out": 92, "noted": {},
               "rejected": {"test_submission": 2, "unknown_school": 1, "duplicate_submission": 3}},
              {"input": "survey", "stage": "measure", "rows_in": 92, "rows_out": 92, "rejected": {},
               "noted": {"in_programme_schools": 80}}
            ]}
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: output + "/manifest.json"))
        let page = LedgerPage(folder: folder, id: "survey").html(local: false, csrf: "token")
        for worded in [
            "<td>чтение файла</td>", "<td>очистка</td>", "<td>расчёт показателей</td>", "тестовая анкета: 2",
            "школы нет в реестре: 1", "повторная анкета (учтена последняя): 3", "анкет из школ программы: 80",
            "пустых строк: 1",
        ] {
            #expect(page.contains(worded), "\(worded)")
        }
        for code in [
            "ingest", "clean", "measure", "test_submission", "unknown_school", "duplicate_submission",
            "in_programme_schools", "blank_lines",
        ] {
            #expect(!page.contains(code), "\(code)")
        }
        // The note's cleaning table words a reason from the same place.
        #expect(Rejection.Reason.testSubmission.wording == "тестовая анкета")
        #expect(Rejection.Reason.wording(code: "something_new") == "something_new")
    }

    /// Uploads the register and `file` as `name`.
    static func upload(_ client: some TestClientProtocol, _ settings: WorkbenchSettings, _ file: URL, as name: String)
        async throws
    {
        let csrf: HTTPFields = [try #require(AccessMiddleware.csrfHeader): settings.csrfToken]
        try await client.execute(
            uri: "/upload?kind=register&name=schools.yaml", method: .put, headers: csrf,
            body: ByteBuffer(bytes: try Data(contentsOf: WorkbenchFlowTests.register))
        ) { #expect($0.status == .created) }
        try await client.execute(
            uri: "/upload?name=\(name)", method: .put, headers: csrf,
            body: ByteBuffer(bytes: try Data(contentsOf: file))
        ) { #expect($0.status == .created) }
    }

    @Test func theInspectPageIsTheReportsFactsAndATableOfColumns() async throws {
        let root = try TemporaryFolder.make("workbench-inspect")
        let settings = WorkbenchTests.settings(root, maxUpload: 1 << 24)
        try await WorkbenchTests.app(settings).test(.live) { client in
            try await Self.upload(client, settings, WorkbenchFlowTests.sample, as: "survey.csv")
            try await client.execute(uri: "/exports/survey.csv", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(!page.contains("<pre"), "\(page)")
                #expect(page.contains("<tr><th>Файл</th><td>exports/survey.csv ("))
                #expect(page.contains("<tr><th>Разделитель</th><td>"))
                #expect(page.contains(#"<table id="inspect-columns">"#))
                // A row per column: number, header, type, filled of all, distinct, the first values.
                #expect(page.contains(#"<tr><td class="num">3</td><td>Образовательная организация</td><td>текст</td>"#))
                #expect(page.contains(#"<td class="values">«учитель» <span class="muted">(60)</span><br>"#))
                #expect(!page.contains("sheet-select"))
            }
        }
    }

    @Test func aWorkbookOfSeveralSheetsIsDraftedFromTheSheetChosen() async throws {
        let root = try TemporaryFolder.make("workbench-sheets")
        let settings = WorkbenchTests.settings(root, maxUpload: 1 << 24)
        let book = Self.workbooks.appendingPathComponent("november-satisfaction-2023-two-sheets.xlsx")
        try await WorkbenchTests.app(settings).test(.live) { client in
            try await Self.upload(client, settings, book, as: "book.xlsx")
            try await client.execute(uri: "/exports/book.xlsx", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"<option value="1" selected>1. Титул</option>"#))
                #expect(page.contains(#"<option value="2">2. Ответы</option>"#))
                #expect(page.contains(#"href="/exports/book.xlsx/draft" id="draft-button""#))
            }
            try await client.execute(uri: "/exports/book.xlsx?sheet=2", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"<option value="2" selected>2. Ответы</option>"#))
                #expect(page.contains("<td>Образовательная организация</td>"))
                #expect(page.contains(#"href="/exports/book.xlsx/draft?sheet=2" id="draft-button""#))
            }
            try await client.execute(uri: "/exports/book.xlsx?sheet=%D0%BB%D0%B8%D1%81%D1%82", method: .get) {
                response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Лист книги указывается номером от 1"))
            }
            try await client.execute(uri: "/exports/book.xlsx/draft?sheet=2", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains(#"<input type="hidden" name="sheet" value="2">"#))
            }
            try await client.execute(
                uri: "/exports/book.xlsx/draft", method: .post, headers: WorkbenchTests.formHeaders,
                body: WorkbenchTests.form([("csrf", settings.csrfToken), ("sheet", "2")])
            ) { #expect($0.status == .seeOther) }
            let pipeline = try String(
                contentsOfFile: WorkbenchFolder(root: settings.root).pipelineFile("book"), encoding: .utf8)
            #expect(
                pipeline.contains(#"file: "../../exports/book.xlsx", instrument: "book.instrument.yaml", sheet: "2"}"#))
        }
    }

    @Test func aSpellingMovedToAnotherCategoryMovesTheFigure() async throws {
        let root = try TemporaryFolder.make("workbench-scale")
        let settings = WorkbenchTests.settings(root, maxUpload: 1 << 24)
        let folder = WorkbenchFolder(root: settings.root)
        let project = "survey"
        try await WorkbenchTests.app(settings).test(.live) { client in
            try await Self.upload(client, settings, WorkbenchFlowTests.sample, as: "survey.csv")
            try await client.execute(uri: "/exports/survey.csv/draft", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<h3>\(Self.question)</h3>"))
                // The scale's family named in Russian, as every guess on the page.
                #expect(page.contains("шкала «удовлетворённость», категорий 4"))
                #expect(!page.contains("satisfaction") && !page.contains("usefulness"))
                #expect(page.contains(#"<span class="category ok">«Полностью удовлетворён(а)» (верхняя)</span>"#))
                #expect(page.contains(#"<option value="2" selected>2</option>"#))
                #expect(page.contains(#"data-spelling="СКОРЕЕ УДОВЛЕТВОРЁН"><option value="c0">"#))
                #expect(page.contains(#"<option value="off" selected>вне шкалы</option>"#))
            }
            /// Saves the draft with `fields`, runs it and returns the headline's numerator and denominator.
            func headline(_ fields: [(String, String)]) async throws -> (Int, Int) {
                try await client.execute(
                    uri: "/exports/survey.csv/draft", method: .post, headers: WorkbenchTests.formHeaders,
                    body: WorkbenchTests.form([("csrf", settings.csrfToken)] + fields)
                ) { #expect($0.status == .seeOther) }
                try await client.execute(
                    uri: "/projects/\(project)/run", method: .post, headers: WorkbenchTests.formHeaders,
                    body: WorkbenchTests.form([("csrf", settings.csrfToken)])
                ) { #expect($0.status == .seeOther) }
                _ = try await WorkbenchFlowTests.waitForRun(client, project: project)
                let data = try Data(contentsOf: URL(fileURLWithPath: folder.outputFolder(project) + "/results.json"))
                let results = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
                let measure = (results["measures"] as? [[String: Any]])?.first ?? [:]
                return (measure["numerator"] as? Int ?? -1, measure["denominator"] as? Int ?? -1)
            }
            let guessed = try await headline([])
            let instrumentPath = folder.pipelines + "/\(project)/\(project).instrument.yaml"
            let before = try String(contentsOfFile: instrumentPath, encoding: .utf8)
            // «СКОРЕЕ УДОВЛЕТВОРЁН» read as the lowest category: out of the top, the share falls.
            let moved = try await headline([
                ("spelling_column", Self.question), ("spelling", "СКОРЕЕ УДОВЛЕТВОРЁН"), ("spelling_place", "c0"),
            ])
            #expect(moved.0 < guessed.0 && moved.1 == guessed.1)
            // The spelling left one list and joined the lowest category's; every other line as it was.
            let after = try String(contentsOfFile: instrumentPath, encoding: .utf8)
            let lowest = try ExportDraft(
                exports: [WorkbenchFlowTests.sample.path], kind: nil, folder: root.path, register: "schools.yaml",
                registerPath: WorkbenchFlowTests.register.path
            ).scaledQuestions.first { $0.column == Self.question }?.categories.first
            #expect(lowest != nil)
            #expect(after.contains("- label: \"\(lowest ?? "")\"\n        synonyms: [\"СКОРЕЕ УДОВЛЕТВОРЁН\"]\n"))
            #expect(!before.contains("- label: \"\(lowest ?? "")\"\n        synonyms: [\"СКОРЕЕ УДОВЛЕТВОРЁН\"]\n"))
            #expect(before.components(separatedBy: "\n").count == after.components(separatedBy: "\n").count)
            // «Затрудняюсь ответить» counted as the top category: in the denominator and the numerator.
            let offScale = try await headline([
                ("spelling_column", Self.question), ("spelling", "Затрудняюсь ответить"), ("spelling_place", "c3"),
            ])
            #expect(offScale.0 > guessed.0 && offScale.1 > guessed.1)
            // The top category only.
            let top = try await headline([("top_column", Self.question), ("top", "1")])
            #expect(top.0 < guessed.0 && top.1 == guessed.1)
            #expect(
                try String(contentsOfFile: folder.pipelineFile(project), encoding: .utf8).contains("\n    top: 1\n"))
            // A spelling the draft does not have is refused.
            try await client.execute(
                uri: "/exports/survey.csv/draft", method: .post, headers: WorkbenchTests.formHeaders,
                body: WorkbenchTests.form([
                    ("csrf", settings.csrfToken), ("spelling_column", Self.question), ("spelling", "нет такого"),
                    ("spelling_place", "c0"),
                ])
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Нет написания «нет такого»"))
            }
        }
    }

    @Test func aSpellingMovesBetweenTheListsOfAScale() {
        let scale = """
            scales:
              q1:
                # ПРОВЕРЬТЕ: написания, которые не удалось отнести к категории (такие ответы не будут учтены):
                #   "Удовлетворена частично"
                categories:                # от низшей к высшей
                  - label: "Нет"
                  - label: "Да"
                    synonyms: ["да", "ДА"]
            columns: []
            """
        let toNo = YAMLEdit.moveSpelling(
            scale, scale: "q1", spelling: "ДА", from: .category("Да"), to: .category("Нет"))
        #expect(toNo?.contains("  - label: \"Нет\"\n        synonyms: [\"ДА\"]\n") == true)
        #expect(toNo?.contains("synonyms: [\"да\"]\ncolumns") == true)
        let off = YAMLEdit.moveSpelling(
            scale, scale: "q1", spelling: "Удовлетворена частично", from: .unread, to: .offScale)
        #expect(off?.contains("#   \"Удовлетворена частично\"") == false)
        #expect(off?.hasSuffix("    non_substantive:\n      - label: \"Удовлетворена частично\"\ncolumns: []") == true)
        let back = off.flatMap {
            YAMLEdit.moveSpelling($0, scale: "q1", spelling: "Удовлетворена частично", from: .offScale, to: .unread)
        }
        #expect(back?.contains("non_substantive") == false)
        #expect(YAMLEdit.moveSpelling(scale, scale: "q1", spelling: "нет", from: .category("Да"), to: .offScale) == nil)
        let pipeline = "measures:\n  - id: headline   # check\n    kind: top_box\n    top: 2\n    population: all\n"
        #expect(
            YAMLEdit.setMeasureTop(pipeline, measure: "headline", top: 1)
                == "measures:\n  - id: headline   # check\n    kind: top_box\n    top: 1\n    population: all\n")
    }
}
