import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fresh folders for tests to write into, all inside one folder per test process that is removed
/// when the process exits.
///
/// Tests hand these paths to the code under test and to the `shnor` binary they start, and Swift
/// Testing has no hook after the last test, so the per-process folder goes with the process (an
/// `atexit` handler). Folders left by a test process that crashed are removed by the next one.
public enum TemporaryFolder {
    private static let prefix = "shnor-tests-"

    /// `shnor-tests-<pid>` in the system's temporary folder, made on first use.
    private static let root: URL = {
        let system = FileManager.default.temporaryDirectory
        removeFoldersOfEndedProcesses(in: system)
        let root = system.appendingPathComponent("\(prefix)\(getpid())")
        atexit { try? FileManager.default.removeItem(at: TemporaryFolder.root) }
        return root
    }()

    /// A new empty folder whose name starts with `name`.
    public static func make(_ name: String = "test") throws -> URL {
        let folder = root.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Removes the folders of test processes that no longer run (a crash skips `atexit`).
    private static func removeFoldersOfEndedProcesses(in system: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: system.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: system.appendingPathComponent(name))
            }
        }
    }
}
