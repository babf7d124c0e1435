import Foundation
import Testing

/// `shnor run` on the self-assessment sample, checked against a recomputation written here from
/// the sample's documented contents (Surveys/samples/README.md).
@Suite("Self-assessment pipeline, end to end", .serialized)
struct SelfAssessmentPipelineTests {
    static let pipeline = ShnorProcess.packageRoot.appendingPathComponent("Pipelines/self-assessment.yaml").path
    static let samples = ShnorProcess.packageRoot.appendingPathComponent("Surveys/samples")
    static let levels: [String: Int] = [
        "не испытываю затруднений": 0, "нет затруднений": 0,
        "испытываю затруднения частично": 1, "испытываю частично": 1,
        "испытываю значительные затруднения": 2, "значительные затруднения": 2,
    ]

    struct Teacher {
        var name: String
        var school: String
        var levels: [Int]
    }

    /// The export's rows: name, the school's first word after its type (enough to tell the five
    /// programme schools apart), and the nine levels.
    static func read(_ file: String) throws -> [Teacher] {
        let text = try String(contentsOf: samples.appendingPathComponent(file), encoding: .utf8)
        return referenceRows(text, delimiter: ",").dropFirst().map { row in
            let school = row[2].lowercased().replacingOccurrences(of: "мкоу ", with: "").replacingOccurrences(
                of: "ооо ", with: "")
            return Teacher(
                name: row[1], school: schoolKey(school), levels: row[5...].map { levels[$0.lowercased()] ?? -100 })
        }
    }

    static func schoolKey(_ text: String) -> String {
        for key in ["2", "восточн", "кошай", "романов", "пасынок"] where text.contains(key) { return key }
        return text
    }

    static func plain(_ name: String) -> [String] {
        name.lowercased().replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: ".", with: " ")
            .split(separator: " ").map(String.init)
    }

    /// Links the end wave to the start wave: the same words, else surname and initials.
    static func pairs() throws -> [(before: Teacher, after: Teacher)] {
        var start: [String: Teacher] = [:]
        for teacher in try read("self-assessment-start-2023.csv") {
            start[plain(teacher.name).joined(separator: " ") + "|" + teacher.school] = teacher
        }
        let starters = Array(start.values)
        var pairs: [(Teacher, Teacher)] = []
        for teacher in try read("self-assessment-end-2024.csv") {
            let words = plain(teacher.name)
            if let match = start[words.joined(separator: " ") + "|" + teacher.school] {
                pairs.append((match, teacher))
            } else if words.count == 3, words[1].count == 1 {
                let fits = starters.filter { other in
                    let o = plain(other.name)
                    return other.school == teacher.school && o[0] == words[0] && o[1].hasPrefix(words[1])
                        && o[2].hasPrefix(words[2])
                }
                if fits.count == 1 { pairs.append((fits[0], teacher)) }
            }
        }
        return pairs
    }

    static func binomialP(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        var cdf = 0.0
        var term = pow(0.5, Double(n))  // C(n, 0) / 2^n
        for i in 0...min(b, c) {
            if i > 0 { term *= Double(n - i + 1) / Double(i) }
            cdf += term
        }
        return min(1, 2 * cdf)
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func improvedShareMcNemarAndRankingMatchAnIndependentComputation() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")

        let pairs = try Self.pairs()
        #expect(pairs.count == 76, "README: 76 teachers in both waves")
        var improved = 0, worsened = 0
        for (before, after) in pairs {
            let down = zip(before.levels, after.levels).filter { $0.1 < $0.0 }.count
            let up = zip(before.levels, after.levels).filter { $0.1 > $0.0 }.count
            if down > 0 && up == 0 { improved += 1 }
            if up > 0 && down == 0 { worsened += 1 }
        }
        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let headline = try #require(measures.first { $0["id"] as? String == "improved_teachers" })
        #expect(headline["numerator"] as? Int == improved)
        #expect(headline["denominator"] as? Int == pairs.count)
        #expect(headline["target"] as? Double == 0.2)
        let tables = try #require(results["tables"] as? [[String: Any]])
        let paired = try #require(tables.first { $0["id"] as? String == "paired_change" }?["rows"] as? [[Any]])
        let p = try #require(paired.first?[5] as? Double)
        #expect(abs(p - Self.binomialP(improved, worsened)) < 1e-12)
        #expect(paired.first?[3] as? Int == worsened)

        // The note states the same figures.
        let change = try String(contentsOf: out.appendingPathComponent("change/note.md"), encoding: .utf8)
        let tenths = Int((Double(improved) / Double(pairs.count) * 1000).rounded())
        #expect(change.contains("**\(tenths / 10),\(tenths % 10)\u{00A0}%** (\(improved) из \(pairs.count) педагогов;"))
        let pText =
            Self.binomialP(improved, worsened) < 0.001
            ? "<\u{00A0}0,001"
            : String(format: "%.3f", Self.binomialP(improved, worsened)).replacingOccurrences(of: ".", with: ",")
        #expect(
            change.contains("Мак-Немара по несогласованным парам (затруднения снизились против выросли): p = \(pText),")
        )
        #expect(change.contains("связаны 76 педагогов (по совпадению ФИО — 70, по фамилии и инициалам — 6"))
        #expect(change.contains("Не найдены во втором опросе: 14; появились только во втором: 4"))

        // The ranking of areas at the start (the earlier of the repeated submission dropped).
        var latest: [String: Teacher] = [:]
        for teacher in try Self.read("self-assessment-start-2023.csv") { latest[teacher.name] = teacher }
        #expect(latest.count == 90)
        let areas = try #require(tables.first { $0["id"] as? String == "area_ranking" }?["rows"] as? [[Any]])
        let header = try String(
            contentsOf: Self.samples.appendingPathComponent("self-assessment-start-2023.csv"), encoding: .utf8)
        let names = referenceRows(header, delimiter: ",")[0][5...].map {
            String($0.split(separator: "[")[1].dropLast())
        }
        let counts = names.indices.map { area in latest.values.filter { $0.levels[area] > 0 }.count }
        let expectedOrder = names.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }.map {
            names[$0]
        }
        #expect(areas.map { $0[1] as? String } == expectedOrder)
        #expect(areas.map { $0[2] as? Int } == expectedOrder.map { name in counts[names.firstIndex(of: name) ?? 0] })
        let start = try String(contentsOf: out.appendingPathComponent("start/note.md"), encoding: .utf8)
        let first = try #require(names.firstIndex(of: expectedOrder[0]))
        #expect(start.contains("| 1 | \(expectedOrder[0]) | \(counts[first]) из 90 |"))
    }

    @Test func noNameOutsidePrivate() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let surnames = Set(
            try Self.read("self-assessment-start-2023.csv").map { String($0.name.split(separator: " ")[0]) })
        for file in [
            "start/note.md", "start/note.html", "change/note.md", "change/note.html", "results.json", "manifest.json",
            "clean/responses.csv",
        ] {
            let text = try String(contentsOf: out.appendingPathComponent(file), encoding: .utf8)
            for surname in surnames { #expect(!text.contains(surname), "\(file) holds \(surname)") }
        }
        let linkage = try String(contentsOf: out.appendingPathComponent("private/linkage.csv"), encoding: .utf8)
        #expect(linkage.split(separator: "\r\n").count == 1 + 76 + 14 + 4)
        let profiles = try String(contentsOf: out.appendingPathComponent("private/profiles.csv"), encoding: .utf8)
        #expect(profiles.split(separator: "\r\n").count == 1 + 90)
        let manifest = try json(out.appendingPathComponent("manifest.json"))
        let ledger = try #require(manifest["ledger"] as? [[String: Any]])
        let dedupe = try #require(
            ledger.first { $0["input"] as? String == "start" && $0["stage"] as? String == "deduplicate" })
        #expect(dedupe["rejected"] as? [String: Int] == ["duplicate_submission": 1])
        #expect(manifest["balanced"] as? Bool == true)
    }

    /// «14,5» for 0.145: one decimal with a comma, as the notes write shares.
    static func tenths(_ share: Double) -> String {
        let value = Int((share * 1000).rounded())
        return "\(value / 10),\(value % 10)"
    }

    /// The 95 % Wilson interval (DESIGN.md §5), written out here rather than taken from Measures.
    static func wilson(_ x: Int, _ n: Int) -> (lower: Double, upper: Double) {
        let z = 1.959964
        let p = Double(x) / Double(n)
        let d = 1 + z * z / Double(n)
        let centre = (p + z * z / (2 * Double(n))) / d
        let half = z * (p * (1 - p) / Double(n) + z * z / (4 * Double(n) * Double(n))).squareRoot() / d
        return (max(0, centre - half), min(1, centre + half))
    }

    /// The first and last date of an export's «Отметка времени» column: (day, month, year).
    static func dates(_ file: String) throws -> (first: [Int], last: [Int]) {
        let text = try String(contentsOf: samples.appendingPathComponent(file), encoding: .utf8)
        let days = referenceRows(text, delimiter: ",").dropFirst().filter { $0.count > 1 }.map { row in
            row[0].split(separator: " ")[0].split(separator: ".").compactMap { Int($0) }
        }
        let sorted = days.sorted { ($0[2], $0[1], $0[0]) < ($1[2], $1[1], $1[0]) }
        return (try #require(sorted.first), try #require(sorted.last))
    }

    @Test func changeVerdictIsFourWayCarriesMcNemarAndIsDatedBySecondWave() throws {
        let out = try ShnorProcess.temporaryFolder().appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", Self.pipeline, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let change = try String(contentsOf: out.appendingPathComponent("change/note.md"), encoding: .utf8)
        let start = try String(contentsOf: out.appendingPathComponent("start/note.md"), encoding: .utf8)

        // Recomputed from the two raw files: pairs, improved and worsened, Wilson, McNemar.
        let pairs = try Self.pairs()
        var improved = 0, worsened = 0, meanDrop = 0
        for (before, after) in pairs {
            let down = zip(before.levels, after.levels).filter { $0.1 < $0.0 }.count
            let up = zip(before.levels, after.levels).filter { $0.1 > $0.0 }.count
            if down > 0 && up == 0 { improved += 1 }
            if up > 0 && down == 0 { worsened += 1 }
            let drop = Double(zip(before.levels, after.levels).reduce(0) { $0 + $1.0 - $1.1 }) / 9
            if drop >= 0.2 - 1e-12 { meanDrop += 1 }
        }
        let n = pairs.count
        let share = Double(improved) / Double(n)
        let interval = Self.wilson(improved, n)
        let target = 0.2
        // Four-way status: the interval against the target.
        let within = interval.lower <= target && target <= interval.upper
        #expect(share >= target && within, "the sample's headline is «achieved within margin»")
        let p = Self.binomialP(improved, worsened)
        #expect(p >= 0.05, "the sample's change is not significant")
        let pText = String(format: "%.3f", p).replacingOccurrences(of: ".", with: ",")
        let nbsp = "\u{00A0}"
        let verdict =
            "с учётом погрешности — в пределах \(Self.tenths(interval.lower))–\(Self.tenths(interval.upper))\(nbsp)%) "
            + "при целевом значении 20\(nbsp)%. "
            + "Целевой показатель достигнут, но в пределах погрешности: 95\(nbsp)% доверительный интервал содержит целевое значение; "
            + "изменение статистически незначимо (p = \(pText)): затруднения снизились у \(improved) педагогов, выросли у \(worsened) педагогов."
        #expect(change.contains(verdict), "verdict sentence: \(verdict)")
        #expect(!change.contains("Целевой показатель достигнут."))

        // The label says what was measured; the programme's indicator name once, in the method.
        let label = "Доля педагогов, снизивших профессиональные затруднения по самооценке"
        #expect(
            change.contains("\(label), составила **\(Self.tenths(share))\(nbsp)%** (\(improved) из \(n) педагогов;"))
        #expect(change.components(separatedBy: "повысивших качество преподавания").count == 2)
        let results = try json(out.appendingPathComponent("results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        let headline = try #require(measures.first { $0["id"] as? String == "improved_teachers" })
        #expect(headline["label"] as? String == label)
        #expect(headline["status"] as? String == "achieved_within_margin")
        #expect(headline["unit"] as? String == "person")
        #expect(headline["population"] as? String == "programme")

        // The other rule gives another verdict: the note says so beside the headline.
        let meanShare = Double(meanDrop) / Double(n)
        #expect(Self.wilson(meanDrop, n).upper < target)
        #expect(
            change.contains(
                "Правила расчёта, заданные для показателя, расходятся: по правилу «средний уровень затруднений снизился не менее чем на 0,2 ступени» доля составила \(Self.tenths(meanShare))\(nbsp)% (\(meanDrop) из \(n)) — целевой показатель не достигнут."
            ))

        // Dates from the answers' timestamps: the change note by its second wave.
        let months = [
            "", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
            "ноября", "декабря",
        ]
        let nominative = [
            "", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
            "декабрь",
        ]
        let before = try Self.dates("self-assessment-start-2023.csv")
        let after = try Self.dates("self-assessment-end-2024.csv")
        #expect(after.last[1] == 4 && after.last[2] == 2024, "the samples' second wave is April 2024")
        #expect(change.contains(", \(nominative[after.last[1]]) \(after.last[2])\(nbsp)г.\n"))
        #expect(!change.contains("октябрь 2023"))
        #expect(start.contains(", \(nominative[before.last[1]]) \(before.last[2])\(nbsp)г.\n"))
        #expect(
            change.contains(
                "итоговая: \(after.first[0])–\(after.last[0])\(nbsp)\(months[after.last[1]]) \(after.last[2])\(nbsp)г.")
        )
        #expect(
            change.contains(
                "входная самооценка: \(before.first[0])–\(before.last[0])\(nbsp)\(months[before.last[1]]) \(before.last[2])\(nbsp)г."
            ))
    }

    /// The shipped pipeline counts both waves against the staff register the other notes use:
    /// «педагоги ШНОР» are its programme-school rows without the mentors, recomputed here from
    /// the raw register and exports (a name found when its words are the same, case and ё aside).
    @Test func theSampleCoverageIsCountedAgainstTheOneStaffRegister() throws {
        let text = try String(
            contentsOf: Self.samples.appendingPathComponent("staff-register-2024.csv"), encoding: .utf8)
        let register = referenceRows(text, delimiter: ";").dropFirst().filter { $0.count > 2 }
        let programme = ["2", "восточн", "кошай", "романов", "пасынок"]
        #expect(
            register.contains {
                $0[2] == "наставник-куратор" && programme.contains(Self.schoolKey($0[1].lowercased()))
            },
            "the sample writes mentors under programme schools")
        let staff = Set(
            register.filter { $0[2] != "наставник-куратор" && programme.contains(Self.schoolKey($0[1].lowercased())) }
                .map { Self.plain($0[0]).joined(separator: " ") + "|" + Self.schoolKey($0[1].lowercased()) })
        func found(_ file: String) throws -> Int {
            Set(try Self.read(file).map { Self.plain($0.name).joined(separator: " ") + "|" + $0.school })
                .intersection(staff).count
        }
        let before = try found("self-assessment-start-2023.csv")
        let after = try found("self-assessment-end-2024.csv")
        let folder = try ShnorProcess.temporaryFolder()
        let result = try ShnorProcess.run(try SelfAssessmentFixture.run(in: folder))
        #expect(result.status == 0, "\(result.stderr)")
        let (notes, measures) = try coverage(in: folder)
        for (note, text) in notes {
            // The start note is dated by the first wave and says nothing of the second.
            let second = note.contains("start") ? "" : ", итоговой — \(after) из \(staff.count)"
            #expect(
                text.contains(
                    "Охвачено по регистру работников: входной самооценкой — \(before) из \(staff.count) педагогов ШНОР\(second) (работники в должности «Наставник-куратор»"
                ), "\(note): \(text)")
        }
        for (id, numerator) in [("coverage_before", before), ("coverage_after", after)] {
            #expect(
                measures[id]?["numerator"] as? Int == numerator && measures[id]?["denominator"] as? Int == staff.count)
        }
    }

    /// Both notes of a run into `folder`, and its coverage measures by id.
    func coverage(in folder: URL) throws -> (notes: [String: String], measures: [String: [String: Any]]) {
        var notes: [String: String] = [:]
        for note in ["start", "change"] {
            notes[note] = try String(contentsOf: folder.appendingPathComponent("out/\(note)/note.md"), encoding: .utf8)
        }
        let results = try json(folder.appendingPathComponent("out/results.json"))
        let measures = try #require(results["measures"] as? [[String: Any]])
        var coverage: [String: [String: Any]] = [:]
        for measure in measures {
            if let id = measure["id"] as? String, id.hasPrefix("coverage") { coverage[id] = measure }
        }
        return (notes, coverage)
    }

    @Test func coverageIsCountedAgainstTheStaffRegisterWithoutMentors() throws {
        let folder = try ShnorProcess.temporaryFolder()
        // A register of the start wave's teachers (as they spelt themselves), four who answered
        // neither wave, and a mentor written under a school — who is not its staff.
        var latest: [String: (name: String, school: String)] = [:]
        let text = try String(
            contentsOf: Self.samples.appendingPathComponent("self-assessment-start-2023.csv"), encoding: .utf8)
        for row in referenceRows(text, delimiter: ",").dropFirst() where row.count > 2 {
            latest[row[1] + "|" + row[2]] = (row[1], row[2])
        }
        var register = ["ФИО;ОО;Должность;Предмет"]
        register += latest.values.sorted { $0.name < $1.name }.map { "\($0.name);\($0.school);учитель;" }
        register += (1...4).map { "Новый\($0) Педагог Иванович;МКОУ СОШ с. Кошай;учитель;" }
        register.append("Наставникова Анна Петровна;МКОУ СОШ с. Кошай;наставник-куратор;")
        let file = folder.appendingPathComponent("staff.csv")
        try Data((register.joined(separator: "\r\n") + "\r\n").utf8).write(to: file)
        let arguments = try SelfAssessmentFixture.run(in: folder) {
            SelfAssessmentFixture.withStaffRegister($0, file: file.path)
        }
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let staff = latest.count + 4
        // The end wave's answers spelt as in the start wave (case, ё and spacing aside) are on the register.
        let starters = Set(
            latest.values.map {
                Self.plain($0.name).joined(separator: " ") + "|" + Self.schoolKey($0.school.lowercased())
            })
        let end = try Self.read("self-assessment-end-2024.csv")
        let found = end.filter { starters.contains(Self.plain($0.name).joined(separator: " ") + "|" + $0.school) }.count
        let (notes, measures) = try coverage(in: folder)
        let change = notes["change"] ?? ""
        #expect(
            change.contains(
                "Охвачено по регистру работников: входной самооценкой — \(latest.count) из \(staff) педагогов ШНОР, итоговой — \(found) из \(staff)"
            ), "\(change)")
        let before = try #require(measures["coverage_before"])
        #expect(before["census"] as? Bool == true)
        #expect(before["ci95"] is NSNull, "a census has no interval")
        #expect(before["denominator"] as? Int == staff)
    }

    @Test func changeIsOverProgrammeTeachersAndBoundsCountRejectedRows() throws {
        let sample = try ShnorProcess.temporaryFolder()
        #expect(try ShnorProcess.run(try SelfAssessmentFixture.run(in: sample)).status == 0)
        let folder = try ShnorProcess.temporaryFolder()
        // Пасынок's teachers written under the partner school (not ШНОР) in both waves, and a row
        // of the second wave from a school the register does not know (rejected, not a repeat).
        let partner = "МАОУ СОШ № 1 р.п. Сосьва"
        func moved(_ rows: [[String]]) -> [[String]] {
            rows.map { row in
                row.count > 2 && Self.schoolKey(row[2].lowercased()) == "пасынок"
                    ? [row[0], row[1], partner] + row[3...] : row
            }
        }
        let start = try SelfAssessmentFixture.export(
            in: folder, "start.csv", from: "self-assessment-start-2023.csv", moved)
        let end = try SelfAssessmentFixture.export(in: folder, "end.csv", from: "self-assessment-end-2024.csv") {
            rows in
            moved(rows) + [[rows[1][0], "Неизвестная Анна Петровна", "Школа № 99"] + rows[1][3...]]
        }
        let arguments = try SelfAssessmentFixture.run(in: folder) {
            $0.replacingOccurrences(of: SelfAssessmentFixture.startSample, with: start)
                .replacingOccurrences(of: SelfAssessmentFixture.endSample, with: end)
        }
        let result = try ShnorProcess.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        func headline(_ folder: URL) throws -> [String: Any] {
            let results = try json(folder.appendingPathComponent("out/results.json"))
            let measures = try #require(results["measures"] as? [[String: Any]])
            return try #require(measures.first { $0["id"] as? String == "improved_teachers" })
        }
        let pairs = try Self.pairs()
        let partnerPairs = pairs.filter { $0.before.school == "пасынок" }
        #expect(!partnerPairs.isEmpty)
        let before = try headline(sample)
        let after = try headline(folder)
        #expect(after["denominator"] as? Int == pairs.count - partnerPairs.count, "ШНОР teachers only")
        #expect(after["population"] as? String == "programme")
        let uncounted = try #require(before["uncounted"] as? Int)
        #expect(after["uncounted"] as? Int == uncounted + 1, "the rejected row is uncounted")
        let change = try String(contentsOf: folder.appendingPathComponent("out/change/note.md"), encoding: .utf8)
        #expect(change.contains("Сопоставленные педагоги школ, не входящих в программу (\(partnerPairs.count))"))
    }
}
