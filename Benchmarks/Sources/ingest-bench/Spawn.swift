#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One finished child process.
struct ChildRun {
    var seconds: Double
    /// Peak RSS from wait4's rusage (KiB on Linux).
    var maxRSSKiB: Int
    /// Raw wait status.
    var status: Int32
    /// Standard output, when it was captured.
    var output: [UInt8]

    var exitedNormally: Bool { status & 0x7F == 0 }
    var exitCode: Int32 { (status >> 8) & 0xFF }
    var signal: Int32 { status & 0x7F }

    var statusText: String {
        exitedNormally ? "exit code \(exitCode)" : "killed by signal \(signal)"
    }
}

/// Where a child's standard output goes.
enum ChildOutput {
    case capture
    case file(String)
}

/// Starts `arguments[0]` with posix_spawn, waits for it with wait4, and measures the wall time
/// from just before the spawn to just after the wait (CLOCK_MONOTONIC) and the child's ru_maxrss.
///
/// Linux caveat: a child's ru_maxrss is never below the spawning process's own peak RSS at spawn
/// time (exec records the old memory map's high-water mark); hence ``runMeasured``'s launcher.
func runChild(_ arguments: [String], stdout: ChildOutput, stderrPath: String) throws -> ChildRun {
    guard let program = arguments.first else { throw BenchError("no program to run") }
    var actions = posix_spawn_file_actions_t()
    guard posix_spawn_file_actions_init(&actions) == 0 else { throw BenchError("posix_spawn_file_actions_init failed") }
    defer { posix_spawn_file_actions_destroy(&actions) }

    var pipeEnds: [Int32] = [-1, -1]
    switch stdout {
    case .capture:
        guard pipe(&pipeEnds) == 0 else { throw BenchError("pipe failed: \(errnoText())") }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
    case .file(let path):
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    defer { for argument in argv { free(argument) } }
    var envp: [UnsafeMutablePointer<CChar>?] = EnvironmentSnapshot.shared.variables.map { strdup($0) }
    envp.append(nil)
    defer { for variable in envp { free(variable) } }

    var pid: pid_t = 0
    let start = monotonicSeconds()
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
    if pipeEnds[1] >= 0 { close(pipeEnds[1]) }
    guard spawned == 0 else {
        if pipeEnds[0] >= 0 { close(pipeEnds[0]) }
        throw BenchError("cannot start \(program): \(String(cString: strerror(spawned)))")
    }

    var output: [UInt8] = []
    if pipeEnds[0] >= 0 {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return read(pipeEnds[0], base, raw.count)
            }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: chunk[..<count])
        }
        close(pipeEnds[0])
    }

    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait4 failed: \(errnoText())") }
    }
    let end = monotonicSeconds()
    return ChildRun(seconds: end - start, maxRSSKiB: Int(usage.ru_maxrss), status: status, output: output)
}

/// The environment handed on to children, read from /proc so as to stay clear of the mutable
/// `environ` global (the driver never changes its environment).
final class EnvironmentSnapshot: Sendable {
    static let shared = EnvironmentSnapshot()

    let variables: [String]

    private init() {
        let bytes = readWholeFile("/proc/self/environ") ?? []
        variables = bytes.split(separator: 0, omittingEmptySubsequences: true).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
