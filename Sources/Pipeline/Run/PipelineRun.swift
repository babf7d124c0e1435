import Clean
import Foundation
import Ingest
import Measures
import Notes

/// Runs a pipeline: ingest → clean → link → measure → emit, keeping the ledger.
///
/// With an output folder it writes the notes, results.json, manifest.json, clean/ and
/// private/; without one (`shnor validate`) it does every step but writing.
public enum PipelineRun {
    /// What the command line reports after a run.
    public struct Summary: Sendable {
        /// Files written, relative to the output folder (empty when validating).
        public let outputs: [String]
        /// Lines for the terminal: the headline figures and the books.
        public let lines: [String]
        /// What the run could not count or read as asked, in the order found; those that
        /// ``RunWarning/failsRun`` set exit status 1.
        public let warnings: [RunWarning]
        /// What the run read and kept (a survey's responses), handed back rather than freed on
        /// the way out: see ``keepUntilExit()``. A caller that lives on just drops it.
        public let workingSet: WorkingSet?

        public init(outputs: [String], lines: [String], warnings: [RunWarning], workingSet: WorkingSet? = nil) {
            self.outputs = outputs
            self.lines = lines
            self.warnings = warnings
            self.workingSet = workingSet
        }

        /// For a command-line process about to end: the working set is never freed, so the
        /// process does not give back hundreds of thousands of small blocks one by one (a
        /// 200 000-answer survey, some 25 ms) just before the system takes its memory whole.
        /// Never call it in a process that goes on (the workbench).
        public func keepUntilExit() {
            if let workingSet { _ = Unmanaged.passRetained(workingSet) }
        }

        /// The message of exit status 1 when a warning the pipeline does not allow was raised.
        public var failure: String? {
            let failing = warnings.filter(\.failsRun)
            guard !failing.isEmpty else { return nil }
            let kinds = Set(failing.map(\.kind))
            let allowable = kinds.subtracting(RunWarning.Kind.neverAllowed).map(\.rawValue).sorted()
            var text = "данные не прошли проверку (\(RussianPlural.warning(failing.count)))"
            if !allowable.isEmpty {
                text += "; если это ожидаемо, перечислите в allow: конвейера: " + allowable.joined(separator: ", ")
            }
            if kinds.contains(.verdictUncertain) {
                text +=
                    "; verdict_uncertain разрешить нельзя: вывод о цели зависит от неучтённых строк — разберите их (private/rejects.csv) и запустите снова"
            }
            return text
        }
    }

    /// Runs the pipeline; with `outputFolder`, writes there, holding the folder's lock
    /// (``OutputLock``) from start to end so no other run stages into it meanwhile.
    public static func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        configuration.observer?.expect(bytes: configuration.inputBytes)
        guard let outputFolder else { return try configuration.analysis.run(configuration, outputFolder: nil) }
        let folder = try OutputFolder.normalised(outputFolder)
        try OutputFolder.checkHoldsNone(of: configuration.filesRead, folder: folder)
        let lock = try OutputLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        // Only a run that writes a manifest needs the inputs' hashes.
        for input in configuration.spec.inputs { configuration.digests.start(configuration.resolve(input.file)) }
        let summary = try configuration.analysis.run(configuration, outputFolder: folder)
        guard let reason = configuration.cleanTableDecision.reason else { return summary }
        return Summary(
            outputs: summary.outputs, lines: summary.lines + ["clean/ не записан (\(reason))"],
            warnings: summary.warnings, workingSet: summary.workingSet)
    }

    /// The records a run has read and kept in memory, held by its ``Summary``.
    public final class WorkingSet: Sendable {
        let responses: [[Response]]

        init(responses: [[Response]]) { self.responses = responses }
    }

    /// Reads a responses input, cleans it and keeps one submission per respondent by the policy.
    static func readResponses(
        _ input: PipelineSpec.Input, _ configuration: PipelineConfiguration,
        ledger: inout Ledger
    ) throws -> (result: InputResult, kept: [Response]) {
        let spec = configuration.spec
        let policy = CleaningPolicy(duplicates: spec.cleaning.duplicates, testMarkers: spec.cleaning.testMarkers)
        var result = try InputReader.read(input, configuration: configuration, policy: policy, ledger: &ledger)
        let cleaned = result.responses
        let (kept, dropped) = configuration.stage(.clean) { result.cleaner?.deduplicate(cleaned) ?? (cleaned, []) }
        result.rejections += dropped.map { ("deduplicate", $0) }
        // The tally of the cleaned responses stands for the kept ones only if none was dropped.
        if !dropped.isEmpty { result.answerTally = nil }
        ledger.record(
            input: input.id, stage: "deduplicate", rowsIn: cleaned.count, rowsOut: kept.count,
            rejected: dropped.isEmpty ? [:] : [.duplicateSubmission: dropped.count])
        return (result, kept)
    }

    /// Reads the roster input, if the pipeline has one.
    static func readRoster(_ configuration: PipelineConfiguration, ledger: inout Ledger) throws -> InputResult? {
        guard let input = configuration.rosterInput else { return nil }
        return try InputReader.read(
            input, configuration: configuration, policy: CleaningPolicy(duplicates: .keepAll), ledger: &ledger)
    }

    /// The warning when more of the rows read than `max_reject_rate` were not counted.
    static func tolerance(_ configuration: PipelineConfiguration, read: Int, kept: Int) -> RunWarning? {
        guard let limit = configuration.spec.cleaning.maxRejectRate, read > 0,
            Double(read - kept) / Double(read) > limit
        else { return nil }
        let share = Double(read - kept) / Double(read)
        return RunWarning(
            .rejectRate,
            "не учтено \(read - kept) из \(read) анкет (\(RussianFormat.percent(share))) — больше допустимого max_reject_rate \(RussianFormat.percent(limit)); причины — в private/rejects.csv",
            allowed: configuration.spec.allowed)
    }

    static func checkLedger(_ ledger: Ledger, _ configuration: PipelineConfiguration) throws {
        guard ledger.balances else {
            throw IngestError(
                .cannotRead, file: configuration.path,
                detail:
                    "книги не сходятся (строк на входе стадии ≠ передано + отклонено) — это ошибка shnor, сообщите разработчикам"
            )
        }
    }

    /// An analysis's context with the dynamics' keys added.
    private static func joined(_ values: some Encodable, _ dynamics: NoteDynamics) -> some Encodable {
        TemplateJoin(values, dynamics)
    }

    /// Renders every note of the pipeline with the typed context its id asks for, joined with
    /// the dynamics of `results`' measures from the history beside `outputFolder`
    /// (``NoteDynamics``: `dynamics`, `has_dynamics`, `charts.dynamics`).
    static func renderNotes(
        _ configuration: PipelineConfiguration, results: ResultsDocument, outputFolder: String?,
        context: (PipelineSpec.Note) -> (values: any Encodable, charts: [String: Chart])
    ) throws
        -> [(folder: String, document: NoteRenderer.Document)]
    {
        try configuration.stage(.render) {
            try renderNotesNow(configuration, results: results, outputFolder: outputFolder, context: context)
        }
    }

    private static func renderNotesNow(
        _ configuration: PipelineConfiguration, results: ResultsDocument, outputFolder: String?,
        context: (PipelineSpec.Note) -> (values: any Encodable, charts: [String: Chart])
    ) throws
        -> [(folder: String, document: NoteRenderer.Document)]
    {
        let dynamics = try NoteDynamics(results: results, outputFolder: outputFolder)
        return try configuration.templates.map { note, path, text in
            let template = try NoteTemplate(path: path, text: text)
            let (values, ownCharts) = context(note)
            var charts = ownCharts
            if let chart = dynamics.chart { charts["dynamics"] = chart }
            let document = try NoteRenderer(template: template, period: configuration.spec.period).render(
                title: configuration.spec.title, context: Self.joined(values, dynamics), charts: charts)
            return (configuration.spec.singleNote ? "" : (note.id ?? "note") + "/", document)
        }
    }

    /// Everything a run writes, gathered before the first byte is written.
    struct Emission {
        var notes: [(folder: String, document: NoteRenderer.Document)]
        var results: ResultsDocument
        var inputs: [InputResult]
        var ledger: Ledger
        /// The clean table: header and a row maker that gets the pseudonym secret and hands
        /// each row on as it is made.
        var cleanHeader: [String]
        var cleanRows: ([UInt8], ([String]) throws -> Void) throws -> Void
        /// Further files under private/: name, header, rows.
        var privateTables: [(name: String, header: [String], rows: [[String]])]
        /// Files already written into the staging folder while the exports streamed.
        var streamed: [String] = []
        /// Results of other runs the figures were taken from (path, bytes, sha256), for the manifest.
        var sources: [Manifest.File] = []
        /// What the run could not count or read as asked, for the manifest.
        var warnings: [RunWarning] = []
    }

    static func write(_ emission: Emission, to path: String, configuration: PipelineConfiguration) throws -> [String] {
        try write(emission, to: try OutputFolder(path: path), configuration: configuration)
    }

    /// Stages the emission in a folder that may already hold streamed files, then commits it.
    ///
    /// Nothing is published when the disclosure auditor could recover a hidden cell (exit
    /// status 1): no note that gives a small group away leaves the staging folder.
    static func write(_ emission: Emission, to folder: OutputFolder, configuration: PipelineConfiguration) throws
        -> [String]
    {
        return try configuration.stage(.write) { try writeNow(emission, to: folder, configuration: configuration) }
    }

    private static func writeNow(
        _ emission: Emission, to folder: OutputFolder, configuration: PipelineConfiguration
    ) throws -> [String] {
        do {
            let audit = configuration.disclosureLog.summary
            guard audit.recovered == 0 else {
                throw CommandError(
                    message:
                        "\(configuration.path): проверка раскрытия восстановила \(audit.recovered) скрытых клеток по опубликованным суммам — справка не записана; сообщите разработчикам shnor",
                    status: ExitStatus.toleranceExceeded)
            }
            let outputs = try stage(emission, in: folder, configuration: configuration)
            try folder.commit()
            // After the outputs are in place: the history never holds figures a run did not publish.
            try History(root: History.root(of: folder.path)).record(emission.results)
            return outputs
        } catch {
            folder.discard()
            throw error
        }
    }

    private static func stage(_ emission: Emission, in folder: OutputFolder, configuration: PipelineConfiguration)
        throws -> [String]
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var outputs: [String] = []
        for (subfolder, document) in emission.notes {
            if !subfolder.isEmpty { try OutputFolder.makeFolder(folder.staging + "/" + subfolder, mode: 0o755) }
            try folder.write(subfolder + "note.md", document.markdown)
            try folder.write(subfolder + "note.html", document.html)
            try folder.write(subfolder + "note.docx", document.docx)
            try folder.write(subfolder + "results.xlsx", document.xlsx)
            outputs += [
                subfolder + "note.md", subfolder + "note.html", subfolder + "note.docx", subfolder + "results.xlsx",
            ]
        }
        try folder.write("results.json", String(decoding: try encoder.encode(emission.results), as: UTF8.self) + "\n")
        outputs.append("results.json")
        // The same figures with the small groups shown: what a regional roll-up adds up, kept private.
        encoder.userInfo[ResultsDocument.revealing] = true
        try folder.write(
            "private/results-unsuppressed.json",
            String(decoding: try encoder.encode(emission.results), as: UTF8.self) + "\n",
            private: true)
        encoder.userInfo[ResultsDocument.revealing] = nil
        outputs.append("private/results-unsuppressed.json")
        if !emission.cleanHeader.isEmpty && configuration.cleanTableDecision.writes {
            let secret = try folder.pseudonymSecret()
            try folder.writeTable("clean/responses.csv", header: emission.cleanHeader) {
                try emission.cleanRows(secret, $0)
            }
            outputs.append("clean/responses.csv")
        }
        outputs += emission.streamed
        let rejects = emission.inputs.flatMap { input in
            input.rejections.map { stage, rejection in
                [
                    input.input.id, stage, rejection.origin.file, String(rejection.origin.line),
                    rejection.reason.rawValue,
                    rejection.detail, rejection.cells.joined(separator: " | "),
                ]
            }
        }
        try folder.writeTable(
            "private/rejects.csv", header: ["вход", "стадия", "файл", "строка", "причина", "описание", "значения"],
            rows: rejects, private: true)
        outputs.append("private/rejects.csv")
        for table in emission.privateTables {
            try folder.writeTable("private/" + table.name, header: table.header, rows: table.rows, private: true)
            outputs.append("private/" + table.name)
        }
        let inputs = try emission.inputs.map { input in
            Manifest.Input(
                id: input.input.id, kind: input.input.kind.rawValue, path: input.path, bytes: input.summary.bytes,
                sha256: try configuration.digests.sha256(of: input.path),
                encoding: input.summary.encoding.encoding.rawValue,
                encodingConfidence: (input.summary.encoding.confidence * 1000).rounded() / 1000,
                encodingMethod: input.summary.encoding.method.rawValue,
                // A workbook has cells, not a delimiter or line breaks.
                delimiter: input.summary.workbook == nil
                    ? String(Character(Unicode.Scalar(input.summary.dialect.delimiter))) : "",
                lineEndings: input.summary.workbook == nil ? input.summary.lineEndings.summary : "",
                headerLine: input.summary.headerLine,
                unusedColumns: input.binding.unused,
                preambleLines: input.summary.preambleLineNumbers.isEmpty ? nil : input.summary.preambleLineNumbers,
                quoteRepairLines: input.summary.quoteRepairLines.isEmpty ? nil : input.summary.quoteRepairLines,
                sheet: input.summary.workbook?.sheet)
        }
        let files = configuration.files.map {
            Manifest.File(path: $0.path, bytes: $0.bytes.count, sha256: Digest.sha256($0.bytes))
        }
        let manifest = Manifest(
            tool: .init(version: shnorVersion), pipeline: configuration.spec.id, period: configuration.spec.period,
            configuration: .init(
                sha256: Digest.sha256(Data(files.map { "\($0.path) \($0.sha256)\n" }.joined().utf8)), files: files),
            inputs: inputs, ledger: emission.ledger.entries, balanced: emission.ledger.balances,
            outputs: outputs + ["manifest.json"],
            sources: emission.sources.isEmpty ? nil : emission.sources,
            warnings: emission.warnings.isEmpty ? nil : emission.warnings,
            fallbackReadings: emission.ledger.fallbackReadings,
            disclosureAudit: configuration.disclosureLog.summary,
            cleanTableSkipped: configuration.cleanTableDecision.reason)
        try folder.write("manifest.json", String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n")
        return outputs + ["manifest.json"]
    }

    /// One row per counted response: a pseudonym instead of the person, answers as canonical labels.
    ///
    /// School, position and subject are written only where ``CleanGeneralisation`` lets them
    /// through at the pipeline's k (`threshold`): what the notes hide is pooled, and so is every
    /// value that would leave a combination of them below k.
    static func cleanTable(
        _ responses: [(response: Response, stage: String?)], binding: InstrumentBinding,
        register: SchoolRegister, threshold: Int
    ) -> (header: [String], rows: ([UInt8], ([String]) throws -> Void) throws -> Void) {
        let instrument = binding.instrument
        let positionScale = instrument.column(role: .position)?.scale.flatMap { instrument.scales[$0] }
        let choiceColumns = instrument.columns.filter { $0.role == .choices && binding.positions[$0.id] != nil }
        let withStage = responses.contains { $0.stage != nil }
        let withSubject = instrument.column(role: .subject) != nil
        let generalisation = CleanGeneralisation(
            responses, register: register, positionCount: positionScale?.categories.count ?? 0,
            threshold: threshold)
        var header = ["респондент"] + (withStage ? ["этап"] : []) + ["школа", "программа", "должность"]
        if withSubject { header.append("предмет") }
        header += binding.slots.map { slot in
            slot.group.flatMap { group in instrument.columns.first { $0.id == group }?.label }.map {
                "\($0): \(slot.label)"
            } ?? slot.label
        }
        header += choiceColumns.map { $0.label ?? $0.id }
        // Each slot's labels, looked up once rather than per answer.
        let slotLabels = binding.slots.map { slot in
            let scale = instrument.scales[slot.scale]
            return (
                categories: scale?.categories.map(\.label) ?? [],
                nonSubstantive: scale?.nonSubstantive.first?.label ?? "затрудняюсь ответить"
            )
        }
        let rows: ([UInt8], ([String]) throws -> Void) throws -> Void = { secret, emit in
            let pseudonyms = Digest.Pseudonyms(secret: secret)
            var row: [String] = []
            for (response, stage) in responses {
                let school = response.school.map { register.schools[$0] }
                let published = generalisation.school(response.school, register: register)
                let identity =
                    "\(response.personId ?? response.respondentKey ?? "строка \(response.origin.line)")|\(school?.id ?? "")"
                row.removeAll(keepingCapacity: true)
                row.append(pseudonyms.pseudonym(identity))
                if withStage { row.append(stage ?? "") }
                row += [
                    published.name, published.programme,
                    generalisation.position(
                        response.position,
                        label: response.position.flatMap { positionScale?.categories[$0].label } ?? ""),
                ]
                if withSubject { row.append(generalisation.subject(response.subject)) }
                for (index, labels) in slotLabels.enumerated() {
                    switch response.answer(at: index) {
                    case .category(let category):
                        row.append(category < labels.categories.count ? labels.categories[category] : "")
                    case .nonSubstantive: row.append(labels.nonSubstantive)
                    case .blank, .unknown: row.append("")
                    }
                }
                for column in choiceColumns {
                    let choice = response.choices[column.id]
                    var labels = (choice?.options ?? []).map { column.options?[$0] ?? "" }
                    if choice?.other != nil { labels.append("другое") }
                    row.append(labels.joined(separator: "; "))
                }
                try emit(row)
            }
        }
        return (header, rows)
    }
}
