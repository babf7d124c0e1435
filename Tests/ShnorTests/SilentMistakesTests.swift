import Foundation
import TestSupport
import Testing

/// One of the silent mistakes of issue 17: a fixture that once gave a plausible note with exit
/// status 0, and what the run must say about it instead.
struct SilentMistake: Sendable, CustomTestStringConvertible {
    /// What the mistake is, in a few words (the test's name in the report).
    let name: String
    /// Writes the fixture into the (empty) folder and returns the arguments of `shnor`, e.g.
    /// `["run", pipeline, "--out", folder/out]`.
    let setUp: @Sendable (URL) throws -> [String]
    /// The exit status the run must end with (DESIGN.md §4).
    let status: Int32
    /// Fragments the terminal (standard error — messages, warnings — or the summary on standard
    /// output) must hold, e.g. the key, file and line.
    let messages: [String]
    /// Fragments a written file must hold: path relative to the folder, fragment (e.g. the
    /// warning in out/note.md or in out/manifest.json).
    var files: [(path: String, fragment: String)] = []

    var testDescription: String { name }
}

/// Each silent mistake of issue 17 in its own fixture: none may pass with a plausible note and
/// exit status 0. Each analysis's home adds its cases in its own file (`SilentMistake.<name>`).
@Suite("Silent mistakes of issue 17")
struct SilentMistakesTests {
    /// The cases of each home, joined here.
    static let cases: [SilentMistake] =
        SilentMistake.satisfaction + SilentMistake.indicators + SilentMistake.selfAssessment
        + SilentMistake.studentResults + SilentMistake.strictConfiguration

    @Test(arguments: cases)
    func isNamedAndFailsTheRun(_ mistake: SilentMistake) throws {
        let folder = try TemporaryFolder.make("silent")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = try mistake.setUp(folder)
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == mistake.status, "\(mistake.name): exit status; stderr: \(result.stderr)")
        let terminal = result.stderr + result.text
        for fragment in mistake.messages {
            #expect(terminal.contains(fragment), "\(mistake.name): «\(fragment)» in \(terminal)")
        }
        for (path, fragment) in mistake.files {
            let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
            #expect(text.contains(fragment), "\(mistake.name): «\(fragment)» in \(path)")
        }
    }
}
