import Crypto
import Foundation
import Ingest
import KeyedHashing

/// SHA-256 and keyed pseudonyms, through swift-crypto.
enum Digest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in String(byte, radix: 16).leftPadded(2) }.joined()
    }

    /// SHA-256 of a file, read in pieces so large exports are not loaded whole.
    static func sha256(file path: String) throws -> String {
        var hasher = SHA256()
        try RegularFile.readPieces(of: path) { hasher.update(bufferPointer: $0) }
        return hasher.finalize().map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// A stable pseudonymous identifier: HMAC-SHA-256 of the key under the run's secret.
    static func pseudonym(_ key: String, secret: [UInt8]) -> String {
        Pseudonyms(secret: secret).pseudonym(key)
    }

    /// Pseudonyms under one secret, for many rows: HMAC-SHA-256 with the key's states prepared
    /// once (``PreparedHMAC``, faster than Crypto's `HMAC` per row), cut to «R-» and 24 hex digits
    /// (96 bits: among the 2^48 people it would take for two to collide even by chance, a country
    /// has none — at 40 bits two million people gave about two collisions, two people merged).
    struct Pseudonyms {
        private let hmac: PreparedHMAC

        init(secret: [UInt8]) {
            hmac = PreparedHMAC(key: secret)
        }

        func pseudonym(_ key: String) -> String {
            var key = key
            var text: [UInt8] = []
            key.withUTF8 { append(pseudonymOf: UnsafeRawBufferPointer($0), to: &text) }
            return String(decoding: text, as: UTF8.self)
        }

        /// The key's HMAC-SHA-256 under the secret.
        func authenticationCode(_ key: UnsafeRawBufferPointer) -> SHA256.Digest {
            hmac.authenticationCode(key)
        }

        /// Appends «R-» and 24 hex digits (96 bits) of the key's HMAC to `text`, with no String in between.
        func append(pseudonymOf key: UnsafeRawBufferPointer, to text: inout [UInt8]) {
            text.append(contentsOf: [UInt8(ascii: "R"), UInt8(ascii: "-")])
            for byte in authenticationCode(key).prefix(Self.bytes) {
                text.append(Self.digits[Int(byte >> 4)])
                text.append(Self.digits[Int(byte & 0x0F)])
            }
        }

        /// Bytes of the HMAC a pseudonym keeps: 96 bits (DESIGN.md §6).
        static let bytes = 12

        private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
    }
}

/// SHA-256 of the run's input files, each computed on a thread of its own from the start of
/// the run: the manifest then does not wait for a second pass over exports of hundreds of
/// megabytes that the run has just read (the hashing fills the gaps the readers leave).
///
/// Each file's size, modification time and inode are taken when its hashing starts (before the
/// run reads it) and checked again when its hash is asked for (after the run has read it): a
/// file that grew or was rewritten in between is an error, not a manifest whose size and hash
/// match no version of the file.
public final class FileDigests: @unchecked Sendable {
    private let lock = NSLock()
    private var started: [String: DispatchGroup] = [:]
    private var finished: [String: Result<String, any Error>] = [:]
    private var versions: [String: FileVersion] = [:]

    /// What tells two versions of a file apart without reading it.
    struct FileVersion: Equatable {
        let bytes: Int64
        let modified: timespec
        let inode: UInt64

        /// The version at `path` now; nil when it cannot be stat-ed.
        init?(at path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            bytes = Int64(status.st_size)
            modified = status.st_mtim
            inode = UInt64(status.st_ino)
        }

        static func == (a: FileVersion, b: FileVersion) -> Bool {
            a.bytes == b.bytes && a.inode == b.inode && a.modified.tv_sec == b.modified.tv_sec
                && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }

    public init() {}

    /// Starts hashing `path`, unless it is being hashed already, and notes its version.
    func start(_ path: String) {
        let group = DispatchGroup()
        let version = FileVersion(at: path)
        let isNew = lock.withLock {
            guard started[path] == nil else { return false }
            started[path] = group
            versions[path] = version
            return true
        }
        guard isNew else { return }
        group.enter()
        Thread.detachNewThread { [self] in
            let digest = Result { try Digest.sha256(file: path) }
            lock.withLock { finished[path] = digest }
            group.leave()
        }
    }

    /// The file's SHA-256: waits for the thread hashing it, or hashes it now if none was started.
    func sha256(of path: String) throws -> String {
        guard let group = lock.withLock({ started[path] }) else { return try Digest.sha256(file: path) }
        group.wait()
        guard let digest = lock.withLock({ finished[path] }) else { return try Digest.sha256(file: path) }
        let hash = try digest.get()
        if let before = lock.withLock({ versions[path] }), let after = FileVersion(at: path), before != after {
            let sizes = before.bytes == after.bytes ? "" : " (было \(before.bytes) байт, стало \(after.bytes))"
            throw IngestError(
                .cannotRead, file: path,
                detail:
                    "файл изменился, пока запуск его читал\(sizes): дождитесь, пока выгрузка будет записана целиком, и запустите снова"
            )
        }
        return hash
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
