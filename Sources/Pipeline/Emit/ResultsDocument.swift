import Foundation
import Ingest
import Measures

/// `results.json`, schema `shnor.results/1` (DESIGN.md §4): what a run publishes, what a
/// regional roll-up (``ResultsMerge``) adds up and what the indicators report takes figures from.
///
/// The one model of the file: runs encode it, readers go through ``read(_:)``, which checks the
/// schema and the figures. A field, once published, keeps its meaning. Suppressed groups carry
/// nulls; files of older versions may lack a definition, its hash or the tables.
struct ResultsDocument: Codable {
    static let schemaName = "shnor.results/1"

    /// ``schemaName`` in every document written; as read, what the file says (``read(_:)`` checks it).
    private(set) var schema = ResultsDocument.schemaName
    let pipeline: String
    let title: String
    let period: String
    let measures: [MeasureResult]
    let tables: [TableResult]

    struct MeasureResult: Codable {
        let id: String
        let label: String
        /// Always written; nil only in a file written before definitions were.
        let definition: String?
        /// Roll-ups merge a measure only with the same definition: this is how they tell. Read as
        /// published, or computed from the definition's text.
        let definitionSHA256: String
        let numerator: Int
        let denominator: Int
        let share: Double?
        let ci95: [Double]?
        let target: Double?
        let status: TargetStatus?
        /// Counted from a complete register (`"census": true`): no interval, no `ci_method`, a
        /// two-way status. Absent (false) in every other measure and in files before censuses were.
        let census: Bool
        /// What one count is (DESIGN.md §4); nil only in a file written before units were.
        let unit: CountingUnit?
        /// Who is counted, in the pipeline's words (`programme`: ШНОР schools only; `all`).
        let population: String?
        /// Rows left out for a reason other than a duplicate or a test submission, and the
        /// share's range had they all been counted one way or the other; nil when not tracked.
        let uncounted: Int?
        let uncountedBounds: [Double]?
        /// For a paired change (improved against worsened): its exact McNemar test, so a reader
        /// of the file (the indicators report) can say whether the change is significant.
        var changeTest: ChangeTest? = nil
        let nonSubstantive: Int?
        let blank: Int?
        let groups: [GroupResult]

        enum CodingKeys: String, CodingKey {
            case id, label, definition, definitionSHA256 = "definition_sha256", numerator, denominator, share, ci95,
                ciMethod = "ci_method", census, target, status, unit, population, uncounted, uncountedBounds =
                "uncounted_bounds"
            case nonSubstantive = "non_substantive", blank, groups, changeTest = "change_test"
        }

        init(
            id: String, label: String, definition: String, numerator: Int, denominator: Int, share: Double?,
            ci95: [Double]?, census: Bool = false, target: Double?, status: TargetStatus?, unit: CountingUnit?,
            population: String?,
            bounds: UncountedBounds? = nil, nonSubstantive: Int?, blank: Int?, groups: [GroupResult]
        ) {
            self.id = id
            self.label = label
            self.definition = definition
            definitionSHA256 = Digest.sha256(Data(definition.utf8))
            self.numerator = numerator
            self.denominator = denominator
            self.share = share
            self.ci95 = census ? nil : ci95
            self.census = census
            self.target = target
            self.status = status
            self.unit = unit
            self.population = population
            uncounted = bounds?.uncounted
            uncountedBounds = bounds.map { [$0.lower, $0.upper] }
            self.nonSubstantive = nonSubstantive
            self.blank = blank
            self.groups = groups
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            label = try c.decode(String.self, forKey: .label)
            definition = try c.decodeIfPresent(String.self, forKey: .definition)
            definitionSHA256 =
                try c.decodeIfPresent(String.self, forKey: .definitionSHA256)
                ?? Digest.sha256(Data((definition ?? "").utf8))
            numerator = try c.decode(Int.self, forKey: .numerator)
            denominator = try c.decode(Int.self, forKey: .denominator)
            share = try c.decodeIfPresent(Double.self, forKey: .share)
            ci95 = try c.decodeIfPresent([Double].self, forKey: .ci95)
            census = try c.decodeIfPresent(Bool.self, forKey: .census) ?? false
            target = try c.decodeIfPresent(Double.self, forKey: .target)
            // A status this version does not know is no reason to refuse the figures.
            status = try c.decodeIfPresent(String.self, forKey: .status).flatMap(TargetStatus.init(rawValue:))
            unit = try c.decodeIfPresent(String.self, forKey: .unit).flatMap(CountingUnit.init(rawValue:))
            population = try c.decodeIfPresent(String.self, forKey: .population)
            uncounted = try c.decodeIfPresent(Int.self, forKey: .uncounted)
            uncountedBounds = try c.decodeIfPresent([Double].self, forKey: .uncountedBounds)
            changeTest = try c.decodeIfPresent(ChangeTest.self, forKey: .changeTest)
            nonSubstantive = try c.decodeIfPresent(Int.self, forKey: .nonSubstantive)
            blank = try c.decodeIfPresent(Int.self, forKey: .blank)
            groups = try c.decodeIfPresent([GroupResult].self, forKey: .groups) ?? []
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(label, forKey: .label)
            try c.encodeIfPresent(definition, forKey: .definition)
            try c.encode(definitionSHA256, forKey: .definitionSHA256)
            try c.encode(numerator, forKey: .numerator)
            try c.encode(denominator, forKey: .denominator)
            try c.encode(share, forKey: .share)
            try c.encode(ci95, forKey: .ci95)
            // A census has no interval, so no method either.
            if census { try c.encode(true, forKey: .census) } else { try c.encode("wilson", forKey: .ciMethod) }
            try c.encodeIfPresent(target, forKey: .target)
            try c.encodeIfPresent(status, forKey: .status)
            try c.encodeIfPresent(unit, forKey: .unit)
            try c.encodeIfPresent(population, forKey: .population)
            try c.encodeIfPresent(uncounted, forKey: .uncounted)
            try c.encodeIfPresent(uncountedBounds, forKey: .uncountedBounds)
            try c.encodeIfPresent(changeTest, forKey: .changeTest)
            try c.encodeIfPresent(nonSubstantive, forKey: .nonSubstantive)
            try c.encodeIfPresent(blank, forKey: .blank)
            try c.encode(groups, forKey: .groups)
        }
    }

    /// The exact McNemar test of a paired change, as results.json publishes it.
    struct ChangeTest: Codable, Equatable {
        var method = "mcnemar_exact"
        let improved: Int
        let worsened: Int
        let p: Double
        let midP: Double

        enum CodingKeys: String, CodingKey { case method, improved, worsened, p, midP = "mid_p" }

        init(_ test: McNemarTest) {
            improved = test.improved
            worsened = test.worsened
            p = test.p
            midP = test.midP
        }
    }

    /// A measure's figures from a share, with its groups.
    ///
    /// A census (counted from a complete register) gets no interval and a two-way status;
    /// `uncounted` (rows left out for a reason other than a duplicate or a test submission)
    /// gives the bounds.
    static func measure(
        id: String, label: String, definition: String, share: Share, target: Double?, unit: CountingUnit?,
        population: String?, census: Bool = false, uncounted: Int? = nil, change: McNemarTest? = nil,
        groups: [(by: [String: String], share: Share, suppressed: Bool)]
    ) -> MeasureResult {
        var result = MeasureResult(
            id: id, label: label, definition: definition, numerator: share.numerator, denominator: share.denominator,
            share: share.value, ci95: share.interval.map { [$0.lower, $0.upper] }, census: census, target: target,
            status: census
                ? TargetStatus(census: share.value, target: target) : TargetStatus(share: share, target: target),
            unit: unit, population: population,
            bounds: uncounted.flatMap { UncountedBounds(share: share, uncounted: $0) },
            nonSubstantive: nil, blank: nil,
            groups: groups.map { group in
                GroupResult(by: group.by, share: group.share, suppressed: group.suppressed, census: census)
            })
        result.changeTest = change.map(ChangeTest.init)
        return result
    }

    /// A group of a breakdown. A suppressed one is written with null figures — unless the
    /// encoder's ``revealing`` key is set, which only private/results-unsuppressed.json uses; read
    /// back from a published file, its figures are nil.
    struct GroupResult: Codable {
        let by: [String: String]
        let numerator: Int?
        let denominator: Int?
        let share: Double?
        let ci95: [Double]?
        let suppressed: Bool

        enum CodingKeys: String, CodingKey { case by, numerator, denominator, share, ci95, suppressed }

        /// A group of a census (counted from a complete register) has no interval.
        init(by: [String: String], share: Share, suppressed: Bool, census: Bool = false) {
            self.by = by
            numerator = share.numerator
            denominator = share.denominator
            self.share = share.value
            ci95 = census ? nil : share.interval.map { [$0.lower, $0.upper] }
            self.suppressed = suppressed
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            let shown = !suppressed || encoder.userInfo[ResultsDocument.revealing] as? Bool == true
            try c.encode(by, forKey: .by)
            try c.encode(shown ? numerator : nil, forKey: .numerator)
            try c.encode(shown ? denominator : nil, forKey: .denominator)
            try c.encode(shown ? share : nil, forKey: .share)
            try c.encode(shown ? ci95 : nil, forKey: .ci95)
            try c.encode(suppressed, forKey: .suppressed)
        }
    }

    /// Set to true in an encoder's userInfo to write suppressed groups' figures (for roll-ups, under private/).
    static let revealing: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "shnor.revealing") else {
            preconditionFailure("a valid user info key")
        }
        return key
    }()

    struct TableResult: Codable {
        let id: String
        let label: String
        let columns: [String]
        let rows: [[Cell]]
    }

    /// A table cell: text, a whole number, a share, or null when suppressed.
    enum Cell: Codable, Equatable {
        case text(String)
        case integer(Int)
        case number(Double)
        case null

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let value = try? c.decode(Int.self) {
                self = .integer(value)
            } else if let value = try? c.decode(Double.self) {
                self = .number(value)
            } else {
                self = .text(try c.decode(String.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let value): try c.encode(value)
            case .integer(let value): try c.encode(value)
            case .number(let value): try c.encode(value)
            case .null: try c.encodeNil()
            }
        }
    }

    enum CodingKeys: String, CodingKey { case schema, pipeline, title, period, measures, tables }

    init(pipeline: String, title: String, period: String, measures: [MeasureResult], tables: [TableResult]) {
        self.pipeline = pipeline
        self.title = title
        self.period = period
        self.measures = measures
        self.tables = tables
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schema = try c.decode(String.self, forKey: .schema)
        pipeline = try c.decode(String.self, forKey: .pipeline)
        title = try c.decode(String.self, forKey: .title)
        period = try c.decode(String.self, forKey: .period)
        measures = try c.decode([MeasureResult].self, forKey: .measures)
        tables = try c.decodeIfPresent([TableResult].self, forKey: .tables) ?? []
    }

    /// Larger results files are refused: a real one holds a few hundred kilobytes.
    static let maxBytes = 256 << 20

    /// Reads and checks a results.json another run published; a fault is an input error naming
    /// the file: no file, not JSON of this shape, another schema, figures no run writes (see
    /// ``checkFigures(file:)``).
    static func read(_ path: String) throws -> ResultsDocument {
        try readPublished(path).document
    }

    /// ``read(_:)``, with the file's size and SHA-256 taken from the very bytes decoded, so the
    /// manifest cites what the figures came from even if the file changes afterwards.
    static func readPublished(_ path: String) throws -> (document: ResultsDocument, file: Manifest.File) {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.contents(
                of: path, limit: maxBytes, tooLarge: "файл больше \(maxBytes) байт — это не похоже на results.json")
        } catch let error as IngestError where error.kind == .cannotOpen {
            throw IngestError(
                .cannotOpen, file: path, detail: "нет файла результатов — сначала запустите конвейер, который его пишет"
            )
        }
        let data = Data(bytes)
        return (try decode(data, file: path), Manifest.File(path: path, bytes: data.count, sha256: Digest.sha256(data)))
    }

    /// Just the schema field, read before the rest so a document of another version is named as such.
    private struct SchemaField: Decodable {
        let schema: String?
    }

    /// The checks of ``read(_:)`` on bytes already read (`file` names them in errors).
    static func decode(_ data: Data, file: String) throws -> ResultsDocument {
        let schema: String?
        do { schema = try JSONDecoder().decode(SchemaField.self, from: data).schema } catch {
            throw IngestError(.cannotRead, file: file, detail: "это не results.json shnor: \(error)")
        }
        guard let schema, schema.utf8.elementsEqual(schemaName.utf8) else {
            throw IngestError(
                .cannotRead, file: file,
                detail: schema.map { "схема «\($0)», а читается \(schemaName)" }
                    ?? "нет поля schema — это не results.json shnor (\(schemaName))")
        }
        let document: ResultsDocument
        do { document = try JSONDecoder().decode(ResultsDocument.self, from: data) } catch {
            throw IngestError(.cannotRead, file: file, detail: "это не results.json shnor: \(error)")
        }
        try document.checkFigures(file: file)
        return document
    }

    /// The largest count a results file may hold: 2^53, the largest whole number every JSON
    /// reader keeps exact. Far below `Int.max`, so the counts of a million files add up without
    /// overflow.
    static let largestCount = 1 << 53

    /// Refuses figures no run writes: a negative count or one above ``largestCount``, a
    /// numerator above its denominator (a measure's or a group's), a group larger than its
    /// measure, a group with only one of its two counts.
    func checkFigures(file: String) throws {
        func refuse(_ measure: MeasureResult, _ problem: String) -> IngestError {
            IngestError(.cannotRead, file: file, detail: "показатель «\(measure.id)»: \(problem)")
        }
        func checkCounts(_ numerator: Int, _ denominator: Int, _ measure: MeasureResult, _ whose: String) throws {
            for count in [numerator, denominator] where count < 0 || count > Self.largestCount {
                throw refuse(measure, "\(whose)число \(count) вне допустимого (от 0 до \(Self.largestCount))")
            }
            guard numerator <= denominator else {
                throw refuse(measure, "\(whose)числитель \(numerator) вне знаменателя \(denominator)")
            }
        }
        for measure in measures {
            try checkCounts(measure.numerator, measure.denominator, measure, "")
            for group in measure.groups {
                let whose = "группа \(Self.describe(group.by)): "
                switch (group.numerator, group.denominator) {
                case (nil, nil):
                    continue
                case (let numerator?, let denominator?):
                    try checkCounts(numerator, denominator, measure, whose)
                    guard denominator <= measure.denominator else {
                        throw refuse(
                            measure,
                            "\(whose)знаменатель \(denominator) больше знаменателя показателя \(measure.denominator)")
                    }
                default:
                    throw refuse(measure, "\(whose)указан только числитель или только знаменатель")
                }
            }
        }
    }

    /// A group's breakdown values as the analyst reads them: «school = …, position = …».
    static func describe(_ by: [String: String]) -> String {
        "«" + by.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ") + "»"
    }
}
