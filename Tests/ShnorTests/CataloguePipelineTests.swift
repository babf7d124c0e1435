import Foundation
import Synchronization
import Testing

/// The pipeline half of the catalogue: broken configurations, dirty answers, hostile output
/// paths, a full disk and a read-only folder.
@Suite("Catalogue of bad input: pipelines", .serialized)
struct CataloguePipelineTests {
    static let root = ShnorProcess.packageRoot.path
    static let sample = root + "/Surveys/samples/november-satisfaction-2023.csv"

    /// The shipped pipeline with absolute paths, the survey export replaced by `export` when given.
    static func pipeline(in folder: URL, export: String? = nil, _ change: (String) -> String = { $0 }) throws -> URL {
        var text = try String(contentsOfFile: root + "/Pipelines/november-satisfaction.yaml", encoding: .utf8)
        text = text.replacingOccurrences(
            of: "../Surveys/samples/november-satisfaction-2023.csv", with: export ?? sample
        )
        .replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
        .replacingOccurrences(
            of: "template: november-satisfaction.note.md",
            with: "template: \(root)/Pipelines/november-satisfaction.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        return url
    }

    /// The sample export with the rows `edit` returns (header first; cells as the form wrote them).
    static func export(in folder: URL, _ edit: ([[String]]) -> [[String]]) throws -> String {
        // Line breaks inside answers are flattened, so that row n of the file is physical line n.
        let rows = edit(
            referenceRows(try String(contentsOfFile: sample, encoding: .utf8), delimiter: ",").map { row in
                row.map { $0.replacingOccurrences(of: "\n", with: " ") }
            })
        let text =
            rows.map { row in
                row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
            }
            .joined(separator: "\r\n") + "\r\n"
        let url = folder.appendingPathComponent("survey.csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func rejects(_ out: URL) throws -> [[String]] {
        let text = try String(contentsOf: out.appendingPathComponent("private/rejects.csv"), encoding: .utf8)
        return referenceRows(text, delimiter: ";").dropFirst().map { $0 }
    }

    func run(_ pipeline: URL, out: URL) throws -> ShnorProcess.Result {
        try ShnorProcess.run(["run", pipeline.path, "--out", out.path])
    }

    // MARK: - Columns

    @Test func aColumnTwiceIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try Self.export(in: folder) { rows in rows.map { $0 + [$0[1]] } }
        let result = try ShnorProcess.run(["validate", try Self.pipeline(in: folder, export: export).path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(export): к столбцу «name» подходят несколько заголовков"), "\(result.stderr)")
    }

    @Test func aMissingColumnIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try Self.export(in: folder) { rows in rows.map { Array($0[0..<4]) + Array($0[5...]) } }
        let result = try ShnorProcess.run(["validate", try Self.pipeline(in: folder, export: export).path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("\(export): нет столбца «Удовлетворённость методической помощью в целом»"),
            "\(result.stderr)")
    }

    // MARK: - Answers, dates, schools, repeats

    @Test func answersOffTheScaleImpossibleDatesAndUnknownSchoolsAreRejectedWithTheirLines() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try Self.export(in: folder) { rows in
            var rows = rows
            rows[10][4] = "7"  // line 11: a mark off the scale
            rows[11][0] = "31.02.2023 10:00:00"  // line 12: no such day
            rows[12][2] = "Гимназия № 9"  // line 13: not in the register
            rows[13][0] = "2023/11/25 10:15:03 AM GMT+5"  // lines 14–16: three formats, all valid
            rows[14][0] = "2023-11-25T10:15:03+05:00"
            rows[15][0] = "25.11.2023 10:15:03"
            return rows
        }
        let out = folder.appendingPathComponent("out")
        let result = try run(try Self.pipeline(in: folder, export: export), out: out)
        #expect(result.completed, "\(result.stderr)")
        let rejected = try Self.rejects(out)
        func reason(atLine line: Int) -> String? { rejected.first { $0[3] == String(line) }?[4] }
        // An answer off the scale spoils its cell, not the row: named in the warnings, with the
        // hint that a number past the scale's end may mean a missing category (issue 17).
        #expect(reason(atLine: 11) == nil)
        #expect(result.status == 1)
        #expect(result.stderr.contains("«7» (\(export), строка 11)"), "\(result.stderr)")
        #expect(result.stderr.contains("возможно, в шкале не хватает категории"))
        #expect(reason(atLine: 12) == "bad_timestamp")
        #expect(reason(atLine: 13) == "unknown_school")
        for line in 14...16 { #expect(reason(atLine: line) == nil || reason(atLine: line) == "duplicate_submission") }
        #expect(!rejected.contains { $0[4] == "bad_timestamp" && $0[3] != "12" })
    }

    @Test func theSameRespondentFiftyTimesCountsOnce() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try Self.export(in: folder) { rows in
            let person = rows[5]
            var rows = rows
            for copy in 0..<49 {
                var row = person
                row[0] = "28.11.2023 \(10 + copy / 60):\(String(format: "%02d", copy % 60)):00"
                row[4] = copy == 48 ? "Полностью удовлетворен(а)" : "Совсем не удовлетворен(а)"
                rows.append(row)
            }
            return rows
        }
        let out = folder.appendingPathComponent("out")
        let result = try run(
            try Self.pipeline(in: folder, export: export) {
                $0.replacingOccurrences(of: "max_reject_rate: 0.20", with: "max_reject_rate: 0.6")
            }, out: out)
        #expect(result.completed, "\(result.stderr)")
        let duplicates = try Self.rejects(out).filter { $0[4] == "duplicate_submission" }
        #expect(duplicates.count == 5 + 49, "the sample's 5 repeats and 49 of the 50 copies")
        let lastLine = referenceRows(try String(contentsOfFile: export, encoding: .utf8), delimiter: ",").count
        #expect(!duplicates.contains { $0[3] == String(lastLine) }, "the latest copy is the one kept")
    }

    // MARK: - Configuration files

    @Test func aPipelineNamingAMissingExportIsAnInputError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let missing = folder.appendingPathComponent("no-such-export.csv").path
        let result = try ShnorProcess.run(["validate", try Self.pipeline(in: folder, export: missing).path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("\(missing): файл не открывается: нет такого файла"))
    }

    @Test(
        "broken configuration files",
        arguments: [
            (
                "a missing instrument", "november-satisfaction.yaml\n", "no-such-instrument.yaml\n",
                "no-such-instrument.yaml: файл не найден"
            ),
            (
                "an unknown measure kind", "kind: top_box", "kind: median_split",
                "недопустимое значение «measures[0].kind»"
            ),
            (
                "a question the instrument lacks", "item: overall", "item: overall_satisfaction",
                "item «overall_satisfaction»"
            ),
            (
                "a note id leaving the folder", "note:\n  template:", "notes:\n  - id: ../escape\n    template:",
                "id — только латинские буквы"
            ),
            ("a threshold below five", "  k: 5", "  k: 2", "disclosure.k = 2"),
            ("a target in per cent", "target: 0.78", "target: 78", "target = 78.0, нужна доля от 0 до 1"),
            (
                "a misspelt key of document:", "  roadmap_item:", "  roadmap_itme:",
                "нет обязательного ключа «roadmap_item» в «document» — может быть, это «roadmap_itme» с опечаткой?"
            ),
            (
                "a misspelt key of document.executor:", "    phone:", "    phon:",
                "нет обязательного ключа «phone» в «document.executor» — может быть, это «phon» с опечаткой?"
            ),
            (
                "a document date not as ДД.ММ.ГГГГ", "  date: 01.12.2023", "  date: 2023-12-01",
                "document.date: «2023-12-01» — нужна дата в виде ДД.ММ.ГГГГ"
            ),
            (
                "a note's own date not as ДД.ММ.ГГГГ", "note:\n  template:", "note:\n  date: 1 декабря\n  template:",
                "date: «1 декабря» — нужна дата в виде ДД.ММ.ГГГГ"
            ),
            (
                "an unknown key of document:", "  due: до 25.12.2023",
                "  due: до 25.12.2023\n  signatory: С. А. Куракова",
                "неизвестный ключ «signatory» в «document»"
            ),
        ])
    func brokenConfiguration(name: String, find: String, replace: String, message: String) throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try Self.pipeline(in: folder) { $0.replacingOccurrences(of: find, with: replace) }
        let result = try ShnorProcess.run(["validate", url.path])
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
    }

    @Test func aYAMLAliasBombIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "pipeline: *i\n"
        let url = folder.appendingPathComponent("bomb.yaml")
        try Data(text.utf8).write(to: url)
        let result = try ShnorProcess.run(["validate", url.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(url.path), строка "))
        #expect(result.stderr.contains("больше чем в 100000 узлов"))
    }

    @Test func deepNestingAndHugeFilesAreRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let deep = folder.appendingPathComponent("deep.yaml")
        try Data(("pipeline: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "\n").utf8)
            .write(to: deep)
        let nested = try ShnorProcess.run(["validate", deep.path])
        #expect(nested.status == 2)
        #expect(nested.stderr.contains("вложенность больше 64 уровней"), "\(nested.stderr)")
        let huge = folder.appendingPathComponent("huge.yaml")
        try Data(("# " + String(repeating: "x", count: 1_100_000) + "\n").utf8).write(to: huge)
        let large = try ShnorProcess.run(["validate", huge.path])
        #expect(large.status == 2)
        #expect(large.stderr.contains("\(huge.path): файл больше 1048576 байт"))
    }

    @Test func aRegisterSpellingOfTwoSchoolsIsRefused() throws {
        let folder = try ShnorProcess.temporaryFolder()
        var register = try String(contentsOfFile: Self.root + "/Surveys/schools.yaml", encoding: .utf8)
        register = register.replacingOccurrences(
            of: "aliases: [ООШ Пасынок, Пасынковская школа]",
            with: "aliases: [ООШ Пасынок, Пасынковская школа, школа 2]")
        let registerURL = folder.appendingPathComponent("schools.yaml")
        try Data(register.utf8).write(to: registerURL)
        let url = try Self.pipeline(in: folder) {
            $0.replacingOccurrences(of: Self.root + "/Surveys/schools.yaml", with: registerURL.path)
        }
        let result = try ShnorProcess.run(["validate", url.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(registerURL.path): написание «школа 2» относится"), "\(result.stderr)")
    }

    /// `register:` may be left out only when no export has a school column: the November
    /// export has one, so the run stops naming the key and the input (exit 2), and so does an
    /// analysis that counts programme schools whatever its exports hold.
    @Test func aSchoolColumnWithoutARegisterIsAConfigurationError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let url = try Self.pipeline(in: folder) {
            $0.replacingOccurrences(of: "register: \(Self.root)/Surveys/schools.yaml\n", with: "")
        }
        #expect(!(try String(contentsOf: url, encoding: .utf8)).contains("register:"))
        for arguments in [
            ["validate", url.path], ["run", url.path, "--out", folder.appendingPathComponent("out").path],
        ] {
            let result = try ShnorProcess.run(arguments)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(
                result.stderr.contains(
                    "\(url.path): не задан ключ «register» (реестр школ), а в инструменте входа «survey» есть столбец школы «school» (role: school)"
                ), "\(result.stderr)")
        }
        var indicators = try String(contentsOfFile: Self.root + "/Pipelines/programme-indicators.yaml", encoding: .utf8)
        indicators = indicators.replacingOccurrences(of: "register: ../Surveys/schools.yaml\n", with: "")
            .replacingOccurrences(of: "../", with: Self.root + "/")
        let indicatorsURL = folder.appendingPathComponent("indicators.yaml")
        try Data(indicators.utf8).write(to: indicatorsURL)
        let result = try ShnorProcess.run(["validate", indicatorsURL.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("\(indicatorsURL.path): не задан ключ «register»"), "\(result.stderr)")
    }

    @Test func aNamedPipeAsExportOrConfigurationIsRefusedNotWaitedOn() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let fifo = folder.appendingPathComponent("survey.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let out = folder.appendingPathComponent("out")
        let asExport = try ShnorProcess.run(
            ["run", try Self.pipeline(in: folder, export: fifo).path, "--out", out.path], killAfter: 20)
        #expect(!asExport.signalled, "run hung on a named pipe as its export")
        #expect(asExport.status == 3, "\(asExport.stderr)")
        #expect(
            asExport.stderr.contains("\(fifo): это не обычный файл, а именованный канал (FIFO)"), "\(asExport.stderr)")
        let pipelineFifo = folder.appendingPathComponent("pipeline-fifo.yaml").path
        #expect(mkfifo(pipelineFifo, 0o600) == 0)
        let asPipeline = try ShnorProcess.run(["run", pipelineFifo, "--out", out.path], killAfter: 20)
        #expect(!asPipeline.signalled, "run hung on a named pipe as its pipeline file")
        #expect(asPipeline.status == 3, "\(asPipeline.stderr)")
        #expect(asPipeline.stderr.contains("\(pipelineFifo): это не обычный файл, а именованный канал"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    // MARK: - Lesson observation protocols

    /// The shipped May observation pipeline with absolute paths, its instrument copied into
    /// `folder` through `instrument` and the pipeline's text through `change`.
    static func observationPipeline(
        in folder: URL, first: String? = nil, second: String? = nil, instrument: (String) -> String = { $0 },
        _ change: (String) -> String = { $0 }
    ) throws -> URL {
        let protocolText = try String(contentsOfFile: root + "/Surveys/lesson-observation.yaml", encoding: .utf8)
        let instrumentURL = folder.appendingPathComponent("lesson-observation.yaml")
        try Data(instrument(protocolText).utf8).write(to: instrumentURL)
        var text = try String(contentsOfFile: root + "/Pipelines/may-observation.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "../Surveys/lesson-observation.yaml", with: instrumentURL.path)
        if let first {
            text = text.replacingOccurrences(of: "../Surveys/samples/lesson-observation-2023-10.csv", with: first)
        }
        if let second {
            text = text.replacingOccurrences(of: "../Surveys/samples/lesson-observation-2024-05.csv", with: second)
        }
        text = text.replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: may-observation.note.md", with: "template: \(root)/Pipelines/may-observation.note.md")
        let url = folder.appendingPathComponent("observation.yaml")
        try Data(change(text).utf8).write(to: url)
        return url
    }

    /// A misspelt key, a value no rule has, a criterion without its maximum, one wave: each
    /// stops the run before reading (exit status 2), naming the file, the key and what would fit.
    @Test(
        arguments: [
            (
                "pipeline", "    margin: 0.10 ", "    margn: 0.10 ",
                "неизвестный ключ «margn» в «lesson_observation.improved» — может быть, «margin»?"
            ),
            (
                "pipeline", "  repeated: mean ", "  repeated: average ",
                "repeated: «average» не бывает (есть: mean, latest)"
            ),
            (
                "pipeline", "rule: overall_gain", "rule: overal_gain",
                "rule: «overal_gain» не бывает — может быть, «overall_gain»?"
            ),
            (
                "pipeline", "    margin: 0.10 ", "    margin: 10 ",
                "lesson_observation.improved.margin = 10.0: нужен рост доли от максимума больше 0 и не больше 1"
            ),
            (
                "pipeline", "    stage: post ", "    stage: pre ",
                "нужны два входа kind: observations — протоколы первой волны (stage: pre) и второй (stage: post)"
            ),
            (
                "instrument", "    max_score: 2\n", "    max_scor: 2\n",
                "неизвестный ключ «max_scor» в «columns[6]» — может быть, «max_score»?"
            ),
            ("instrument", "    max_score: 2\n", "", "у столбца «goal_1» (criterion) нужен наибольший балл max_score"),
            (
                "instrument", "    block: Целеполагание\n", "",
                "у столбца «goal_1» (criterion) не указан блок протокола (block)"
            ),
            (
                "instrument", "    scale: observers\n", "",
                "у столбца «observer» (observer) не указана шкала наблюдателей (scale)"
            ),
        ])
    func aLessonObservationSettingIsCheckedStrictly(
        file: String, original: String, replacement: String, message: String
    ) throws {
        let folder = try ShnorProcess.temporaryFolder()
        func once(_ text: String) -> String {
            guard let range = text.range(of: original) else { return text + "\n# not found: \(original)" }
            return text.replacingCharacters(in: range, with: replacement)
        }
        let pipeline = try Self.observationPipeline(
            in: folder, instrument: file == "instrument" ? once : { $0 }, file == "pipeline" ? once : { $0 })
        let result = try ShnorProcess.run(["validate", pipeline.path])
        #expect(result.status == 2, "\(result.stderr)")
        let named = file == "instrument" ? "lesson-observation.yaml" : "observation.yaml"
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// Scores off the 0–2 scale (a «3», a negative, a word) and an observer not on the list or
    /// not given reject their protocols with line, column and cell; a decimal comma and «-» (not
    /// scored) are read.
    @Test func protocolsOffTheScaleOrByUnknownObserversAreRejectedWithTheirCells() throws {
        let folder = try ShnorProcess.temporaryFolder()
        var text = try String(
            contentsOfFile: Self.root + "/Surveys/samples/lesson-observation-2024-05.csv", encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows = referenceRows(text, delimiter: ";")
        rows[1][6] = "-1"  // line 2
        rows[2][7] = "много"  // line 3
        rows[3][5] = ""  // line 4: no observer
        rows[4][6] = "1,5"  // line 5: read
        rows[5][8] = "-"  // line 6: not scored, read
        let csv = rows.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        let second = folder.appendingPathComponent("second.csv")
        try Data(csv.utf8).write(to: second)
        let out = folder.appendingPathComponent("out")
        let result = try run(try Self.observationPipeline(in: folder, second: second.path), out: out)
        #expect(result.completed, "\(result.stderr)")
        let rejects = try Self.rejects(out)
        func reason(_ line: Int) -> [String]? { rejects.first { $0[3] == String(line) } }
        #expect(reason(2)?[4] == "score_off_scale")
        #expect(
            reason(2)?[5].contains(
                "столбец 7 «1.1 Цель урока сформулирована совместно с обучающимися»: балл «-1» вне шкалы критерия: от 0 до 2"
            ) == true)
        #expect(reason(3)?[5].contains("балл «много» вне шкалы критерия") == true)
        #expect(reason(4)?[4] == "unknown_observer")
        #expect(reason(4)?[5].contains("столбец 6 «Наблюдатель»: наблюдатель не указан") == true)
        #expect(reason(5) == nil)
        #expect(reason(6) == nil)
    }

    /// Second-wave protocols of teachers nobody saw in the first wave: nothing to compare is a
    /// warning naming the measure (exit 1), not an empty table.
    @Test func noTeacherInBothWavesIsAWarning() throws {
        let folder = try ShnorProcess.temporaryFolder()
        var text = try String(
            contentsOfFile: Self.root + "/Surveys/samples/lesson-observation-2024-05.csv", encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows = referenceRows(text, delimiter: ";")
        for index in rows.indices.dropFirst() { rows[index][1] = "Новенькая\(index) Анна Ивановна" }
        let csv = rows.map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n"
        let second = folder.appendingPathComponent("second.csv")
        try Data(csv.utf8).write(to: second)
        let out = folder.appendingPathComponent("out")
        let result = try run(try Self.observationPipeline(in: folder, second: second.path), out: out)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.contains("ни один педагог второй волны не сопоставлен с педагогом первой"), "\(result.stderr)"
        )
        let note = try String(contentsOf: out.appendingPathComponent("note.md"), encoding: .utf8)
        #expect(note.contains("ни один педагог второй волны не сопоставлен"))
    }

    // MARK: - Output folders

    @Test func aFolderOfSomethingElseIsNotOverwritten() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let out = folder.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("важное".utf8).write(to: out.appendingPathComponent("letter.txt"))
        let result = try run(try Self.pipeline(in: folder), out: out)
        #expect(result.status == 3)
        #expect(result.stderr.contains("\(out.path): папка не пуста и не похожа на результаты shnor"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["letter.txt"])
    }

    @Test func anOutputPathThatIsAFileIsAnOutputError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        try Data("x".utf8).write(to: out)
        let result = try run(try Self.pipeline(in: folder), out: out)
        #expect(result.status == 3)
        #expect(result.stderr.contains("\(out.path): это файл, а нужна папка для результатов"))
    }

    @Test func aSymlinkedOutputFolderIsReplacedNotFollowed() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createSymbolicLink(at: out, withDestinationURL: elsewhere)
        let result = try run(try Self.pipeline(in: folder), out: out)
        #expect(result.completed, "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty,
            "nothing written through the link")
        let attributes = try FileManager.default.attributesOfItem(atPath: out.path)
        #expect(attributes[.type] as? FileAttributeType == .typeDirectory)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("note.md").path))
    }

    @Test func theCurrentFolderOrOneHoldingTheInputsIsNotAnOutputFolder() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try Self.pipeline(in: folder)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for out in [".", "./", "sub/..", "/"] {
            let result = try ShnorProcess.run(["run", pipeline.path, "--out", out], in: empty, killAfter: 120)
            #expect(result.status == 2, "--out \(out): \(result.stderr)")
            #expect(result.stderr.contains("папка результатов «\(out)» —"), "--out \(out): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
        let holding = try run(pipeline, out: folder)
        #expect(holding.status == 2, "\(holding.stderr)")
        #expect(
            holding.stderr.contains(
                "папка результатов «\(folder.path)» содержит файл, который читает этот запуск: \(pipeline.path)"),
            "\(holding.stderr)")
        let nested = try ShnorProcess.run(["run", pipeline.path, "--out", "./out/"], in: empty)
        #expect(nested.completed, "\(nested.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).sorted() == ["history.sqlite", "out"])
    }

    @Test func aPipelineIdIsOneFolderName() throws {
        let folder = try ShnorProcess.temporaryFolder()
        for id in ["../escape", "a/b", ".."] {
            let url = try Self.pipeline(in: folder) {
                $0.replacingOccurrences(of: "pipeline: november-satisfaction", with: "pipeline: \"\(id)\"")
            }
            let result = try ShnorProcess.run(["run", url.path], in: folder)
            #expect(result.status == 2, "\(id): \(result.stderr)")
            #expect(result.stderr.contains("\(url.path): pipeline: «\(id)» — id конвейера только из латинских букв"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipeline.yaml"])
    }

    /// A results export large enough that a run takes a while: 200 000 students, both points in a row.
    static let largeResults: Result<URL, any Error> = Result {
        let folder = try ShnorProcess.temporaryFolder()
        let generated = try ShnorProcess.run([
            "generate", "results", "--students", "200000", "--both-in-row", "--out", folder.path,
        ])
        #expect(generated.status == 0, "\(generated.stderr)")
        let root = ShnorProcess.packageRoot.path
        let pipeline = folder.appendingPathComponent("pipeline.yaml")
        try Data(
            ResultsPipelineTests.bothPointsPipeline(
                file: "results-both-points-2024.csv", instrument: "\(root)/Surveys/student-results-both-points.yaml",
                results: "{improved: {by: mark}}"
            ).utf8
        ).write(to: pipeline)
        return pipeline
    }

    static func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.contains(".staging-") || $0.hasSuffix(".lock")
        }
    }

    @Test func aSecondRunIntoTheSameFolderIsRefusedNamingTheFirst() throws {
        let pipeline = try Self.largeResults.get()
        let folder = try ShnorProcess.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        let first = try ShnorProcess.start(
            ["run", pipeline.path, "--out", out.path], errors: folder.appendingPathComponent("first.txt"))
        defer { if first.isRunning { first.terminate() } }
        #expect(ShnorProcess.wait(upTo: 120) { (try? Self.leftovers(in: folder).count) == 2 || !first.isRunning })
        let second = try ShnorProcess.run(["run", pipeline.path, "--out", out.path], killAfter: 120)
        #expect(second.status == 3, "\(second.stderr)")
        #expect(
            second.stderr.contains(
                "\(out.path): в эту папку результатов сейчас пишет другой запуск shnor (процесс \(first.processIdentifier))"
            ),
            "\(second.stderr)")
        #expect(ShnorProcess.wait(upTo: 300) { !first.isRunning })
        let firstErrors = try String(contentsOf: folder.appendingPathComponent("first.txt"), encoding: .utf8)
        #expect(first.terminationStatus == 0, "\(firstErrors)")
        #expect(try Self.leftovers(in: folder).isEmpty)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("results.json").path))
    }

    @Test func aStoppedRunLeavesNoStagingFolder() throws {
        let pipeline = try Self.largeResults.get()
        let folder = try ShnorProcess.temporaryFolder()
        let out = folder.appendingPathComponent("out")
        for signalNumber in [SIGTERM, SIGINT] {
            let run = try ShnorProcess.start(
                ["run", pipeline.path, "--out", out.path], errors: folder.appendingPathComponent("errors.txt"))
            #expect(ShnorProcess.wait(upTo: 120) { (try? Self.leftovers(in: folder).count) == 2 || !run.isRunning })
            kill(run.processIdentifier, signalNumber)
            #expect(ShnorProcess.wait(upTo: 120) { !run.isRunning })
            if run.isRunning { run.terminate() }
            #expect(run.terminationReason == .exit && run.terminationStatus == 128 + signalNumber)
            #expect(try Self.leftovers(in: folder).isEmpty, "after signal \(signalNumber)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func fourRunsSharingOneHistoryAllSucceed() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let pipeline = try Self.pipeline(in: folder)
        let statuses = Mutex<[Int32: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let result = try? ShnorProcess.run(
                ["run", pipeline.path, "--out", folder.appendingPathComponent("out\(index)").path], killAfter: 300)
            statuses.withLock {
                $0[Int32(index)] =
                    result.map { "\($0.completed ? "completed" : "failed \($0.status)") \($0.stderr)" }
                    ?? "did not start"
            }
        }
        statuses.withLock { all in
            #expect(all.count == 4)
            for (index, outcome) in all { #expect(outcome.hasPrefix("completed "), "run \(index): \(outcome)") }
        }
    }

    @Test func theIndicatorsReportNeitherOverwritesNorTrustsAnotherRunsResults() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let results = folder.appendingPathComponent("out/self-assessment/results.json").path
        let pipeline = try IndicatorsPipelineTests.prepare(folder) {
            $0.replacingOccurrences(
                of: "results: \(results)\n", with: "results: \(results)\n    pipeline: november-satisfaction\n")
        }
        let overwriting = try ShnorProcess.run([
            "run", pipeline.path, "--out", folder.appendingPathComponent("out/self-assessment").path,
        ])
        #expect(overwriting.status == 2, "\(overwriting.stderr)")
        #expect(
            overwriting.stderr.contains("содержит файл, который читает этот запуск: \(results)"),
            "\(overwriting.stderr)")
        let out = folder.appendingPathComponent("out/indicators").path
        let otherPipeline = try ShnorProcess.run(["run", pipeline.path, "--out", out])
        #expect(otherPipeline.status == 3, "\(otherPipeline.stderr)")
        #expect(
            otherPipeline.stderr.contains(
                "\(results): это результаты конвейера «self-assessment», а показатель «improved_teachers» берётся из «november-satisfaction»"
            ), "\(otherPipeline.stderr)")
        let unchecked = try IndicatorsPipelineTests.prepare(folder)
        let text = try String(contentsOfFile: results, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "shnor.results/1", with: "shnor.results/2").utf8).write(
            to: URL(fileURLWithPath: results))
        let otherSchema = try ShnorProcess.run(["run", unchecked.path, "--out", out])
        #expect(otherSchema.status == 3, "\(otherSchema.stderr)")
        #expect(
            otherSchema.stderr.contains("\(results): схема «shnor.results/2», а читается shnor.results/1"),
            "\(otherSchema.stderr)")
    }

    @Test func anExportThatGrowsWhileItIsReadIsAnError() throws {
        let shared = try Self.largeResults.get().deletingLastPathComponent()
        let folder = try ShnorProcess.temporaryFolder()
        for name in ["pipeline.yaml", "results-both-points-2024.csv"] {
            try FileManager.default.copyItem(
                at: shared.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let export = folder.appendingPathComponent("results-both-points-2024.csv")
        let run = try ShnorProcess.start(
            [
                "run", folder.appendingPathComponent("pipeline.yaml").path, "--out",
                folder.appendingPathComponent("out").path,
            ],
            errors: folder.appendingPathComponent("errors.txt"))
        // Rows keep arriving for as long as the run lives, as from an export still being written.
        let appender = try FileHandle(forWritingTo: export)
        while run.isRunning {
            try appender.seekToEnd()
            try appender.write(contentsOf: Data("9990000001,МКОУ СОШ п. Восточный,5А,Математика,3,4\n".utf8))
            Thread.sleep(forTimeInterval: 0.02)
        }
        try appender.close()
        let errors = try String(contentsOf: folder.appendingPathComponent("errors.txt"), encoding: .utf8)
        #expect(run.terminationStatus == 3, "\(errors)")
        #expect(errors.contains("\(export.path): файл изменился, пока запуск его читал"), "\(errors)")
        #expect(try Self.leftovers(in: folder).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    /// Mounting a small tmpfs needs root, as CI and the developers' machines run; elsewhere these are skipped.
    static let canMount: Bool = {
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("shnor-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard (try? shell("mount -t tmpfs -o size=64k tmpfs '\(probe.path)'")) == 0 else { return false }
        _ = try? shell("umount '\(probe.path)'")
        return true
    }()

    @discardableResult
    static func shell(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command + " >/dev/null 2>&1"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: canMount)) func aFullDiskIsAnOutputErrorAndLeavesNoHalfWrittenOutputs() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(try Self.shell("mount -t tmpfs -o size=48k tmpfs '\(disk.path)'") == 0)
        defer { _ = try? Self.shell("umount '\(disk.path)'") }
        let out = disk.appendingPathComponent("out")
        let result = try run(try Self.pipeline(in: folder), out: out)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("\(out.path)/"), "\(result.stderr)")
        #expect(result.stderr.contains("на диске нет места"), "\(result.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty,
            "no output and no staging folder left")
    }

    @Test(.enabled(if: canMount)) func aReadOnlyFolderIsAnOutputError() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(try Self.shell("mount -t tmpfs -o size=1m,ro tmpfs '\(disk.path)'") == 0)
        defer { _ = try? Self.shell("umount '\(disk.path)'") }
        let result = try run(try Self.pipeline(in: folder), out: disk.appendingPathComponent("out"))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("не удалось создать папку для результатов"), "\(result.stderr)")
    }
}

/// Issue 24: a survey export as an office saves it, through a pipeline.
@Suite("Office exports through a pipeline", .serialized)
struct OfficeExportPipelineTests {
    /// The shipped pipeline, its instrument copied with `keys` added at the top level.
    static func pipeline(in folder: URL, export: String, instrumentKeys keys: String) throws -> URL {
        let root = CataloguePipelineTests.root
        let instrument = try String(
            contentsOfFile: root + "/Surveys/november-satisfaction.yaml", encoding: .utf8)
        let copy = folder.appendingPathComponent("instrument.yaml")
        try Data((keys + "\n" + instrument).utf8).write(to: copy)
        return try CataloguePipelineTests.pipeline(in: folder, export: export) {
            $0.replacingOccurrences(of: root + "/Surveys/november-satisfaction.yaml", with: copy.path)
        }
    }

    @Test func aTitleAboveTheHeaderIsSkippedAndCountedInTheLedger() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try CataloguePipelineTests.export(in: folder) { rows in
            [["Анкета удовлетворённости педагогов, ноябрь 2023"], ["Выгружено 01.12.2023"]] + rows
        }
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(
            ["run", try CataloguePipelineTests.pipeline(in: folder, export: export).path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"preamble_lines\" : 2"), "\(manifest.prefix(3000))")
        #expect(manifest.contains("\"preamble_lines\" : ["), "\(manifest.prefix(3000))")
    }

    @Test func aDeclaredHeaderRowWinsAndWrongHeaderKeysAreConfigurationErrors() throws {
        let folder = try ShnorProcess.temporaryFolder()
        let export = try CataloguePipelineTests.export(in: folder) { rows in [["Отчёт", "ноябрь"]] + rows }
        let declared = try Self.pipeline(in: folder, export: export, instrumentKeys: "header_row: 2")
        let out = folder.appendingPathComponent("out")
        let result = try ShnorProcess.run(["run", declared.path, "--out", out.path])
        #expect(result.completed, "\(result.stderr)")
        for (keys, message) in [
            ("header_rows: 3", "header_rows: 3 — заголовок может занимать 1 или 2 строки"),
            ("header: yes", "header: «yes» — допустимо только header: none"),
            ("header: none\nheader_row: 2", "header: none не сочетается с header_row и header_rows"),
            ("header_row: 0", "header_row: 0 — нужен номер строки файла, начиная с 1"),
            ("header_raw: 2", "header_raw"),
        ] {
            let broken = try ShnorProcess.temporaryFolder()
            let pipeline = try Self.pipeline(in: broken, export: export, instrumentKeys: keys)
            let refused = try ShnorProcess.run(["validate", pipeline.path])
            #expect(refused.status == 2, "\(keys): \(refused.stderr)")
            #expect(refused.stderr.contains(message), "\(keys): \(refused.stderr)")
        }
    }
}
