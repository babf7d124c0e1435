import CFileExchange
import SystemPackage
import UncachedIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered byte stream to a file or to standard output.
///
/// A named file is written atomically: bytes go to a temporary file beside it, which is
/// fsynced and renamed over the target by ``commit()``. Until then the target keeps its
/// previous content; an output dropped without `commit()` leaves no trace.
public final class OutputFile {
    public let path: String?
    private let descriptor: FileDescriptor
    /// Where the bytes are until ``commit()``.
    public let temporaryPath: String?
    private var buffer: [UInt8] = []
    private var flushed = 0
    private var committed = false
    /// Takes the file's bytes from the first large block on (see ``write(_:)-([UInt8])``).
    private var uncached: UncachedWriter?
    private static let flushThreshold = 256 * 1024

    /// Standard output.
    public init() {
        path = nil
        temporaryPath = nil
        descriptor = .standardOutput
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// A file at `path`, replaced atomically on ``commit()``; `private` files get mode 0600.
    public init(path: String, private isPrivate: Bool = false) throws {
        self.path = path
        let temporary = path + ".tmp-\(getpid())"
        temporaryPath = temporary
        do {
            descriptor = try FileDescriptor.open(
                // Read and write: the bytes of a partial block are read back (UncachedWriter).
                FilePath(temporary), .readWrite, options: [.create, .truncate, .exclusiveCreate],
                permissions: isPrivate ? [.ownerReadWrite] : [.ownerReadWrite, .groupRead, .otherRead])
        } catch let errno as Errno {
            throw IngestError(.cannotOpen, file: path, detail: "не удалось создать файл: \(InputFile.describe(errno))")
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit {
        // A block still in flight may be written through the descriptor: it lands (or fails)
        // before the descriptor is closed and its number can be given to another file.
        uncached = nil
        if let temporaryPath, !committed {
            try? descriptor.close()
            unlink(temporaryPath)
        }
    }

    @inline(__always)
    public func write(_ byte: UInt8) throws {
        buffer.append(byte)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// A block larger than the buffer (a stretch of a table's rows) goes to the file as it is.
    public func write(_ bytes: [UInt8]) throws {
        guard bytes.count >= Self.flushThreshold else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
            return
        }
        try flush()
        // A block this large is a table of hundreds of megabytes in the making: it goes past the
        // page cache from here on, or, where that cannot be, its pages start for the disk now, so
        // that commit's fsync waits for the last block, not the whole file.
        if uncached == nil, path != nil, let temporaryPath {
            uncached = UncachedWriter(path: temporaryPath, cached: descriptor.rawValue, length: flushed)
        }
        if let uncached {
            try writing { try bytes.withUnsafeBytes { try uncached.append($0) } }
            return
        }
        do {
            _ = try bytes.withUnsafeBytes { try descriptor.writeAll($0) }
        } catch let errno as Errno {
            throw IngestError(
                .cannotOpen, file: path ?? "стандартный вывод", detail: "ошибка записи: \(InputFile.describe(errno))")
        }
        if path != nil { _ = shnor_start_writeback(descriptor.rawValue, Int64(flushed), Int64(bytes.count)) }
        flushed += bytes.count
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        if let uncached {
            try writing { try buffer.withUnsafeBytes { try uncached.append($0) } }
            buffer.removeAll(keepingCapacity: true)
            return
        }
        do {
            _ = try buffer.withUnsafeBytes { try descriptor.writeAll($0) }
        } catch let errno as Errno {
            throw IngestError(
                .cannotOpen, file: path ?? "стандартный вывод", detail: "ошибка записи: \(InputFile.describe(errno))")
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Bytes written so far, buffered or not.
    public var length: Int { (uncached?.length ?? flushed) + buffer.count }

    /// Drops what was written after the first `length` bytes (a file's rows to be written again).
    public func truncate(to length: Int) throws {
        try flush()
        if let uncached {
            try writing { try uncached.truncate(to: length) }
            return
        }
        guard length < flushed else { return }
        do {
            if ftruncate(descriptor.rawValue, off_t(length)) != 0 { throw Errno(rawValue: errno) }
            _ = try descriptor.seek(offset: Int64(length), from: .start)
        } catch let errno as Errno {
            throw IngestError(
                .cannotOpen, file: path ?? "стандартный вывод", detail: "ошибка записи: \(InputFile.describe(errno))")
        }
        flushed = length
    }

    /// Flushes, makes the bytes durable and puts the file in place.
    public func commit() throws {
        try flush()
        if let uncached { try writing { try uncached.finish() } }
        guard let path, let temporaryPath else { return }
        let target = path
        do {
            if fsync(descriptor.rawValue) != 0 { throw Errno(rawValue: errno) }
            try descriptor.close()
        } catch let errno as Errno {
            throw IngestError(.cannotOpen, file: target, detail: "ошибка записи на диск: \(InputFile.describe(errno))")
        }
        guard rename(temporaryPath, target) == 0 else {
            let reason = InputFile.describe(Errno(rawValue: errno))
            unlink(temporaryPath)
            committed = true
            throw IngestError(.cannotOpen, file: target, detail: "не удалось записать файл: \(reason)")
        }
        committed = true
        // The rename lives in the folder's entry list: make that durable too.
        let parent = (target.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/"))
        _ = shnor_sync_directory(parent.isEmpty ? (target.hasPrefix("/") ? "/" : ".") : parent)
    }

    /// Runs a write of the uncached writer; its failure names this file.
    private func writing(_ body: () throws -> Void) throws {
        do { try body() } catch let errno as Errno {
            throw IngestError(
                .cannotOpen, file: path ?? "стандартный вывод", detail: "ошибка записи: \(InputFile.describe(errno))")
        }
    }
}
