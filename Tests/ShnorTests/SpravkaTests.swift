import Foundation
import Testing

/// The sample notes as справки an office head signs (issue 19): every part of the document is
/// there, each conclusion names something results.json publishes, decisions follow the figures,
/// and the language rules hold.
@Suite("Notes as справки, end to end", .serialized)
struct SpravkaTests {
    static let root = ShnorProcess.packageRoot

    /// The six sample notes, run into `folder`: (note.md path, the results.json it words).
    static func runSamples(into folder: URL) throws -> [(note: URL, results: URL)] {
        let indicators = try IndicatorsPipelineTests.prepare(folder)
        let run = try ShnorProcess.run(["run", indicators.path, "--out", folder.appendingPathComponent("out/ind").path])
        try #require(run.status == 0 || run.status == 1, "\(run.stderr)")
        let out = folder.appendingPathComponent("out")
        return [
            ("november-satisfaction/note.md", "november-satisfaction/results.json"),
            ("self-assessment/start/note.md", "self-assessment/results.json"),
            ("self-assessment/change/note.md", "self-assessment/results.json"),
            ("march-2024-results/note.md", "march-2024-results/results.json"),
            ("may-observation/note.md", "may-observation/results.json"),
            ("ind/note.md", "ind/results.json"),
        ].map { (out.appendingPathComponent($0.0), out.appendingPathComponent($0.1)) }
    }

    /// Spaces of every width as one plain space, so tokens compare as read.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
            .replacingOccurrences(of: "\u{2009}", with: " ").replacingOccurrences(of: "\u{00AD}", with: "")
            .replacingOccurrences(of: "\\", with: "")
    }

    /// «79,2 %»: a share as notes print it (one decimal, half away from zero).
    static func percent(_ share: Double) -> String {
        let tenths = (share * 1000 * 1e6).rounded() / 1e6
        let rounded = Int(tenths.rounded(.toNearestOrAwayFromZero))
        return "\(rounded / 10),\(rounded % 10) %"
    }

    /// What a conclusion may name, from results.json: each measure's label (and the area after
    /// its colon), each published group's name, each published share and «n из N»; and, per
    /// measure and breakdown, the hidden groups pooled — the total less the published groups,
    /// which the published figures already give.
    static func publishedTokens(_ results: URL) throws -> Set<String> {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any])
        let measures = try #require(json["measures"] as? [[String: Any]])
        var tokens = Set<String>()
        func add(numerator: Int?, denominator: Int?, share: Double?) {
            if let share { tokens.insert(percent(share)) }
            if let numerator, let denominator { tokens.insert("\(numerator) из \(denominator)") }
        }
        for measure in measures {
            if let label = measure["label"] as? String {
                tokens.insert(label)
                if let colon = label.range(of: ": ") { tokens.insert(String(label[colon.upperBound...])) }
            }
            let numerator = measure["numerator"] as? Int
            let denominator = measure["denominator"] as? Int
            add(numerator: numerator, denominator: denominator, share: measure["share"] as? Double)
            var shownByDimension: [String: (numerator: Int, denominator: Int, hidden: Bool)] = [:]
            for group in measure["groups"] as? [[String: Any]] ?? [] {
                let by = group["by"] as? [String: String] ?? [:]
                guard let dimension = by.keys.first, by.count == 1 else { continue }
                var sums = shownByDimension[dimension] ?? (0, 0, false)
                if group["suppressed"] as? Bool == true {
                    sums.hidden = true
                } else {
                    by.values.forEach { tokens.insert($0) }
                    let n = group["numerator"] as? Int
                    let d = group["denominator"] as? Int
                    add(numerator: n, denominator: d, share: group["share"] as? Double)
                    sums.numerator += n ?? 0
                    sums.denominator += d ?? 0
                }
                shownByDimension[dimension] = sums
            }
            if let numerator, let denominator {
                for sums in shownByDimension.values where sums.hidden && denominator > sums.denominator {
                    let n = numerator - sums.numerator
                    let d = denominator - sums.denominator
                    add(numerator: n, denominator: d, share: Double(n) / Double(d))
                }
            }
        }
        // The tables of results.json are published figures too: their groups and their shares.
        for table in json["tables"] as? [[String: Any]] ?? [] {
            for row in table["rows"] as? [[Any]] ?? [] {
                for cell in row {
                    if let text = cell as? String, text.count > 3 { tokens.insert(text) }
                    if let share = cell as? Double, (0...1).contains(share) { tokens.insert(percent(share)) }
                }
            }
        }
        return tokens
    }

    /// The list items of the section whose heading ends with `title` («Выводы»).
    static func items(of title: String, in note: String) -> [String] {
        var inside = false
        var items: [String] = []
        for line in note.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                inside = line.hasSuffix(title)
                continue
            }
            if inside, line.hasPrefix("- ") { items.append(String(line.dropFirst(2))) }
        }
        return items
    }

    /// The main text: everything before the appendix «Методика».
    static func mainText(_ note: String) -> String {
        note.components(separatedBy: "## Приложение. Методика").first ?? note
    }

    /// The note without the run's warnings (they name the export's file and line for the analyst
    /// to fix before signing, and are not part of the справка's text).
    static func withoutWarnings(_ note: String) -> String {
        var lines: [Substring] = []
        var inWarnings = false
        for line in note.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("**Внимание.**") || line.hasPrefix("**Предупреждения") {
                inWarnings = true
                continue
            }
            if inWarnings, line.isEmpty || line.hasPrefix("- ") { continue }
            inWarnings = false
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    @Test func everySampleNoteIsACompleteSpravka() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (notePath, resultsPath) in try Self.runSamples(into: folder) {
            try Self.expectCompleteSpravka(note: notePath, results: resultsPath)
        }
    }

    /// Checks that the note at `notePath` is a complete справка of the sample programme (the
    /// pipeline's `document:` filled as the shipped ones are) whose conclusions each name
    /// something `resultsPath` publishes; the built-in notes are held to the same checks.
    static func expectCompleteSpravka(note notePath: URL, results resultsPath: URL) throws {
        let note = Self.plain(try String(contentsOf: notePath, encoding: .utf8))
        let name = notePath.deletingLastPathComponent().lastPathComponent
        // Point 1: addressee, full name of the organisation, basis, goal, participants, method,
        // findings, conclusions, decisions as a table, signature block, appendix.
        #expect(
            note.hasPrefix("Начальнику Отраслевого органа администрации Сосьвинского городского округа"), "\(name)")
        #expect(
            note.contains(
                "Отраслевой орган администрации Сосьвинского городского округа «Управление образования», "))
        #expect(note.contains("дорожной карты"), "\(name): basis names the road-map item")
        #expect(note.contains("Цель"), "\(name)")
        #expect(note.contains("## 2. Сроки") || note.contains("## 2. Источники"), "\(name)")
        #expect(note.contains("Выводы"), "\(name)")
        #expect(note.contains("| Мероприятие | Ответственный | Срок | Пункт дорожной карты |"), "\(name)")
        #expect(note.contains("Исполнитель: методист МКУ «ИМЦ СГО» А. В. Спицина, тел. "), "\(name)")
        #expect(note.contains("\nДата: "), "\(name)")
        #expect(note.contains("## Приложение. Методика"), "\(name)")
        // Participants per school, where the data has them: the self-assessment's coverage by
        // school adds up to the coverage results.json publishes for each wave.
        if name == "start" || name == "change" {
            // The start note is dated by the first wave: only its coverage (4 columns).
            let width = name == "start" ? 4 : 6
            let rows = note.split(separator: "\n").filter { $0.hasPrefix("| МКОУ ") }.map {
                $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }.filter { $0.count == width }
            #expect(rows.count == 5, "\(name): a row per programme school")
            #expect(
                name != "start" || !note.contains("итоговой —"), "the start note says nothing of the second wave")
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: resultsPath)) as? [String: Any])
            let measures = try #require(json["measures"] as? [[String: Any]])
            for (column, id) in name == "start"
                ? [(2, "coverage_before")] : [(2, "coverage_before"), (4, "coverage_after")]
            {
                let published = measures.first { $0["id"] as? String == id }?["numerator"] as? Int
                #expect(rows.reduce(0) { $0 + (Int($1[column]) ?? 0) } == published, "\(name): \(id)")
            }
        }
        // Each conclusion names a school, group or figure results.json publishes.
        let tokens = try Self.publishedTokens(resultsPath)
        let conclusions = Self.items(of: "Выводы", in: note)
        #expect(conclusions.count >= 2, "\(name): \(conclusions)")
        for item in conclusions {
            #expect(tokens.contains { item.contains($0) }, "\(name): names nothing results.json publishes: \(item)")
        }
        // Point 6: no double period, no file path, no pipeline id, no statistics jargon in the main text.
        let text = Self.withoutWarnings(note)
        let main = Self.mainText(text)
        #expect(!text.contains("г.."), "\(name)")
        #expect(!text.replacingOccurrences(of: "...", with: "").contains(".."), "\(name)")
        #expect(!text.contains("private/"), "\(name)")
        for id in ["november-satisfaction", "self-assessment", "march-2024-results", "конвейер"] {
            #expect(!text.contains(id), "\(name): \(id)")
        }
        for jargon in ["Мак-Немар", "mid-p", "Уилсон"] {
            #expect(!main.contains(jargon), "\(name): \(jargon) in the main text")
        }
        #expect(note.range(of: #"ответили 1 |ответили \d*[02-9]1 "#, options: .regularExpression) == nil, "\(name)")
    }

    /// The November sample with every answer of СОШ с. Кошай turned to «Скорее не удовлетворён(а)»:
    /// the school falls below the target and is named in the conclusions and the decisions.
    @Test func aSchoolFallingBelowTargetIsNamedInConclusionsAndDecisions() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = try String(
            contentsOf: Self.root.appendingPathComponent("Surveys/samples/november-satisfaction-2023.csv"),
            encoding: .utf8)
        let dated = try Regex(#"^\d\d\.\d\d\.\d{4} "#)
        var edited = 0
        // Lines end in CRLF, one Character to Swift: split on any line break, join with CRLF.
        let lines = csv.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line -> String in
            guard line.firstMatch(of: dated) != nil else { return String(line) }
            var fields = line.split(separator: ",", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 6, fields[2].lowercased().contains("кошай") else { return String(line) }
            fields[4] = "Скорее не удовлетворён(а)"
            edited += 1
            return fields.joined(separator: ",")
        }
        #expect(edited >= 10)
        let data = folder.appendingPathComponent("november.csv")
        try lines.joined(separator: "\r\n").write(to: data, atomically: true, encoding: .utf8)
        var yaml = try String(
            contentsOf: Self.root.appendingPathComponent("Pipelines/november-satisfaction.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "../Surveys/samples/november-satisfaction-2023.csv", with: data.path)
            .replacingOccurrences(of: "../", with: Self.root.path + "/")
            .replacingOccurrences(of: "template: november", with: "template: \(Self.root.path)/Pipelines/november")
        let pipeline = folder.appendingPathComponent("november.yaml")
        try yaml.write(to: pipeline, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let note = Self.plain(try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8))
        let conclusions = Self.items(of: "Выводы", in: note)
        #expect(
            conclusions.contains {
                $0.hasPrefix("Ниже целевого значения доля удовлетворённых в школах: СОШ с. Кошай — 0,0 % (0 из ")
            },
            "\(conclusions)")
        let decisions = note.components(separatedBy: "Управленческие решения").last ?? ""
        #expect(decisions.contains("| Провести в СОШ с. Кошай (доля удовлетворённых 0,0 % при целевом значении 78 %)"))
        #expect(decisions.contains("| Руководитель школы; А. В. Спицина, МКУ «ИМЦ СГО» | до 25.12.2023 | 13 |"))
        // The small schools are never named one by one: only inside their pooled group's name
        // (or not at all, where they are hidden rather than pooled).
        let table = decisions.components(separatedBy: "## Приложение").first ?? ""
        let mentions = conclusions + table.split(separator: "\n").map(String.init)
        for hidden in ["Романово", "Пасынок"] {
            for line in mentions where line.contains(hidden) {
                #expect(
                    line.contains("малочисленн") || line.contains("Малочисленн"), "named apart from its group: \(line)")
                #expect(!line.contains("\(hidden) —"), "a figure of its own: \(line)")
            }
        }
    }

    /// Without pooling in the tables, the hidden schools are still one group in the conclusions:
    /// the total less the published schools, a figure the table already gives — never one school.
    @Test func hiddenSchoolsArePooledFromPublishedFiguresWhenTheTablesDoNotPool() throws {
        let folder = try ShnorProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = try CataloguePipelineTests.pipeline(in: folder) {
            $0.replacingOccurrences(of: "disclosure:\n  k: 5", with: "disclosure:\n  k: 5\n  pool_small_schools: false")
        }
        let out = folder.appendingPathComponent("out")
        let run = try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let note = Self.plain(try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8))
        let conclusions = Self.items(of: "Выводы", in: note)
        #expect(
            conclusions.contains {
                $0.hasPrefix("Не публикуются данные по малочисленным школам (2 школы; в таблицах — «—¹»)")
                    && $0.contains("75,0 % педагогов (12 из 16), на 3,0 п. п. ниже целевого значения.")
            }, "\(conclusions)")
        #expect(
            note.contains(
                "| Провести в малочисленных школах (в таблицах — «—¹»; вместе 75,0 % при целевом значении 78 %)"))
        for hidden in ["Романово", "Пасынок"] {
            #expect(!conclusions.contains { $0.contains(hidden) })
        }
    }
}
