import Clean
import Ingest
import Foundation
import Notes

/// A pipeline file with everything it names loaded and checked: the register, each input's
/// instrument, the note template. Every fault is a ``ConfigurationError`` naming its file.
public struct PipelineConfiguration: Sendable {
    public let path: String
    public let spec: PipelineSpec
    public let register: SchoolRegister
    /// Input id → its instrument.
    public let instruments: [String: Instrument]
    /// The notes' templates, in the order the pipeline names them.
    public let templates: [(note: PipelineSpec.Note, path: String, text: String)]
    /// Every configuration file read, with its bytes, for the manifest's configuration hash.
    public let files: [(path: String, bytes: Data)]
    /// How many threads may read one large export at once (`shnor run --threads`); the
    /// outputs are the same for any number.
    public var threads = Parallelism.threads
    /// Bytes per part below which an export is read on one thread (tests lower it).
    public var minimumPartBytes = Parallelism.minimumPartBytes
    /// Size of the stretches the threads take one after another from a large result export
    /// (`shnor run --stretch-mb`); the outputs are the same for any size.
    public var stretchBytes = Parallelism.stretchBytes
    /// The inputs' SHA-256 for the manifest, hashed while the run reads them.
    let digests = FileDigests()

    public var responsesInput: PipelineSpec.Input {
        // load(path:) guarantees at least one.
        spec.inputs.first { $0.kind == .responses } ?? spec.inputs[0]
    }

    public var responsesInputs: [PipelineSpec.Input] { spec.inputs.filter { $0.kind == .responses } }

    public var rosterInput: PipelineSpec.Input? { spec.inputs.first { $0.kind == .roster } }

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
        let spec = try YAMLFile.decode(PipelineSpec.self, path: path)
        var files: [(String, Data)] = [(path, FileManager.default.contents(atPath: path) ?? Data())]
        func read<T: Decodable>(_ type: T.Type, _ relative: String) throws -> T {
            let resolved = resolve(relative, against: path)
            let value = try YAMLFile.decode(type, path: resolved)
            files.append((resolved, FileManager.default.contents(atPath: resolved) ?? Data()))
            return value
        }
        let register: SchoolRegister = try read(SchoolRegister.self, spec.register)
        let registerPath = resolve(spec.register, against: path)
        do { _ = try register.lookup() } catch let error as InstrumentError {
            throw ConfigurationError(file: registerPath, error.message)
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
        var templates: [(PipelineSpec.Note, String, String)] = []
        for note in spec.notes {
            let templatePath = resolve(note.template, against: path)
            let templateText = try YAMLFile.readText(templatePath)
            files.append((templatePath, Data(templateText.utf8)))
            _ = try NoteTemplate(path: templatePath, text: templateText)  // a broken template fails before any data is read
            templates.append((note, templatePath, templateText))
        }
        let configuration = PipelineConfiguration(
            path: path, spec: spec, register: register, instruments: instruments, templates: templates, files: files)
        try configuration.check()
        return configuration
    }

    /// Self-assessment: two waves (two files with `stage:`, or one file with a stage column),
    /// an areas grid on an ordered scale, notes `start` and/or `change`.
    private func checkSelfAssessment(_ responses: [PipelineSpec.Input]) throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard let settings = spec.selfAssessment else { throw fail("для analysis: self_assessment нужен раздел self_assessment") }
        guard (0...1).contains(settings.threshold) else { throw fail("self_assessment.threshold = \(settings.threshold): нужна доля от 0 до 1") }
        if let target = settings.improved.target, !(0...1).contains(target) {
            throw fail("self_assessment.improved.target = \(target): нужна доля от 0 до 1 (20 % — это 0.2)")
        }
        guard !settings.improved.rules.isEmpty else { throw fail("self_assessment.improved.rules пуст") }
        let stages = responses.compactMap(\.stage)
        let stageColumn = responses.count == 1 && instruments[responses[0].id]?.column(role: .stage) != nil
        guard (responses.count == 2 && Set(stages) == [.pre, .post]) || stageColumn else {
            throw fail("нужны два входа kind: responses со stage: pre и stage: post или один вход, в инструменте которого есть столбец role: stage")
        }
        for input in responses {
            guard let instrument = instruments[input.id], let column = instrument.columns.first(where: { $0.id == settings.areas }),
                  column.role == .grid || column.role == .item, let scale = column.scale.flatMap({ instrument.scales[$0] }),
                  scale.ordered, scale.categories.count >= 2 else {
                throw fail("вход «\(input.id)»: self_assessment.areas «\(settings.areas)» — не вопрос-сетка (или вопрос) с упорядоченной шкалой затруднений")
            }
        }
        for note in spec.notes where !["start", "change"].contains(note.id ?? "") {
            throw fail("справка «\(note.id ?? "")»: для самооценки бывают справки start (профиль затруднений) и change (до и после)")
        }
    }

    /// Student results: the two points of the students (and of the teachers' diagnostic), the
    /// values the «improved» rules compare, a test's marks.
    private func checkResults() throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard let settings = spec.results else { throw fail("для analysis: student_results нужен раздел results") }
        for (name, rise) in [("results.improved", settings.improved), ("results.competence", settings.competence)] {
            if let target = rise.target, !(0...1).contains(target) {
                throw fail("\(name).target = \(target): нужна доля от 0 до 1 (48 % — это 0.48)")
            }
            guard rise.minRise > 0 else { throw fail("\(name).min_rise = \(rise.minRise): рост должен быть больше нуля") }
        }
        func checkPoints(_ kind: PipelineSpec.Input.Kind, _ rise: PipelineSpec.Rise, required: Bool) throws {
            let inputs = spec.inputs.filter { $0.kind == kind }
            if inputs.isEmpty && !required { return }
            let role: Column.Role = rise.by == .mark ? .mark : .score
            switch inputs.count {
            case 1:
                let stages = Set(instruments[inputs[0].id]?.columns.filter { $0.role == role }.compactMap(\.stage) ?? [])
                guard stages == [.pre, .post] else {
                    throw fail("вход «\(inputs[0].id)» (kind: \(kind.rawValue)) один: в его инструменте нужны столбцы role: \(role.rawValue) со stage: pre и stage: post — или два входа со stage: pre и stage: post")
                }
            case 2:
                guard Set(inputs.compactMap(\.stage)) == [.pre, .post] else {
                    throw fail("входы kind: \(kind.rawValue): у одного нужен stage: pre, у другого stage: post")
                }
                for input in inputs where instruments[input.id]?.column(role: role) == nil {
                    throw fail("вход «\(input.id)»: в инструменте нет столбца role: \(role.rawValue), а улучшение считается по \(rise.by == .mark ? "отметке" : "баллу")")
                }
            default:
                throw fail("входов kind: \(kind.rawValue) должно быть один (обе точки в строке) или два (stage: pre и stage: post), а их \(inputs.count)")
            }
        }
        try checkPoints(.results, settings.improved, required: true)
        try checkPoints(.competence, settings.competence, required: false)
        for input in spec.inputs where input.kind == .vpr && instruments[input.id]?.column(role: .mark) == nil {
            throw fail("вход «\(input.id)» (kind: vpr): в инструменте нет столбца role: mark (отметка за работу)")
        }
    }

    /// Indicators: each names what it counts, and the inputs it counts are there.
    private func checkIndicators() throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        guard !spec.indicators.isEmpty else { throw fail("для analysis: indicators нужен список indicators") }
        var ids = Set<String>()
        let roster = rosterInput.flatMap { instruments[$0.id] }
        let positionScale = roster?.column(role: .position)?.scale.flatMap { roster?.scales[$0] }
        let activities = Set(spec.inputs.filter { $0.kind == .attendance }.compactMap(\.activity))
        for indicator in spec.indicators {
            let name = "показатель «\(indicator.id)»"
            guard ids.insert(indicator.id).inserted else { throw fail("\(name) описан дважды") }
            if let target = indicator.target, !(0...1).contains(target) {
                throw fail("\(name): target = \(target), нужна доля от 0 до 1 (62 % — это 0.62)")
            }
            switch indicator.kind {
            case .trained, .reached:
                guard roster != nil else { throw fail("\(name) (\(indicator.kind.rawValue)) требует входа с kind: roster (регистр работников)") }
                for position in indicator.positions {
                    guard let scale = positionScale, (try? scale.lookup().read(position)).map({ if case .category = $0 { true } else { false } }) == true else {
                        throw fail("\(name): должности «\(position)» нет в шкале должностей регистра")
                    }
                }
                if indicator.kind == .trained && !spec.inputs.contains(where: { $0.kind == .courses }) {
                    throw fail("\(name) (trained) требует входа с kind: courses (прохождение КПК)")
                }
                if indicator.kind == .reached {
                    guard !indicator.activities.isEmpty else { throw fail("\(name) (reached): не указаны activities") }
                    for activity in indicator.activities where !activities.contains(activity) {
                        throw fail("\(name): нет входа kind: attendance с activity: \(activity)")
                    }
                }
            case .fromResults:
                guard indicator.results != nil, indicator.measure != nil else {
                    throw fail("\(name) (from_results): нужны results (путь к results.json) и measure (id показателя)")
                }
            case .programmeSchools, .partnerSchools, .document:
                break
            }
        }
    }

    /// Checks what ties the files together: inputs, item ids, targets, the disclosure threshold.
    func check() throws {
        func fail(_ message: String) -> ConfigurationError { ConfigurationError(file: path, message) }
        var ids = Set<String>()
        for input in spec.inputs where !ids.insert(input.id).inserted { throw fail("вход «\(input.id)» описан дважды") }
        // A note's id names its output folder: plain letters, digits, «-» and «_», so no path leaves the output folder.
        for note in spec.notes {
            if let id = note.id, id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                throw fail("справка «\(id)»: id — только латинские буквы, цифры, «-» и «_» (это имя папки результатов)")
            }
            if !spec.singleNote && note.id == nil { throw fail("у каждой справки в notes нужен id") }
        }
        let responses = spec.inputs.filter { $0.kind == .responses }
        let readable: [PipelineSpec.Analysis: Set<PipelineSpec.Input.Kind>] = [
            .survey: [.responses, .roster], .selfAssessment: [.responses, .roster],
            .studentResults: [.results, .vpr, .competence], .indicators: [.roster, .courses, .attendance],
        ]
        if let input = spec.inputs.first(where: { !(readable[spec.analysis] ?? []).contains($0.kind) }) {
            let readers = readable.filter { $0.value.contains(input.kind) }.keys.map(\.rawValue).sorted().joined(separator: ", ")
            throw fail("вход «\(input.id)»: kind: \(input.kind.rawValue) читается только анализом \(readers)")
        }
        switch spec.analysis {
        case .survey:
            guard responses.count == 1 else { throw fail("нужен ровно один вход с kind: responses (анкеты), а их \(responses.count)") }
            guard spec.singleNote else { throw fail("для анкетирования пишется одна справка: используйте note:, а не notes:") }
        case .selfAssessment:
            try checkSelfAssessment(responses)
        case .studentResults:
            try checkResults()
        case .indicators:
            try checkIndicators()
        }
        guard spec.inputs.filter({ $0.kind == .roster }).count <= 1 else { throw fail("входов с kind: roster больше одного") }

        guard spec.disclosure.k >= 5 else {
            throw fail("disclosure.k = \(spec.disclosure.k): порог подавления малых групп не может быть ниже 5")
        }
        if let rate = spec.cleaning.maxRejectRate, !(0...1).contains(rate) {
            throw fail("cleaning.max_reject_rate = \(rate): нужна доля от 0 до 1")
        }
        let instrument = instruments[responsesInput.id]
        let columns = Dictionary((instrument?.columns ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var measureIds = Set<String>()
        for measure in spec.measures {
            guard measureIds.insert(measure.id).inserted else { throw fail("показатель «\(measure.id)» описан дважды") }
            if let target = measure.target, !(0...1).contains(target) {
                throw fail("показатель «\(measure.id)»: target = \(target), нужна доля от 0 до 1 (78 % — это 0.78)")
            }
            switch measure.kind {
            case .topBox:
                guard let item = measure.item, let column = columns[item], column.role == .item,
                      let scale = column.scale.flatMap({ instrument?.scales[$0] }) else {
                    throw fail("показатель «\(measure.id)»: item «\(measure.item ?? "")» — не вопрос со шкалой (role: item) инструмента")
                }
                let top = measure.top ?? 2
                guard scale.ordered, top >= 1, top < scale.categories.count else {
                    throw fail("показатель «\(measure.id)»: top = \(top) не подходит к шкале из \(scale.categories.count) категорий")
                }
            case .coverage:
                guard rosterInput != nil else { throw fail("показатель «\(measure.id)» (coverage) требует входа с kind: roster") }
            }
            if measure.breakdowns.contains(.position) && instrument?.column(role: .position) == nil {
                throw fail("показатель «\(measure.id)»: разбивка по должности, но в инструменте нет столбца role: position")
            }
        }
        for table in spec.tables {
            for id in table.columns {
                guard let column = columns[id] else { throw fail("таблица «\(table.id)»: нет столбца «\(id)» в инструменте") }
                let fits: Bool
                switch table.kind {
                case .likert: fits = column.role == .item || column.role == .grid
                case .choices: fits = column.role == .choices
                case .freeText: fits = column.role == .text
                }
                guard fits else { throw fail("таблица «\(table.id)» (\(table.kind.rawValue)): столбец «\(id)» имеет роль \(column.role.rawValue)") }
            }
        }
    }
}

/// Defaults for reading large exports on several threads.
public enum Parallelism {
    /// The machine's cores, at most 8: parsing a file scales no further.
    public static var threads: Int { min(8, max(1, ProcessInfo.processInfo.activeProcessorCount)) }
    public static let minimumPartBytes = TableReader.minimumPartBytes
    public static let stretchBytes = TableReader.stretchBytes
}
