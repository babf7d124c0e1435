import Dispatch
import Foundation
import Hummingbird
import Ingest
import Notes
import Pipeline
import Yams

/// The pages and actions of the workbench; each calls the library the commands call.
struct Handlers: Sendable {
    let settings: WorkbenchSettings
    let folder: WorkbenchFolder
    let jobs: RunJobs

    static let exportExtensions: Set<String> = ["csv", "tsv", "txt", "xlsx", "xls"]
    static let registerExtensions: Set<String> = ["yaml", "yml"]

    func register(on router: Router<WorkbenchContext>) {
        router.get("/") { _, _ in try projectsPage() }
        router.get("workbench.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: WorkbenchScript.text)))
        }
        router.put("upload") { request, context in try await upload(request, context: context) }
        router.get("exports/:name") { request, context in
            try localOnly(context)
            let name = try context.parameters.require("name")
            let sheet = try Self.sheet(request.uri.queryParameters.get("sheet"))
            return try await Self.onThread { try inspectPage(name, sheet: sheet) }
        }
        router.get("exports/:name/draft") { request, context in
            try localOnly(context)
            let name = try context.parameters.require("name")
            let sheet = try Self.sheet(request.uri.queryParameters.get("sheet"))
            return try await Self.onThread { try draftPage(name, sheet: sheet) }
        }
        router.post("exports/:name/draft") { request, context in
            try localOnly(context)
            let name = try context.parameters.require("name")
            let fields = try await form(request, context)
            return try await Self.onThread { try saveDraft(name, form: fields) }
        }
        router.get("projects/:id") { _, context in try projectPage(try folder.project(context.parameters.require("id")))
        }
        router.post("projects/:id/run") { _, context in
            let id = try folder.project(context.parameters.require("id"))
            await jobs.start(id: id, pipeline: folder.pipelineFile(id), output: folder.outputFolder(id))
            return Pages.redirect("/projects/\(id)/run")
        }
        router.get("projects/:id/run") { _, context in
            let id = try folder.project(context.parameters.require("id"))
            let state = await jobs.state(id)
            return Pages.response(
                Pages.render(
                    "run", ["id": id, "stage": state?.stage ?? "не запускался"], title: "Запуск \(id)", csrf: nil))
        }
        router.get("projects/:id/run/status") { _, context in
            let id = try folder.project(context.parameters.require("id"))
            return runStatus(await jobs.state(id))
        }
        router.get("projects/:id/ledger") { _, context in
            let id = try folder.project(context.parameters.require("id"))
            return LedgerPage(folder: folder, id: id).response(local: context.isLocal, csrf: settings.csrfToken)
        }
        router.post("projects/:id/fix/answer") { request, context in
            try localOnly(context)
            let id = try folder.project(context.parameters.require("id"))
            let form = try await form(request, context)
            try LedgerFixes(folder: folder, id: id).addSynonym(
                question: form["question"] ?? "", answer: form["answer"] ?? "", category: form["category"] ?? "")
            await jobs.start(id: id, pipeline: folder.pipelineFile(id), output: folder.outputFolder(id))
            return Pages.redirect("/projects/\(id)/run")
        }
        router.post("projects/:id/fix/school") { request, context in
            try localOnly(context)
            let id = try folder.project(context.parameters.require("id"))
            let form = try await form(request, context)
            try LedgerFixes(folder: folder, id: id).addAlias(
                spelling: form["spelling"] ?? "", schoolID: form["school"] ?? "")
            await jobs.start(id: id, pipeline: folder.pipelineFile(id), output: folder.outputFolder(id))
            return Pages.redirect("/projects/\(id)/run")
        }
        router.get("projects/:id/note") { _, context in
            try NotePage(folder: folder, id: try folder.project(context.parameters.require("id"))).response()
        }
        router.get("files/**") { _, context in
            let path = try folder.publishedFile(context.parameters.getCatchAll().map(String.init))
            var headers: HTTPFields = [.contentType: Self.contentType(path), .xContentTypeOptions: "nosniff"]
            if !path.hasSuffix(".html") {
                headers[.contentDisposition] = "attachment; filename=\"\((path as NSString).lastPathComponent)\""
            }
            return Response(
                status: .ok, headers: headers, body: try await FileIO().loadFile(path: path, context: context))
        }
    }

    /// Runs `work` — a whole export read, say — on a dispatch thread, so the server's threads
    /// keep answering meanwhile.
    static func onThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Pages that show an export's own cells (names among them) open only on this machine.
    func localOnly(_ context: WorkbenchContext) throws {
        guard context.isLocal else {
            throw PageError(
                .forbidden, "Только на этом компьютере",
                "Эта страница показывает ячейки выгрузки (в них персональные данные) и открывается только на компьютере, где запущен workbench."
            )
        }
    }

    func form(_ request: Request, _ context: WorkbenchContext) async throws -> Form {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return Form(String(buffer: body))
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "md", "csv", "txt": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }

    // MARK: - Projects

    func projectsPage() throws -> Response {
        let projects = folder.projects().map { ProjectSummary(folder: folder, id: $0).values }
        let exports = WorkbenchFolder.files(in: folder.exports, extensions: Self.exportExtensions).map { name in
            let size =
                (try? FileManager.default.attributesOfItem(atPath: folder.exports + "/" + name)[.size] as? Int) ?? 0
            return ["name": name, "size": Self.bytes(size)]
        }
        let values: [String: Any] = [
            "root": settings.root, "projects": projects, "exports": exports,
            "registers": WorkbenchFolder.files(in: folder.registers, extensions: Self.registerExtensions),
            "limit": Self.bytes(settings.maxUploadBytes), "limitBytes": settings.maxUploadBytes,
        ]
        return Pages.response(Pages.render("projects", values, title: "Проекты", csrf: settings.csrfToken))
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20 { return RussianFormat.integer(count >> 20) + " МБ" }
        if count >= 1 << 10 { return RussianFormat.integer(count >> 10) + " КБ" }
        return RussianFormat.integer(count) + " байт"
    }

    func projectPage(_ id: String) throws -> Response {
        var values = ProjectSummary(folder: folder, id: id).values
        values["pipelineFile"] = folder.pipelineFile(id)
        return Pages.response(Pages.render("project", values, title: id, csrf: settings.csrfToken))
    }

    // MARK: - Upload

    /// Streams the body to a temporary file beside its destination, counting bytes: past the
    /// limit (or a declared length past it) the file is removed and a 413 page returned; the
    /// body is never held in memory. The stored name is the workbench's own safe name.
    func upload(_ request: Request, context: WorkbenchContext) async throws -> Response {
        let query = request.uri.queryParameters
        let isRegister = query.get("kind") == "register"
        let tooLarge = PageError(
            .contentTooLarge, "Файл слишком большой",
            "Файл больше \(Self.bytes(settings.maxUploadBytes)) — столько выгрузка опроса или результатов не занимает. "
                + "Проверьте, тот ли файл выбран.")
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > settings.maxUploadBytes {
            throw tooLarge
        }
        let target = isRegister ? folder.registers : folder.exports
        var name = WorkbenchFolder.safeName(query.get("name") ?? "", fallback: isRegister ? "register" : "export")
        let allowed = isRegister ? Self.registerExtensions : Self.exportExtensions
        guard allowed.contains((name as NSString).pathExtension) else {
            throw PageError.badRequest(
                isRegister
                    ? "Реестр школ — файл YAML (.yaml)."
                    : "Выгрузка — файл CSV, TSV, TXT, XLSX или XLS; «\(query.get("name") ?? "")» не из них.")
        }
        let stem = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        var number = 2
        while FileManager.default.fileExists(atPath: target + "/" + name) {
            name = "\(stem)-\(number).\(ext)"
            number += 1
        }
        let temporary = target + "/.upload-" + WorkbenchSettings.randomToken()
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else { throw PageError(.internalServerError, "Файл не сохранён", "Не удалось создать файл в \(target).") }
        do {
            var total = 0
            for try await buffer in request.body {
                total += buffer.readableBytes
                if total > settings.maxUploadBytes { throw tooLarge }
                try handle.write(contentsOf: buffer.readableBytesView)
            }
            try handle.close()
            try FileManager.default.moveItem(atPath: temporary, toPath: target + "/" + name)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        let location = isRegister ? "/" : "/exports/" + name
        return Response(
            status: .created, headers: [.location: location, .contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"location":\#(YAMLEdit.quoted(location))}"#)))
    }

    // MARK: - Inspect and draft

    /// The sheet a page or form names: a number from 1 (what the inspect page's choice sends);
    /// nil when none is named.
    static func sheet(_ text: String?) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count <= 4, let number = Int(text), number >= 1 else {
            throw PageError.badRequest("Лист книги указывается номером от 1, а указано «\(text)».")
        }
        return String(number)
    }

    /// The page of an export: `inspect`'s report as tables — the facts of the file, then a row
    /// per column — and, for a workbook of several sheets, the choice of the sheet to read.
    func inspectPage(_ name: String, sheet: String? = nil) throws -> Response {
        let path = try folder.export(named: name)
        var values: [String: Any] = ["name": name, "sheetQuery": sheet.map { "?sheet=" + $0 } ?? ""]
        do {
            let report = try InspectionReport.inspect(file: path, overrides: ReadingOverrides(sheet: sheet), top: 5)
            values["hasReport"] = true
            values["facts"] = report.facts.map { fact in
                ["label": fact.label, "value": fact.value.replacingOccurrences(of: folder.root + "/", with: "")]
            }
            values["remarks"] = report.remarks
            values["hasRemarks"] = !report.remarks.isEmpty
            values["columns"] = report.columnSummaries.enumerated().map { index, column -> [String: Any] in
                [
                    "number": index + 1, "name": column.name, "type": column.type,
                    "filled": "\(RussianFormat.integer(column.filled)) из \(RussianFormat.integer(report.rowsCounted))",
                    "distinct": column.distinct,
                    "top": column.topValues.map { ["value": $0.value, "count": RussianFormat.integer($0.count)] },
                ]
            }
            if let sheets = report.sheets, sheets.all.count > 1 {
                values["hasSheets"] = true
                values["sheets"] = sheets.all.enumerated().map { index, title -> [String: Any] in
                    ["number": index + 1, "title": "\(index + 1). \(title)", "selected": title == sheets.read]
                }
            }
            values["warning"] = report.encodingWarning ?? ""
        } catch {
            values["error"] = CommandError.reported(error)?.message ?? "\(error)"
        }
        return Pages.response(Pages.render("inspect", values, title: name, csrf: settings.csrfToken))
    }

    /// The draft of an export: its project folder and the draft made with the analyst's roles.
    func draft(_ name: String, sheet: String?, roles: [String: String]) throws -> (
        id: String, folder: String, draft: ExportDraft
    ) {
        let path = try folder.export(named: name)
        guard let register = folder.register else {
            throw PageError(
                .conflict, "Нет реестра школ",
                "Чтобы узнать школы в выгрузке, загрузите на главной странице реестр школ (YAML, как Surveys/schools.yaml)."
            )
        }
        let id = (name as NSString).deletingPathExtension
        let projectFolder = folder.pipelines + "/" + id
        do {
            let draft = try ExportDraft(
                exports: [path], kind: nil, folder: projectFolder,
                register: ExportDraft.relative(register, to: projectFolder), registerPath: register, sheet: sheet,
                roles: roles)
            return (id, projectFolder, draft)
        } catch {
            throw PageError.badRequest(CommandError.reported(error)?.message ?? "\(error)")
        }
    }

    static let roleTitles: [String: String] = [
        "timestamp": "время ответа", "respondent": "ФИО", "school": "школа", "position": "должность",
        "item": "вопрос со шкалой", "grid": "таблица вопросов", "choices": "множественный выбор",
        "text": "свободный ответ", "skip": "не использовать",
    ]

    func draftPage(_ name: String, sheet: String? = nil) throws -> Response {
        let made = try draft(name, sheet: sheet, roles: [:])
        let guesses: [[String: Any]] = made.draft.guesses.map { guess in
            [
                "column": guess.column, "detail": guess.detail, "sure": guess.sure,
                "roles":
                    (ExportDraft.choosableRoles.contains(guess.role)
                    ? ExportDraft.choosableRoles : [guess.role] + ExportDraft.choosableRoles).map { role in
                        ["value": role, "title": Self.roleTitles[role] ?? role, "selected": role == guess.role]
                    },
            ]
        }
        let values: [String: Any] = [
            "name": name, "guesses": guesses, "folder": "pipelines/\(made.id)/", "sheet": sheet ?? "",
            "scales": made.draft.scaledQuestions.map(Self.scaleValues),
            "hasScales": !made.draft.scaledQuestions.isEmpty,
            "exists": FileManager.default.fileExists(atPath: folder.pipelineFile(made.id)),
        ]
        return Pages.response(Pages.render("draft", values, title: "Черновик \(name)", csrf: settings.csrfToken))
    }

    /// A question's scale for the draft page: its categories in order (the top ones marked), and
    /// each spelling met with the place the analyst may change.
    static func scaleValues(_ question: ExportDraft.ScaledQuestion) -> [String: Any] {
        let top = question.top ?? 0
        let firstTop = question.categories.count - top
        return [
            "column": question.column,
            "categories": question.categories.enumerated().map { index, label in
                ["label": label, "isTop": top > 0 && index >= firstTop]
            },
            "hasTop": question.top != nil,
            "topChoices": (1..<max(2, question.categories.count)).map { ["count": $0, "selected": $0 == top] },
            "spellings": question.spellings.map { spelling -> [String: Any] in
                let current = ScaleChoice.value(spelling.place, categories: question.categories)
                var places = question.categories.enumerated().map { index, label in
                    ["value": "c\(index)", "title": label, "selected": current == "c\(index)"]
                }
                places.append(["value": "off", "title": "вне шкалы", "selected": current == "off"])
                if spelling.place == .unread {
                    places.append([
                        "value": "unread", "title": "не распознано (анкета не учитывается)", "selected": true,
                    ])
                }
                return [
                    "column": question.column, "text": spelling.text, "count": spelling.count,
                    "isLabel": spelling.isLabel, "places": places,
                ]
            },
        ]
    }

    /// Writes the instrument and pipeline of the draft with the roles the form chose,
    /// then checks them as `shnor validate` would read them.
    func saveDraft(_ name: String, form: Form) throws -> Response {
        let columns = form.all.filter { $0.name == "column" }.map(\.value)
        let chosen = form.all.filter { $0.name == "role" }.map(\.value)
        guard columns.count == chosen.count, chosen.allSatisfy({ !$0.isEmpty && $0.count < 40 }) else {
            throw PageError.badRequest("Форма черновика повреждена: откройте её заново.")
        }
        var target: Double?
        if let text = form["target"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let number = Double(text.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: "%", with: ""))
            guard let number, number > 0, number <= 100 else {
                throw PageError.badRequest("Целевое значение — число процентов от 0 до 100, а записано «\(text)».")
            }
            target = (number / 100 * 10_000).rounded() / 10_000
        }
        // A role of another kind's guess, left as it was, is the guess: only a survey's roles override.
        let overrides = zip(columns, chosen).filter { ExportDraft.choosableRoles.contains($0.1) }
        let made = try draft(
            name, sheet: try Self.sheet(form["sheet"]), roles: Dictionary(overrides, uniquingKeysWith: { $1 }))
        let (instrument, pipeline) = try ScaleChoice.apply(
            form, to: made.draft,
            pipeline: target.flatMap { YAMLEdit.setDraftTarget(made.draft.pipeline, share: $0) } ?? made.draft.pipeline)
        try FileManager.default.createDirectory(atPath: made.folder, withIntermediateDirectories: true)
        let names = made.draft.names
        for (file, text) in [(names.instrument, instrument), (names.pipeline, pipeline)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: made.folder + "/" + file), options: .atomic)
        }
        do {
            _ = try PipelineConfiguration.load(path: folder.pipelineFile(made.id))
        } catch {
            throw PageError(
                .unprocessableContent, "Анкета записана, но не проходит проверку",
                (CommandError.reported(error)?.message ?? "\(error)")
                    + " — исправьте роль столбца в черновике или файл вручную.")
        }
        return Pages.redirect("/projects/\(made.id)")
    }

    // MARK: - Run

    func runStatus(_ state: RunJobs.State?) -> Response {
        let object: [String: Any] = [
            "stage": state?.stage ?? "не запускался", "done": state?.done ?? true, "started": state != nil,
            "lines": state?.lines ?? [], "warnings": state?.warnings ?? [],
            "inputs": (state?.inputsRead ?? []).map { ["input": $0.input, "rows": $0.rows] as [String: Any] },
            "failure": state?.failure ?? "",
            "error": state?.error ?? "",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// What the projects page and a project's page show of one pipeline: its title and inputs as
/// the pipeline file names them, and its measures as its published results.json states them.
struct ProjectSummary {
    let folder: WorkbenchFolder
    let id: String

    static let statusWords: [String: (String, String)] = [
        "achieved": ("цель достигнута", "ok"),
        "achieved_within_margin": ("цель достигнута в пределах погрешности", "ok"),
        "not_achieved_within_margin": ("цель не достигнута в пределах погрешности", "warn"),
        "not_achieved": ("цель не достигнута", "bad"),
    ]

    var values: [String: Any] {
        var values: [String: Any] = ["id": id, "title": id, "inputs": [String]()]
        do {
            let text = try String(contentsOfFile: folder.pipelineFile(id), encoding: .utf8)
            let spec = try Yams.load(yaml: text) as? [String: Any] ?? [:]
            values["title"] = spec["title"] as? String ?? id
            values["inputs"] = (spec["inputs"] as? [[String: Any]] ?? []).map { input in
                "\(input["id"] ?? "?"): "
                    + ((input["file"] as? String).map { ($0 as NSString).lastPathComponent } ?? "?")
            }
        } catch {
            values["error"] = "Файл конвейера не читается: \(error)"
        }
        let output = folder.outputFolder(id)
        if let attributes = try? FileManager.default.attributesOfItem(atPath: output + "/manifest.json"),
            let date = attributes[.modificationDate] as? Date
        {
            let format = DateFormatter()
            format.locale = Locale(identifier: "ru_RU")
            format.dateFormat = "dd.MM.yyyy HH:mm"
            values["lastRun"] = format.string(from: date)
        } else {
            values["lastRun"] = "не было"
        }
        values["measures"] = Self.measures(in: output + "/results.json").map { measure -> [String: Any] in
            let share = (measure["share"] as? Double).map { RussianFormat.decimal($0 * 100, decimals: 1) + " %" } ?? "—"
            let status = (measure["status"] as? String).flatMap { Self.statusWords[$0] }
            return [
                "label": measure["label"] as? String ?? "", "share": share, "status": status?.0 ?? "",
                "statusClass": status?.1 ?? "",
            ]
        }
        return values
    }

    static func measures(in results: String) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: results),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return object["measures"] as? [[String: Any]] ?? []
    }
}
