// Small POSIX helpers. The benchmark deliberately avoids Foundation: on Linux a child started
// with posix_spawn (vfork + exec) reports, through wait4's ru_maxrss, at least the peak RSS of the
// process that spawned it, so the launcher that spawns the measured programs has to stay small.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func errnoText() -> String {
    guard let text = strerror(errno) else { return "errno \(errno)" }
    return String(cString: text)
}

func writeStandardError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = write(2, base + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

/// Seconds on CLOCK_MONOTONIC.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
}

/// Size of a regular file, or nil when it does not exist.
func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

/// The whole content of a (small) file.
func readWholeFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var content: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let count = chunk.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return read(fd, base, raw.count)
        }
        if count < 0 {
            if errno == EINTR { continue }
            return nil
        }
        if count == 0 { break }
        content.append(contentsOf: chunk[..<count])
    }
    return content
}

func readTextFile(_ path: String) -> String? {
    readWholeFile(path).map { String(decoding: $0, as: UTF8.self) }
}

/// Writes all bytes to a descriptor.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    guard let base = bytes.baseAddress else { return }
    var offset = 0
    while offset < bytes.count {
        let written = write(fd, base + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            throw BenchError("cannot write \(path): \(errnoText())")
        }
        offset += written
    }
}

func writeTextFile(_ path: String, _ text: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw BenchError("cannot create \(path): \(errnoText())") }
    defer { close(fd) }
    var text = text
    try text.withUTF8 { try writeAll(fd, UnsafeRawBufferPointer($0), path: path) }
}

/// `mkdir -p`.
func makeDirectories(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "" : "."
    for component in path.split(separator: "/") {
        prefix += "/" + component
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw BenchError("cannot create directory \(prefix): \(errnoText())")
        }
    }
}

/// The folder part of a path ("." when there is none).
func directoryPart(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
}

/// Removes "." and ".." components from an absolute path (lexically, no symlinks resolved).
func normalizedPath(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") {
        if part == "." { continue }
        if part == ".." {
            if !parts.isEmpty { parts.removeLast() }
            continue
        }
        parts.append(part)
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
}

func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return normalizedPath(path) }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return normalizedPath(cwd + "/" + path)
}

/// This executable, for re-running itself as a child.
func currentExecutablePath() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    if count > 0 {
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return absolutePath(CommandLine.arguments.first ?? "ingest-bench")
}

/// Peak resident set of a process's own memory map ("VmHWM" in /proc/self/status), in KiB.
func ownPeakResidentKiB() -> Int? {
    guard let status = readTextFile("/proc/self/status") else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.dropFirst("VmHWM:".count).filter { $0.isNumber })
    }
    return nil
}
