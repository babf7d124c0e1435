import Ingest

/// Reads rows of one export through its instrument into ``Response``s, or rejects them with a
/// reason code and the exact cell at fault.
///
/// Nothing is guessed: a school not in the register, an answer not on its scale or an
/// unreadable timestamp rejects the row, so the analyst adds the spelling to the instrument
/// or register and runs again.
public struct ResponseCleaner: Sendable {
    /// A row read into a response, or turned away.
    public enum Outcome: Sendable {
        case response(Response)
        case rejected(Rejection)
        /// A continuation row (`continuation_rows: fold`): answers for the submission above it.
        case continuation(Response.Continuation)
    }

    public let binding: InstrumentBinding
    public let register: SchoolRegister
    public let policy: CleaningPolicy

    private let schools: SchoolRegister.Lookup
    private let scales: [String: Scale.Lookup]
    /// Match keys of the test markers, in UTF-8.
    private let testMarkers: [[UInt8]]
    private let choiceColumns: [(column: Column, position: Int, options: [[String]])]
    private let textColumns: [(id: String, position: Int)]
    /// File positions of the columns read per row, found once.
    private let respondentColumn: Int?
    private let schoolColumn: Int?
    private let timestampColumn: Int?
    /// The subject column and its scale's labels: a subject is published only as a label.
    private let subjectColumn: (index: Int, scale: String, labels: [String])?
    private let personIdColumn: Int?
    private let positionColumn: (index: Int, scale: String)?
    private let stageColumn: (index: Int, scale: String)?
    /// Lesson observation protocols: the observer column and each criterion's column (nil when
    /// an optional one is missing) with its most points, in instrument order.
    private let observerColumn: (index: Int, scale: String)?
    private let criterionColumns: [(index: Int?, maxScore: Double)]
    /// ``MatchKey``s of the instrument's spellings of «no value» (`values.blank`).
    private let blankSpellings: Set<String>
    /// Per slot: which of ``readings`` reads its cells (one per scale).
    private let slotReading: [Int]
    /// Per slot: its file column, and the column id its fallback readings are counted under
    /// (a grid's rows under the grid's id) — read per cell without copying the slot.
    private let slotColumns: [Int]
    private let slotCountedAs: [String]
    /// Readings of the spellings met, per scale, found by the cell's bytes: a grid of thirty
    /// questions repeats a dozen spellings hundreds of thousands of times.
    private var readings: [SpellingCache<Scale.Reading>]
    private let readingScales: [(name: String, lookup: Scale.Lookup)]
    /// Per slot: the fallback category of its scale, or -1 (no `fallback:`): checked per cell
    /// without copying the scale's lookup.
    private let slotFallback: [Int]
    /// The respondent's match key as it is built, reused row after row.
    private var nameKeyBytes: [UInt8] = []
    private var schoolSpellings = SpellingCache<Int?>()
    private var positionSpellings = SpellingCache<Scale.Reading>()
    private var stageSpellings = SpellingCache<Scale.Reading>()
    private var subjectSpellings = SpellingCache<Scale.Reading>()
    private var observerSpellings = SpellingCache<Scale.Reading>()
    /// Values not on their scale that its `fallback:` read as a category, by instrument column
    /// id (a grid counted under the grid's id), in the rows cleaning kept: the run reports
    /// them, so no such reading is silent.
    public private(set) var fallbackReadings: [String: Int] = [:]
    /// The current row's fallback readings, booked only if the row is kept.
    private var rowFallbacks: [String] = []

    public init(binding: InstrumentBinding, register: SchoolRegister, policy: CleaningPolicy) throws {
        self.binding = binding
        self.register = register
        self.policy = policy
        // An export without a school column needs no register (a pipeline may name none).
        schools =
            binding.position(of: .school) == nil && register.schools.isEmpty
            ? SchoolRegister.Lookup(positions: [:]) : try register.lookup()
        var scales: [String: Scale.Lookup] = [:]
        for (name, scale) in binding.instrument.scales { scales[name] = try scale.lookup() }
        self.scales = scales
        var readingScales: [(name: String, lookup: Scale.Lookup)] = []
        slotReading = try binding.slots.map { slot in
            guard let lookup = scales[slot.scale] else { throw InstrumentError("нет шкалы «\(slot.scale)»") }
            if let known = readingScales.firstIndex(where: { $0.name == slot.scale }) { return known }
            readingScales.append((slot.scale, lookup))
            return readingScales.count - 1
        }
        self.readingScales = readingScales
        slotFallback = slotReading.map { readingScales[$0].lookup.fallbackIndex ?? -1 }
        slotColumns = binding.slots.map(\.fileColumn)
        slotCountedAs = binding.slots.map { $0.group ?? $0.id }
        readings = readingScales.map { _ in SpellingCache() }
        testMarkers = policy.testMarkers.map(MatchKey.of).filter { !$0.isEmpty }.map { Array($0.utf8) }
        choiceColumns = binding.instrument.columns.compactMap { column in
            guard column.role == .choices, let position = binding.positions[column.id] else { return nil }
            return (
                column, position, (column.options ?? []).map { MatchKey.of($0).split(separator: " ").map(String.init) }
            )
        }
        textColumns = binding.instrument.columns.compactMap { column in
            guard column.role == .text, let position = binding.positions[column.id] else { return nil }
            return (column.id, position)
        }
        func scaled(_ role: Column.Role) -> (Int, String)? {
            guard let column = binding.instrument.column(role: role), let index = binding.positions[column.id],
                let scale = column.scale, scales[scale] != nil
            else { return nil }
            return (index, scale)
        }
        respondentColumn = binding.position(of: .respondent)
        schoolColumn = binding.position(of: .school)
        timestampColumn = binding.position(of: .timestamp)
        subjectColumn = scaled(.subject).flatMap { index, scale in
            binding.instrument.scales[scale].map { (index, scale, $0.categories.map(\.label)) }
        }
        personIdColumn = binding.position(of: .personId)
        positionColumn = scaled(.position)
        stageColumn = scaled(.stage)
        observerColumn = scaled(.observer)
        criterionColumns = binding.instrument.columns.filter { $0.role == .criterion }.map {
            (binding.positions[$0.id], $0.maxScore ?? 0)
        }
        blankSpellings = Set(binding.instrument.values.blank.map(MatchKey.of))
    }

    /// The cell without surrounding spaces (nil when the instrument has no such column).
    private func cell(_ row: Row, _ position: Int?) -> (value: String, column: Int)? {
        guard let position else { return nil }
        return (String(decoding: ResultCleaner.trimmed(row[position]), as: UTF8.self), position)
    }

    private func reject(_ row: Row, _ reason: Rejection.Reason, column: Int?, _ detail: String) -> Rejection {
        if row.repeatsHeader { return row.repeatedHeaderRejection }
        let place = column.map { "столбец \($0 + 1) «\(row.header.names[$0])»: " } ?? ""
        return Rejection(origin: row.origin, reason: reason, detail: place + detail, cells: row.strings())
    }

    /// Cleans one row. Mutating: the cleaner keeps the readings of the spellings it has met,
    /// so call it on one cleaner in place, not on a copy per row.
    public mutating func clean(_ row: Row) -> Outcome {
        rowFallbacks.removeAll(keepingCapacity: true)
        if binding.instrument.continuationRows == .fold, let continuation = continuation(row) {
            return .continuation(continuation)
        }
        let name = cell(row, respondentColumn).map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        let nameKey = name.map { respondentKey($0) }
        if let nameKey, isTestMarked(nameKey) {
            return .rejected(reject(row, .testSubmission, column: nil, "тестовая анкета («\(name ?? "")»)"))
        }
        var school: Int?
        if let column = schoolColumn {
            guard !ResultCleaner.trimmed(row[column]).isEmpty else {
                return .rejected(reject(row, .missingSchool, column: column, "школа не указана"))
            }
            guard
                let found = schoolSpellings.reading(
                    row[column], using: schools,
                    read: { schools, bytes in
                        schools.school(String(decoding: ResultCleaner.trimmed(bytes), as: UTF8.self))
                    })
            else {
                let value = cell(row, column)?.value ?? ""
                return .rejected(
                    reject(
                        row, .unknownSchool, column: column,
                        "школы «\(value)» нет в реестре школ — добавьте написание в aliases"))
            }
            school = found
        }
        var timestamp: Timestamp?
        if let column = timestampColumn, case let bytes = ResultCleaner.trimmed(row[column]), !bytes.isEmpty {
            guard let parsed = Timestamp(bytes: bytes) else {
                let value = String(decoding: bytes, as: UTF8.self)
                return .rejected(
                    reject(row, .badTimestamp, column: column, "время отправки «\(value)» не читается как дата и время")
                )
            }
            timestamp = parsed
        }
        var position: Int?
        if let (index, scaleName) = positionColumn, let lookup = scales[scaleName] {
            let value = row.string(at: index)
            switch positionSpellings.reading(
                row[index], using: lookup,
                read: { lookup, bytes in lookup.read(String(decoding: bytes, as: UTF8.self)) })
            {
            case .category(let category):
                position = category
                if category == lookup.fallbackIndex {
                    noteFallback(category, value, lookup, column: binding.instrument.column(role: .position)?.id)
                }
            case .blank, .nonSubstantive: position = nil
            case .unknown:
                return .rejected(
                    reject(row, .unknownAnswer, column: index, "должности «\(value)» нет в шкале «\(scaleName)»"))
            }
        }
        var stage: Int?
        if let (index, scaleName) = stageColumn, let lookup = scales[scaleName] {
            guard
                case .category(let category) = stageSpellings.reading(
                    row[index], using: lookup,
                    read: { lookup, bytes in
                        lookup.read(String(decoding: bytes, as: UTF8.self))
                    })
            else {
                let value = row.string(at: index)
                return .rejected(
                    reject(row, .unknownAnswer, column: index, "этап «\(value)» не распознан (шкала «\(scaleName)»)"))
            }
            stage = category
            if category == lookup.fallbackIndex {
                noteFallback(
                    category, row.string(at: index), lookup, column: binding.instrument.column(role: .stage)?.id)
            }
        }
        var subject: String?
        if let (index, scaleName, labels) = subjectColumn, let lookup = scales[scaleName] {
            let column = binding.instrument.column(role: .subject)?.id
            switch subjectSpellings.reading(
                row[index], using: lookup,
                read: { lookup, bytes in lookup.read(String(decoding: bytes, as: UTF8.self)) })
            {
            case .category(let category):
                subject = labels[category]
                noteFallback(category, row.string(at: index), lookup, column: column)
            case .blank, .nonSubstantive: subject = nil
            // Free text in the subject cell (a name, a remark) is never a label: it is counted
            // as a reading off the scale and grouped as «другое».
            case .unknown:
                subject = Response.otherSubject
                if let column { rowFallbacks.append(column) }
            }
        }
        var observer: Int?
        if let (index, scaleName) = observerColumn, let lookup = scales[scaleName] {
            guard
                case .category(let category) = observerSpellings.reading(
                    row[index], using: lookup,
                    read: { lookup, bytes in lookup.read(String(decoding: bytes, as: UTF8.self)) })
            else {
                let value = row.string(at: index)
                return .rejected(
                    reject(
                        row, .unknownObserver, column: index,
                        value.trimmingCharacters(in: " ").isEmpty
                            ? "наблюдатель не указан"
                            : "наблюдателя «\(value)» нет в шкале «\(scaleName)» — добавьте его (или его написание в synonyms) в список наблюдателей инструмента"
                    ))
            }
            observer = category
        }
        var scores: [Double?] = []
        if !criterionColumns.isEmpty { scores.reserveCapacity(criterionColumns.count) }
        for (index, maxScore) in criterionColumns {
            guard let index else {
                scores.append(nil)
                continue
            }
            let value = String(row.string(at: index).trimmingCharacters(in: " "))
            if value.isEmpty || blankSpellings.contains(MatchKey.of(value)) {
                scores.append(nil)
                continue
            }
            guard let points = Double(String(value.map { $0 == "," ? "." : $0 })), points.isFinite,
                points >= 0, points <= maxScore
            else {
                return .rejected(
                    reject(
                        row, .scoreOffScale, column: index,
                        "балл «\(value)» вне шкалы критерия: от 0 до \(Self.points(maxScore))"))
            }
            scores.append(points)
        }
        if !criterionColumns.isEmpty && scores.allSatisfy({ $0 == nil }) {
            return .rejected(reject(row, .emptySubmission, column: nil, "в протоколе нет ни одного балла"))
        }
        var answers = AnswerList(capacity: slotColumns.count)
        var unreadable: [Int: String] = [:]
        for slotIndex in slotColumns.indices {
            let scale = slotReading[slotIndex]
            let fileColumn = slotColumns[slotIndex]
            let cell = row[fileColumn]
            // A grid repeats a dozen spellings: a met one is found by its bytes, nothing built.
            let reading: Scale.Reading
            if let known = readings[scale].remembered(cell) {
                reading = known
            } else {
                reading = readingScales[scale].lookup.read(String(decoding: cell, as: UTF8.self))
                readings[scale].remember(cell, reading)
            }
            // An answer off the scale spoils its cell only: the analysis counts and names it.
            if reading == .unknown { unreadable[slotIndex] = row.string(at: fileColumn) }
            if case .category(let category) = reading, category == slotFallback[slotIndex] {
                noteFallback(
                    category, row.string(at: fileColumn), readingScales[scale].lookup,
                    column: slotCountedAs[slotIndex])
            }
            answers.append(reading)
        }
        var choices: [String: Response.Choice] = [:]
        for (column, index, options) in choiceColumns {
            let (chosen, other) = Self.split(row.string(at: index), options: options)
            if !chosen.isEmpty || other != nil { choices[column.id] = Response.Choice(options: chosen, other: other) }
        }
        var texts: [String: String] = [:]
        for (id, index) in textColumns {
            let value = ResultCleaner.trimmed(row[index])
            if !value.isEmpty { texts[id] = String(decoding: value, as: UTF8.self) }
        }
        if answers.allBlank && choices.isEmpty && texts.isEmpty && !binding.slots.isEmpty {
            return .rejected(reject(row, .emptySubmission, column: nil, "в анкете нет ни одного ответа"))
        }
        for column in rowFallbacks { fallbackReadings[column, default: 0] += 1 }
        return .response(
            Response(
                origin: row.origin, timestamp: timestamp, respondentName: name, respondentKey: nameKey, school: school,
                position: position, subject: subject,
                personId: cell(row, personIdColumn).map(\.value).flatMap { $0.isEmpty ? nil : $0 }, stage: stage,
                answers: answers, unreadable: unreadable, choices: choices, texts: texts, observer: observer,
                scores: scores))
    }

    /// The row's answers when it is a continuation row: every column that says who answered
    /// (respondent, code, school, time) blank, and some multiple-choice or free-text answer.
    private func continuation(_ row: Row) -> Response.Continuation? {
        let identity = [respondentColumn, personIdColumn, schoolColumn, timestampColumn].compactMap { $0 }
        guard !identity.isEmpty, identity.allSatisfy({ ResultCleaner.trimmed(row[$0]).isEmpty }) else { return nil }
        var choices: [String: Response.Choice] = [:]
        for (column, index, options) in choiceColumns {
            let (chosen, other) = Self.split(row.string(at: index), options: options)
            if !chosen.isEmpty || other != nil { choices[column.id] = Response.Choice(options: chosen, other: other) }
        }
        var texts: [String: String] = [:]
        for (id, index) in textColumns {
            let value = ResultCleaner.trimmed(row[index])
            if !value.isEmpty { texts[id] = String(decoding: value, as: UTF8.self) }
        }
        guard !choices.isEmpty || !texts.isEmpty else { return nil }
        return Response.Continuation(origin: row.origin, choices: choices, texts: texts, cells: row.strings())
    }

    /// «2», «1.5»: a number of points as the analyst wrote it in the instrument.
    public static func points(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Counts a value read as its scale's fallback category because the scale does not list it.
    private mutating func noteFallback(_ category: Int, _ value: String, _ lookup: Scale.Lookup, column: String?) {
        guard category == lookup.fallbackIndex, let column, lookup.readsByFallback(value) else { return }
        rowFallbacks.append(column)
    }

    /// The ``MatchKey`` of a respondent's name, built in a buffer the cleaner keeps (one String
    /// per row, not three); the Unicode tables only for a name that needs them.
    private mutating func respondentKey(_ name: String) -> String {
        var name = name
        nameKeyBytes.removeAll(keepingCapacity: true)
        let known = name.withUTF8 { MatchKey.append(UnsafeRawBufferPointer($0), to: &nameKeyBytes) }
        return known ? String(decoding: nameKeyBytes, as: UTF8.self) : MatchKey.general(name)
    }

    private func isTestMarked(_ nameKey: String) -> Bool {
        guard !testMarkers.isEmpty else { return false }
        var nameKey = nameKey
        return nameKey.withUTF8 { MatchKey.isTestMarked(UnsafeRawBufferPointer($0), markers: testMarkers) }
    }

    /// Splits a multiple-choice cell against the option list, longest option first, so options
    /// that contain commas survive; words matching no option are returned as `other`.
    static func split(_ text: String, options: [[String]]) -> (chosen: [Int], other: String?) {
        let words = MatchKey.of(text).split(separator: " ").map(String.init)
        var chosen: [Int] = []
        var leftover: [String] = []
        var index = 0
        let byLength = options.indices.sorted { options[$0].count > options[$1].count }
        while index < words.count {
            let hit = byLength.first { option in
                let optionWords = options[option]
                return !optionWords.isEmpty && index + optionWords.count <= words.count
                    && Array(words[index..<(index + optionWords.count)]) == optionWords
            }
            if let hit {
                if !chosen.contains(hit) { chosen.append(hit) }
                index += options[hit].count
            } else {
                leftover.append(words[index])
                index += 1
            }
        }
        return (chosen.sorted(), leftover.isEmpty ? nil : leftover.joined(separator: " "))
    }

    /// Keeps one submission per respondent and school by the policy; returns the kept ones (in
    /// file order) and a rejection for each dropped one.
    public func deduplicate(_ responses: [Response]) -> (kept: [Response], dropped: [Rejection]) {
        guard policy.duplicates != .keepAll else { return (responses, []) }
        var groups: [String: [Int]] = [:]
        for (index, response) in responses.enumerated() {
            guard let key = response.respondentKey ?? response.personId else { continue }
            let person = response.personId.map { "id:\($0)" } ?? key
            groups[
                "\(person)|\(response.school.map(String.init) ?? "-")|\(response.stage.map(String.init) ?? "-")",
                default: []
            ].append(index)
        }
        var dropped = Set<Int>()
        var rejections: [Rejection] = []
        for members in groups.values where members.count > 1 {
            let ordered = members.sorted { a, b in
                let (ta, tb) = (responses[a].timestamp, responses[b].timestamp)
                if let ta, let tb, ta != tb { return ta < tb }
                return responses[a].origin.line < responses[b].origin.line
            }
            let keep = policy.duplicates == .keepLatest ? ordered.last : ordered.first
            for member in ordered where member != keep {
                dropped.insert(member)
                let keptLine = keep.map { responses[$0].origin.line } ?? 0
                rejections.append(
                    Rejection(
                        origin: responses[member].origin, reason: .duplicateSubmission,
                        detail: "повторная анкета того же педагога; учтена анкета из строки \(keptLine)",
                        cells: [responses[member].respondentName ?? ""]))
            }
        }
        rejections.sort { $0.origin.line < $1.origin.line }
        let kept = responses.indices.filter { !dropped.contains($0) }.map { responses[$0] }
        return (kept, rejections)
    }
}
