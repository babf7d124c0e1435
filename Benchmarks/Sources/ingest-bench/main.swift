#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// ingest-bench: how far `shnor inspect` is from the floor set by libcsv itself.
//
//     ingest-bench [--file PATH] [--megabytes N] [--runs N] [--shnor PATH]
//     ingest-bench bare [--delimiter C] FILE
//                                   (internal: the bare libcsv loop, run as a child; C defaults to ';')
//     ingest-bench stretches [--threads N] FILE
//                                   (shnor's reader alone: the file read by stretches on N threads, rows
//                                   only counted; time it from outside, e.g. /usr/bin/time)
//     ingest-bench measure OUT ERR PROGRAM [ARG…]
//                                   (internal: runs PROGRAM, prints its time and ru_maxrss)

/// The Benchmarks folder, from this source file's place in it (Sources/ingest-bench/main.swift).
let benchmarksFolder = directoryPart(directoryPart(directoryPart(#filePath)))

struct Options {
    var megabytes = 220
    var runs = 5
    var file: String?
    var shnor = normalizedPath(benchmarksFolder + "/../.build/release/shnor")

    var filePath: String { absolutePath(file ?? "/tmp/shnor-bench/results-\(megabytes)mb.csv") }

    static let usage = """
        usage: ingest-bench [--file PATH] [--megabytes N] [--runs N] [--shnor PATH]

        Generates (once) a synthetic UTF-8 CSV of student results and times, alternating,
        the bare libcsv loop and `shnor inspect` on it, each in a child process.

          --file PATH      CSV to generate or reuse (default /tmp/shnor-bench/results-<N>mb.csv)
          --megabytes N    size of the generated file in MB of 10^6 bytes (default 220)
          --runs N         timed runs of each tool (default 5)
          --shnor PATH     shnor executable (default ../.build/release/shnor from Benchmarks;
                           build it with `swift build -c release` at the top level)
        """

    static func parse(_ arguments: ArraySlice<String>) throws -> Options {
        var options = Options()
        var rest = arguments
        while let argument = rest.popFirst() {
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            func value() throws -> String {
                if let inlineValue { return inlineValue }
                guard let next = rest.popFirst() else { throw BenchError("\(name) needs a value\n\n\(usage)") }
                return next
            }
            func positive() throws -> Int {
                let text = try value()
                guard let number = Int(text), number > 0 else {
                    throw BenchError("\(name) needs a positive integer, got '\(text)'")
                }
                return number
            }
            switch name {
            case "--file": options.file = try value()
            case "--megabytes": options.megabytes = try positive()
            case "--runs": options.runs = try positive()
            case "--shnor": options.shnor = absolutePath(try value())
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchError("unknown argument '\(argument)'\n\n\(usage)")
            }
        }
        return options
    }
}

/// Parses a `key=value key=value …` line.
func parseKeyValues(_ output: [UInt8]) -> [String: String] {
    var values: [String: String] = [:]
    for pair in String(decoding: output, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
    }
    return values
}

/// Reads the file through once so that every timed run finds it in the page cache.
func warmPageCache(_ path: String) throws {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw BenchError("cannot open \(path): \(errnoText())") }
    defer { close(fd) }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    defer { buffer.deallocate() }
    while true {
        let count = read(fd, buffer, 64 * 1024)
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { break }
    }
}

/// Runs a program through a fresh `ingest-bench measure` process, which does the timing and the
/// wait4. On Linux a spawned child's ru_maxrss is never below the peak RSS of the process that
/// spawned it, so the measured program must not be a direct child of this driver, whose peak
/// grows as it works; the launcher is a small process that does nothing else.
func runMeasured(_ arguments: [String], stdoutPath: String, stderrPath: String, launcher: Launcher) throws -> ChildRun {
    let launcherRun = try runChild(
        [launcher.executable, "measure", stdoutPath, stderrPath] + arguments,
        stdout: .capture, stderrPath: launcher.stderrPath)
    let values = parseKeyValues(launcherRun.output)
    guard launcherRun.exitedNormally, launcherRun.exitCode == 0,
        let seconds = values["seconds"].flatMap({ Double($0) }),
        let maxRSS = values["maxrss_kib"].flatMap({ Int($0) }),
        let status = values["status"].flatMap({ Int32($0) })
    else {
        let detail = readTextFile(launcher.stderrPath) ?? ""
        throw BenchError("measuring \(arguments.joined(separator: " ")) failed (\(launcherRun.statusText)): \(detail)")
    }
    return ChildRun(seconds: seconds, maxRSSKiB: maxRSS, status: status, output: readWholeFile(stdoutPath) ?? [])
}

struct Launcher {
    var executable: String
    var stderrPath: String
}

/// `ingest-bench measure OUT ERR PROGRAM [ARG…]`: the launcher side of ``runMeasured``.
func measure(_ arguments: [String]) throws {
    guard arguments.count >= 3 else { throw BenchError("usage: ingest-bench measure OUT ERR PROGRAM [ARG…]") }
    let run = try runChild(Array(arguments.dropFirst(2)), stdout: .file(arguments[0]), stderrPath: arguments[1])
    print("seconds=\(run.seconds) maxrss_kib=\(run.maxRSSKiB) status=\(run.status)")
}

func failureReport(_ tool: String, _ run: ChildRun, stderrPath: String) -> BenchError {
    let detail = readTextFile(stderrPath).map { String($0.prefix(2000)) } ?? ""
    return BenchError("\(tool) failed (\(run.statusText)); its standard error (\(stderrPath)):\n\(detail)")
}

func benchmark(_ options: Options) throws {
    let shnor = options.shnor
    guard access(shnor, X_OK) == 0 else {
        throw BenchError(
            """
            shnor executable not found at \(shnor).
            Build it first:  cd \(normalizedPath(benchmarksFolder + "/..")) && swift build -c release
            or point to it:  ingest-bench --shnor PATH
            """)
    }
    let path = options.filePath
    let workFolder = directoryPart(path)
    try makeDirectories(workFolder)
    let me = currentExecutablePath()
    let launcher = Launcher(executable: me, stderrPath: workFolder + "/launcher-stderr.txt")

    let machine = MachineFacts.current()
    print("ingest-bench: bare libcsv loop vs `shnor inspect`")
    print("machine : \(machine.usableCPUs) CPUs usable (nproc), \(machine.onlineCPUs) online; \(machine.cpuModel)")
    print(
        "          \(machine.memTotalKiB.map { fixed(Double($0) / 1_048_576, 1) + " GiB RAM" } ?? "RAM unknown"), \(machine.kernel), load average at start \(machine.loadAverage)"
    )
    print("shnor   : \(shnor)")

    let file: GeneratedFile
    if let existing = GeneratedFile.reusable(at: path, megabytes: options.megabytes) {
        file = existing
        print("file    : \(path) (reused; parameters in \(GeneratedFile.sidecarPath(for: path)))")
    } else {
        print("file    : generating \(path) (\(options.megabytes) MB) …")
        let start = monotonicSeconds()
        var generator = ResultsGenerator()
        file = try generator.write(to: path, megabytes: options.megabytes)
        print("          generated in \(fixed(monotonicSeconds() - start, 1)) s")
    }
    try warmPageCache(path)

    let bareStdout = workFolder + "/bare-stdout.txt"
    let bareStderr = workFolder + "/bare-stderr.txt"
    let shnorStdout = workFolder + "/shnor-inspect.txt"
    let shnorStderr = workFolder + "/shnor-stderr.txt"
    var bare = Measurements(tool: "bare libcsv")
    var inspect = Measurements(tool: "shnor inspect")
    var counts: [String: Int] = [:]
    var bareOwnPeaksKiB: [Int] = []

    func runBare() throws -> String {
        let run = try runMeasured(
            [me, "bare", path], stdoutPath: bareStdout, stderrPath: bareStderr, launcher: launcher)
        guard run.exitedNormally && run.exitCode == 0 else {
            throw failureReport("bare loop", run, stderrPath: bareStderr)
        }
        let values = parseKeyValues(run.output).compactMapValues { Int($0) }
        guard let bytes = values["bytes"], bytes == file.bytes, let records = values["records"],
            let fields = values["fields"]
        else {
            throw BenchError("bare loop printed an unexpected result: \(String(decoding: run.output, as: UTF8.self))")
        }
        if counts.isEmpty {
            counts = ["records": records, "fields": fields]
        } else if counts["records"] != records || counts["fields"] != fields {
            throw BenchError("bare loop counted differently between runs: \(values) vs \(counts)")
        }
        if let own = values["hwm_kib"], own > 0 { bareOwnPeaksKiB.append(own) }
        bare.seconds.append(run.seconds)
        bare.maxRSSKiB.append(run.maxRSSKiB)
        return "bare \(fixed(run.seconds, 3)) s \(fixed(Double(run.maxRSSKiB) * 1024 / 1_000_000, 1)) MB"
    }
    func runShnor() throws -> String {
        let run = try runMeasured(
            [shnor, "inspect", path], stdoutPath: shnorStdout, stderrPath: shnorStderr, launcher: launcher)
        guard run.exitedNormally && run.exitCode == 0 else {
            throw failureReport("shnor inspect", run, stderrPath: shnorStderr)
        }
        inspect.seconds.append(run.seconds)
        inspect.maxRSSKiB.append(run.maxRSSKiB)
        return "shnor \(fixed(run.seconds, 3)) s \(fixed(Double(run.maxRSSKiB) * 1024 / 1_000_000, 1)) MB"
    }

    print(
        "runs    : \(options.runs) of each, alternating (odd rounds bare first, even rounds shnor first), page cache warm"
    )
    for round in 1...options.runs {
        let first: String
        let second: String
        if round % 2 == 1 {
            first = try runBare()
            second = try runShnor()
        } else {
            first = try runShnor()
            second = try runBare()
        }
        print("  round \(round)/\(options.runs): \(first) | \(second)")
    }

    // What any measured program reports at the least: the launcher's own peak (see runMeasured).
    let floorRun =
        fileExists("/bin/true")
        ? try? runMeasured(["/bin/true"], stdoutPath: "/dev/null", stderrPath: "/dev/null", launcher: launcher) : nil

    let records = counts["records"] ?? 0
    let fields = counts["fields"] ?? 0
    print("")
    print("file    : \(path)")
    print(
        "          \(grouped(file.bytes)) bytes = \(fixed(Double(file.bytes) / 1_000_000, 1)) MB; bare loop: \(grouped(records)) records (header + \(grouped(max(records - 1, 0))) data rows), \(grouped(fields)) fields"
    )
    print("")
    print(resultsTable([bare, inspect], fileBytes: file.bytes))
    print("")
    let ratio = bare.medianSeconds > 0 ? inspect.medianSeconds / bare.medianSeconds : 0
    print(
        "shnor inspect / bare libcsv: \(fixed(ratio, 2))× the time (median vs median), \(fixed(inspect.medianRSSMegabytes / max(bare.medianRSSMegabytes, 0.001), 1))× the peak RSS"
    )
    print(
        "MB = 10^6 bytes; times are wall clock from posix_spawn to wait4 (process start-up included); peak RSS is wait4's ru_maxrss."
    )
    if let floorRun {
        print(
            "RSS floor: /bin/true measured the same way reports \(fixed(Double(floorRun.maxRSSKiB) * 1024 / 1_000_000, 1)) MB (Linux charges a spawned child at least its spawner's peak RSS; the spawner is a small launcher process)"
        )
    }
    if !bareOwnPeaksKiB.isEmpty {
        print(
            "          the bare child's own VmHWM: median \(fixed(median(bareOwnPeaksKiB.map { Double($0) * 1024 / 1_000_000 }), 1)) MB"
        )
    }
    print("load average at end \(currentLoadAverage()); shnor's last report: \(shnorStdout)")
}

var arguments = CommandLine.arguments.dropFirst()
do {
    if arguments.first == "measure" {
        try measure(Array(arguments.dropFirst()))
    } else if arguments.first == "stretches" {
        arguments.removeFirst()
        let usage = "usage: ingest-bench stretches [--threads N] FILE   (N: threads, default 2)"
        var threads = 2
        if arguments.first == "--threads" {
            arguments.removeFirst()
            guard let text = arguments.popFirst(), let value = Int(text), value > 0 else { throw BenchError(usage) }
            threads = value
        }
        guard let path = arguments.first, arguments.count == 1 else { throw BenchError(usage) }
        try runStretchRead(path: path, threads: threads)
    } else if arguments.first == "bare" {
        arguments.removeFirst()
        let usage = "usage: ingest-bench bare [--delimiter C] FILE   (C: one ASCII character, default ';')"
        var delimiter: UInt8 = 0x3B
        if arguments.first == "--delimiter" {
            arguments.removeFirst()
            guard let text = arguments.popFirst(), text.utf8.count == 1, let byte = text.utf8.first, byte < 0x80 else {
                throw BenchError(usage)
            }
            delimiter = byte
        }
        guard let path = arguments.first, arguments.count == 1 else { throw BenchError(usage) }
        try runBareLoop(path: path, delimiter: delimiter)
    } else {
        try benchmark(try Options.parse(arguments))
    }
} catch {
    writeStandardError("ingest-bench: \(error)")
    exit(1)
}
