import CFileExchange
import Foundation
import Ingest

/// The folder a run writes into: public outputs at the top, personal data under `private/`
/// (mode 0700, files 0600).
///
/// All of a run's files are written into a staging folder beside the target (`DIR.staging-PID`)
/// and fsynced; ``commit()`` then exchanges the staging folder with the target in one atomic
/// rename (Linux `renameat2` with `RENAME_EXCHANGE`). A run killed at any moment leaves the
/// previous complete outputs or the new complete ones, never a mix. The pseudonym secret is
/// carried over from the previous outputs, so pseudonyms stay stable between runs.
struct OutputFolder {
    let path: String
    let staging: String

    /// Stages a run's outputs for the folder `requested` (normalised first, see ``normalised(_:)``).
    init(path requested: String) throws {
        let path = try Self.normalised(requested)
        self.path = path
        let (parent, name) = Self.split(path)
        let prefix = parent.isEmpty ? "" : parent.hasSuffix("/") ? parent : parent + "/"
        staging = prefix + name + ".staging-\(getpid())"
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw IngestError(.cannotOpen, file: path, detail: "это файл, а нужна папка для результатов")
            }
            let entries = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty || entries.contains("manifest.json") else {
                throw IngestError(
                    .cannotOpen, file: path,
                    detail:
                        "папка не пуста и не похожа на результаты shnor (в ней нет manifest.json): укажите пустую или новую папку — её содержимое заменяется целиком"
                )
            }
        }
        // Staging folders of runs that were killed before they could commit.
        let siblings = (try? manager.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent)) ?? []
        for sibling in siblings where sibling.hasPrefix(name + ".staging-") {
            try? manager.removeItem(atPath: prefix + sibling)
        }
        InFlightOutputs.add(staging)
        try Self.makeFolder(staging, mode: 0o755)
        try Self.makeFolder(staging + "/private", mode: 0o700)
        try Self.makeFolder(staging + "/clean", mode: 0o755)
    }

    /// `requested` with `.` and `name/..` folded and trailing slashes dropped, so the staging
    /// folder is always a sibling named after the folder itself.
    ///
    /// Refuses (exit status 2) a folder whose wholesale replacement would destroy what the
    /// analyst did not mean to give up: the root, the current folder and any folder holding it.
    static func normalised(_ requested: String) throws -> String {
        let path = PipelineConfiguration.normalised(requested)
        let absolute = Self.absolute(path)
        let current = Self.absolute(FileManager.default.currentDirectoryPath)
        if absolute == "/" {
            throw CommandError.usage(
                "папка результатов «\(requested)» — корень файловой системы: её содержимое заменяется целиком; укажите отдельную папку, например out/<id конвейера>"
            )
        }
        if path == "." || current == absolute || current.hasPrefix(absolute + "/") {
            throw CommandError.usage(
                "папка результатов «\(requested)» — текущая папка или папка, в которой она лежит: её содержимое заменяется целиком; укажите отдельную папку, например out/<id конвейера>"
            )
        }
        return path
    }

    /// Refuses (exit status 2) an output folder that holds a file the run reads: replacing the
    /// folder would destroy the file, and a later run would cite its own outputs.
    static func checkHoldsNone(of reads: [String], folder: String) throws {
        let inside = [Self.absolute(folder) + "/", Self.resolvedLink(folder) + "/"]
        for read in reads {
            let forms = [Self.absolute(read), Self.resolvedLink(read)]
            if forms.contains(where: { form in inside.contains { form.hasPrefix($0) } }) {
                throw CommandError.usage(
                    "папка результатов «\(folder)» содержит файл, который читает этот запуск: \(read) — её содержимое заменяется целиком; укажите другую папку --out"
                )
            }
        }
    }

    /// The folder holding `path` ("" for a bare name, "/" at the root) and its last component,
    /// for a normalised path (no trailing slash). Foundation's `deletingLastPathComponent`
    /// traps on some one-character names, so the split is done here.
    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    /// `path` made absolute against the current folder and folded (no symbolic links followed).
    private static func absolute(_ path: String) -> String {
        PipelineConfiguration.normalised(
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// `path` with the symbolic links of the folders above it resolved (the last component kept
    /// as it is: the run replaces a link, it does not write through it).
    private static func resolvedLink(_ path: String) -> String {
        let absolute = Self.absolute(path)
        let (parent, name) = Self.split(absolute)
        guard let resolved = realpath(parent, nil) else { return absolute }
        defer { free(resolved) }
        let folder = String(cString: resolved)
        return (folder == "/" ? "" : folder) + "/" + name
    }

    static func makeFolder(_ path: String, mode: Int) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true,
                attributes: [.posixPermissions: mode])
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        } catch {
            throw IngestError(
                .cannotOpen, file: path, detail: "не удалось создать папку для результатов: \(Self.reason(error))")
        }
    }

    /// Writes a whole file into the staging folder.
    func write(_ relative: String, _ text: String, private isPrivate: Bool = false) throws {
        try namingTheTarget {
            let file = try OutputFile(path: staging + "/" + relative, private: isPrivate)
            try file.write(text)
            try file.commit()
        }
    }

    /// Writes bytes (the Word document) into the staging folder.
    func write(_ relative: String, _ data: Data) throws {
        try namingTheTarget {
            let file = try OutputFile(path: staging + "/" + relative)
            try data.withUnsafeBytes { try file.write($0) }
            try file.commit()
        }
    }

    /// Errors name the output as the analyst asked for it, not the staging folder.
    private func namingTheTarget(_ body: () throws -> Void) throws {
        do { try body() } catch var error as IngestError {
            error.file = error.file.replacingOccurrences(of: staging, with: path)
            throw error
        }
    }

    /// Writes a CSV table (UTF-8 with BOM, `;`, formula-safe) into the staging folder.
    func writeTable(_ relative: String, header: [String], rows: [[String]], private isPrivate: Bool = false) throws {
        try writeTable(relative, header: header, private: isPrivate) { write in
            for row in rows { try write(row) }
        }
    }

    /// Writes a table whose rows `rows` hands over one at a time, so they are never all held.
    func writeTable(
        _ relative: String, header: [String], private isPrivate: Bool = false,
        rows: (([String]) throws -> Void) throws -> Void
    ) throws {
        try namingTheTarget {
            let file = try OutputFile(path: staging + "/" + relative, private: isPrivate)
            let table = try CSVTableWriter(output: file)
            try table.writeRow(header)
            try rows { try table.writeRow($0) }
            try file.commit()
        }
    }

    /// The secret that keys pseudonyms: the previous outputs' one, else a new one.
    /// Asked twice in one run, it gives the same secret.
    func pseudonymSecret() throws -> [UInt8] {
        var secret: [UInt8]
        if let data = try Self.storedSecret(staging + "/private/pseudonym.key") { return data }
        if let data = try Self.storedSecret(path + "/private/pseudonym.key") {
            secret = data
        } else {
            var generator = SystemRandomNumberGenerator()
            secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        let file = try OutputFile(path: staging + "/private/pseudonym.key", private: true)
        try file.write(secret)
        try file.commit()
        return secret
    }

    /// The secret kept at `keyPath`, nil when there is none (or it is too short to be one);
    /// anything but a regular file there is an error rather than a wait.
    private static func storedSecret(_ keyPath: String) throws -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: keyPath) else { return nil }
        let bytes = try RegularFile.contents(
            of: keyPath, limit: 4096, tooLarge: "файл ключа псевдонимов больше 4096 байт — это не ключ shnor")
        return bytes.count >= 32 ? bytes : nil
    }

    /// Puts the staged outputs in place in one atomic step and removes the previous ones.
    func commit() throws {
        // A run that writes no clean table (clean_table: never, the indicators report) leaves no
        // empty clean/ behind.
        let clean = staging + "/clean"
        if (try? FileManager.default.contentsOfDirectory(atPath: clean))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: clean)
        }
        for folder in try subfolders(of: staging) + [staging] where shnor_sync_directory(folder) != 0 {
            throw IngestError(
                .cannotOpen, file: folder,
                detail: "не удалось записать папку на диск: \(String(cString: strerror(errno)))")
        }
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            if shnor_exchange_paths(staging, path) != 0 {
                // No atomic exchange on this file system: move the old outputs aside first.
                let aside = path + ".previous-\(getpid())"
                guard rename(path, aside) == 0, rename(staging, path) == 0 else {
                    throw IngestError(
                        .cannotOpen, file: path,
                        detail: "не удалось заменить результаты: \(String(cString: strerror(errno)))")
                }
                try? manager.removeItem(atPath: aside)
            } else {
                try? manager.removeItem(atPath: staging)  // now holds the previous outputs
            }
            InFlightOutputs.remove(staging)
        } else if rename(staging, path) != 0 {
            throw IngestError(
                .cannotOpen, file: path, detail: "не удалось записать результаты: \(String(cString: strerror(errno)))")
        } else {
            InFlightOutputs.remove(staging)
        }
        let parent = Self.split(path).parent
        _ = shnor_sync_directory(parent.isEmpty ? "." : parent)
    }

    /// Drops the staged outputs of a run that failed before committing.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
        InFlightOutputs.remove(staging)
    }

    private func subfolders(of folder: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var folders: [String] = []
        while let entry = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + entry, isDirectory: &isFolder), isFolder.boolValue
            {
                folders.append(folder + "/" + entry)
            }
        }
        return folders
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return (error as NSError).localizedDescription
    }
}
