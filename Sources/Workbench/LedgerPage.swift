import Clean
import Foundation
import Hummingbird
import Ingest
import Notes
import Pipeline
import Yams

/// The ledger of a project's last run as a page: counts per input, stage and reason from
/// manifest.json (published), and — only for a client on this machine — the rows not counted
/// from `private/` with a one-click fix where one exists.
struct LedgerPage {
    let folder: WorkbenchFolder
    let id: String

    func response(local: Bool, csrf: String) -> Response {
        Pages.response(html(local: local, csrf: csrf))
    }

    /// The page; the rejected rows and their fixes only when `local`.
    func html(local: Bool, csrf: String) -> String {
        let output = folder.outputFolder(id)
        var values: [String: Any] = ["id": id, "local": local]
        if let data = FileManager.default.contents(atPath: output + "/manifest.json"),
            let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            values["hasManifest"] = true
            values["stages"] = (manifest["ledger"] as? [[String: Any]] ?? []).map { stage -> [String: Any] in
                func counts(_ key: String, worded wording: (String) -> String) -> [[String: Any]] {
                    (stage[key] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }.filter { $0.value > 0 }.map {
                        ["reason": wording($0.key), "count": $0.value]
                    }
                }
                let code = stage["stage"] as? String ?? ""
                return [
                    "input": stage["input"] as? String ?? "", "stage": Ledger.wording(stage: code),
                    "rowsIn": stage["rows_in"] as? Int ?? 0, "rowsOut": stage["rows_out"] as? Int ?? 0,
                    "rejected": counts("rejected") { Rejection.Reason.wording(code: $0) },
                    "noted": counts("noted") { Ledger.wording(noted: $0) },
                ]
            }
        }
        if local {
            let fixes = LedgerFixes(folder: folder, id: id)
            let answers = Self.table(output + "/private/unreadable.csv").map { row -> [String: Any] in
                let question = row["вопрос"] ?? ""
                let answer = row["ответ"] ?? ""
                let categories = (try? fixes.categories(question: question)) ?? []
                let nearest = LedgerFixes.nearest(to: answer, among: categories.map { ($0.label, $0.spellings) })
                return [
                    "id": id, "line": row["строка"] ?? "", "question": question, "answer": answer,
                    "hasCategories": !categories.isEmpty,
                    "categories": categories.map { ["label": $0.label, "nearest": $0.label == nearest] },
                ]
            }
            let schools = (try? fixes.schools()) ?? []
            let rejects = Self.table(output + "/private/rejects.csv").map { row -> [String: Any] in
                var values: [String: Any] = [
                    "id": id, "stage": Ledger.wording(stage: row["стадия"] ?? ""), "line": row["строка"] ?? "",
                    "description": row["описание"] ?? "", "cells": row["значения"] ?? "",
                ]
                if row["причина"] == "unknown_school", let spelling = LedgerFixes.unknownSchool(row["описание"] ?? ""),
                    !schools.isEmpty
                {
                    let nearest = LedgerFixes.nearest(to: spelling, among: schools.map { ($0.id, $0.spellings) })
                    values["school"] = spelling
                    values["schools"] = schools.map {
                        ["schoolID": $0.id, "name": $0.name, "nearest": $0.id == nearest]
                    }
                }
                return values
            }
            values["answers"] = answers
            values["rejects"] = rejects
            values["hasRejects"] = !rejects.isEmpty
        }
        return Pages.render("ledger", values, title: "Журнал \(id)", csrf: csrf)
    }

    /// The rows of a CSV the run wrote (read by the same reader as every export), keyed by header.
    static func table(_ path: String) -> [[String: String]] {
        guard FileManager.default.fileExists(atPath: path), let reader = try? TableReader(path: path) else { return [] }
        var rows: [[String: String]] = []
        _ = try? reader.read { row in
            var values: [String: String] = [:]
            for (index, name) in row.header.original.enumerated() where index < row.count {
                values[name] = row.string(at: index)
            }
            rows.append(values)
        }
        return rows
    }
}

/// The one-click fixes of the ledger: a spelling added to a scale's synonyms or a school's
/// aliases by a targeted edit (`YAMLEdit`), checked by loading the pipeline again — and undone
/// when the pipeline no longer loads.
struct LedgerFixes {
    let folder: WorkbenchFolder
    let id: String

    struct Category {
        let label: String
        let spellings: [String]
    }

    struct School {
        let id: String
        let name: String
        let spellings: [String]
    }

    private func pipeline() throws -> [String: Any] {
        let text = try String(contentsOfFile: folder.pipelineFile(id), encoding: .utf8)
        return try Yams.load(yaml: text) as? [String: Any] ?? [:]
    }

    private func resolve(_ relative: String) -> String {
        let base = (folder.pipelineFile(id) as NSString).deletingLastPathComponent
        return URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: base + "/")).standardizedFileURL.path
    }

    /// The instrument of the survey input.
    func instrumentPath() throws -> String {
        let inputs = try pipeline()["inputs"] as? [[String: Any]] ?? []
        guard let instrument = inputs.first(where: { $0["kind"] as? String == "responses" })?["instrument"] as? String
        else { throw PageError.badRequest("В конвейере нет входа kind: responses с инструментом.") }
        return resolve(instrument)
    }

    func registerPath() throws -> String {
        guard let register = try pipeline()["register"] as? String else {
            throw PageError.badRequest("В конвейере не указан реестр школ (register).")
        }
        return resolve(register)
    }

    /// The scale of the question labelled `question` and its categories, non-substantive ones last.
    func scale(question: String) throws -> (id: String, categories: [Category]) {
        let text = try String(contentsOfFile: try instrumentPath(), encoding: .utf8)
        let instrument = try Yams.load(yaml: text) as? [String: Any] ?? [:]
        let columns = instrument["columns"] as? [[String: Any]] ?? []
        guard
            let column = columns.first(where: {
                ($0["label"] as? String) == question || ($0["header"] as? String) == question
                    || ($0["id"] as? String) == question
            }), let scaleID = column["scale"] as? String,
            let scale = (instrument["scales"] as? [String: Any])?[scaleID] as? [String: Any]
        else { throw PageError.badRequest("Вопрос «\(question)» не найден в инструменте или у него нет шкалы.") }
        let entries =
            (scale["categories"] as? [[String: Any]] ?? []) + (scale["non_substantive"] as? [[String: Any]] ?? [])
        return (
            scaleID,
            entries.compactMap { entry in
                guard let label = entry["label"].map({ "\($0)" }) else { return nil }
                return Category(label: label, spellings: (entry["synonyms"] as? [Any] ?? []).map { "\($0)" })
            }
        )
    }

    func categories(question: String) throws -> [Category] { try scale(question: question).categories }

    func schools() throws -> [School] {
        let text = try String(contentsOfFile: try registerPath(), encoding: .utf8)
        let register = try Yams.load(yaml: text) as? [String: Any] ?? [:]
        return (register["schools"] as? [[String: Any]] ?? []).compactMap { school in
            guard let id = school["id"].map({ "\($0)" }) else { return nil }
            let name = school["name"] as? String ?? id
            let spellings =
                [name, school["short"] as? String].compactMap { $0 }
                + (school["aliases"] as? [Any] ?? []).map { "\($0)" }
            return School(id: id, name: name, spellings: spellings)
        }
    }

    /// The school spelling a rejection of reason `unknown_school` names («школы «…» нет в реестре»).
    static func unknownSchool(_ description: String) -> String? {
        guard let start = description.range(of: "школы «"), let end = description.range(of: "» нет в реестре")
        else { return nil }
        guard start.upperBound <= end.lowerBound else { return nil }
        return String(description[start.upperBound..<end.lowerBound])
    }

    /// The key whose label or spellings lie closest to `text` (edit distance, case ignored).
    static func nearest(to text: String, among candidates: [(key: String, spellings: [String])]) -> String? {
        candidates.min { a, b in
            distance(text, a.key, a.spellings) < distance(text, b.key, b.spellings)
        }?.key
    }

    private static func distance(_ text: String, _ key: String, _ spellings: [String]) -> Int {
        ([key] + spellings).map { NearestName.distance(text, $0) }.min() ?? .max
    }

    func addSynonym(question: String, answer: String, category: String) throws {
        let scale = try scale(question: question)
        guard !answer.isEmpty, scale.categories.contains(where: { $0.label == category }) else {
            throw PageError.badRequest("Нет категории «\(category)» в шкале вопроса «\(question)».")
        }
        try edit(try instrumentPath(), what: "синоним «\(answer)»") {
            YAMLEdit.addSynonym($0, scale: scale.id, category: category, spelling: answer)
        }
    }

    func addAlias(spelling: String, schoolID: String) throws {
        guard !spelling.isEmpty, try schools().contains(where: { $0.id == schoolID }) else {
            throw PageError.badRequest("Нет школы «\(schoolID)» в реестре.")
        }
        try edit(try registerPath(), what: "написание «\(spelling)»") {
            YAMLEdit.addAlias($0, schoolID: schoolID, spelling: spelling)
        }
    }

    /// Applies `change` to the file at `path`, keeps it only if the pipeline still loads.
    private func edit(_ path: String, what: String, _ change: (String) -> String?) throws {
        let before = try String(contentsOfFile: path, encoding: .utf8)
        guard let after = change(before) else {
            throw PageError(
                .unprocessableContent, "Исправление не внесено",
                "Не удалось найти место для \(what) в \(path): добавьте его вручную.")
        }
        try Data(after.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        do {
            _ = try PipelineConfiguration.load(path: folder.pipelineFile(id))
        } catch {
            try Data(before.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            throw PageError(
                .unprocessableContent, "Исправление отменено",
                "После добавления \(what) конвейер не читается: \(CommandError.reported(error)?.message ?? "\(error)"). Файл возвращён как был."
            )
        }
    }
}
