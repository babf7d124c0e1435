import Foundation
import Testing

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
            guard !path.hasPrefix("private/"), url.pathExtension != "docx",
                (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
            else { continue }
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
}
