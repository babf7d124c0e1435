import Foundation

/// The workbench's files under its root, and the one place a name from a request becomes a path.
///
/// A name from a request is never joined to a path as it is: uploads get a safe name of their
/// own (`safeName`), projects and exports are looked up by name in their folder, and a published
/// file's path (`publishedFile`) is normalised, must stay inside `out/`, and must not pass
/// through a `private/` folder.
struct WorkbenchFolder: Sendable {
    let root: String

    var exports: String { root + "/exports" }
    var registers: String { root + "/registers" }
    var pipelines: String { root + "/pipelines" }
    var outputs: String { root + "/out" }

    func createFolders() throws {
        for folder in [exports, registers, pipelines, outputs] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// A file name that is safe to store and works as a pipeline id: the last component of what
    /// the browser sent, Latin letters, digits, «-», «_» and one extension, lower-cased;
    /// `fallback` when nothing is left.
    static func safeName(_ sent: String, fallback: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let base = (last as NSString).deletingPathExtension
        let ext = (last as NSString).pathExtension.lowercased()
        func clean(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_" {
                    out.unicodeScalars.append(scalar)
                } else if !out.hasSuffix("-") {
                    out += "-"
                }
            }
            return out.trimmingCharacters(in: CharacterSet(charactersIn: "-_")).lowercased()
        }
        var stem = clean(base)
        if stem.isEmpty { stem = fallback }
        let cleanExtension = clean(ext)
        return String(stem.prefix(80)) + (cleanExtension.isEmpty ? "" : "." + cleanExtension)
    }

    /// Whether `name` is one plain name of this folder's kind (no separator, no leading dot).
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\") && name.count <= 120
            && !name.contains("\0")
    }

    /// The regular files of `folder`, sorted by name.
    static func files(in folder: String, extensions: Set<String>? = nil) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            guard isPlainName(name) else { return false }
            if let extensions, !extensions.contains((name as NSString).pathExtension.lowercased()) { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    /// The export of that name, if it is one.
    func export(named name: String) throws -> String {
        guard Self.isPlainName(name), Self.files(in: exports).contains(name) else {
            throw PageError.notFound("Выгрузки «\(name)» нет в папке workbench.")
        }
        return exports + "/" + name
    }

    /// The project ids: folders of `pipelines/` holding `<id>.pipeline.yaml`.
    func projects() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pipelines)) ?? []
        return names.filter { Self.isProjectID($0) && FileManager.default.fileExists(atPath: pipelineFile($0)) }
            .sorted()
    }

    static func isProjectID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 80
            && id.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            }
    }

    func pipelineFile(_ id: String) -> String { pipelines + "/" + id + "/" + id + ".pipeline.yaml" }
    func outputFolder(_ id: String) -> String { outputs + "/" + id }

    /// The id, checked: a project that exists.
    func project(_ id: String) throws -> String {
        guard Self.isProjectID(id), FileManager.default.fileExists(atPath: pipelineFile(id)) else {
            throw PageError.notFound("Проекта «\(id)» нет.")
        }
        return id
    }

    /// The register a draft binds schools by: the first YAML of `registers/`.
    var register: String? {
        Self.files(in: registers, extensions: ["yaml", "yml"]).first.map { registers + "/" + $0 }
    }

    /// The file under `out/` that `components` name, if it may be served: no `.` or `..`, no
    /// hidden names, nothing under a `private/` folder (403), a regular file whose real path
    /// (symbolic links resolved) is still inside `out/`.
    func publishedFile(_ components: [String]) throws -> String {
        guard !components.isEmpty,
            components.allSatisfy({ Self.isPlainName($0) })
        else { throw PageError.notFound("Такого файла нет.") }
        if components.contains(where: { $0.lowercased() == "private" }) {
            throw PageError(
                .forbidden, "Файл не выдаётся",
                "Файлы из папки private/ содержат персональные данные и через workbench не выдаются.")
        }
        let path = outputs + "/" + components.joined(separator: "/")
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let base = URL(fileURLWithPath: outputs).resolvingSymlinksInPath().path
        var isFolder: ObjCBool = false
        guard real.hasPrefix(base + "/"), !real.dropFirst(base.count).contains("/private/"),
            FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), !isFolder.boolValue
        else { throw PageError.notFound("Такого файла нет.") }
        return real
    }
}
