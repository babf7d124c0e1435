import Foundation
import Hummingbird
import HummingbirdTesting
import Pipeline
import TestSupport
import Testing

@testable import Workbench

/// The analyst's walk through the workbench on the November sample, and the targeted YAML edits
/// behind the one-click fixes.
@Suite struct WorkbenchFlowTests {
    static let sample = WorkbenchTests.repository.appendingPathComponent(
        "Surveys/samples/november-satisfaction-2023.csv")
    static let register = WorkbenchTests.repository.appendingPathComponent("Surveys/schools.yaml")
    static let project = "november-satisfaction-2023"
    static let question =
        "Насколько вы в целом удовлетворены методической помощью, которую получили в рамках программы?"

    /// Polls the run's status until it is done (a bounded number of polls).
    static func waitForRun(_ client: some TestClientProtocol, project: String = project) async throws -> [String: Any] {
        for _ in 0..<3_000 {
            let state = try await client.execute(uri: "/projects/\(project)/run/status", method: .get) { response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
            }
            if state["done"] as? Bool == true { return state }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the run did not finish")
        return [:]
    }

    @Test func uploadDraftRunFixAndTheSameResultsAsTheCommand() async throws {
        let root = try TemporaryFolder.make("workbench-flow")
        let settings = WorkbenchTests.settings(root, maxUpload: 1 << 24)
        let form = WorkbenchTests.formHeaders
        try await WorkbenchTests.app(settings).test(.live) { client in
            try await WorkbenchPagesTests.upload(client, settings, Self.sample, as: "november-satisfaction-2023.csv")
            try await client.execute(uri: "/exports/november-satisfaction-2023.csv", method: .get) { response in
                #expect(String(buffer: response.body).contains("<tr><th>Кодировка</th>"))
            }
            try await client.execute(uri: "/exports/november-satisfaction-2023.csv/draft", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<option value=\"text\" selected>свободный ответ</option>"))
            }
            // The analyst keeps the free-text suggestions out of the note.
            try await client.execute(
                uri: "/exports/november-satisfaction-2023.csv/draft", method: .post, headers: form,
                body: WorkbenchTests.form([
                    ("csrf", settings.csrfToken), ("column", "Ваши предложения по организации методической помощи"),
                    ("role", "skip"), ("target", "78"),
                ])
            ) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/projects/\(Self.project)")
            }
            let folder = WorkbenchFolder(root: settings.root)
            let instrumentPath = folder.pipelines + "/\(Self.project)/\(Self.project).instrument.yaml"
            #expect(!(try String(contentsOfFile: instrumentPath, encoding: .utf8)).contains("role: text"))
            #expect(
                try String(contentsOfFile: folder.pipelineFile(Self.project), encoding: .utf8).contains(
                    "\n    target: 0.78\n"))
            try await client.execute(
                uri: "/projects/\(Self.project)/run", method: .post, headers: form,
                body: WorkbenchTests.form([("csrf", settings.csrfToken)])
            ) { #expect($0.status == .seeOther) }
            let first = try await Self.waitForRun(client)
            // The run told its progress: the survey input read, with its rows.
            let inputs = first["inputs"] as? [[String: Any]] ?? []
            #expect(inputs.first?["input"] as? String == "survey" && inputs.first?["rows"] as? Int == 98)
            #expect(first["stage"] as? String == "готово")
            #expect((first["warnings"] as? [String] ?? []).contains { $0.contains("Удовлетворена частично") })
            try await client.execute(uri: "/projects/\(Self.project)/ledger", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("ответ «<b>Удовлетворена частично</b>»"))
                #expect(page.contains("добавить «МБОУ СОШ № 7 г. Серова» к"))
            }
            let before = try String(contentsOfFile: instrumentPath, encoding: .utf8)
            try await client.execute(
                uri: "/projects/\(Self.project)/fix/answer", method: .post, headers: form,
                body: WorkbenchTests.form([
                    ("csrf", settings.csrfToken), ("question", Self.question), ("answer", "Удовлетворена частично"),
                    ("category", "Скорее удовлетворён(а)"),
                ])
            ) { #expect($0.status == .seeOther) }
            let after = try String(contentsOfFile: instrumentPath, encoding: .utf8)
            // One line changed, the rest (comments included) as it was.
            let changed = zip(before.components(separatedBy: "\n"), after.components(separatedBy: "\n")).filter {
                $0 != $1
            }
            #expect(changed.count == 1)
            #expect(changed.first?.1.contains(#"synonyms: ["СКОРЕЕ УДОВЛЕТВОРЁН", "Удовлетворена частично"]"#) == true)
            let second = try await Self.waitForRun(client)
            // The school outside the register, taken as one of its schools by the other fix.
            let registerPath = folder.registers + "/schools.yaml"
            let registerBefore = try String(contentsOfFile: registerPath, encoding: .utf8)
            try await client.execute(
                uri: "/projects/\(Self.project)/fix/school", method: .post, headers: form,
                body: WorkbenchTests.form([
                    ("csrf", settings.csrfToken), ("spelling", "МБОУ СОШ № 7 г. Серова"), ("school", "sosva-2"),
                ])
            ) { #expect($0.status == .seeOther) }
            let registerAfter = try String(contentsOfFile: registerPath, encoding: .utf8)
            let registerChanges = zip(
                registerBefore.components(separatedBy: "\n"), registerAfter.components(separatedBy: "\n")
            ).filter { $0 != $1 }
            #expect(registerChanges.count == 1)
            #expect(registerChanges.first?.1.hasSuffix(#", "МБОУ СОШ № 7 г. Серова"]"#) == true)
            let third = try await Self.waitForRun(client)
            #expect((third["lines"] as? [String] ?? []).contains { $0.contains("не учтено 7") })
            #expect(!(second["warnings"] as? [String] ?? []).contains { $0.contains("Удовлетворена частично") })
            #expect((second["lines"] as? [String] ?? []).contains { $0.contains("не учтено 8") })
            let served = try await client.execute(
                uri: "/files/\(Self.project)/results.json", method: .get
            ) { Data(buffer: $0.body) }
            // The same files through the library call of `shnor run`, into another folder.
            let elsewhere = try TemporaryFolder.make("workbench-cli").appendingPathComponent("out")
            _ = try PipelineRun.run(
                try PipelineConfiguration.load(path: folder.pipelineFile(Self.project)), outputFolder: elsewhere.path)
            #expect(served == (try Data(contentsOf: elsewhere.appendingPathComponent("results.json"))))
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("цель достигнута"))
            }
            try await client.execute(uri: "/projects/\(Self.project)/note", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("/files/\(Self.project)/note.docx"))
                #expect(page.contains("<svg"))
            }
        }
    }

    @Test func theRolesTheAnalystChoseOverrideTheGuesses() throws {
        let folder = try TemporaryFolder.make("workbench-roles").path
        let forms = "Какие формы помощи оказались для вас полезными?"
        let draft = try ExportDraft(
            exports: [Self.sample.path], kind: nil, folder: folder, register: "schools.yaml",
            registerPath: Self.register.path,
            roles: [forms: "text", "Оцените полезность мероприятий": "skip", "Должность": "text"])
        #expect(draft.instrument.contains(#"role: text, header: "\#(forms)""#))
        #expect(!draft.instrument.contains("role: choices"))
        #expect(!draft.instrument.contains("role: grid"))
        #expect(draft.instrument.contains(#"role: text, header: "Должность""#))
        #expect(draft.guesses.contains { $0.column == "Оцените полезность мероприятий" && $0.role == "skip" })
        // Without roles, the guesses stand.
        let guessed = try ExportDraft(
            exports: [Self.sample.path], kind: nil, folder: folder, register: "schools.yaml",
            registerPath: Self.register.path)
        #expect(guessed.instrument.contains("role: choices") && guessed.instrument.contains("role: grid"))
    }

    @Test func aSynonymIsAddedWhereverTheListStands() {
        let flow = """
            # comment kept
            scales:
              q1:   # the overall question
                categories:
                  - label: "Скорее удовлетворён(а)"
                    synonyms: ["a", 'b, c']   # spellings seen
                  - label: Полностью удовлетворён(а)
                non_substantive:
                  - label: Затрудняюсь ответить
            columns: []
            """
        let added = YAMLEdit.addSynonym(flow, scale: "q1", category: "Скорее удовлетворён(а)", spelling: "x \"y\"")
        #expect(added?.contains(#"synonyms: ["a", 'b, c', "x \"y\""]   # spellings seen"#) == true)
        let inserted = YAMLEdit.addSynonym(flow, scale: "q1", category: "Полностью удовлетворён(а)", spelling: "п")
        #expect(inserted?.contains("  - label: Полностью удовлетворён(а)\n        synonyms: [\"п\"]\n") == true)
        #expect(inserted?.hasPrefix("# comment kept\n") == true)
        #expect(YAMLEdit.addSynonym(flow, scale: "q2", category: "Полностью удовлетворён(а)", spelling: "п") == nil)
        let block =
            "scales:\n  s:\n    categories:\n      - label: A\n        synonyms:\n          - a1\n      - label: B\n"
        #expect(
            YAMLEdit.addSynonym(block, scale: "s", category: "A", spelling: "a2")
                == "scales:\n  s:\n    categories:\n      - label: A\n        synonyms:\n          - a1\n          - \"a2\"\n      - label: B\n"
        )
    }

    @Test func anAliasIsAddedToTheRightSchool() {
        let register = """
            schools:
              - id: sosva-1
                name: МАОУ СОШ № 1
                aliases: [СОШ № 1, школа 1]
              - id: sosva-2   # the second
                name: МКОУ СОШ № 2
            """
        #expect(
            YAMLEdit.addAlias(register, schoolID: "sosva-1", spelling: "школа №1")?.contains(
                #"aliases: [СОШ № 1, школа 1, "школа №1"]"#) == true)
        #expect(
            YAMLEdit.addAlias(register, schoolID: "sosva-2", spelling: "СОШ 2")?.hasSuffix(
                "  - id: sosva-2   # the second\n    aliases: [\"СОШ 2\"]\n    name: МКОУ СОШ № 2") == true)
        #expect(
            LedgerFixes.unknownSchool("столбец 3 «Школа»: школы «МБОУ «СОШ № 7»» нет в реестре школ")
                == "МБОУ «СОШ № 7»")
    }
}
