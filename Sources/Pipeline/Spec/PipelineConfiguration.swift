import Clean
import Foundation
import Ingest
import Measures
import Notes

/// A pipeline file with everything it names loaded and checked: the register, each input's
/// instrument, the note template. Every fault is a ``ConfigurationError`` naming its file.
public struct PipelineConfiguration: Sendable {
    public let path: String
    public let spec: PipelineSpec
    /// The school register; empty when the pipeline names none (no export has a school column).
    public let register: SchoolRegister
    /// Input id → its instrument.
    public let instruments: [String: Instrument]
    /// The notes' templates, in the order the pipeline names them.
    public let templates: [(note: PipelineSpec.Note, path: String, text: String)]

    /// The built-in templates of the notes that name none (``Analysis/builtInTemplate(for:in:)``),
    /// for `shnor validate --save-note` to write out as a start for the analyst's own wording.
    public var builtInTemplates: [(note: PipelineSpec.Note, text: String)] {
        templates.filter { $0.note.template == nil }.map { ($0.note, $0.text) }
    }
    /// Every configuration file read, with its bytes, for the manifest's configuration hash.
    public let files: [(path: String, bytes: Data)]
    /// How many threads may read one large export at once (`shnor run --threads`); the
    /// outputs are the same for any number.
    public var threads = Parallelism.threads
    /// Size of the stretches the threads take one after another from a large export
    /// (`shnor run --stretch-mb`); the outputs are the same for any size.
    public var stretchBytes = Parallelism.stretchBytes
    /// Watches the run (its stage, the bytes and rows read, the stages' times); nil: nobody does.
    public var observer: RunObserver?
    /// The inputs' SHA-256 for the manifest, hashed while the run reads them.
    let digests = FileDigests()
    /// Every linked table's suppression and audit in this run (the manifest's `disclosure_audit`).
    let disclosureLog = DisclosureLog()

    /// Above this many bytes of input, `clean_table: auto` leaves the clean table out: a district's
    /// exports are a few megabytes, a region's results of every student and subject are tens;
    /// past that the clean table (as many rows as the exports) costs a run about as much as its
    /// figures, and an analyst re-running a note asks for it with `clean_table: always`.
    public static let cleanTableAutoLimit = 64 << 20

    /// Whether this run writes clean/, and why not when it does not.
    public var cleanTableDecision: (writes: Bool, reason: String?) {
        switch spec.cleanTable {
        case .always: return (true, nil)
        case .never: return (false, "clean_table: never")
        case .auto:
            let bytes = spec.inputs.reduce(0) { sum, input in
                let size = (try? FileManager.default.attributesOfItem(atPath: resolve(input.file))[.size]) as? Int
                return sum + (size ?? 0)
            }
            guard bytes > Self.cleanTableAutoLimit else { return (true, nil) }
            return (
                false,
                "clean_table: auto, входы \(bytes >> 20) МБ — больше \(Self.cleanTableAutoLimit >> 20) МБ; clean_table: always — записать"
            )
        }
    }

    /// Disclosure control at the pipeline's k, counted in the run's ``disclosureLog``.
    var disclosure: DisclosureControl { DisclosureControl(threshold: spec.disclosure.k, log: disclosureLog) }

    public var responsesInput: PipelineSpec.Input {
        // load(path:) guarantees at least one.
        spec.inputs.first { $0.kind == .responses } ?? spec.inputs[0]
    }

    public var responsesInputs: [PipelineSpec.Input] { spec.inputs.filter { $0.kind == .responses } }

    public var rosterInput: PipelineSpec.Input? { spec.inputs.first { $0.kind == .roster } }

    /// The analysis `analysis:` names (decoding has already refused any other name).
    var analysis: any Analysis.Type {
        get throws {
            guard let analysis = AnalysisRegistry.named(spec.analysis.rawValue) else {
                throw ConfigurationError(file: path, "analysis: \(spec.analysis.rawValue) — такого анализа нет")
            }
            return analysis
        }
    }

    /// Every file a run of this pipeline reads: the configuration files, the exports and the
    /// results.json files of other runs it takes figures from.
    var filesRead: [String] {
        files.map(\.path) + spec.inputs.map { resolve($0.file) } + spec.indicators.compactMap(\.results).map(resolve)
    }

    /// Bytes of the exports the pipeline reads (an input that cannot be looked at counts as
    /// empty: reading it will say why).
    var inputBytes: Int {
        spec.inputs.reduce(0) { total, input in
            let size = (try? FileManager.default.attributesOfItem(atPath: resolve(input.file))[.size]) as? Int
            return total + (size ?? 0)
        }
    }

    /// A path from the pipeline file, resolved against the file's folder.
    public func resolve(_ relative: String) -> String {
        Self.resolve(relative, against: path)
    }

    static func resolve(_ relative: String, against file: String) -> String {
        if relative.hasPrefix("/") { return normalised(relative) }
        let folder = (file as NSString).deletingLastPathComponent
        return normalised(folder.isEmpty ? relative : folder + "/" + relative)
    }

    /// Drops `.` and folds `name/..`, so messages and the manifest show `Surveys/x.yaml`
    /// rather than `Pipelines/../Surveys/x.yaml`.
    static func normalised(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    public static func load(path: String) throws -> PipelineConfiguration {
        let specText = try YAMLFile.readText(path)
        let spec = try YAMLFile.decode(PipelineSpec.self, text: specText, path: path)
        var files: [(String, Data)] = [(path, Data(specText.utf8))]
        func read<T: Decodable>(_ type: T.Type, _ relative: String) throws -> T {
            let resolved = resolve(relative, against: path)
            let text = try YAMLFile.readText(resolved)
            files.append((resolved, Data(text.utf8)))
            return try YAMLFile.decode(type, text: text, path: resolved)
        }
        var register = SchoolRegister(schools: [])
        if let registerFile = spec.register {
            register = try read(SchoolRegister.self, registerFile)
            let registerPath = resolve(registerFile, against: path)
            do { _ = try register.lookup() } catch let error as InstrumentError {
                throw ConfigurationError(file: registerPath, error.message)
            }
        }
        var instruments: [String: Instrument] = [:]
        for input in spec.inputs {
            let instrumentPath = resolve(input.instrument, against: path)
            let instrument: Instrument = try read(Instrument.self, input.instrument)
            do { try instrument.check() } catch let error as InstrumentError {
                throw ConfigurationError(file: instrumentPath, error.message)
            }
            instruments[input.id] = instrument
        }
        if spec.register == nil {
            try Self.checkNoSchoolColumn(spec: spec, instruments: instruments, path: path)
        }
        var templates: [(PipelineSpec.Note, String, String)] = []
        for note in spec.notes {
            // A note without a template gets its analysis's built-in one below, once checked.
            guard let template = note.template else { continue }
            let templatePath = resolve(template, against: path)
            let templateText = try YAMLFile.readText(templatePath)
            files.append((templatePath, Data(templateText.utf8)))
            // A broken template fails before any data is read.
            _ = try NoteTemplate(path: templatePath, text: templateText)
            templates.append((note, templatePath, templateText))
        }
        var configuration = PipelineConfiguration(
            path: path, spec: spec, register: register, instruments: instruments, templates: templates, files: files)
        try configuration.check()
        if spec.notes.contains(where: { $0.template == nil }) {
            // Worded from the configuration as checked: its inputs, instruments and measures.
            let analysis = try configuration.analysis
            let ordered = try spec.notes.map { note in
                if let named = templates.first(where: { $0.0 == note }) { return named }
                let name = "встроенная справка (analysis: \(analysis.name)\(note.id.map { ", справка \($0)" } ?? ""))"
                let text = analysis.builtInTemplate(for: note, in: configuration)
                _ = try NoteTemplate(path: name, text: text)
                return (note, name, text)
            }
            configuration = PipelineConfiguration(
                path: path, spec: spec, register: register, instruments: instruments, templates: ordered, files: files)
        }
        try configuration.checkTemplateKeys()
        return configuration
    }

    /// Refuses a pipeline without `register:` whose exports have a school column: the schools
    /// could not be read, so the run would reject every answer (`unknown_school`) or count none
    /// as a programme school. Names the key and the input.
    static func checkNoSchoolColumn(spec: PipelineSpec, instruments: [String: Instrument], path: String) throws {
        for input in spec.inputs {
            guard let column = instruments[input.id]?.column(role: .school) else { continue }
            throw ConfigurationError(
                file: path,
                "не задан ключ «register» (реестр школ), а в инструменте входа «\(input.id)» есть столбец школы «\(column.id)» (role: school): укажите реестр, например register: ../Surveys/schools.yaml"
            )
        }
    }

    /// Refuses a template naming a key its analysis's typed context does not have: Mustache
    /// would render it as nothing. Names the template, the line and the nearest valid key.
    func checkTemplateKeys() throws {
        let analysis = try self.analysis
        for (note, path, text) in templates {
            try Self.checkTemplateKeys(
                path: path, text: text,
                keys: try analysis.templateKeys(for: note).union(TemplateKeys.of(NoteDynamics.self)))
        }
    }

    /// Refuses the template at `path` when it names a key that `keys` (``TemplateKeys/of(_:)``)
    /// lacks, naming the line and the nearest valid key.
    static func checkTemplateKeys(path: String, text: String, keys: Set<String>) throws {
        let unknown = TemplateKeys.unknownNames(in: text, keys: keys)
        guard let first = unknown.first else { return }
        let hint = first.nearest.map { " — может быть, «\($0)»?" } ?? ""
        let more =
            unknown.count > 1
            ? "; другие неизвестные имена: "
                + unknown.dropFirst().map { "«\($0.name)» (строка \($0.line))" }.joined(separator: ", ") : ""
        throw ConfigurationError(
            file: path, line: first.line,
            "в шаблоне имя «\(first.name)», которого нет в данных справки (на его месте было бы пусто)\(hint)\(more)")
    }

    /// Longest pipeline or note id: a folder name, not a sentence.
    static let maxIdLength = 100

    /// True when `id` can name a folder of the outputs: one path component of ASCII letters,
    /// digits, «-» and «_» (no «/», «.», «..» or spaces).
    static func isFolderName(_ id: String) -> Bool {
        !id.isEmpty && id.count <= maxIdLength
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// Checks what ties the files together: inputs, item ids, targets, the disclosure threshold.
    func check() throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        var ids = Set<String>()
        for input in spec.inputs where !ids.insert(input.id).inserted { throw fail("вход «\(input.id)» описан дважды") }
        // The pipeline's id names its output folder (out/<id>) and a note's id its subfolder:
        // single path components of plain letters, digits, «-» and «_», so no path leaves out/.
        guard Self.isFolderName(spec.id) else {
            throw fail(
                "pipeline: «\(spec.id)» — id конвейера только из латинских букв, цифр, «-» и «_», не длиннее \(Self.maxIdLength) (это имя папки результатов out/<id>)"
            )
        }
        for note in spec.notes {
            if let id = note.id, !Self.isFolderName(id) {
                throw fail("справка «\(id)»: id — только латинские буквы, цифры, «-» и «_» (это имя папки результатов)")
            }
            if !spec.singleNote && note.id == nil { throw fail("у каждой справки в notes нужен id") }
        }
        let analysis = try self.analysis
        if spec.register == nil && analysis.needsRegister {
            throw fail(
                "не задан ключ «register» (реестр школ): analysis: \(analysis.name) считает по школам программы — укажите реестр, например register: ../Surveys/schools.yaml"
            )
        }
        if let input = spec.inputs.first(where: { !analysis.reads.contains($0.kind) }) {
            let readers = AnalysisRegistry.all.filter { $0.reads.contains(input.kind) }.map { $0.name }.sorted().joined(
                separator: ", ")
            throw fail("вход «\(input.id)»: kind: \(input.kind.rawValue) читается только анализом \(readers)")
        }
        try analysis.check(self)
        guard spec.inputs.filter({ $0.kind == .roster }).count <= 1 else {
            throw fail("входов с kind: roster больше одного")
        }

        guard spec.disclosure.k >= 5 else {
            throw fail("disclosure.k = \(spec.disclosure.k): порог подавления малых групп не может быть ниже 5")
        }
        if let rate = spec.cleaning.maxRejectRate, !(0...1).contains(rate) {
            throw fail("cleaning.max_reject_rate = \(rate): нужна доля от 0 до 1")
        }
        let instrument = instruments[responsesInput.id]
        let columns = Dictionary(
            (instrument?.columns ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var measureIds = Set<String>()
        for measure in spec.measures {
            guard measureIds.insert(measure.id).inserted else { throw fail("показатель «\(measure.id)» описан дважды") }
            if let target = measure.target, !(0...1).contains(target) {
                throw fail("показатель «\(measure.id)»: target = \(target), нужна доля от 0 до 1 (78 % — это 0.78)")
            }
            switch measure.kind {
            case .topBox:
                // An item, or one row of a grid: `usefulness[Семинары]`.
                let item = measure.item ?? ""
                let gridRow = item.hasSuffix("]") ? item.firstIndex(of: "[") : nil
                let columnID = gridRow.map { String(item[..<$0]) } ?? item
                let row = gridRow.map { String(item[item.index(after: $0)..<item.index(before: item.endIndex)]) }
                guard let column = columns[columnID],
                    row == nil ? column.role == .item : column.role == .grid,
                    let scale = column.scale.flatMap({ instrument?.scales[$0] })
                else {
                    throw fail(
                        "показатель «\(measure.id)»: item «\(item)» — не вопрос со шкалой (role: item) и не строка таблицы вопросов (role: grid, «\(columnID)[строка]») инструмента"
                    )
                }
                if let row, !(column.rows ?? []).contains(row) {
                    let rows = (column.rows ?? []).map { "«\($0)»" }.joined(separator: ", ")
                    throw fail(
                        "показатель «\(measure.id)»: в вопросе «\(columnID)» нет строки «\(row)»; строки: \(rows)")
                }
                guard scale.ordered else {
                    throw fail(
                        "показатель «\(measure.id)»: шкала «\(column.scale ?? "")» не упорядочена (ordered: false), у неё нет «высших» категорий — top_box считается только по упорядоченной шкале"
                    )
                }
                if measure.top != nil && (measure.min != nil || measure.max != nil) {
                    throw fail("показатель «\(measure.id)»: задайте либо top, либо min/max — не оба")
                }
                guard let counted = measure.countedCategories(of: scale) else {
                    throw fail(
                        "показатель «\(measure.id)»: min/max требуют шкалы из чисел, а у шкалы «\(column.scale ?? "")» есть категории не из чисел"
                    )
                }
                guard !counted.isEmpty, counted.count < scale.categories.count else {
                    let what =
                        measure.min != nil || measure.max != nil
                        ? "в пределы min/max попадает \(counted.count) из \(scale.categories.count) категорий"
                        : "top = \(measure.top ?? 2) не подходит к шкале из \(scale.categories.count) категорий"
                    throw fail("показатель «\(measure.id)»: \(what) — доля была бы всегда 0 или 100 %")
                }
            case .coverage:
                guard rosterInput != nil else {
                    throw fail("показатель «\(measure.id)» (coverage) требует входа с kind: roster")
                }
            }
            if measure.breakdowns.contains(.position) && instrument?.column(role: .position) == nil {
                throw fail(
                    "показатель «\(measure.id)»: разбивка по должности, но в инструменте нет столбца role: position")
            }
        }
        for table in spec.tables {
            for id in table.columns {
                guard let column = columns[id] else {
                    throw fail("таблица «\(table.id)»: нет столбца «\(id)» в инструменте")
                }
                let fits: Bool
                switch table.kind {
                case .likert: fits = column.role == .item || column.role == .grid
                case .choices: fits = column.role == .choices
                case .freeText: fits = column.role == .text
                }
                guard fits else {
                    throw fail(
                        "таблица «\(table.id)» (\(table.kind.rawValue)): столбец «\(id)» имеет роль \(column.role.rawValue)"
                    )
                }
            }
        }
    }
}

/// Defaults for reading large exports on several threads.
public enum Parallelism {
    /// The machine's cores, at most 8: parsing a file scales no further.
    public static var threads: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
    public static let stretchBytes = TableReader.stretchBytes
}
