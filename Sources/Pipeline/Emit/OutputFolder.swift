import Foundation
import Ingest

/// The folder a run writes into: public outputs at the top, personal data under `private/`
/// (mode 0700, files 0600). Every file is written to a temporary file, fsynced and renamed.
struct OutputFolder {
    let path: String

    init(path: String) throws {
        self.path = path
        try Self.makeFolder(path, mode: 0o755)
        try Self.makeFolder(self.path + "/private", mode: 0o700)
        try Self.makeFolder(self.path + "/clean", mode: 0o755)
    }

    static func makeFolder(_ path: String, mode: Int) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw IngestError(.cannotOpen, file: path, detail: "это файл, а нужна папка для результатов")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: mode])
            } catch {
                throw IngestError(.cannotOpen, file: path, detail: "не удалось создать папку для результатов")
            }
        }
        if mode == 0o700 { try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path) }
    }

    /// Writes a whole file atomically.
    func write(_ relative: String, _ text: String, private isPrivate: Bool = false) throws {
        let file = try OutputFile(path: path + "/" + relative, private: isPrivate)
        try file.write(text)
        try file.commit()
    }

    /// Writes a CSV table atomically (UTF-8 with BOM, `;`, formula-safe).
    func writeTable(_ relative: String, header: [String], rows: [[String]], private isPrivate: Bool = false) throws {
        let file = try OutputFile(path: path + "/" + relative, private: isPrivate)
        let table = try CSVTableWriter(output: file)
        try table.writeRow(header)
        for row in rows { try table.writeRow(row) }
        try file.commit()
    }

    /// The secret that keys pseudonyms: kept in `private/` so two runs of one wave link.
    func pseudonymSecret() throws -> [UInt8] {
        let keyPath = path + "/private/pseudonym.key"
        if let data = FileManager.default.contents(atPath: keyPath), data.count >= 32 { return Array(data) }
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let file = try OutputFile(path: keyPath, private: true)
        try file.write(secret)
        try file.commit()
        return secret
    }
}
