import Foundation
import TestSupport
import Testing

/// `shnor serve` as the analyst starts it: the address it prints, and the exit statuses of
/// DESIGN.md §4 when it cannot start.
@Suite struct ServeCommandTests {
    @Test func aTakenPortIsAnInputOutputErrorNamingTheAddress() throws {
        let root = try TemporaryFolder.make("serve")
        let first = Process()
        first.executableURL = ShnorProcess.binary
        first.arguments = ["serve", "--root", root.path, "--port", "0"]
        let out = Pipe()
        first.standardOutput = out
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer {
            first.terminate()
            first.waitUntilExit()
        }
        // The first line names the address: «shnor serve: откройте http://127.0.0.1:PORT/ (папка …)».
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let printed = String(decoding: line, as: UTF8.self)
        #expect(printed.hasPrefix("shnor serve: откройте http://127.0.0.1:"))
        let port = try #require(
            printed.split(separator: "http://127.0.0.1:").last?.prefix { $0.isNumber }.description)
        let second = try ShnorProcess.run(["serve", "--root", root.path, "--port", port], killAfter: 60)
        #expect(second.status == 3)
        #expect(second.stderr.contains("shnor: ошибка: не удалось открыть 127.0.0.1:\(port):"))
    }

    @Test func aPortOutOfRangeIsAUsageError() throws {
        let result = try ShnorProcess.run(["serve", "--port", "70000"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--port: нужно число от 0 до 65535"))
    }

    @Test func aRootThatIsAFileIsAnInputOutputError() throws {
        let file = try TemporaryFolder.make("serve").appendingPathComponent("root.txt")
        try Data("x".utf8).write(to: file)
        let result = try ShnorProcess.run(["serve", "--root", file.path, "--port", "0"], killAfter: 60)
        #expect(result.status == 3)
        #expect(result.stderr.contains("папка workbench «\(file.path)» не создаётся"))
    }
}
