import Foundation
import Testing
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The three forms of a note come from one template: a sentence changed there changes in
/// note.md, note.html and note.docx on the next run, with no rebuild.
@Suite("Note formats")
struct NoteFormatsTests {
    static func documentXML(_ url: URL) throws -> String {
        let archive = try Archive(url: url, accessMode: .read)
        let entry = try #require(archive["word/document.xml"])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func aSentenceChangedInTheTemplateChangesInAllThreeFormats() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.path
        var template = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.note.md", encoding: .utf8)
        let sentence = "Эту фразу аналитик вписал в шаблон сам."
        template = template.replacingOccurrences(
            of: "## 1. Основание и цель\n", with: "## 1. Основание и цель\n\n\(sentence)\n")
        let templateURL = folder.appendingPathComponent("note.md")
        try Data(template.utf8).write(to: templateURL)
        let pipeline = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: "\(root)/Pipelines/november-satisfaction.note.md", with: templateURL.path)
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8).contains(sentence))
        #expect(
            try String(contentsOf: out.appendingPathComponent("note.html"), encoding: .utf8).contains(
                "<p>\(sentence)</p>"))
        #expect(try Self.documentXML(out.appendingPathComponent("note.docx")).contains(sentence))
    }

    @Test func theWordDocumentIsA4WithRealStylesTablesAndCharts() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run([
            "run", ShnorProcess.packageRoot.appendingPathComponent("Pipelines/november-satisfaction.yaml").path,
            "--out", out.path,
        ])
        #expect(result.completed, "\(result.stderr)")
        let docx = out.appendingPathComponent("note.docx")
        let xml = try Self.documentXML(docx)
        #expect(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 portrait")
        #expect(xml.contains("<w:pStyle w:val=\"Heading1\"/>"))
        #expect(xml.contains("<w:tblHeader/>"), "table header rows repeat on each page")
        #expect(xml.contains("<w:jc w:val=\"right\"/>"), "numbers are right-aligned")
        #expect(xml.contains("<c:chart r:id=\"rIdChart1\"/>"))
        #expect(xml.contains("79,2\u{00A0}%"))
        let archive = try Archive(url: docx, accessMode: .read)
        for part in [
            "word/styles.xml", "word/numbering.xml", "word/footer1.xml", "word/charts/chart1.xml",
            "[Content_Types].xml",
        ] {
            #expect(archive[part] != nil, "\(part)")
        }
    }

    @Test func everyPartOfEveryWordNoteIsWellFormedXML() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.appendingPathComponent("Pipelines")
        var notes: [URL] = []
        for (pipeline, subfolders) in [("november-satisfaction", [""]), ("self-assessment", ["start/", "change/"])] {
            let out = folder.appendingPathComponent(pipeline)
            let result = try ShnorProcess.run([
                "run", root.appendingPathComponent("\(pipeline).yaml").path, "--out", out.path,
            ])
            #expect(result.completed, "\(result.stderr)")
            notes += subfolders.map { out.appendingPathComponent($0 + "note.docx") }
        }
        for note in notes {
            let archive = try Archive(url: note, accessMode: .read)
            var parts = 0
            for entry in archive where entry.path.hasSuffix(".xml") || entry.path.hasSuffix(".rels") {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                #expect(throws: Never.self, "\(note.path): \(entry.path)") { _ = try XMLDocument(data: data) }
                parts += 1
            }
            #expect(parts >= 9, "\(note.path)")
        }
    }
}
