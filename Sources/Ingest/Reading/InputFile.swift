import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An export file opened for reading in fixed-size pieces, so memory stays flat whatever its size.
final class InputFile {
    let path: String
    let size: Int
    private let descriptor: FileDescriptor

    init(path: String) throws {
        self.path = path
        descriptor = try RegularFile.openForReading(path)
        do {
            let end = try descriptor.seek(offset: 0, from: .end)
            _ = try descriptor.seek(offset: 0, from: .start)
            size = Int(end)
        } catch {
            try? descriptor.close()
            throw IngestError(.cannotOpen, file: path, detail: "это не обычный файл (папка или устройство?)")
        }
    }

    deinit { try? descriptor.close() }

    func rewind() throws {
        do {
            _ = try descriptor.seek(offset: 0, from: .start)
        } catch let errno as Errno {
            throw IngestError(.cannotRead, file: path, detail: "не удалось перечитать файл: \(Self.describe(errno))")
        }
    }

    func seek(to offset: Int) throws {
        do {
            _ = try descriptor.seek(offset: Int64(offset), from: .start)
        } catch let errno as Errno {
            throw IngestError(
                .cannotRead, file: path, detail: "не удалось перейти к байту \(offset): \(Self.describe(errno))")
        }
    }

    /// Fills `buffer` as far as the file allows; 0 means the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count: Int
            do {
                count = try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            } catch let errno as Errno {
                throw IngestError(.cannotRead, file: path, detail: "ошибка чтения: \(Self.describe(errno))")
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// The first `limit` bytes.
    func sample(limit: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = try bytes.withUnsafeMutableBytes { try read(into: $0) }
        try rewind()
        return Array(bytes[..<count])
    }

    static func describe(_ errno: Errno) -> String {
        switch errno {
        case .noSuchFileOrDirectory: "нет такого файла"
        case .permissionDenied: "нет прав на чтение"
        case .isDirectory: "это папка, а не файл"
        case .noSpace: "на диске нет места"
        case .readOnlyFileSystem: "файловая система только для чтения"
        case .diskQuotaExceeded: "превышена дисковая квота"
        case .fileTooLarge: "файл слишком велик для этой файловой системы"
        default: "\(errno) (код \(errno.rawValue))"
        }
    }
}
