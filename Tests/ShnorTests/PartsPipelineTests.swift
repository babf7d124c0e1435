import Foundation
import Ingest
import Testing

/// `shnor run --threads 1` and `--threads 2` on an export large enough to be read in two parts
/// write the same bytes: notes, results, clean table, rejects, manifest.
@Suite("One thread or two: the same outputs", .tags(.slow))
struct PartsPipelineTests {
    static func pipeline(file: String) -> String {
        """
        pipeline: parts
        analysis: student_results
        title: Результаты обучающихся — обе точки в строке
        period: 2024-03
        register: \(ShnorProcess.packageRoot.path)/Surveys/schools.yaml
        inputs:
          - {id: results, kind: results, file: \(file), instrument: \(ShnorProcess.packageRoot.path)/Surveys/student-results-both-points.yaml}
        results:
          improved: {by: mark, target: 0.48}
          breakdowns: [school, grade, class, subject]
        note:
          template: \(ShnorProcess.packageRoot.path)/Pipelines/march-2024-results.note.md
        """
    }

    /// Every file under `folder`, by its path inside it.
    static func files(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// Runs the pipeline with one thread, then with two (stretches of 8 MB, then of 1 MB: many
    /// per thread) under the same pseudonym key, and compares every output byte for byte.
    static func expectSameOutputs(_ folder: URL) throws {
        let pipeline = folder.appendingPathComponent("pipeline.yaml")
        let one = folder.appendingPathComponent("one")
        let first = try ShnorProcess.run(["run", pipeline.path, "--out", one.path, "--threads", "1"])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try files(one)
        #expect(a.keys.contains("/clean/results.csv") && a.keys.contains("/private/rejects.csv"))
        for (name, options) in [("two", ["--threads", "2"]), ("two-small", ["--threads", "2", "--stretch-mb", "1"])] {
            // Each later run replaces a copy of the first's folder, so it keeps the pseudonym key;
            // the outputs compared are taken away first, so they must be written anew.
            let two = folder.appendingPathComponent(name)
            try FileManager.default.copyItem(at: one, to: two)
            for output in ["results.json", "note.md", "clean/results.csv", "private/rejects.csv"] {
                try FileManager.default.removeItem(at: two.appendingPathComponent(output))
            }
            let second = try ShnorProcess.run(["run", pipeline.path, "--out", two.path] + options)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(
                first.text.replacingOccurrences(of: one.path, with: "")
                    == second.text.replacingOccurrences(of: two.path, with: ""))
            let b = try files(two)
            #expect(a.keys.sorted() == b.keys.sorted())
            for (file, bytes) in a {
                #expect(b[file] == bytes, "\(file) differs between one thread and \(options.joined(separator: " "))")
            }
        }
    }

    /// Generated results (both points in a row) with a row of each fault planted in the second half.
    static func export(in folder: URL, extra: (_ lines: [Substring]) -> [String]) throws {
        #expect(
            try ShnorProcess.run(["generate", "results", "--students", "75000", "--both-in-row", "--out", folder.path])
                .status == 0)
        let file = folder.appendingPathComponent("results-both-points-2024.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        try Data((text + extra(lines).map { $0 + "\n" }.joined()).utf8).write(to: file)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        #expect(size > 2 * TableReader.minimumPartBytes, "large enough to be read in two parts")
        try Data(pipeline(file: file.path).utf8).write(to: folder.appendingPathComponent("pipeline.yaml"))
    }

    @Test func aLargeExportGivesTheSameBytesWithOneThreadOrTwo() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.export(in: folder) { lines in
            let last = lines[lines.count - 2]
            var badMark = last.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            badMark[6] = "7"
            // A mark out of range, a repeat of the last row (both in the second part), a ragged row.
            return [badMark.joined(separator: ","), String(last), "9990000001,Иванов Иван,МКОУ СОШ п. Восточный,5А"]
        }
        try Self.expectSameOutputs(folder)
    }

    /// A row of the second part repeating a row of the first: the parts cannot simply be added
    /// up, and the run still gives the bytes of one pass.
    @Test func aRepeatAcrossPartsGivesTheSameBytes() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.export(in: folder) { lines in [String(lines[1])] }
        try Self.expectSameOutputs(folder)
        let rejects = try String(contentsOf: folder.appendingPathComponent("two/private/rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("duplicate_record") && rejects.contains("учтена строка 2"))
    }

    static func twoFilePipeline(_ folder: URL) -> String {
        let root = ShnorProcess.packageRoot.path
        return """
            pipeline: parts-two
            analysis: student_results
            title: Результаты обучающихся в двух точках
            period: 2024-03
            register: \(root)/Surveys/schools.yaml
            inputs:
              - {id: autumn, kind: results, stage: pre, file: \(folder.path)/results-autumn-2023.csv, instrument: \(root)/Surveys/student-results.yaml}
              - {id: march, kind: results, stage: post, file: \(folder.path)/results-march-2024.csv, instrument: \(root)/Surveys/student-results.yaml}
            results:
              improved: {by: mark, target: 0.48}
              breakdowns: [school, grade, class, subject]
            note:
              template: \(root)/Pipelines/march-2024-results.note.md
            """
    }

    /// Two exports large enough to be read in parts, linked by code and by name.
    static func twoExports(in folder: URL, repeatFirstRows: Bool) throws {
        #expect(try ShnorProcess.run(["generate", "results", "--students", "75000", "--out", folder.path]).status == 0)
        for name in ["results-autumn-2023.csv", "results-march-2024.csv"] {
            let file = folder.appendingPathComponent(name)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
            #expect(size > 2 * TableReader.minimumPartBytes, "\(name) is large enough to be read in two parts")
            guard repeatFirstRows else { continue }
            // The first record again at the end: a repeat across parts, on the kept side and on the streamed one.
            let data = try Data(contentsOf: file)
            let text = String(decoding: data, as: UTF8.self)
            let separator = text.contains("\r\n") ? "\r\n" : "\n"
            let first = text.components(separatedBy: separator)[1]
            try (data + Data((first + separator).utf8)).write(to: file)
        }
        try Data(twoFilePipeline(folder).utf8).write(to: folder.appendingPathComponent("pipeline.yaml"))
    }

    @Test func twoLargeExportsGiveTheSameBytesWithOneThreadOrTwo() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.twoExports(in: folder, repeatFirstRows: false)
        try Self.expectSameOutputs(folder)
        let unmatched = try String(
            contentsOf: folder.appendingPathComponent("two/private/unmatched.csv"), encoding: .utf8)
        #expect(unmatched.utf8.split(separator: 0x0A).count > 100, "records without a partner on both sides")
    }

    @Test func repeatsAcrossPartsOfTwoExportsGiveTheSameBytes() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.twoExports(in: folder, repeatFirstRows: true)
        try Self.expectSameOutputs(folder)
        let rejects = try String(contentsOf: folder.appendingPathComponent("two/private/rejects.csv"), encoding: .utf8)
        #expect(
            rejects.components(separatedBy: "duplicate_record").count - 1 >= 2,
            "the repeat is turned away in both files")
    }
}

extension PartsPipelineTests {
    /// A survey export large enough to be read in parts, with continuation rows: a part that
    /// begins inside a submission hands its first rows to the part before, so one thread and two
    /// give the same outputs, and every chosen form is counted once.
    @Test func continuationRowsAcrossPartsGiveTheSameOutputs() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let (text, chosen, _) = ContinuationRowsTests.export(respondents: 150_000)
        #expect(text.utf8.count > 2 * TableReader.minimumPartBytes, "large enough to be read in two parts")
        let pipeline = try ContinuationRowsTests.pipeline(in: folder, export: text, fold: true)
        var outputs: [Data] = []
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("out-\(threads)")
            let run = try ShnorProcess.run([
                "run", pipeline.path, "--out", out.path, "--threads", String(threads),
            ])
            #expect(run.completed, "\(run.stderr)")
            outputs.append(try Data(contentsOf: out.appendingPathComponent("results.json")))
            let forms = try ContinuationRowsTests.table(out, "forms")
            #expect(forms.map { $0[1] as? Int } == chosen.map { $0 }, "threads \(threads)")
        }
        #expect(outputs[0] == outputs[1])
    }
}
