import Foundation
import Testing

/// Disclosure control over nested breakdowns, end to end (DESIGN.md §6): a class hidden inside
/// its school is not published beside its school's total and its school's other classes, nor
/// beside its grade's total and the grade's other classes; the run's manifest counts the audit.
@Suite("Linked disclosure control, end to end", .serialized)
struct LinkedDisclosureTests {
    /// (school as the export writes it, class, students) — every student writes mathematics at
    /// both points. СОШ № 2: 5А (18) and 5Б (3); Восточный: 5В (10) and 6А (12); Кошай: 6Б (7).
    static let district: [(school: String, schoolClass: String, students: Int)] = [
        ("СОШ № 2", "5А", 18), ("СОШ № 2", "5Б", 3), ("СОШ п. Восточный", "5В", 10), ("СОШ п. Восточный", "6А", 12),
        ("СОШ с. Кошай", "6Б", 7),
    ]

    /// Everything an attacker holding results.json can add and subtract: a parent (school, grade,
    /// the whole) shown with exactly one of its classes hidden gives that class away.
    @Test func noHiddenClassComesBackFromItsSchoolOrItsGrade() throws {
        let folder = try ShnorProcess.temporaryFolder()
        var rows = ["Код,ОО,Класс,Предмет,Отметка (осень),Отметка (март)"]
        var code = 0
        for (school, schoolClass, students) in Self.district {
            for student in 0..<students {
                code += 1
                rows.append("\(code),\(school),\(schoolClass),Математика,3,\(student % 2 == 0 ? 4 : 3)")
            }
        }
        try ResultsPipelineTests.writeBothPoints(rows, in: folder)
        try Data(
            ResultsPipelineTests.bothPointsPipeline(
                file: "both.csv", instrument: "instrument.yaml",
                results: "{improved: {by: mark, target: 0.48}, breakdowns: [school, grade, class]}"
            ).utf8
        ).write(to: folder.appendingPathComponent("pipeline.yaml"))
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", folder.appendingPathComponent("pipeline.yaml").path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let results = try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("results.json")))
        let measures = try #require((results as? [String: Any])?["measures"] as? [[String: Any]])
        var checked = 0
        for measure in measures {
            guard let groups = measure["groups"] as? [[String: Any]], !groups.isEmpty else { continue }
            // Shown sizes by group; nil for a hidden group.
            var shown: [String: Int?] = [:]
            for group in groups {
                guard let by = group["by"] as? [String: String], let (dimension, label) = by.first else { continue }
                shown["\(dimension)=\(label)"] =
                    group["suppressed"] as? Bool == true ? nil : group["denominator"] as? Int
            }
            func isHidden(_ key: String) -> Bool { shown[key].map { $0 == nil } ?? false }
            let classes = shown.keys.filter { $0.hasPrefix("class=") }
            guard !classes.isEmpty else { continue }
            checked += 1
            // 5Б (3) is below k: hidden, and so is one more class of its school.
            let small = try #require(classes.first { $0.hasSuffix("5Б") })
            #expect(isHidden(small), "\(measure["id"] ?? "")")
            // Parents: each school and each grade, with the classes inside them.
            var parents: [String: [String]] = [:]
            for key in classes {
                let label = String(key.dropFirst("class=".count))
                let grade = label.last { $0.isNumber } ?? label.reversed().first { $0.isNumber } ?? " "
                let number = label.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).first ?? grade
                parents["grade=\(number) класс", default: []].append(key)
                if let school = shown.keys.first(where: {
                    $0.hasPrefix("school=") && label.hasPrefix(String($0.dropFirst("school=".count)))
                }) {
                    parents[school, default: []].append(key)
                }
            }
            for (parent, children) in parents where shown[parent] != nil && !isHidden(parent) {
                let hidden = children.filter(isHidden)
                #expect(
                    hidden.count != 1,
                    "\(measure["id"] ?? ""): \(hidden) = \(parent) − \(children.filter { !isHidden($0) })")
            }
        }
        #expect(checked > 0, "the measures break down by class")

        // The clean table recounts no hidden class and names no group of fewer than k people.
        let clean = referenceRows(
            try String(contentsOf: out.appendingPathComponent("clean/results.csv"), encoding: .utf8)
                .replacingOccurrences(of: "\u{FEFF}", with: ""),
            delimiter: ";"
        ).dropFirst()
        #expect(clean.count == 2 * Self.district.reduce(0) { $0 + $1.students }, "every record at both points")
        #expect(!clean.contains { $0[4] == "5Б" || $0[4] == "5А" }, "5Б and 5А are hidden in the notes")
        #expect(clean.contains { $0[4] == "другие классы" })
        var people: [String: Set<String>] = [:]
        for row in clean { people["\(row[3])|\(row[4])", default: []].insert(row[0]) }
        for (group, members) in people { #expect(members.count >= 5, "\(group): \(members.count)") }
        let ledger = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(ledger.contains("\"clean_pooled_classes\" : 2"), "\(ledger)")
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any]
        let audit = try #require(manifest?["disclosure_audit"] as? [String: Int])
        #expect(audit["recovered"] == 0)
        #expect((audit["primary"] ?? 0) > 0 && (audit["complementary"] ?? 0) > 0, "\(audit)")
    }
}
