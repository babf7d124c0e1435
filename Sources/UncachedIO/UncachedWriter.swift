import CFileExchange
import Dispatch
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The body of a large file written past the page cache (O_DIRECT), block by block, on a
/// thread of its own.
///
/// A clean table of hundreds of megabytes written through the page cache costs the kernel a
/// copy and a fresh page per 4 KiB — on a two-core machine as much time as laying its rows out.
/// Written directly, the disk takes the bytes from this writer's buffers. Bytes gather in one
/// aligned buffer; a full one goes to the file on the writer's queue while the caller fills the
/// other (one write in flight at a time, so at most two buffers); the last, partial block waits
/// for ``finish()``, which writes it through the ordinary descriptor (direct writes must be
/// whole blocks). Where the file system refuses direct writes, everything goes through the
/// ordinary descriptor instead, with the same bytes in the file.
///
/// The writer owns the file from ``length``'s start on: the ordinary descriptor's own position
/// is not used (every write says its offset). A failed write is thrown by the next call, as the
/// `Errno` of the system call (the caller names the file in its message).
public final class UncachedWriter: @unchecked Sendable {
    // @unchecked: the queue touches only the buffer in flight, `direct` and `failed`, and the
    // owner reads those only after `inFlight.wait()`.

    /// Direct writes start at multiples of this and are multiples of it long; so are the buffers' addresses.
    public static let alignment = 4096
    public static let capacity = 4 << 20

    /// Opened with O_DIRECT; -1 once direct writes failed (or never could).
    private var direct: Int32
    /// The file's ordinary descriptor (not owned; open for reading too): for the tail, and for
    /// reading back a partial block.
    private let cached: Int32
    /// The buffer being filled, and the other one (in flight, or free).
    private var stage: UnsafeMutableRawPointer
    private var other: UnsafeMutableRawPointer
    /// Bytes in `stage`, which belong at `offset` in the file.
    private var count = 0
    private var offset: Int
    private let queue = DispatchQueue(label: "shnor.uncached-writer")
    private let inFlight = DispatchGroup()
    private var failed: Errno?

    /// Takes over the file `cached` (at `path`) whose first `length` bytes are written.
    ///
    /// Returns nil where direct writes cannot be had (the platform or file system has none):
    /// the caller keeps writing as before.
    public init?(path: String, cached: Int32, length: Int) {
        let start = length - length % Self.alignment
        var first: UnsafeMutableRawPointer?
        var second: UnsafeMutableRawPointer?
        guard posix_memalign(&first, Self.alignment, Self.capacity) == 0, let first else { return nil }
        guard posix_memalign(&second, Self.alignment, Self.capacity) == 0, let second else {
            free(first)
            return nil
        }
        // The partial block already written is written again, with what follows it.
        let direct = shnor_open_uncached(path)
        guard direct >= 0, length == start || pread(cached, first, length - start, off_t(start)) == length - start
        else {
            if direct >= 0 { close(direct) }
            free(first)
            free(second)
            return nil
        }
        self.direct = direct
        self.cached = cached
        stage = first
        other = second
        offset = start
        count = length - start
    }

    deinit {
        inFlight.wait()
        if direct >= 0 { close(direct) }
        free(stage)
        free(other)
    }

    /// Bytes of the file, written, in flight or waiting.
    public var length: Int { offset + count }

    /// True while writes go past the page cache (false once the file system refused them).
    public var isDirect: Bool { direct >= 0 }

    public func append(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var taken = 0
        while taken < bytes.count, let base = bytes.baseAddress {
            let piece = min(Self.capacity - count, bytes.count - taken)
            (stage + count).copyMemory(from: base + taken, byteCount: piece)
            count += piece
            taken += piece
            if count == Self.capacity { try sendFullBuffer() }
        }
    }

    /// Writes what waits; the file is then `length` bytes long.
    public func finish() throws(Errno) {
        try settle()
        assertInvariants()
        let whole = count - count % Self.alignment
        try write(stage, count: whole, at: offset)
        try Self.write(to: cached, stage + whole, count: count - whole, at: offset + whole)
        offset += count
        count = 0
        // A truncation within the block read back left the file's old end beyond this one.
        guard ftruncate(cached, off_t(offset)) == 0 else { throw Errno(rawValue: errno) }
    }

    /// Drops the bytes after the first `length` (rows to be written again).
    public func truncate(to length: Int) throws(Errno) {
        try settle()
        guard length < self.length else { return }
        defer { assertInvariants() }
        if length >= offset {
            count = length - offset
            return
        }
        offset = length - length % Self.alignment
        count = length - offset
        guard count == 0 || pread(cached, stage, count, off_t(offset)) == count else { throw Errno(rawValue: errno) }
        guard ftruncate(cached, off_t(length)) == 0 else { throw Errno(rawValue: errno) }
    }

    /// What the writes rely on until ``finish()`` (checked in debug builds): the staged bytes start
    /// on a block boundary and fit the buffer, and both buffers are aligned for direct writes.
    private func assertInvariants() {
        assert(offset % Self.alignment == 0, "staged bytes start on a block boundary")
        assert(count >= 0 && count <= Self.capacity, "staged bytes fit the buffer")
        assert(
            Int(bitPattern: stage) % Self.alignment == 0 && Int(bitPattern: other) % Self.alignment == 0,
            "aligned buffers")
    }

    /// Hands the full buffer to the queue and goes on in the other.
    private func sendFullBuffer() throws(Errno) {
        try settle()
        let full = stage
        let start = offset
        let bytes = count
        stage = other
        other = full
        offset += bytes
        count = 0
        inFlight.enter()
        queue.async {
            do throws(Errno) {
                // `other` is the full buffer until the next settle().
                try self.write(self.other, count: bytes, at: start)
            } catch {
                self.failed = error
            }
            self.inFlight.leave()
        }
    }

    /// Waits for the write in flight; throws its failure.
    private func settle() throws(Errno) {
        inFlight.wait()
        if let failed { throw failed }
    }

    /// Writes `count` bytes (whole blocks) from `buffer` at `offset`, directly where that works.
    private func write(_ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(Errno) {
        guard direct >= 0 else { return try Self.write(to: cached, buffer, count: count, at: offset) }
        do {
            try Self.write(to: direct, buffer, count: count, at: offset)
        } catch Errno.invalidArgument {
            // Some file systems open with O_DIRECT and refuse the writes: the ordinary way then,
            // from the same offset (what the refused write left is written again).
            close(direct)
            direct = -1
            try Self.write(to: cached, buffer, count: count, at: offset)
        }
    }

    private static func write(to descriptor: Int32, _ buffer: UnsafeMutableRawPointer, count: Int, at offset: Int)
        throws(Errno)
    {
        var done = 0
        while done < count {
            let written = pwrite(descriptor, buffer + done, count - done, off_t(offset + done))
            if written < 0 {
                if errno == EINTR { continue }
                throw Errno(rawValue: errno)
            }
            done += written
        }
    }
}
