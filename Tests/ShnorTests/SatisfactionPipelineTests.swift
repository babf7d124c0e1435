import Foundation
import Testing

/// `shnor run` on the shipped November sample, checked against figures recomputed here from
/// the sample's documented contents (Surveys/samples/README.md), by code of the test's own.
@Suite("Satisfaction pipeline, end to end", .serialized)
struct SatisfactionPipelineTests {
    static let pipeline = ShnorProcess.packageRoot.appendingPathComponent("Pipelines/november-satisfaction.yaml").path
    static let samples = ShnorProcess.packageRoot.appendingPathComponent("Surveys/samples")

    /// The spellings the sample uses for each programme school (the partner school is left out).
    static let programmeSchool: [String: String] = [
        "мкоу сош № 2 р.п. сосьва": "СОШ № 2 р.п. Сосьва", "сош № 2": "СОШ № 2 р.п. Сосьва",
        "школа №2": "СОШ № 2 р.п. Сосьва",
        "мкоу сош №2 п. сосьва": "СОШ № 2 р.п. Сосьва",
        "мкоу сош п. восточный": "СОШ п. Восточный", "восточная сош": "СОШ п. Восточный",
        "мкоу сош п.восточный": "СОШ п. Восточный",
        "мкоу сош с. кошай": "СОШ с. Кошай", "кошайская сош": "СОШ с. Кошай", "сош с.кошай": "СОШ с. Кошай",
        "мкоу сош с. романово": "СОШ с. Романово", "романовская школа": "СОШ с. Романово",
        "сош с. романово": "СОШ с. Романово",
        "мкоу оош п. пасынок": "ООШ п. Пасынок", "оош пасынок": "ООШ п. Пасынок",
    ]
    static let partnerSpellings: Set<String> = ["маоу сош № 1 р.п. сосьва", "сош №1", "школа 1", "маоу сош №1"]

    struct Expected {
        var satisfied = 0
        var substantive = 0
        var unsure = 0
        var blank = 0
        /// Answers off the scale: their cell is left out, their row kept.
        var unreadable = 0
        /// Rows rejected for a reason other than a repeat or a test (the unknown school).
        var rejectedCounting = 0
        /// First and last day of the kept answers (all in one month on the sample).
        var firstDay = 31
        var lastDay = 1
        var bySchool: [String: (satisfied: Int, substantive: Int)] = [:]
    }

    /// Recomputes the headline share from the raw export: drop test names and the unknown school,
    /// keep each person's last row, keep programme schools; the off-scale answer leaves its cell out.
    static func recompute() throws -> Expected {
        let text = try String(
            contentsOf: samples.appendingPathComponent("november-satisfaction-2023.csv"), encoding: .utf8)
        let rows = referenceRows(text, delimiter: ",").dropFirst()
        func plain(_ s: String) -> String {
            s.lowercased().replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: "(", with: "")
                .replacingOccurrences(of: ")", with: "").split(separator: " ").joined(separator: " ")
        }
        var last: [String: [String]] = [:]
        var order: [String] = []
        var rejectedCounting = 0
        for row in rows {
            let name = plain(row[1])
            if name == "тест" || name == "проверка формы" { continue }
            if row[2] == "МБОУ СОШ № 7 г. Серова" {
                rejectedCounting += 1
                continue
            }
            let school =
                programmeSchool[row[2].lowercased()]
                ?? (partnerSpellings.contains(row[2].lowercased()) ? "partner" : "?")
            let personKey = name + "|" + school
            if last[personKey] == nil { order.append(personKey) }
            last[personKey] = row
        }
        var expected = Expected()
        expected.rejectedCounting = rejectedCounting
        for key in order {
            guard let row = last[key] else { continue }
            // «20.11.2023 9:27:20»: the day of the month of every kept answer.
            if let day = Int(row[0].prefix(2)) {
                expected.firstDay = min(expected.firstDay, day)
                expected.lastDay = max(expected.lastDay, day)
            }
            guard let school = programmeSchool[row[2].lowercased()] else {
                #expect(partnerSpellings.contains(row[2].lowercased()), "unexpected school spelling \(row[2])")
                continue
            }
            let answer = plain(row[4])
            if answer.isEmpty { expected.blank += 1; continue }
            if answer == "затрудняюсь ответить" { expected.unsure += 1; continue }
            if answer == "удовлетворена частично" { expected.unreadable += 1; continue }
            let satisfied = (answer.hasPrefix("скорее удовлетворен") || answer.hasPrefix("полностью удовлетворен"))
            expected.substantive += 1
            expected.bySchool[school, default: (0, 0)].substantive += 1
            if satisfied {
                expected.satisfied += 1
                expected.bySchool[school, default: (0, 0)].satisfied += 1
            }
        }
        return expected
    }

    static func percent(_ numerator: Int, _ denominator: Int) -> String {
        let tenths = Int((Double(numerator) / Double(denominator) * 1000).rounded())
        return "\(tenths / 10),\(tenths % 10)\u{00A0}%"
    }

    func runSample() throws -> URL {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        return out
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func headlineShareAgreesAcrossOutputsAndWithAnIndependentComputation() throws {
        let expected = try Self.recompute()
        let out = try runSample()
        let results = try json(out.appendingPathComponent("results.json"))
        #expect(results["schema"] as? String == "shnor.results/1")
        let measures = try #require(results["measures"] as? [[String: Any]])
        let satisfied = try #require(measures.first { $0["id"] as? String == "satisfied_teachers" })
        #expect(satisfied["numerator"] as? Int == expected.satisfied)
        #expect(satisfied["denominator"] as? Int == expected.substantive)
        #expect(satisfied["non_substantive"] as? Int == expected.unsure)
        #expect(satisfied["blank"] as? Int == expected.blank)
        #expect(satisfied["target"] as? Double == 0.78)
        let share = Double(expected.satisfied) / Double(expected.substantive)
        // Wilson, written out here again.
        let ci = try #require(satisfied["ci95"] as? [Double])
        let z = 1.959964, n = Double(expected.substantive)
        let centre = (share + z * z / (2 * n)) / (1 + z * z / n)
        let half = z * (share * (1 - share) / n + z * z / (4 * n * n)).squareRoot() / (1 + z * z / n)
        #expect(abs(ci[0] - (centre - half)) < 1e-9)
        #expect(abs(ci[1] - (centre + half)) < 1e-9)
        // The four-way verdict of DESIGN.md §4, from the share and the interval written out here.
        let within = centre - half < 0.78 && 0.78 <= centre + half
        let status =
            share >= 0.78
            ? (within ? "achieved_within_margin" : "achieved")
            : (within ? "not_achieved_within_margin" : "not_achieved")
        #expect(satisfied["status"] as? String == status)

        // The same figures in the note, both forms.
        let markdown = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        let html = try String(contentsOf: out.appendingPathComponent("note.html"), encoding: .utf8)
        let shareText = Self.percent(expected.satisfied, expected.substantive)
        #expect(markdown.contains("**\(shareText)** (\(expected.satisfied) из \(expected.substantive);"))
        #expect(html.contains("<strong>\(shareText)</strong> (\(expected.satisfied) из \(expected.substantive);"))

        // Per school: results.json, the note's table, and the recomputation agree. Small schools
        // are one group, «Малочисленные школы (…)», whose counts are the sum of its schools'.
        let groups = try #require(satisfied["groups"] as? [[String: Any]])
        let pooledPrefix = "Малочисленные школы ("
        var pooled: [String] = []
        for group in groups where (group["by"] as? [String: String])?["school"] != nil {
            let school = try #require((group["by"] as? [String: String])?["school"])
            var counts: (satisfied: Int, substantive: Int)
            if school.hasPrefix(pooledPrefix) {
                pooled = school.dropFirst(pooledPrefix.count).dropLast().components(separatedBy: ", ")
                counts = (0, 0)
                for member in pooled {
                    let part = try #require(expected.bySchool[member], "school \(member)")
                    counts.satisfied += part.satisfied
                    counts.substantive += part.substantive
                }
            } else {
                let found = try #require(expected.bySchool[school], "school \(school)")
                counts = (found.satisfied, found.substantive)
            }
            // The note sets a non-breaking space after «№», as Russian typesetting asks.
            let printed = school.replacingOccurrences(of: "№ ", with: "№\u{00A0}")
            #expect(group["suppressed"] as? Bool == false, "\(school): pooled, not hidden")
            #expect(group["numerator"] as? Int == counts.satisfied)
            #expect(group["denominator"] as? Int == counts.substantive)
            #expect(
                markdown.contains(
                    "| \(printed) | \(counts.satisfied) | \(counts.substantive) | \(Self.percent(counts.satisfied, counts.substantive)) |"
                ), "\(printed)")
        }
        // The one school under 5 answers is pooled with the next smallest, so the pool holds 5.
        let small = expected.bySchool.filter { $0.value.substantive < 5 }
        #expect(small.count == 1)
        #expect(pooled.count == 2 && small.keys.allSatisfy(pooled.contains), "\(pooled)")
        #expect(html.contains("<svg"))
    }

    /// The sample is the case of issue 17: 57 of 72 against 78 %. The verdict says the interval
    /// contains the target, that one answer decides it, and that the two rows left uncounted
    /// could flip it — and the run exits 1 for that, with the off-scale answer named.
    @Test func theSampleVerdictIsNoStrongerThanItsEvidence() throws {
        let expected = try Self.recompute()
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        let n = expected.satisfied, d = expected.substantive
        let uncounted = expected.rejectedCounting + expected.unreadable
        #expect(uncounted == 2)
        let lower = Double(n) / Double(d + uncounted), upper = Double(n + uncounted) / Double(d + uncounted)
        let crosses = lower < 0.78 && 0.78 <= upper
        #expect(result.status == (crosses ? 1 : 0), "\(result.stderr)")
        #expect(result.stderr.contains("вердикт под сомнением") == crosses)
        #expect(
            result.stderr.contains(
                "«Удовлетворена частично» (\(Self.samples.path)/november-satisfaction-2023.csv, строка 36)"))
        #expect(result.stderr.contains("verdict_uncertain разрешить нельзя") == crosses)

        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let satisfied = try #require(measures.first { $0["id"] as? String == "satisfied_teachers" })
        #expect(satisfied["unit"] as? String == "person" && satisfied["population"] as? String == "programme")
        #expect(satisfied["uncounted"] as? Int == uncounted)
        let bounds = try #require(satisfied["uncounted_bounds"] as? [Double])
        #expect(abs(bounds[0] - lower) < 1e-12 && abs(bounds[1] - upper) < 1e-12)
        let coverage = try #require(measures.first { $0["id"] as? String == "coverage" })
        #expect(coverage["census"] as? Bool == true && coverage["ci95"] is NSNull, "a roster count has no interval")

        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        // One answer the other way: (n − 1)/d below the target while n/d reaches it.
        let oneDecides = Double(n - 1) / Double(d) < 0.78 && Double(n) / Double(d) >= 0.78
        #expect(note.contains("Вывод держится на одном ответе") == oneDecides)
        #expect(note.contains("Вердикт под сомнением") == crosses)
        #expect(note.contains("**Внимание.** При обработке данных выявлено"), "the warnings open the note")
        #expect(
            note.contains(
                "Анкетирование проходило \(expected.firstDay)–\(expected.lastDay)\u{00A0}ноября 2023\u{00A0}г."))
        #expect(note.contains("ответили не по шкале вопроса: \(expected.unreadable)"))
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        let warnings = try #require(manifest["warnings"] as? [[String: Any]])
        #expect(Set(warnings.compactMap { $0["kind"] as? String }) == ["unknown_answer", "verdict_uncertain"])
    }

    /// The coverage's denominator is «педагоги ШНОР» of the staff register every note uses — its
    /// programme-school rows without the mentors (not_staff) — and its numerator the kept answers
    /// found there: both recomputed from the raw register and export.
    @Test func coverageIsCountedAgainstTheStaffRegisterWithoutMentors() throws {
        func plain(_ s: String) -> String {
            s.lowercased().replacingOccurrences(of: "ё", with: "е").split(separator: " ").joined(separator: " ")
        }
        let register = referenceRows(
            try String(contentsOf: Self.samples.appendingPathComponent("staff-register-2024.csv"), encoding: .utf8),
            delimiter: ";"
        ).dropFirst().filter { $0.count > 2 }
        #expect(
            register.contains { $0[2] == "наставник-куратор" && Self.programmeSchool[$0[1].lowercased()] != nil },
            "the sample writes mentors under programme schools")
        let staff = Set(
            register.filter { $0[2] != "наставник-куратор" }.compactMap { row in
                Self.programmeSchool[row[1].lowercased()].map { plain(row[0]) + "|" + $0 }
            })
        let export = referenceRows(
            try String(
                contentsOf: Self.samples.appendingPathComponent("november-satisfaction-2023.csv"), encoding: .utf8),
            delimiter: ","
        ).dropFirst()
        let answered = Set(
            export.compactMap { row in Self.programmeSchool[row[2].lowercased()].map { plain(row[1]) + "|" + $0 } })
        let found = answered.intersection(staff).count
        let out = try runSample()
        let measures = try #require(
            try json(out.appendingPathComponent("results.json"))["measures"] as? [[String: Any]])
        let coverage = try #require(measures.first { $0["id"] as? String == "coverage" })
        #expect(coverage["numerator"] as? Int == found)
        #expect(coverage["denominator"] as? Int == staff.count)
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(
            note.contains(
                "педагогических работников школ программы по регистру работников (\(found) из \(staff.count) педагогических работников)"
            ))
        #expect(note.contains("в должности «Наставник-куратор» записаны за школами"))
    }

    @Test func ledgerMatchesThePlantedDirt() throws {
        let out = try runSample()
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        #expect(manifest["balanced"] as? Bool == true)
        let ledger = try #require(manifest["ledger"] as? [[String: Any]])
        func entry(_ input: String, _ stage: String) -> [String: Any]? {
            ledger.first { $0["input"] as? String == input && $0["stage"] as? String == stage }
        }
        // Surveys/samples/README.md: 98 rows; 2 test, 1 unknown school; 5 repeats. The off-scale
        // answer spoils its cell only: its row is kept (issue 17) and named in the warnings.
        let ingest = try #require(entry("survey", "ingest"))
        #expect(ingest["rows_in"] as? Int == 98)
        #expect(ingest["rows_out"] as? Int == 98)
        let clean = try #require(entry("survey", "clean"))
        #expect(clean["rows_in"] as? Int == 98)
        #expect(clean["rows_out"] as? Int == 95)
        #expect(clean["rejected"] as? [String: Int] == ["test_submission": 2, "unknown_school": 1])
        let deduplicate = try #require(entry("survey", "deduplicate"))
        #expect(deduplicate["rows_in"] as? Int == 95)
        #expect(deduplicate["rows_out"] as? Int == 90)
        #expect(deduplicate["rejected"] as? [String: Int] == ["duplicate_submission": 5])
        let link = try #require(entry("survey", "link"))
        // The respondent with the off-scale answer is not on the roster either.
        #expect(link["noted"] as? [String: Int] == ["not_on_roster": 3])
        for item in ledger {
            let rejected = (item["rejected"] as? [String: Int] ?? [:]).values.reduce(0, +)
            #expect(item["rows_in"] as? Int == (item["rows_out"] as? Int ?? -1) + rejected)
        }
        // Every rejected row is in private/rejects.csv with its line.
        let rejects = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        let lines = rejects.split(separator: "\r\n").dropFirst()
        #expect(lines.count == 8)
        #expect(lines.filter { $0.contains(";duplicate_submission;") }.count == 5)
        #expect(lines.allSatisfy { $0.split(separator: ";")[3].allSatisfy(\.isNumber) })
        let unmatched = try String(contentsOf: out.appendingPathComponent("private/unmatched.csv"), encoding: .utf8)
        #expect(unmatched.split(separator: "\r\n").count == 4)
        // The off-scale answer, with its line, in private/unreadable.csv.
        let unreadable = try String(contentsOf: out.appendingPathComponent("private/unreadable.csv"), encoding: .utf8)
        #expect(unreadable.contains(";36;") && unreadable.contains("Удовлетворена частично"))
        // Personal data stays private: folder and files closed to others.
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("private").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        let fileAttributes = try FileManager.default.attributesOfItem(
            atPath: out.appendingPathComponent("private/rejects.csv").path)
        #expect((fileAttributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func publishedOutputsNameNobody() throws {
        let out = try runSample()
        // Everyone on the staff register the pipeline reads, the mentors too.
        let roster = try String(
            contentsOf: Self.samples.appendingPathComponent("staff-register-2024.csv"), encoding: .utf8)
        let names = referenceRows(roster, delimiter: ";").dropFirst().filter { $0.count > 2 }.map { $0[0] }
        #expect(names.count > 50)
        for file in ["note.md", "note.html", "results.json", "clean/responses.csv"] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            for name in names {
                let surname = String(name.split(separator: " ")[0])
                #expect(!text.contains(name), "\(file) names \(name)")
                #expect(!text.contains(surname), "\(file) holds the surname \(surname)")
            }
        }
        let markdown = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(markdown.contains("\\[имя скрыто\\]"), "the mask's brackets escaped as any text's (issue 18, class 6)")
    }

    @Test func rerunGivesTheSameBytes() throws {
        let out = try runSample()
        let first = try ["note.md", "note.html", "note.docx", "results.json", "manifest.json", "clean/responses.csv"]
            .map {
                try Data(contentsOf: out.appendingPathComponent($0))
            }
        let again = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(again.completed)
        let second = try ["note.md", "note.html", "note.docx", "results.json", "manifest.json", "clean/responses.csv"]
            .map {
                try Data(contentsOf: out.appendingPathComponent($0))
            }
        #expect(first == second)
    }

    @Test func validateChecksEverythingAndWritesNothing() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let result = try ShnorProcess.run(["validate", Self.pipeline], in: folder)
        #expect(result.completed, "\(result.stderr)")
        #expect(result.text.contains("настройки и входные файлы в порядке"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func generatorWritesTheCommittedSampleAgain() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let result = try ShnorProcess.run(["generate", "samples", "--out", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        for name in [
            "november-satisfaction-2023.csv", "self-assessment-start-2023.csv",
            "self-assessment-end-2024.csv", "staff-register-2024.csv", "courses-2023-2024.csv",
            "seminar-2023-10.csv", "webinar-2024-02.csv", "network-day-2024-03.csv",
            "consultations-2023-2024.csv", "README.md",
        ] {
            #expect(
                try Data(contentsOf: folder.appendingPathComponent(name))
                    == Data(contentsOf: Self.samples.appendingPathComponent(name)),
                "\(name) differs from the committed sample")
        }
    }

    @Test func reorderedColumnsAndOtherSpellingsGiveTheSameResults() throws {
        let original = try json(runSample().appendingPathComponent("results.json"))
        let text = try String(
            contentsOf: Self.samples.appendingPathComponent("november-satisfaction-2023.csv"), encoding: .utf8)
        var rows = referenceRows(text, delimiter: ",")
        // Headers in other case and spacing, with ё for е; columns in reverse order.
        rows[0] = rows[0].map { header in
            header.uppercased().replacingOccurrences(of: " ", with: "  ").replacingOccurrences(of: "Е", with: "Ё")
        }
        let otherSpelling: [String: String] = [
            "СОШ № 2": "школа 2", "школа №2": "МКОУ СОШ № 2", "Восточная СОШ": "СОШ Восточный",
            "Кошайская СОШ": "СОШ Кошай",
            "Романовская школа": "романовская сош", "ООШ Пасынок": "Пасынковская школа", "СОШ №1": "школа № 1",
        ]
        for index in rows.indices.dropFirst() {
            rows[index][2] = otherSpelling[rows[index][2]] ?? rows[index][2].uppercased()
        }
        let reordered = rows.map { Array($0.reversed()) }
        let folder = try ShnorProcess.temporaryFolder()
        let export = folder.appendingPathComponent("survey.csv")
        let csv =
            reordered.map { row in
                row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ";")
            }.joined(separator: "\n") + "\n"
        try Data(csv.utf8).write(to: export)
        var pipeline = try String(contentsOfFile: Self.pipeline, encoding: .utf8)
        let root = ShnorProcess.packageRoot.path
        pipeline = pipeline.replacingOccurrences(
            of: "../Surveys/samples/november-satisfaction-2023.csv", with: export.path
        )
        .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
        .replacingOccurrences(
            of: "november-satisfaction.note.md", with: root + "/Pipelines/november-satisfaction.note.md")
        let pipelinePath = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: pipelinePath)
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", pipelinePath.path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        let changed = try json(out.appendingPathComponent("results.json"))
        let before = try JSONSerialization.data(withJSONObject: original["measures"] ?? [], options: [.sortedKeys])
        let after = try JSONSerialization.data(withJSONObject: changed["measures"] ?? [], options: [.sortedKeys])
        #expect(before == after)
    }

    /// `disclosure: {pool_small_schools: false}` hides the small school and, so it cannot be had
    /// by subtraction, the next smallest — the behaviour before pooling.
    @Test func withoutPoolingSmallSchoolsAreHidden() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let root = ShnorProcess.packageRoot.path
        let pipeline = try String(contentsOfFile: Self.pipeline, encoding: .utf8)
            .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "november-satisfaction.note.md", with: root + "/Pipelines/november-satisfaction.note.md"
            )
            .replacingOccurrences(of: "disclosure:\n  k: 5", with: "disclosure:\n  k: 5\n  pool_small_schools: false")
        #expect(pipeline.contains("pool_small_schools: false"))
        let path = folder.appendingPathComponent("pipeline.yaml")
        try Data(pipeline.utf8).write(to: path)
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", path.path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(!note.contains("Малочисленные школы"))
        #expect(note.contains("| ООШ п. Пасынок | —¹ | —¹ | —¹ | —¹ |"))
        #expect(note.contains("| СОШ с. Романово | —¹ | —¹ | —¹ | —¹ |"))
    }

    /// The schools the note shows together as «Малочисленные школы (…)» are not named in the
    /// clean table either: naming one would leave the others as the group minus it.
    @Test func pooledSchoolsAreNotNamedInTheCleanTable() throws {
        let out = try runSample()
        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let groups = measures.flatMap { ($0["groups"] as? [[String: Any]]) ?? [] }
        let pooled = try #require(
            groups.compactMap { ($0["by"] as? [String: String])?["school"] }.first {
                $0.hasPrefix("Малочисленные школы (")
            })
        let members = pooled.dropFirst("Малочисленные школы (".count).dropLast().components(separatedBy: ", ")
        #expect(members.count == 2)
        let clean = try String(contentsOf: out.appendingPathComponent("clean/responses.csv"), encoding: .utf8)
        for member in members { #expect(!clean.contains(";\(member);"), "\(member) named in clean/") }
        #expect(clean.contains(";другие школы;"))
    }
}
