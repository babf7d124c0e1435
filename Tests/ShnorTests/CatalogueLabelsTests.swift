import Foundation
import Testing
import ZIPFoundation

/// The catalogue's labels: group labels come from scales and registers only (DESIGN.md §6), so
/// nothing a respondent typed, and no label of a group below the disclosure threshold, reaches a
/// published file.
@Suite("Catalogue of bad input: labels", .serialized)
struct CatalogueLabelsTests {
    /// The text of every published file of a run (everything but private/ and the binary .docx).
    static func published(_ out: URL) throws -> [(path: String, text: String)] {
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: [.isRegularFileKey])
        var found: [(String, String)] = []
        while let url = files?.nextObject() as? URL {
            let path = url.path.replacingOccurrences(of: out.path + "/", with: "")
            guard !path.hasPrefix("private/"),
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
            if ["docx", "xlsx"].contains(url.pathExtension) {
                // The Word note and the workbook are ZIPs of XML: their text is what they publish.
                let archive = try Archive(url: url, accessMode: .read)
                var text = ""
                for entry in archive where entry.path.hasSuffix(".xml") {
                    var data = Data()
                    _ = try archive.extract(entry) { data.append($0) }
                    text += String(decoding: data, as: UTF8.self)
                }
                found.append((path, text))
                continue
            }
            found.append((path, try String(contentsOf: url, encoding: .utf8)))
        }
        return found
    }

    /// A teacher's name typed into the subject cell is counted as «другое», never printed; a
    /// subject only one teacher named (a suppressed one-person group) is pooled into «другое» too.
    @Test func aNameInTheSubjectCellAndAOnePersonSubjectAreNeverLabels() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let start = try SelfAssessmentFixture.export(in: folder, "start.csv", from: "self-assessment-start-2023.csv") {
            rows in
            var rows = rows
            let teachers = rows.indices.filter { $0 > 0 && !rows[$0][4].isEmpty }
            rows[teachers[0]][4] = "Белоусова Ксения Игоревна"  // a name where the subject goes
            rows[teachers[1]][4] = "Физика"  // a subject on the scale, taught by one respondent
            return rows
        }
        let arguments = try SelfAssessmentFixture.run(in: folder) {
            $0.replacingOccurrences(of: SelfAssessmentFixture.startSample, with: start)
        }
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.text.contains(
                "вход «start», столбец «subject»: значение не из шкалы «subjects» прочитано как «другое»: 1"),
            "\(result.text)")
        let out = folder.appendingPathComponent("out")
        let files = try Self.published(out)
        #expect(files.contains { $0.path == "clean/responses.csv" })
        for (path, text) in files {
            #expect(!text.contains("Белоусова"), "\(path) prints the subject cell as written")
            #expect(!text.contains("Физика"), "\(path) names a subject one respondent teaches")
        }
        let note = try String(contentsOf: out.appendingPathComponent("start/note.md"), encoding: .utf8)
        #expect(note.contains("| другое |"), "\(note)")
    }

    /// A subject column without a scale would label groups by raw text: refused before reading.
    @Test func aSubjectColumnWithoutAScaleIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let instrument = folder.appendingPathComponent("self-assessment.yaml")
        let text = try String(
            contentsOfFile: SelfAssessmentFixture.root + "/Surveys/self-assessment.yaml", encoding: .utf8)
        try Data(
            text.replacingOccurrences(
                of: "header: {prefix: Преподаваемый предмет}\n    scale: subjects\n",
                with: "header: {prefix: Преподаваемый предмет}\n"
            ).utf8
        ).write(to: instrument)
        var arguments = try SelfAssessmentFixture.run(in: folder) {
            $0.replacingOccurrences(
                of: SelfAssessmentFixture.root + "/Surveys/self-assessment.yaml", with: instrument.path)
        }
        arguments[0] = "validate"
        arguments.removeLast(2)
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(instrument.path), "\(result.stderr)")
        #expect(
            result.stderr.contains("у столбца «subject» (subject) не указана шкала предметов (scale)"),
            "\(result.stderr)")
    }

    // MARK: - The clean table (class 2)

    /// The groups results.json reports suppressed, as (clean column, label).
    static func suppressedGroups(_ out: URL) throws -> [(column: String, label: String)] {
        let columns = ["school": "школа", "position": "должность", "subject": "предмет"]
        var found: [(String, String)] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if object["suppressed"] as? Bool == true, let by = object["by"] as? [String: String] {
                    for (dimension, label) in by {
                        if let column = columns[dimension] { found.append((column, label)) }
                    }
                }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("results.json"))))
        return found
    }

    /// Tries to undo the notes' suppression from clean/: every group the sample notes suppress is
    /// looked for in the clean table, and every combination of wave, school, position and subject
    /// must hold at least k = 5 people.
    @Test func theCleanTableRecountsNoSuppressedGroupAndPublishesNoSmallProfile() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let november = folder.appendingPathComponent("november")
        try FileManager.default.createDirectory(at: november, withIntermediateDirectories: true)
        let runs = [
            [
                // Small schools hidden rather than pooled: hidden groups for the test to look for.
                "run",
                try CataloguePipelineTests.pipeline(in: november) {
                    $0.replacingOccurrences(
                        of: "disclosure:\n  k: 5", with: "disclosure:\n  k: 5\n  pool_small_schools: false")
                }.path, "--out",
                folder.appendingPathComponent("out-n").path,
            ],
            try SelfAssessmentFixture.run(in: folder),
        ]
        var suppressed = 0
        for arguments in runs {
            let result = try ShnorProcess.run(arguments)
            #expect([0, 1].contains(result.status), "\(result.stderr)")
            let out = URL(fileURLWithPath: arguments[3])
            let table = referenceRows(
                try String(contentsOf: out.appendingPathComponent("clean/responses.csv"), encoding: .utf8)
                    .replacingOccurrences(of: "\u{FEFF}", with: ""), delimiter: ";"
            ).filter { $0.count > 1 }
            let header = table[0]
            let rows = table.dropFirst()
            for (column, label) in try Self.suppressedGroups(out) {
                suppressed += 1
                guard let index = header.firstIndex(of: column) else { continue }
                let recounted = rows.filter { $0[index] == label }.count
                #expect(
                    recounted == 0, "\(out.path): suppressed group «\(label)» recounted from \(recounted) clean rows")
            }
            let identifying = ["этап", "школа", "должность", "предмет"].compactMap { header.firstIndex(of: $0) }
            var classes: [[String]: Int] = [:]
            for row in rows { classes[identifying.map { row[$0] }, default: 0] += 1 }
            for (profile, count) in classes {
                #expect(count >= 5, "\(out.path): \(count) clean rows share \(profile)")
            }
        }
        #expect(suppressed > 0, "the sample notes suppress no group: the test checks nothing")
    }
}
