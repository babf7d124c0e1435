import Clean
import Foundation
import Ingest
import Measures
import Notes

/// Runs a pipeline: ingest → clean → link → measure → emit, keeping the ledger.
///
/// With an output folder it writes the note, results.json, manifest.json, clean/ and
/// private/; without one (`shnor validate`) it does every step but writing.
public enum PipelineRun {
    /// What the command line reports after a run.
    public struct Summary: Sendable {
        /// Files written, relative to the output folder (empty when validating).
        public let outputs: [String]
        /// Lines for the terminal: the headline figures and the books.
        public let lines: [String]
        /// Set when the data failed a declared tolerance (exit status 1).
        public let toleranceExceeded: String?
    }

    public static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        let spec = configuration.spec
        var ledger = Ledger()
        let policy = CleaningPolicy(duplicates: spec.cleaning.duplicates, testMarkers: spec.cleaning.testMarkers)
        var survey = try InputReader.read(configuration.responsesInput, configuration: configuration, policy: policy, ledger: &ledger)
        for measure in spec.measures where measure.kind == .topBox {
            guard survey.binding.slots.contains(where: { $0.id == measure.item }) else {
                throw ConfigurationError(file: survey.path, "в выгрузке нет столбца вопроса «\(measure.item ?? "")», по которому считается показатель «\(measure.id)»")
            }
        }
        let cleaned = survey.responses
        let (kept, dropped) = survey.cleaner.deduplicate(cleaned)
        survey.rejections += dropped.map { ("deduplicate", $0) }
        ledger.record(input: survey.input.id, stage: "deduplicate", rowsIn: cleaned.count, rowsOut: kept.count,
                      rejected: dropped.isEmpty ? [:] : [.duplicateSubmission: dropped.count])

        var roster: InputResult?
        var link: RosterLink?
        if let rosterInput = configuration.rosterInput {
            let read = try InputReader.read(rosterInput, configuration: configuration,
                                            policy: CleaningPolicy(duplicates: .keepAll), ledger: &ledger)
            roster = read
            let made = RosterLink(roster: read.responses, responses: kept)
            link = made
            ledger.record(input: survey.input.id, stage: "link", rowsIn: kept.count, rowsOut: kept.count,
                          noted: ["not_on_roster": made.unmatched.count])
        }
        let analysis = SurveyAnalysis(configuration: configuration, survey: survey, kept: kept, link: link)
        ledger.record(input: survey.input.id, stage: "measure", rowsIn: kept.count, rowsOut: kept.count,
                      noted: ["in_programme_schools": analysis.population.count])
        guard ledger.balances else {
            throw IngestError(.cannotRead, file: configuration.path,
                              detail: "книги не сходятся (строк на входе стадии ≠ передано + отклонено) — это ошибка shnor, сообщите разработчикам")
        }

        let template = try NoteTemplate(path: configuration.templatePath, text: configuration.templateText)
        let context = NoteContext(configuration: configuration, analysis: analysis, ledger: ledger, survey: survey)
        let note = NoteRenderer(template: template).render(title: spec.title, context: context.values, charts: context.charts)
        let results = ResultsDocument(configuration: configuration, analysis: analysis)

        let rowsRead = survey.summary.rowsRead
        let rejectedTotal = rowsRead - kept.count
        var tolerance: String?
        if let limit = spec.cleaning.maxRejectRate, rowsRead > 0, Double(rejectedTotal) / Double(rowsRead) > limit {
            tolerance = "не учтено \(rejectedTotal) из \(rowsRead) анкет (\(RussianFormat.percent(Double(rejectedTotal) / Double(rowsRead)))) — больше допустимого max_reject_rate \(RussianFormat.percent(limit)); причины — в private/rejects.csv"
        }
        var lines = analysis.measures.map { figure in
            "\(figure.spec.label): \(RussianFormat.percent(figure.share.value)) (\(figure.share.numerator) из \(figure.share.denominator))"
                + (figure.spec.target.map { " при цели \(RussianFormat.percent($0, decimals: 0))" } ?? "")
        }
        lines.append("анкет прочитано \(rowsRead), учтено \(kept.count), не учтено \(rejectedTotal)")

        guard let outputFolder else { return Summary(outputs: [], lines: lines, toleranceExceeded: tolerance) }
        let folder = try OutputFolder(path: outputFolder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var outputs: [String] = []
        func emit(_ name: String, _ text: String, private isPrivate: Bool = false) throws {
            try folder.write(name, text, private: isPrivate)
            outputs.append(name)
        }
        try emit("note.md", note.markdown)
        try emit("note.html", note.html)
        try emit("results.json", String(decoding: try encoder.encode(results), as: UTF8.self) + "\n")

        let secret = try folder.pseudonymSecret()
        try writeCleanTable(folder: folder, survey: survey, kept: kept, configuration: configuration, secret: secret)
        outputs.append("clean/responses.csv")
        try writePrivate(folder: folder, survey: survey, roster: roster, link: link, configuration: configuration)
        outputs += ["private/rejects.csv", "private/unmatched.csv"]

        let inputs = try ([survey] + (roster.map { [$0] } ?? [])).map { input in
            Manifest.Input(
                id: input.input.id, kind: input.input.kind.rawValue, path: input.path, bytes: input.summary.bytes,
                sha256: try Digest.sha256(file: input.path), encoding: input.summary.encoding.encoding.rawValue,
                encodingConfidence: (input.summary.encoding.confidence * 1000).rounded() / 1000,
                encodingMethod: input.summary.encoding.method.rawValue,
                delimiter: String(Character(Unicode.Scalar(input.summary.dialect.delimiter))),
                lineEndings: input.summary.lineEndings.summary, headerLine: input.summary.headerLine,
                unusedColumns: input.binding.unused)
        }
        let files = configuration.files.map { Manifest.File(path: $0.path, bytes: $0.bytes.count, sha256: Digest.sha256($0.bytes)) }
        let manifest = Manifest(
            tool: .init(version: shnorVersion), pipeline: spec.id, period: spec.period,
            configuration: .init(sha256: Digest.sha256(Data(files.map { "\($0.path) \($0.sha256)\n" }.joined().utf8)), files: files),
            inputs: inputs, ledger: ledger.entries, balanced: ledger.balances, outputs: outputs + ["manifest.json"])
        try emit("manifest.json", String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n")
        return Summary(outputs: outputs, lines: lines, toleranceExceeded: tolerance)
    }

    private static func writeCleanTable(folder: OutputFolder, survey: InputResult, kept: [Response],
                                        configuration: PipelineConfiguration, secret: [UInt8]) throws {
        let instrument = survey.binding.instrument
        let register = configuration.register
        let positionScale = instrument.column(role: .position)?.scale.flatMap { instrument.scales[$0] }
        let choiceColumns = instrument.columns.filter { $0.role == .choices && survey.binding.positions[$0.id] != nil }
        var header = ["респондент", "школа", "программа", "должность"]
        header += survey.binding.slots.map { slot in
            slot.group.flatMap { group in instrument.columns.first { $0.id == group }?.label }.map { "\($0): \(slot.label)" } ?? slot.label
        }
        header += choiceColumns.map { $0.label ?? $0.id }
        let rows: [[String]] = kept.map { response in
            let school = response.school.map { register.schools[$0] }
            let identity = "\(response.respondentKey ?? "строка \(response.origin.line)")|\(school?.id ?? "")"
            var row = [Digest.pseudonym(identity, secret: secret), school?.short ?? "", school.map { $0.programme ? "ШНОР" : ($0.partner ? "партнёр" : "") } ?? "",
                       response.position.flatMap { positionScale?.categories[$0].label } ?? ""]
            for (index, slot) in survey.binding.slots.enumerated() {
                let scale = instrument.scales[slot.scale]
                switch response.answers[index] {
                case .category(let category): row.append(scale?.categories[category].label ?? "")
                case .nonSubstantive: row.append(scale?.nonSubstantive.first?.label ?? "затрудняюсь ответить")
                case .blank, .unknown: row.append("")
                }
            }
            for column in choiceColumns {
                let choice = response.choices[column.id]
                var labels = (choice?.options ?? []).map { column.options?[$0] ?? "" }
                if choice?.other != nil { labels.append("другое") }
                row.append(labels.joined(separator: "; "))
            }
            return row
        }
        try folder.writeTable("clean/responses.csv", header: header, rows: rows)
    }

    private static func writePrivate(folder: OutputFolder, survey: InputResult, roster: InputResult?, link: RosterLink?,
                                     configuration: PipelineConfiguration) throws {
        let all = ([survey] + (roster.map { [$0] } ?? [])).flatMap { input in
            input.rejections.map { stage, rejection in
                [input.input.id, stage, rejection.origin.file, String(rejection.origin.line), rejection.reason.rawValue,
                 rejection.detail, rejection.cells.joined(separator: " | ")]
            }
        }
        try folder.writeTable("private/rejects.csv", header: ["вход", "стадия", "файл", "строка", "причина", "описание", "значения"],
                              rows: all, private: true)
        let unmatched = (link?.unmatched ?? []).map { response in
            [response.respondentName ?? "", response.school.map { configuration.register.schools[$0].name } ?? "",
             response.origin.file, String(response.origin.line)]
        }
        try folder.writeTable("private/unmatched.csv", header: ["ФИО", "школа", "файл", "строка"], rows: unmatched, private: true)
    }
}
