import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens only regular files, so a named pipe, a device or a socket given as an input or a
/// configuration file is refused at once instead of blocking the process in `open` forever.
///
/// The path is checked with `stat` before it is opened, opened with `O_NONBLOCK` (opening a FIFO
/// that way never waits for a writer), checked again with `fstat` on the descriptor (the path
/// may have been swapped in between), and only then switched back to blocking reads. Every
/// refusal is an ``IngestError`` naming the file (exit status 3).
public enum RegularFile {
    /// Why the path is not a regular file, in Russian, or nil when it is one.
    static func refusal(mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "это не обычный файл, а папка"
        case S_IFIFO: "это не обычный файл, а именованный канал (FIFO) — укажите сохранённый файл выгрузки"
        case S_IFSOCK: "это не обычный файл, а сокет"
        case S_IFCHR, S_IFBLK: "это не обычный файл, а устройство"
        default: "это не обычный файл (папка или устройство?)"
        }
    }

    /// A descriptor open for blocking reads on the regular file at `path`; the caller closes it.
    public static func openForReading(_ path: String) throws -> FileDescriptor {
        var status = stat()
        if stat(path, &status) == 0, let refusal = refusal(mode: status.st_mode) {
            throw IngestError(.notRegularFile, file: path, detail: refusal)
        }
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking])
        } catch let errno as Errno {
            throw IngestError(.cannotOpen, file: path, detail: "файл не открывается: \(InputFile.describe(errno))")
        }
        guard fstat(descriptor.rawValue, &status) == 0 else {
            try? descriptor.close()
            throw IngestError(
                .cannotOpen, file: path, detail: "файл не открывается: \(InputFile.describe(Errno(rawValue: errno)))")
        }
        if let refusal = refusal(mode: status.st_mode) {
            try? descriptor.close()
            throw IngestError(.notRegularFile, file: path, detail: refusal)
        }
        let flags = fcntl(descriptor.rawValue, F_GETFL)
        guard flags >= 0, fcntl(descriptor.rawValue, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            try? descriptor.close()
            throw IngestError(
                .cannotOpen, file: path, detail: "файл не открывается: \(InputFile.describe(Errno(rawValue: errno)))")
        }
        return descriptor
    }

    /// The whole regular file at `path`, refused when it holds more than `limit` bytes.
    ///
    /// `tooLarge` is the message for a file over the limit; the size is checked on the open
    /// descriptor, before anything is read.
    public static func contents(of path: String, limit: Int, tooLarge: String) throws -> [UInt8] {
        let descriptor = try openForReading(path)
        defer { try? descriptor.close() }
        var status = stat()
        guard fstat(descriptor.rawValue, &status) == 0 else {
            throw IngestError(
                .cannotRead, file: path, detail: "ошибка чтения: \(InputFile.describe(Errno(rawValue: errno)))")
        }
        guard Int(status.st_size) <= limit else { throw IngestError(.fileTooLarge, file: path, detail: tooLarge) }
        // One byte more than the limit tells a file that grew since fstat from one that did not.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while filled < bytes.count {
            let count: Int
            do {
                count = try bytes.withUnsafeMutableBytes { buffer in
                    try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                }
            } catch let errno as Errno {
                throw IngestError(.cannotRead, file: path, detail: "ошибка чтения: \(InputFile.describe(errno))")
            }
            if count == 0 { break }
            filled += count
            if filled == bytes.count, filled <= limit { bytes.append(contentsOf: repeatElement(0, count: 1 << 16)) }
        }
        guard filled <= limit else { throw IngestError(.fileTooLarge, file: path, detail: tooLarge) }
        return Array(bytes[..<filled])
    }

    /// Hands the regular file at `path` to `body` in pieces of `pieceBytes`, start to end, so a
    /// large file is never held whole.
    public static func readPieces(
        of path: String, pieceBytes: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let descriptor = try openForReading(path)
        defer { try? descriptor.close() }
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceBytes, alignment: 16)
        defer { piece.deallocate() }
        while true {
            let count: Int
            do {
                count = try descriptor.read(into: piece)
            } catch let errno as Errno {
                throw IngestError(.cannotRead, file: path, detail: "ошибка чтения: \(InputFile.describe(errno))")
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: piece[..<count]))
        }
    }
}
