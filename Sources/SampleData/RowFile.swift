import Foundation
import Ingest

/// A CSV file written row by row through a buffer, in UTF-8 (`,`, LF) or windows-1251 (`;`, CRLF).
final class RowFile {
    private let handle: FileHandle
    private let path: String
    private let windows1251: Bool
    private var buffer: [UInt8] = []

    init(path: String, windows1251: Bool) throws {
        self.path = path
        self.windows1251 = windows1251
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw IngestError(.cannotOpen, file: path, detail: "не удалось создать файл")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ cells: [String]) throws {
        let line = SampleSurvey.csv([cells], delimiter: windows1251 ? ";" : ",", newline: windows1251 ? "\r\n" : "\n")
        if windows1251 {
            guard let bytes = line.data(using: .windowsCP1251) else {
                throw IngestError(.cannotOpen, file: path, detail: "строка не кодируется в windows-1251")
            }
            buffer.append(contentsOf: bytes)
        } else {
            buffer.append(contentsOf: line.utf8)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}
