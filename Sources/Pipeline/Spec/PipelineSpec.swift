import Clean
import Notes

/// A pipeline file (`Pipelines/*.yaml`): which exports to read with which instruments, how to
/// clean them, what to measure and which note to write. Paths are relative to the file.
/// The README documents the format with an example.
public struct PipelineSpec: Sendable, Decodable {
    public var id: String
    public var title: String
    /// The period the data describe, `2023-11`.
    public var period: String
    /// The office issuing the note.
    public var organisation: String?
    /// Why the note is written (the road-map item, the order), for the note's opening.
    public var basis: String?
    /// The справка's fixed parts (`document:`): addressee, road-map item, executor, date, who
    /// carries out the decisions and by when. Nil when the file has no such section.
    public var document: Document?
    /// Path of the school register; nil when the pipeline names none, which only an export
    /// without a school column may do (checked at load).
    public var register: String?
    public var inputs: [Input]
    public var cleaning: Cleaning
    public var measures: [Measure]
    public var tables: [Table]
    public var disclosure: Disclosure
    /// What the run computes: a survey's measures and tables, or the self-assessment of difficulties.
    public var analysis: Analysis
    /// Each analysis's own section of the file, by its key (`self_assessment`, `results`,
    /// `indicators`), decoded by the analysis; each analysis's folder gives it a typed property.
    var sections: [String: any PipelineSection]
    /// The notes to write: one (`note:`, written as note.md) or several (`notes:`, each in a folder
    /// of its id). Without either, the analysis's built-in notes (``Analysis/builtInNotes``).
    public var notes: [Note]
    /// True when the pipeline writes a single note, whose files go to the top of the output folder.
    public var singleNote: Bool
    /// Kinds of ``RunWarning`` the pipeline expects (`allow:`): still printed and written, but
    /// they do not set exit status 1. `verdict_uncertain` cannot be allowed.
    public var allowed: Set<RunWarning.Kind>

    /// The name of an analysis in ``AnalysisRegistry``; decoding any other name fails as an
    /// unknown enum value did, naming the key.
    public struct Analysis: Sendable, Decodable, Hashable, RawRepresentable {
        public let rawValue: String

        public init?(rawValue: String) {
            guard AnalysisRegistry.named(rawValue) != nil else { return nil }
            self.rawValue = rawValue
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let name = try container.decode(String.self)
            guard let analysis = Self(rawValue: name) else {
                let names = AnalysisRegistry.all.map { $0.name }
                let hint = NearestName.nearest(to: name, in: names).map { " — может быть, «\($0)»?" } ?? ""
                throw SpecFault(
                    codingPath: container.codingPath,
                    "analysis: анализа «\(name)» нет\(hint) (есть: \(names.joined(separator: ", ")))")
            }
            self = analysis
        }

        /// What a pipeline without `analysis:` runs.
        static let survey = Analysis(known: Satisfaction.name)

        private init(known name: String) { rawValue = name }
    }

    enum CodingKeys: String, CodingKey {
        case id = "pipeline", title, period, organisation, basis, document, register, inputs, cleaning, measures,
            tables, disclosure
        case analysis, note, notes, allow
        case cleanTable = "clean_table"
    }

    /// Whether a run writes its clean table (`clean_table:`): the pseudonymised rows under
    /// clean/ that another tool can read. `auto` (the default) writes it while the inputs are
    /// small (``PipelineConfiguration/cleanTableAutoLimit``): re-running a note on millions of
    /// rows does not need millions of rows written again each time.
    public enum CleanTableOption: String, Sendable, Codable, Equatable {
        case auto, always, never
    }

    /// `clean_table:` as the file says it (default `auto`).
    public var cleanTable: CleanTableOption

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        period = try c.decode(String.self, forKey: .period)
        guard Self.isPeriod(period) else {
            throw SpecFault(
                codingPath: c.codingPath + [CodingKeys.period],
                "period: «\(period)» — нужен год и месяц в виде ГГГГ-ММ, месяц от 01 до 12 (например, 2023-11)")
        }
        organisation = try c.decodeIfPresent(String.self, forKey: .organisation)
        basis = try c.decodeIfPresent(String.self, forKey: .basis)
        document = try c.decodeIfPresent(Document.self, forKey: .document)
        register = try c.decodeIfPresent(String.self, forKey: .register)
        inputs = try c.decode([Input].self, forKey: .inputs)
        cleaning = try c.decodeIfPresent(Cleaning.self, forKey: .cleaning) ?? Cleaning()
        measures = try c.decodeIfPresent([Measure].self, forKey: .measures) ?? []
        tables = try c.decodeIfPresent([Table].self, forKey: .tables) ?? []
        disclosure = try c.decodeIfPresent(Disclosure.self, forKey: .disclosure) ?? Disclosure()
        cleanTable = try c.decodeIfPresent(CleanTableOption.self, forKey: .cleanTable) ?? .auto
        analysis = try c.decodeIfPresent(Analysis.self, forKey: .analysis) ?? .survey
        allowed = []
        for name in try c.decodeIfPresent([String].self, forKey: .allow) ?? [] {
            guard let kind = RunWarning.Kind(rawValue: name), !RunWarning.Kind.neverAllowed.contains(kind) else {
                let known = RunWarning.Kind.allCases.filter { !RunWarning.Kind.neverAllowed.contains($0) }
                throw DecodingError.dataCorruptedError(
                    forKey: .allow, in: c,
                    debugDescription: "allow: «\(name)» — можно разрешить только "
                        + known.map { "«\($0.rawValue)»" }.joined(separator: ", "))
            }
            allowed.insert(kind)
        }
        // Every analysis's section is read, whichever analysis the file names: a fault in any is reported.
        sections = [:]
        for registered in AnalysisRegistry.all {
            guard let key = registered.section else { continue }
            if let section = try registered.decodeSection(
                from: decoder.container(keyedBy: SectionKey.self), key: SectionKey(key))
            {
                sections[key] = section
            }
        }
        // A section the named analysis does not read would be silently ignored.
        let ownSection = AnalysisRegistry.named(analysis.rawValue)?.section
        let file = try decoder.container(keyedBy: SectionKey.self)
        for registered in AnalysisRegistry.all {
            guard let key = registered.section, key != ownSection, file.contains(SectionKey(key)) else { continue }
            throw SpecFault(
                codingPath: c.codingPath + [SectionKey(key)],
                "раздел «\(key)» читает только analysis: \(registered.name), а этот файл — analysis: \(analysis.rawValue); уберите раздел или исправьте analysis"
            )
        }
        if let many = try c.decodeIfPresent([Note].self, forKey: .notes) {
            notes = many
            singleNote = false
        } else if let one = try c.decodeIfPresent(Note.self, forKey: .note) {
            notes = [one]
            singleNote = true
        } else {
            // No `note:`: the analysis words its notes with its built-in templates.
            notes = AnalysisRegistry.named(analysis.rawValue)?.builtInNotes ?? [Note()]
            singleNote = notes.count == 1 && notes[0].id == nil
        }
    }

    /// True for a period as pipelines write it, `2023-11`: four digits of the year, two of a
    /// month 01–12. Notes print it as «ноябрь 2023 г.» and the history orders periods by this
    /// text, so any other form would be printed as it stands and sorted wrongly.
    static func isPeriod(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let month = Int(parts[1])
        else { return false }
        return (1...12).contains(month)
    }

    /// One export to read.
    public struct Input: Sendable, Codable, Equatable {
        /// `responses` — the survey answers; `roster` — the staff roster giving denominators;
        /// `results` — students' marks or scores at one point (or both); `vpr` — a ВПР-style test
        /// with task scores and journal marks; `competence` — teachers' subject-competence diagnostics;
        /// `courses` — completions of in-service courses (КПК); `attendance` — who took part in an
        /// activity (a seminar's registration list, the consultation journal); `observations` —
        /// lesson observation protocols, one row per observed lesson.
        public enum Kind: String, Sendable, Codable {
            case responses, roster, results, vpr, competence, courses, attendance, observations
        }

        public var id: String
        public var kind: Kind
        public var file: String
        public var instrument: String
        /// Overrides encoding detection (`windows-1251`, …).
        public var encoding: String?
        /// Overrides delimiter detection.
        public var delimiter: String?
        /// For a workbook (.xlsx, .xls): the sheet to read, by name or number from 1; the first when absent.
        public var sheet: String?
        /// For a repeated survey: the wave this file holds, when the export has no stage column.
        public var stage: Stage?
        /// For attendance lists: the kind of activity (`targeted_help`, `network`…) indicators count.
        public var activity: String?
    }

    /// The wave of a repeated survey.
    public enum Stage: String, Sendable, Codable {
        /// At the start (of a course, of the year): the baseline.
        case pre
        /// At the end: the follow-up.
        case post
    }

    public struct Cleaning: Sendable, Codable, Equatable {
        public var duplicates: CleaningPolicy.Duplicates
        public var testMarkers: [String]
        /// The run fails (exit status 1) when more of the responses than this are rejected.
        public var maxRejectRate: Double?

        enum CodingKeys: String, CodingKey {
            case duplicates, testMarkers = "test_markers", maxRejectRate = "max_reject_rate"
        }

        public init(
            duplicates: CleaningPolicy.Duplicates = .keepLatest, testMarkers: [String] = [],
            maxRejectRate: Double? = nil
        ) {
            self.duplicates = duplicates
            self.testMarkers = testMarkers
            self.maxRejectRate = maxRejectRate
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            duplicates = try c.decodeIfPresent(CleaningPolicy.Duplicates.self, forKey: .duplicates) ?? .keepLatest
            testMarkers = try c.decodeIfPresent([String].self, forKey: .testMarkers) ?? []
            maxRejectRate = try c.decodeIfPresent(Double.self, forKey: .maxRejectRate)
        }
    }

    public enum Breakdown: String, Sendable, Codable, CaseIterable {
        case school, position, subject
    }

    public struct Disclosure: Sendable, Codable, Equatable {
        /// Groups with a denominator below k are suppressed; at least 5 (DESIGN.md §6).
        public var k: Int
        /// Schools with fewer than k respondents are shown together as one named group
        /// («Малочисленные школы (…)») rather than hidden one by one, so the school a conclusion
        /// is about is not a dash (DESIGN.md §6); on unless the pipeline says `false`.
        public var poolSmallSchools: Bool

        public init(k: Int = 5, poolSmallSchools: Bool = true) {
            self.k = k
            self.poolSmallSchools = poolSmallSchools
        }

        enum CodingKeys: String, CodingKey {
            case k
            case poolSmallSchools = "pool_small_schools"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            k = try c.decodeIfPresent(Int.self, forKey: .k) ?? 5
            poolSmallSchools = try c.decodeIfPresent(Bool.self, forKey: .poolSmallSchools) ?? true
        }
    }

    public struct Note: Sendable, Codable, Equatable {
        /// With `notes:`, the folder the note is written to and the part of the analysis it words
        /// (self-assessment: `start` — the difficulty profile, `change` — before and after).
        public var id: String?
        /// Path of the Mustache template that words the note; nil for the analysis's built-in
        /// template (``Analysis/builtInTemplate(for:in:)``).
        public var template: String?
        /// This note's own date and due date, over `document:`'s (two notes of one pipeline
        /// written months apart); «ДД.ММ.ГГГГ» for the date.
        public var date: String?
        public var due: String?

        enum CodingKeys: String, CodingKey { case id, template, date, due }

        /// A note worded by the built-in template: `id` among several, or the single note.
        public init(id: String? = nil) {
            self.id = id
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decodeIfPresent(String.self, forKey: .id)
            template = try c.decodeIfPresent(String.self, forKey: .template)
            date = try c.decodeIfPresent(String.self, forKey: .date)
            due = try c.decodeIfPresent(String.self, forKey: .due)
            if let date, !Document.isDate(date) {
                throw SpecFault(
                    codingPath: c.codingPath + [CodingKeys.date],
                    "date: «\(date)» — нужна дата в виде ДД.ММ.ГГГГ (например, 01.12.2023)")
            }
        }
    }
}
