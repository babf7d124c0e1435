import Foundation
import TestSupport
import Testing

/// Runs the real `shnor` binary, as an analyst would, and captures what it prints.
struct ShnorProcess {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        /// The process ended by a signal (the hang guard of ``run(_:in:killAfter:)`` or a crash).
        var signalled = false
        var text: String { String(decoding: stdout, as: UTF8.self) }
        /// Every file was written, and the data either passed every check (exit 0) or failed
        /// one the note itself reports (exit 1, DESIGN.md §4) — as the shipped November sample
        /// does by design: 57 of 72 against 78 %, with two rows that could flip the verdict.
        var completed: Bool { status == 0 || status == 1 && stderr.contains("данные не прошли проверку") }
    }

    /// The folder `swift build` put the products in (the test bundle sits there too).
    static var productsFolder: URL {
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static var binary: URL { productsFolder.appendingPathComponent("shnor") }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/IngestTests/Fixtures/\(name)").path
    }

    static func sample(_ name: String) -> String {
        packageRoot.appendingPathComponent("Samples/\(name)").path
    }

    /// Runs `shnor` to its end; with `killAfter`, a process still alive after that many seconds
    /// is killed (a guard against hangs, not a timing check) and the result says `signalled`.
    static func run(_ arguments: [String], in folder: URL? = nil, killAfter: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let killAfter {
            let identifier = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) {
                if process.isRunning { kill(identifier, SIGKILL) }
            }
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: outData, stderr: String(decoding: errData, as: UTF8.self),
            signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Starts `shnor` without waiting for it; its standard error goes to `errors`, its standard
    /// output nowhere. The caller waits (`waitUntilExit`) or signals the process.
    static func start(_ arguments: [String], errors: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until `condition` holds, checking every tenth of a second; false if it still does
    /// not after `seconds` (a guard against a hang, not a timing check).
    static func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return true
    }

    /// A fresh folder for a test's files, removed when the test process ends.
    static func temporaryFolder() throws -> URL {
        try TemporaryFolder.make("e2e")
    }
}

/// A small RFC 4180 reader written for the tests alone, so figures the tool prints can be
/// recomputed without the tool's own code path.
func referenceRows(_ text: String, delimiter: Character) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text)
    if characters.first == "\u{FEFF}" { characters.removeFirst() }
    var index = 0
    while index < characters.count {
        let c = characters[index]
        if quoted {
            if c == "\"" {
                if index + 1 < characters.count && characters[index + 1] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == delimiter {
            row.append(field)
            field = ""
        } else if c == "\n" || c == "\r" || c == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else {
            field.append(c)
        }
        index += 1
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}
