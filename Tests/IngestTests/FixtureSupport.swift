import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Fixtures live beside the tests; `generate.py` there states how each was made.
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }
}

/// Everything a read produced, copied out of the callbacks.
struct ReadResult {
    var header: [String]
    var rows: [[String]]
    var lines: [Int]
    var rejections: [Rejection]
    var summary: ReadSummary
}

func readTable(_ path: String, options: TableReader.Options = .init()) throws -> ReadResult {
    let reader = try TableReader(path: path, options: options)
    var rows: [[String]] = []
    var lines: [Int] = []
    var rejections: [Rejection] = []
    let summary = try reader.read(
        onRow: { row in
            rows.append(row.strings())
            lines.append(row.line)
        },
        onReject: { rejections.append($0) })
    #expect(summary.balances, "rows read = rows passed + rows rejected")
    return ReadResult(
        header: summary.header?.names ?? [], rows: rows, lines: lines, rejections: rejections, summary: summary)
}

func readFixture(_ name: String, options: TableReader.Options = .init()) throws -> ReadResult {
    try readTable(Fixture.path(name), options: options)
}

/// Writes `bytes` to a fresh temporary file (removed when the test process ends) and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
    let folder = try TemporaryFolder.make("ingest")
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

/// Runs `body` and returns the IngestError it throws, failing the test if it throws none.
func ingestError(_ body: () throws -> Void) -> IngestError? {
    do {
        try body()
        Issue.record("expected an IngestError, got none")
        return nil
    } catch let error as IngestError {
        return error
    } catch {
        Issue.record("expected an IngestError, got \(error)")
        return nil
    }
}
