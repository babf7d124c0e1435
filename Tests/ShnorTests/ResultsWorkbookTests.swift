import Foundation
import Testing
import ZIPFoundation

/// `results.xlsx` beside every note (issue 21, point 6): each table of the note a sheet, its
/// figures numbers — read back here from the workbook's XML with no spreadsheet program.
@Suite("results.xlsx, end to end", .serialized)
struct ResultsWorkbookTests {
    static func entry(_ archive: Archive, _ path: String) throws -> String {
        let entry = try #require(archive[path], "\(path) in the workbook")
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyTableOfTheNoteIsASheetWithNumbersAsNumbers() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let run = try ShnorProcess.run([
            "run", ShnorProcess.packageRoot.path + "/Pipelines/november-satisfaction.yaml", "--out", out.path,
        ])
        #expect(run.completed, "\(run.stderr)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        // A Markdown table is a header line followed by its delimiter line.
        let tables = note.components(separatedBy: "\n").filter { $0.hasPrefix("|:---") || $0.hasPrefix("|---") }.count
        let archive = try Archive(url: out.appendingPathComponent("results.xlsx"), accessMode: .read)
        let workbook = try Self.entry(archive, "xl/workbook.xml")
        let names = workbook.components(separatedBy: "<sheet name=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        #expect(names.count == tables, "\(names)")
        // The school table: its counts and shares as numbers (the share as a fraction, shown as a percent).
        let index = try #require(names.firstIndex(of: "По школам"), "\(names)")
        let sheet = try Self.entry(archive, "xl/worksheets/sheet\(index + 1).xml")
        let results = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("results.json")))
        let measures = (results as? [String: Any])?["measures"] as? [[String: Any]] ?? []
        let headline = try #require(measures.first { $0["id"] as? String == "satisfied_teachers" })
        let groups = (headline["groups"] as? [[String: Any]] ?? []).filter {
            ($0["by"] as? [String: String])?["school"] != nil && $0["suppressed"] as? Bool == false
        }
        #expect(!groups.isEmpty)
        // The numbers the sheet holds (a share as the note prints it, to 0,1 %).
        let values = sheet.components(separatedBy: "<v>").dropFirst().compactMap { Double($0.prefix { $0 != "<" }) }
        func holds(_ value: Double) -> Bool { values.contains { abs($0 - value) < 1e-9 } }
        for group in groups {
            let numerator = try #require(group["numerator"] as? Int)
            let denominator = try #require(group["denominator"] as? Int)
            #expect(holds(Double(numerator)) && holds(Double(denominator)), "\(group)")
            let share = (Double(numerator) / Double(denominator) * 1000).rounded() / 1000
            #expect(holds(share), "\(share) in \(values)")
        }
        #expect(sheet.contains("<v>\(try #require(headline["numerator"] as? Int))</v>"), "the total row")
    }
}
