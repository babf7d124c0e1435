import Foundation
import Testing

/// `--timings` and the progress line (issue 20, points 5 and 6): the stages' times on standard
/// error, nothing of them in the outputs, and no progress line where standard error is no terminal.
@Suite("Timings and progress of a run", .serialized)
struct RunTimingsTests {
    /// The lines `--timings` printed, without the «shnor: » before each.
    static func timingLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").map(String.init).filter {
            $0.hasPrefix("shnor:   ") || $0.hasPrefix("shnor: время")
        }
    }

    @Test func runPrintsEveryStageAndTheOutputsStayTheSame() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder)
        let out = folder.appendingPathComponent("out")
        let plain = try ShnorProcess.run(["run", url.path, "--out", out.path])
        #expect(plain.status == 1, "the November sample ends with status 1 by design: \(plain.stderr)")
        #expect(!plain.stderr.contains("время по стадиям"), "\(plain.stderr)")
        let manifest = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let results = try Data(contentsOf: out.appendingPathComponent("results.json"))

        let timed = try ShnorProcess.run(["run", url.path, "--out", out.path, "--timings"])
        #expect(timed.status == 1, "\(timed.stderr)")
        #expect(timed.stdout == plain.stdout, "the figures printed are the same")
        let lines = Self.timingLines(timed.stderr)
        #expect(lines.first == "shnor: время по стадиям, с:", "\(timed.stderr)")
        for stage in [
            "чтение", "разбор", "обработка строк", "очистка", "подсчёт", "справка", "запись", "прочее", "всего",
        ] {
            #expect(
                lines.contains { $0.hasPrefix("shnor:   \(stage) ") || $0.hasPrefix("shnor:     \(stage) ") },
                "\(stage): \(lines)")
        }
        // Timings go to the terminal only: a second run into the same folder writes the same bytes.
        #expect(try Data(contentsOf: out.appendingPathComponent("manifest.json")) == manifest)
        #expect(try Data(contentsOf: out.appendingPathComponent("results.json")) == results)
    }

    @Test func validatePrintsTheStagesItRuns() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder)
        let result = try ShnorProcess.run(["validate", url.path, "--timings"])
        #expect(result.status == 1, "\(result.stderr)")
        let lines = Self.timingLines(result.stderr)
        #expect(lines.contains { $0.hasPrefix("shnor:   чтение ") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("shnor:   запись ") }, "validate writes nothing: \(lines)")
        // The timings come after the warnings.
        let timings = try #require(result.stderr.range(of: "время по стадиям"))
        let warning = try #require(result.stderr.range(of: "shnor: внимание:", options: .backwards))
        #expect(warning.lowerBound < timings.lowerBound, "\(result.stderr)")
    }

    /// `validate` reads as `run` does, on as many threads as asked: the same figures on one and
    /// on two, and a count of threads below one refused as a usage error.
    @Test func validateTakesTheReadsThreads() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder)
        let one = try ShnorProcess.run(["validate", url.path, "--threads", "1"])
        let two = try ShnorProcess.run(["validate", url.path, "--threads", "2", "--stretch-mb", "1"])
        #expect(one.status == 1, "\(one.stderr)")
        #expect(two.status == one.status && two.stdout == one.stdout, "\(two.stdout)\n\(one.stdout)")
        let refused = try ShnorProcess.run(["validate", url.path, "--threads", "0"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("--threads: нужно целое число от 1"), "\(refused.stderr)")
    }

    /// Standard error is a pipe here: no progress line however soon it is due, so scripts and
    /// the tests that compare messages see only the messages.
    @Test(arguments: [["run"], ["validate"]])
    func noProgressLineWhenStandardErrorIsNoTerminal(command: [String]) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder)
        let out = folder.appendingPathComponent("out")
        let arguments =
            command + [url.path] + (command == ["run"] ? ["--out", out.path] : []) + ["--progress-after", "0"]
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("\r"), "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}["), "\(result.stderr)")
        #expect(!result.stderr.contains(" МБ"), "\(result.stderr)")
    }

    @Test func aNegativeDelayIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try CataloguePipelineTests.pipeline(in: folder)
        let result = try ShnorProcess.run(["validate", url.path, "--progress-after", "-1"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--progress-after"), "\(result.stderr)")
    }
}
