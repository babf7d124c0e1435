import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Workbench

/// The workbench's handlers through a real HTTP connection on the loopback: the safety rules of
/// issue 23 (private files, CSRF, upload limit and names, the access token, escaping) and the
/// walk from an upload to a note whose results.json is the one `shnor run` writes.
@Suite struct WorkbenchTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func settings(_ root: URL, maxUpload: Int = 1 << 20, token: Bool = false) -> WorkbenchSettings {
        WorkbenchSettings(
            root: root.path, port: 0, listensBeyondLoopback: token, maxUploadBytes: maxUpload)
    }

    static func app(_ settings: WorkbenchSettings) throws -> some ApplicationProtocol {
        try Workbench.application(settings)
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics
        let text = fields.map {
            "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test func privateFilesAreNeverServed() async throws {
        let root = try TemporaryFolder.make("workbench")
        let settings = Self.settings(root)
        let app = try Self.app(settings)
        let output = root.appendingPathComponent("out/survey")
        try FileManager.default.createDirectory(
            at: output.appendingPathComponent("private"), withIntermediateDirectories: true)
        try Data("{}".utf8).write(to: output.appendingPathComponent("results.json"))
        try Data("вход;строка\nsurvey;2\n".utf8).write(to: output.appendingPathComponent("private/rejects.csv"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("outside.txt"))
        try FileManager.default.createSymbolicLink(
            atPath: output.appendingPathComponent("link.txt").path, withDestinationPath: root.path + "/outside.txt")
        try await app.test(.live) { client in
            try await client.execute(uri: "/files/survey/results.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{}")
            }
            try await client.execute(uri: "/files/survey/private/rejects.csv", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Файлы из папки private/ содержат персональные данные"))
            }
            try await client.execute(uri: "/files/survey/PRIVATE/rejects.csv", method: .get) { response in
                #expect(response.status == .forbidden)
            }
            for uri in [
                "/files/survey/../../outside.txt", "/files/%2E%2E/outside.txt", "/files/survey/link.txt",
                "/files/survey/%2E%2E/%2E%2E/outside.txt", "/files/survey", "/files/survey%2F..%2F..%2Foutside.txt",
                "/files/survey/%2e%2e%2fprivate%2frejects.csv", "/files/survey/.hidden",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains("secret"))
                }
            }
        }
    }

    @Test func onTheLoopbackOnlyThisMachinesNamesAreAnswered() {
        // The refusal itself is checked by the browser test (a request naming another host).
        #expect(AccessMiddleware.namesThisMachine("127.0.0.1:8080"))
        #expect(AccessMiddleware.namesThisMachine("localhost"))
        #expect(AccessMiddleware.namesThisMachine("[::1]:80"))
        #expect(!AccessMiddleware.namesThisMachine("127.0.0.1.example.com"))
        #expect(!AccessMiddleware.namesThisMachine("attacker.example:8080"))
        #expect(!AccessMiddleware.namesThisMachine(nil))
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        let root = try TemporaryFolder.make("workbench")
        let settings = Self.settings(root)
        try await Self.app(settings).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("name=\"csrf\" value=\"\(settings.csrfToken)\""))
            }
            for body in [Self.form([("column", "x")]), Self.form([("csrf", "0123"), ("column", "x")])] {
                try await client.execute(
                    uri: "/exports/a.csv/draft", method: .post, headers: Self.formHeaders, body: body
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body).contains("В запросе нет ключа формы (CSRF)"))
                }
            }
            try await client.execute(uri: "/upload?name=a.csv", method: .put, body: ByteBuffer(string: "a;b\n1;2\n")) {
                response in
                #expect(response.status == .forbidden)
            }
            #expect(FileManager.default.subpaths(atPath: root.path + "/exports")?.isEmpty == true)
            // With the token the same form reaches its handler (which finds no such export).
            try await client.execute(
                uri: "/exports/a.csv/draft", method: .post, headers: Self.formHeaders,
                body: Self.form([("csrf", settings.csrfToken)])
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Выгрузки «a.csv» нет"))
            }
        }
    }

    @Test func uploadsAreLimitedStreamedAndSafelyNamed() async throws {
        let root = try TemporaryFolder.make("workbench")
        let settings = Self.settings(root, maxUpload: 1_000)
        let csrf: HTTPFields = [AccessMiddleware.csrfHeader!: settings.csrfToken]
        try await Self.app(settings).test(.live) { client in
            try await client.execute(
                uri: "/upload?name=..%2F..%2Fbig.csv", method: .put, headers: csrf,
                body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 5_000)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("Файл слишком большой"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/exports").isEmpty)
            try await client.execute(
                uri: "/upload?name=..%2F..%2F%D0%9E%D0%BF%D1%80%D0%BE%D1%81%20%3Cx%3E.CSV", method: .put,
                headers: csrf, body: ByteBuffer(string: "a;b\n1;2\n")
            ) { response in
                #expect(response.status == .created)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path + "/exports") == ["x.csv"])
            try await client.execute(
                uri: "/upload?name=survey.exe", method: .put, headers: csrf, body: ByteBuffer(string: "MZ")
            ) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func beyondTheLoopbackEveryPageNeedsTheToken() async throws {
        let root = try TemporaryFolder.make("workbench")
        let settings = Self.settings(root, token: true)
        let token = try #require(settings.accessToken)
        try await Self.app(settings).test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("Нужен ключ доступа"))
            }
            try await client.execute(uri: "/?token=wrong", method: .get) { response in
                #expect(response.status == .forbidden)
            }
            let cookie = try await client.execute(uri: "/?token=\(token)", method: .get) { response in
                #expect(response.status == .seeOther)
                return response.headers[.setCookie] ?? ""
            }
            #expect(cookie.contains("shnor_token=\(token)") && cookie.contains("HttpOnly"))
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "shnor_token=\(token)"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func answersAreTextNeverMarkup() async throws {
        let root = try TemporaryFolder.make("workbench")
        let settings = Self.settings(root)
        try FileManager.default.createDirectory(atPath: root.path + "/exports", withIntermediateDirectories: true)
        try Data("Вопрос;Ответ\n1;<script>alert(1)</script>\n2;<script>alert(1)</script>\n".utf8)
            .write(to: root.appendingPathComponent("exports/x.csv"))
        try await Self.app(settings).test(.live) { client in
            try await client.execute(uri: "/exports/x.csv", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!page.contains("<script>alert"))
            }
        }
    }

    @Test func theOwnerOfALoopbackClientIsReadFromTheKernelsTable() {
        let table = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1150 1
               1: 0100007F:D431 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1001        0 2211 1
               2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 2212 1
            """
        #expect(LoopbackPeer.owner(in: table, clientPort: 0xD431, serverPort: 0x1F90) == 1001)
        #expect(LoopbackPeer.owner(in: table, clientPort: 0xD432, serverPort: 0x1F90) == nil)
        // An earlier connection of the same ports in TIME_WAIT (uid 0) listed first does not hide the live one.
        let waiting = table.replacingOccurrences(
            of: "   1: 0100007F:D431",
            with:
                "   3: 0100007F:D431 0100007F:1F90 06 00000000:00000000 03:00000000 00000000     0        0 0 3\n   1: 0100007F:D431"
        )
        #expect(
            waiting.contains(" 06 ") && LoopbackPeer.owner(in: waiting, clientPort: 0xD431, serverPort: 0x1F90) == 1001)
        // A socket the table does not list is nobody's (the flow test sees this user's own).
        #expect(!LoopbackPeer.isThisUser(clientPort: 1, serverPort: 2))
    }

    @Test func rejectedRowsAreShownOnlyToThisMachine() throws {
        let root = try TemporaryFolder.make("workbench")
        let folder = WorkbenchFolder(root: root.path)
        try folder.createFolders()
        try FileManager.default.createDirectory(atPath: folder.pipelines + "/p", withIntermediateDirectories: true)
        try Data("pipeline: p\n".utf8).write(to: URL(fileURLWithPath: folder.pipelineFile("p")))
        try FileManager.default.createDirectory(
            atPath: folder.outputs + "/p/private", withIntermediateDirectories: true)
        try Data(
            "\u{FEFF}вход;стадия;файл;строка;причина;описание;значения\nsurvey;clean;x.csv;7;test_submission;тестовая;Иванов Пётр\n"
                .utf8
        ).write(to: URL(fileURLWithPath: folder.outputs + "/p/private/rejects.csv"))
        let page = LedgerPage(folder: folder, id: "p")
        let local = page.html(local: true, csrf: "c")
        let remote = page.html(local: false, csrf: "c")
        #expect(local.contains("Иванов Пётр"))
        #expect(!remote.contains("Иванов Пётр"))
        #expect(remote.contains("показываются только на компьютере"))
    }
}
