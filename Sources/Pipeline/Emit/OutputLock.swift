import Foundation
import Ingest
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive hold on an output folder for a whole run: `flock` on `DIR.lock` beside it, so
/// two runs into one folder cannot stage over each other. A second run fails at once (no
/// waiting) with an ``IngestError`` naming the holder's process id (exit status 3).
///
/// The lock file holds the holder's process id and is removed when the hold ends; the kernel
/// drops the lock itself if the process dies, so a killed run never blocks the next one.
final class OutputLock {
    let path: String
    private let descriptor: Int32

    /// Takes the lock of the output folder `folder` (already normalised).
    init(folder: String) throws {
        path = folder + ".lock"
        // The folder that will hold the outputs may not exist yet (out/ on a first run).
        let parent = OutputFolder.split(folder).parent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            try OutputFolder.makeFolder(parent, mode: 0o755)
        }
        // A holder that finished may unlink the file between our open and our flock: then the
        // lock we got guards nothing, and we try again on the file now at the path.
        for _ in 0..<8 {
            let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0o644)
            guard descriptor >= 0 else {
                throw IngestError(
                    .cannotOpen, file: folder,
                    detail:
                        "не удалось создать папку для результатов (файл блокировки \(path)): \(String(cString: strerror(errno)))"
                )
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let holder = Self.holder(descriptor)
                close(descriptor)
                throw IngestError(
                    .cannotOpen, file: folder,
                    detail:
                        "в эту папку результатов сейчас пишет другой запуск shnor (процесс \(holder ?? "?")) — дождитесь его окончания или укажите другую папку --out"
                )
            }
            var held = stat()
            var current = stat()
            if fstat(descriptor, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino,
                held.st_dev == current.st_dev
            {
                let text = "\(getpid())\n"
                _ = ftruncate(descriptor, 0)
                _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
                self.descriptor = descriptor
                InFlightOutputs.add(path)
                return
            }
            close(descriptor)
        }
        throw IngestError(.cannotOpen, file: path, detail: "не удалось захватить блокировку папки результатов")
    }

    deinit {
        // Unlink first: whoever opens the path next creates a fresh file and takes its lock.
        unlink(path)
        close(descriptor)
        InFlightOutputs.remove(path)
    }

    /// The process id the holder wrote into the lock file, if it is there yet.
    private static func holder(_ descriptor: Int32) -> String? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty || !text.allSatisfy(\.isNumber) ? nil : text
    }
}

/// The staging folders and lock files of the run in flight, for a signal handler to remove
/// when SIGTERM or SIGINT stops the run before it commits.
public enum InFlightOutputs {
    private static let paths = Mutex<Set<String>>([])

    static func add(_ path: String) { paths.withLock { _ = $0.insert(path) } }

    static func remove(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Removes every staging folder and lock file of the run in flight; what a stopped run
    /// calls just before it exits. A folder being written to at the moment goes all the same.
    public static func removeAll() {
        let all = paths.withLock { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
