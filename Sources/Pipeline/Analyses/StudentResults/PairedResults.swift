import ByteTables
import Clean
import Foundation
import Ingest
import Link
import Measures

/// Results of one kind of person (students, or teachers on a competence diagnostic) at two
/// points, linked and counted while the exports stream.
///
/// With two files, the smaller (by bytes) is read first and kept only as compact keys and a
/// few bytes of values per record; the larger streams past it. Records link by code and
/// subject; where either side lacks a code, by normalised ФИО, school, class and subject — and
/// only when that name key is unique on the kept side. Every record not linked is counted and
/// listed under private/. With one file holding both points in a row, the row is the pair.
struct PairedResults {
    /// Who the records are: «ученик», «педагог» (for the clean table and private listings).
    let who: String
    let rise: PipelineSpec.Rise
    var counts: ResultCounts
    /// Per point (0 baseline, 1 follow-up): every record's mark and score, linked or not.
    var marks: [Tally<MarkDistribution>] { counts.marks }
    var scores: [Tally<ScoreSum>] { counts.scores }
    /// Linked pairs with values at both points, counted in the follow-up's groups.
    var change: Tally<PairedChange> { counts.change }
    var linkedByCode = 0
    var linkedByName = 0
    /// Linked, or paired in one row, but without a comparable value at one of the points.
    var notComparable: Int { counts.notComparable }
    /// Records without a partner, per point.
    var unmatched = [0, 0]
    /// Name keys shared by several records of the kept side: not used for linking.
    var ambiguousNames = 0
    /// private/unmatched.csv rows.
    var unmatchedRows: [[String]] = []
    var inputs: [InputResult] = []

    static let unmatchedHeader = [
        "кто", "этап", "файл", "строка", "код или ФИО (нормализовано)", "школа", "класс", "предмет",
    ]

    /// A record of the kept side: its groups and its values (32 bytes; ``PointLink`` holds its keys).
    struct Kept {
        var line: Int32
        var school: Int32
        var schoolClass: Int32
        var subject: Int32
        var grade: Int8
        /// -1 none, 0 «н/а», 2…5.
        var mark: Int8
        var score: Double

        var keys: ResultGroups.Keys {
            ResultGroups.Keys(
                school: Int(school), grade: grade >= 0 ? Int(grade) : nil,
                schoolClass: schoolClass >= 0 ? Int(schoolClass) : nil, subject: Int(subject))
        }

        var values: ResultRecord.PointValues {
            ResultRecord.PointValues(
                mark: mark < 0 ? nil : (mark == 0 ? .notAssessed : .mark(Int(mark))), score: score.isNaN ? nil : score)
        }
    }

    init(who: String, rise: PipelineSpec.Rise) {
        self.who = who
        self.rise = rise
        counts = ResultCounts(rise: rise)
    }

    /// Reads the inputs: one with both points, or a `pre` and a `post` one.
    mutating func read(
        _ inputs: [PipelineSpec.Input], configuration: PipelineConfiguration, groups: inout ResultGroups,
        ledger: inout Ledger, clean: ResultCleanTable?
    ) throws {
        if inputs.count == 1 {
            try readWide(inputs[0], configuration: configuration, groups: &groups, ledger: &ledger, clean: clean)
            return
        }
        guard let pre = inputs.first(where: { $0.stage == .pre }), let post = inputs.first(where: { $0.stage == .post })
        else {
            throw ConfigurationError(file: configuration.path, "нужны входы со stage: pre и stage: post")
        }
        let size = { (input: PipelineSpec.Input) in
            ((try? FileManager.default.attributesOfItem(atPath: configuration.resolve(input.file)))?[.size] as? Int)
                ?? 0
        }
        let (kept, streamed) = size(post) < size(pre) ? (post, pre) : (pre, post)
        try readPair(
            kept: kept, streamed: streamed, configuration: configuration, groups: &groups, ledger: &ledger, clean: clean
        )
    }

    /// One file with both points in a row: the row is the pair.
    private mutating func readWide(
        _ input: PipelineSpec.Input, configuration: PipelineConfiguration, groups: inout ResultGroups,
        ledger: inout Ledger, clean: ResultCleanTable?
    ) throws {
        let (who, rise, known) = (self.who, self.rise, groups)
        let (result, wide) = try InputReader.streamResults(
            input, configuration: configuration, point: input.stage.map(Self.point) ?? .pre, ledger: &ledger,
            threads: configuration.threads, namesOfCodedRecords: false, output: clean?.output
        ) { output in
            WideCount(
                who: who, counts: ResultCounts(rise: rise), groups: known,
                clean: output.flatMap { output in clean?.rows(writing: output) })
        }
        groups = wide.groups
        counts.add(wide.counts)
        ledger.note(
            input: input.id, stage: "link", ["paired_in_row": change.total.total, "not_comparable": notComparable])
        inputs.append(result)
    }

    static func point(_ stage: PipelineSpec.Stage) -> Column.Point { stage == .pre ? .pre : .post }

    /// Two files, a point each: the smaller is kept as compact keys, the larger streams past it.
    private mutating func readPair(
        kept keptInput: PipelineSpec.Input, streamed streamedInput: PipelineSpec.Input,
        configuration: PipelineConfiguration, groups: inout ResultGroups, ledger: inout Ledger,
        clean: ResultCleanTable?
    ) throws {
        let keptPoint = keptInput.stage == .pre ? 0 : 1
        let streamedPoint = 1 - keptPoint
        let register = configuration.register
        let (who, rise) = (self.who, self.rise)

        var known = groups
        let (keptResult, keptSide) = try InputReader.streamResults(
            keptInput, configuration: configuration, point: Self.point(keptInput.stage ?? .pre), ledger: &ledger,
            threads: configuration.threads, output: clean?.output
        ) { output in
            KeptCount(
                who: who, point: keptPoint, counts: ResultCounts(rise: rise), groups: known,
                clean: output.flatMap { output in clean?.rows(writing: output) })
        }
        groups = keptSide.groups
        counts.add(keptSide.counts)
        let kept = keptSide.kept

        known = groups
        let (streamedResult, streamedSide) = try InputReader.streamResults(
            streamedInput, configuration: configuration, point: Self.point(streamedInput.stage ?? .post),
            ledger: &ledger,
            threads: configuration.threads, output: clean?.output
        ) { output in
            StreamedCount(
                who: who, point: streamedPoint, counts: ResultCounts(rise: rise), groups: known, link: keptSide.link,
                kept: kept,
                register: register, clean: output.flatMap { output in clean?.rows(writing: output) })
        }
        groups = streamedSide.groups
        counts.add(streamedSide.counts)
        unmatched[streamedPoint] += streamedSide.unmatched
        unmatchedRows += streamedSide.unmatchedRows
        configuration.stage(.link) {
            let waiting = streamedSide.waiting
            var link = streamedSide.link
            for (entry, partner) in zip(waiting, link.settle()) {
                StreamedCount.pair(
                    entry.values, entry.keys, entry.record, with: partner.map { kept[$0] },
                    partnerCode: entry.record.code == nil ? partner.flatMap { link.code(of: $0) } : nil,
                    streamedPoint: streamedPoint, who: who,
                    subject: groups.subjects[entry.keys.subject], register: register,
                    counts: &counts, unmatched: &unmatched[streamedPoint], rows: &unmatchedRows)
            }
            linkedByCode = link.linkedByCode
            linkedByName = link.linkedByName
            ambiguousNames = link.ambiguousNames
            for (index, record) in kept.enumerated() where !link.isPaired(index) {
                unmatched[keptPoint] += 1
                // Names are kept as fingerprints only: a record without a code is found by its file and line.
                unmatchedRows.append([
                    who, keptPoint == 0 ? "до" : "после", keptResult.path, String(record.line),
                    link.code(of: index) ?? "",
                    register.schools[Int(record.school)].name,
                    record.schoolClass >= 0 ? groups.classes[Int(record.schoolClass)].label : "",
                    groups.subjects[Int(record.subject)],
                ])
            }
            unmatchedRows.sort { ($0[1], $0[2], Int($0[3]) ?? 0) < ($1[1], $1[2], Int($1[3]) ?? 0) }
        }
        let linked = linkedByCode + linkedByName
        ledger.note(input: keptInput.id, stage: "link", ["linked": linked, "unmatched": unmatched[keptPoint]])
        ledger.note(
            input: streamedInput.id, stage: "link",
            [
                "linked": linked, "linked_by_name": linkedByName,
                "unmatched": unmatched[streamedPoint], "not_comparable": notComparable,
            ])
        inputs = keptPoint == 0 ? [keptResult, streamedResult] : [streamedResult, keptResult]
    }
}

extension PairedResults.Kept {
    /// The record with its class and subject numbered as the run numbers them.
    func renumbered(_ map: ResultGroups.Renumbering) -> Self {
        var record = self
        if schoolClass >= 0 { record.schoolClass = Int32(map.classes[Int(schoolClass)]) }
        record.subject = Int32(map.subjects[Int(subject)])
        return record
    }
}

extension ResultGroups.Keys {
    func renumbered(_ map: ResultGroups.Renumbering) -> Self {
        var keys = self
        keys.schoolClass = schoolClass.map { map.classes[$0] }
        keys.subject = map.subjects[subject]
        return keys
    }
}

/// The scopes a record is linked in, as bytes that are the same in every count of a file: the
/// subject's match key for codes; school, class and subject for names.
private struct LinkScopes {
    private var code: [UInt8] = []
    private var name: [UInt8] = []

    /// Calls `body` with the record (handed on, so that the closure need not capture it: a
    /// captured record is a copy, its references counted per record) and its scopes.
    mutating func with<Result>(
        _ record: ResultRecord, subjectKey: String,
        _ body: (ResultRecord, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Result
    ) -> Result {
        code.removeAll(keepingCapacity: true)
        code.append(contentsOf: subjectKey.utf8)
        name.removeAll(keepingCapacity: true)
        withUnsafeBytes(of: record.school) { name.append(contentsOf: $0) }
        name.append(contentsOf: (record.schoolClass ?? "").utf8)
        name.append(0x1F)
        name.append(contentsOf: code)
        return code.withUnsafeBytes { code in name.withUnsafeBytes { body(record, code, $0) } }
    }
}

/// The kept side's records as compact keys and values, counted as they pass.
private struct KeptCount: RecordCount {
    let who: String
    let point: Int
    var counts: ResultCounts
    var groups: ResultGroups
    let clean: ResultCleanRows?
    var link = PointLink()
    var kept: [PairedResults.Kept] = []
    private var scopes = LinkScopes()

    init(who: String, point: Int, counts: ResultCounts, groups: ResultGroups, clean: ResultCleanRows?) {
        self.who = who
        self.point = point
        self.counts = counts
        self.groups = groups
        self.clean = clean
    }

    mutating func count(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        let keys = groups.keys(record)
        let outcome = scopes.with(record, subjectKey: groups.subjectKey(keys.subject)) { record, code, name in
            link.keep(code: record.code, name: record.name, codeScope: code, nameScope: name)
        }
        if case .duplicate(let first) = outcome {
            return Rejection(
                origin: row.origin, reason: .duplicateRecord,
                detail: "повторная запись того же кода и предмета; учтена строка \(kept[first].line)",
                cells: row.strings())
        }
        let values = record.points[point]
        let mark: Int8 =
            switch values.mark {
            case .mark(let value): Int8(value)
            case .notAssessed: 0
            case nil: -1
            }
        kept.append(
            PairedResults.Kept(
                line: Int32(clamping: record.origin.line), school: Int32(keys.school),
                schoolClass: Int32(keys.schoolClass ?? -1), subject: Int32(keys.subject),
                grade: Int8(clamping: keys.grade ?? -1), mark: mark, score: values.score ?? .nan))
        counts.count(values, point: point, keys: keys)
        try clean?.write(record, who: who, point: point, keys: keys, groups: groups)
        return nil
    }

    /// The later records are kept after these, as one pass keeps them; a code kept in both is
    /// a repeat one pass turns away.
    mutating func merge(_ later: consuming KeptCount) throws {
        guard link.append(kept: later.link) else { throw StretchesOverlap() }
        let map = groups.absorb(later.groups)
        kept += later.kept.map { $0.renumbered(map) }
        counts.add(later.counts, renumbered: map)
    }
}

/// The streamed side's records, each matched against the kept side as it passes and counted.
private struct StreamedCount: RecordCount {
    /// A record waiting for its link by name to be settled once the whole side has streamed.
    struct Waiting {
        var values: ResultRecord.PointValues
        var keys: ResultGroups.Keys
        var record: ResultRecord
    }

    let who: String
    let point: Int
    var counts: ResultCounts
    var groups: ResultGroups
    /// The kept side's link as it stood before this side streamed, and this count's copy of it
    /// (so counts read at once do not share what they mark).
    let keptLink: PointLink
    var link: PointLink
    let kept: [PairedResults.Kept]
    let register: SchoolRegister
    let clean: ResultCleanRows?
    var waiting: [Waiting] = []
    var unmatched = 0
    var unmatchedRows: [[String]] = []
    private var scopes = LinkScopes()

    init(
        who: String, point: Int, counts: ResultCounts, groups: ResultGroups, link: PointLink,
        kept: [PairedResults.Kept],
        register: SchoolRegister, clean: ResultCleanRows?
    ) {
        self.who = who
        self.point = point
        self.counts = counts
        self.groups = groups
        self.keptLink = link
        self.link = link
        self.kept = kept
        self.register = register
        self.clean = clean
    }

    mutating func count(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        let keys = groups.keys(record)
        let match = scopes.with(record, subjectKey: groups.subjectKey(keys.subject)) { record, code, name in
            link.match(code: record.code, name: record.name, codeScope: code, nameScope: name, line: record.origin.line)
        }
        let partner: Int?
        switch match {
        case .partner(let index, _): partner = index
        case .pending:
            // Settled once the file has ended: its values wait here (links by name are few).
            waiting.append(Waiting(values: record.points[point], keys: keys, record: record))
            counts.count(record.points[point], point: point, keys: keys)
            try clean?.write(record, who: who, point: point, keys: keys, groups: groups)
            return nil
        case .none: partner = nil
        case .duplicateOfKept:
            return Rejection(
                origin: row.origin, reason: .duplicateRecord,
                detail: "повторная запись того же кода и предмета (пара уже найдена)", cells: row.strings())
        case .duplicateOfStreamed(let line):
            return Rejection(
                origin: row.origin, reason: .duplicateRecord,
                detail: "повторная запись того же кода и предмета; учтена строка \(line)", cells: row.strings())
        }
        let values = record.points[point]
        counts.count(values, point: point, keys: keys)
        try clean?.write(record, who: who, point: point, keys: keys, groups: groups)
        Self.pair(
            values, keys, record, with: partner.map { kept[$0] },
            partnerCode: record.code == nil ? partner.flatMap { link.code(of: $0) } : nil, streamedPoint: point,
            who: who,
            subject: groups.subjects[keys.subject],
            register: register, counts: &counts, unmatched: &unmatched, rows: &unmatchedRows)
        return nil
    }

    /// What the later records matched is added to what these did; a kept record paired in both,
    /// or an unmatched code met in both, is a repeat one pass turns away.
    mutating func merge(_ later: consuming StreamedCount) throws {
        guard link.absorb(streamed: later.link, from: keptLink) else { throw StretchesOverlap() }
        let map = groups.absorb(later.groups)
        counts.add(later.counts, renumbered: map)
        unmatched += later.unmatched
        unmatchedRows += later.unmatchedRows
        waiting += later.waiting.map { entry in
            var entry = entry
            entry.keys = entry.keys.renumbered(map)
            return entry
        }
    }

    /// Compares a streamed record with its kept partner, or counts and lists it as unmatched.
    ///
    /// - Parameter partnerCode: the kept partner's code when the streamed record has none, so
    ///   that a student is one person whichever file streams.
    static func pair(
        _ values: ResultRecord.PointValues, _ keys: ResultGroups.Keys, _ record: ResultRecord,
        with partner: PairedResults.Kept?, partnerCode: String?,
        streamedPoint: Int, who: String, subject: String, register: SchoolRegister,
        counts: inout ResultCounts, unmatched: inout Int, rows: inout [[String]]
    ) {
        guard let partner else {
            unmatched += 1
            rows.append([
                who, streamedPoint == 0 ? "до" : "после", record.origin.file, String(record.origin.line),
                record.code ?? record.name.map(MatchKey.of) ?? "", register.schools[record.school].name,
                record.schoolClass ?? "", subject,
            ])
            return
        }
        // The follow-up's school, class and subject: where the March result was achieved.
        let person = PersonTable.key(of: record, partnerCode: partnerCode)
        if streamedPoint == 1 {
            counts.compare(partner.values, values, keys: keys, person: person)
        } else {
            counts.compare(values, partner.values, keys: partner.keys, person: person)
        }
    }
}

/// What a run counts of records: marks and scores per point and group, and the change of pairs.
struct ResultCounts {
    let rise: PipelineSpec.Rise
    var marks = [Tally(zero: MarkDistribution()), Tally(zero: MarkDistribution())]
    var scores = [Tally(zero: ScoreSum()), Tally(zero: ScoreSum())]
    var change = Tally(zero: PairedChange())
    /// Every person with a compared pair: their group and their pairs' change, for the figures
    /// counted per person (a student, not a student's subject).
    var people = PersonTable()
    var notComparable = 0

    init(rise: PipelineSpec.Rise) {
        self.rise = rise
    }

    mutating func count(_ values: ResultRecord.PointValues, point: Int, keys: ResultGroups.Keys) {
        switch values.mark {
        case .mark(let mark): marks[point].update(keys) { $0.add(mark: mark) }
        case .notAssessed: marks[point].update(keys) { $0.addNotAssessed() }
        case nil: break
        }
        if let score = values.score { scores[point].update(keys) { $0.add(score) } }
    }

    /// Adds a linked pair to the change counters, or notes it as not comparable; the pair's
    /// marks and direction go to its `person` (``PersonTable/key(of:partnerCode:)``) too.
    mutating func compare(
        _ before: ResultRecord.PointValues, _ after: ResultRecord.PointValues, keys: ResultGroups.Keys,
        person: PersonTable.Key
    ) {
        compare(before, after, keys: keys) { $0.position(person) }
    }

    /// ``compare(_:_:keys:person:)`` with the person's position in ``people`` found by `person`
    /// (called only when the pair has something to compare).
    mutating func compare(
        _ before: ResultRecord.PointValues, _ after: ResultRecord.PointValues, keys: ResultGroups.Keys,
        person: (inout PersonTable) -> Int
    ) {
        let marks = before.mark?.value.flatMap { b in after.mark?.value.map { (before: b, after: $0) } }
        let values: (Double, Double)?
        switch rise.by {
        case .mark: values = marks.map { (Double($0.before), Double($0.after)) }
        case .score: values = before.score.flatMap { b in after.score.map { (b, $0) } }
        }
        let direction = values.map { b, a in
            PairedChange.Direction(before: b, after: a, minRise: rise.by == .mark ? 1 : rise.minRise)
        }
        if marks != nil || direction != nil {
            let position = person(&people)
            people.add(position, keys: keys, marks: marks, direction: direction)
        }
        guard let direction else {
            notComparable += 1
            return
        }
        change.update(keys) { $0.add(direction) }
    }

    /// Adds the counts of later records, their classes and subjects numbered as `map` says
    /// (nil: as here). Returns false when a person has a record of one subject in both
    /// (``PersonTable/add(_:renumbered:)``: only files with both points in a row keep those).
    @discardableResult
    mutating func add(_ later: ResultCounts, renumbered map: ResultGroups.Renumbering? = nil) -> Bool {
        for point in 0...1 {
            marks[point].add(later.marks[point], renumbered: map)
            scores[point].add(later.scores[point], renumbered: map)
        }
        change.add(later.change, renumbered: map)
        notComparable += later.notComparable
        return people.add(later.people, renumbered: map)
    }
}

/// The persons met: a student's subjects (or a teacher's diagnostics) add up to one
/// ``PersonChange``, counted in the groups of the person's first compared pair; and, for a file
/// with both points in a row, the subjects each person's records named (what makes a repeat).
///
/// A person is 48 bytes in one array and a slot of an ``IntegerKeyTable`` (codes of digits), so
/// a file of a million students keeps about 80 MB; a person's records are 12 bytes each, chained
/// from the person. Records of one person most often come one after another: the person met
/// last is found without a lookup.
struct PersonTable {
    struct Person {
        /// The groups of the person's first compared pair (-1: none; school -1: no pair compared yet).
        var school: Int32 = -1
        var schoolClass: Int32 = -1
        var grade: Int32 = -1
        /// The last of the person's records (``PersonTable/Record``), -1: none kept.
        var lastRecord: Int32 = -1
        var change = PersonChange()
        /// The person's code as a ``CodeWord``; `UInt64.max` for a person met by text.
        var word = UInt64.max

        /// Whether a pair of the person's was compared: only such persons are counted.
        var isCompared: Bool { school >= 0 }

        /// The groups the person is counted in (subject 0: a person has no subject).
        var keys: ResultGroups.Keys {
            ResultGroups.Keys(
                school: Int(school), grade: grade >= 0 ? Int(grade) : nil,
                schoolClass: schoolClass >= 0 ? Int(schoolClass) : nil, subject: 0)
        }
    }

    /// One record of a person in a file with both points in a row: its subject and line, and the
    /// person's record before it (-1: the first).
    struct Record {
        var subject: Int32
        var line: Int32
        var previous: Int32
    }

    /// Who a record is: a code of digits as one word (no String hashed per pair, as codes are
    /// linked), any other code, or without one the normalised ФИО in its school and class (as
    /// records are linked by name). Personal data: kept only while the run counts.
    enum Key {
        case word(UInt64)
        case text(String)
    }

    /// Digit codes → position in ``people``.
    private var words = IntegerKeyTable(minimumCapacity: 1 << 12)
    private var texts: [String: Int] = [:]
    /// Every person met, compared or not (``Person/isCompared``).
    private(set) var people: [Person] = []
    private var records: [Record] = []
    /// The word met last and its person.
    private var lastWord: (word: UInt64, position: Int)?

    /// - Parameter partnerCode: the linked record's code, used when `record` has none.
    static func key(of record: ResultRecord, partnerCode: String?) -> Key {
        if let code = record.code ?? partnerCode {
            return CodeWord.pack(code, group: 0).map(Key.word) ?? .text(code)
        }
        // U+0001 first: no code starts with it, so a name key never equals a code.
        return .text(
            "\u{1}" + MatchKey.of(record.name ?? "") + "\u{1F}\(record.school)\u{1F}" + (record.schoolClass ?? ""))
    }

    /// The person's position, a new one (not compared) when not met before.
    mutating func position(_ key: Key) -> Int {
        switch key {
        case .word(let word): return position(word: word)
        case .text(let text):
            let next = people.count
            let known = texts[text, default: next]
            if known == next {
                texts[text] = next
                people.append(Person())
            }
            return known
        }
    }

    /// The position of the person with the code `word` (``CodeWord``, group 0).
    mutating func position(word: UInt64) -> Int {
        if let last = lastWord, last.word == word { return last.position }
        let next = people.count
        let known = Int(words.insert(word, value: Int32(truncatingIfNeeded: next)).value)
        if known == next { people.append(Person(word: word)) }
        lastWord = (word, known)
        return known
    }

    /// Adds a compared pair of the person at `position` (``position(_:)``), whose groups are
    /// `keys` if it is the person's first.
    mutating func add(
        _ position: Int, keys: ResultGroups.Keys, marks: (before: Int, after: Int)?, direction: PairedChange.Direction?
    ) {
        people.withUnsafeMutableBufferPointer { people in
            if !people[position].isCompared { people[position].take(keys) }
            people[position].change.add(marks: marks, direction: direction)
        }
    }

    /// The line of the person's earlier record of `subject`, or nil and the record is kept.
    mutating func repeatedLine(person position: Int, subject: Int, line: Int32) -> Int32? {
        let subject = Int32(truncatingIfNeeded: subject)
        var index = people[position].lastRecord
        while index >= 0 {
            let record = records[Int(index)]
            if record.subject == subject { return record.line }
            index = record.previous
        }
        records.append(Record(subject: subject, line: line, previous: people[position].lastRecord))
        people[position].lastRecord = Int32(truncatingIfNeeded: records.count - 1)
        return nil
    }

    /// Adds the people of later records (their classes and subjects numbered as `map` says; nil:
    /// as here): one met in both is one person, in the groups of the earlier compared pair.
    /// Returns false when a person has a record of one subject in both (a repeat one pass turns
    /// away); the table is then of no further use.
    mutating func add(_ later: consuming PersonTable, renumbered map: ResultGroups.Renumbering?) -> Bool {
        if people.isEmpty && map == nil {
            self = later
            return true
        }
        var distinct = true
        func take(_ here: Int, _ position: Int) {
            let met = later.people[position]
            if !people[here].isCompared && met.isCompared {
                var keys = met.keys
                if let map { keys.schoolClass = keys.schoolClass.map { map.classes[$0] } }
                people[here].take(keys)
            }
            people[here].change = people[here].change + met.change
            var index = met.lastRecord
            while index >= 0 {
                let record = later.records[Int(index)]
                let subject = map.map { $0.subjects[Int(record.subject)] } ?? Int(record.subject)
                if repeatedLine(person: here, subject: subject, line: record.line) != nil { distinct = false }
                index = record.previous
            }
        }
        // The table at once (its capacity a power of two); the arrays grow as arrays do, not
        // to the exact count on every merge.
        words.reserveCapacity(words.count + later.words.count)
        // In the later people's order: their array is read straight through.
        for (position, person) in later.people.enumerated() where person.word != UInt64.max {
            take(self.position(word: person.word), position)
        }
        for (text, position) in later.texts { take(self.position(.text(text)), position) }
        return distinct
    }

    /// The people's directions by `rule` in their groups (the subject dimension is meaningless
    /// for a person and left at one group); `include` picks the people by school.
    func tally(_ rule: PersonChange.Rule, include: (Int) -> Bool) -> Tally<PairedChange> {
        var tally = Tally(zero: PairedChange())
        for person in people where person.isCompared && include(Int(person.school)) {
            guard let direction = person.change.direction(rule) else { continue }
            tally.update(person.keys) { $0.add(direction) }
        }
        return tally
    }
}

extension PersonTable.Person {
    /// Takes `keys` as the person's groups (those of their first compared pair).
    fileprivate mutating func take(_ keys: ResultGroups.Keys) {
        school = Int32(truncatingIfNeeded: keys.school)
        schoolClass = Int32(truncatingIfNeeded: keys.schoolClass ?? -1)
        grade = Int32(truncatingIfNeeded: keys.grade ?? -1)
    }
}

/// The counts of a file with both points in a row.
private struct WideCount: RecordCount {
    let who: String
    var counts: ResultCounts
    var groups: ResultGroups
    let clean: ResultCleanRows?
    /// A repeated code and subject is a duplicate (the first row kept). A code of digits (as
    /// student codes are) is a person of ``ResultCounts/people``, which keeps the subjects and
    /// lines of their records; any other code is kept as bytes with the subject's key, as in the
    /// kept side of two files, mapped to its line.
    var seen = PointLink()
    var lines: [Int32] = []

    init(who: String, counts: ResultCounts, groups: ResultGroups, clean: ResultCleanRows?) {
        self.who = who
        self.counts = counts
        self.groups = groups
        self.clean = clean
    }

    mutating func count(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        let keys = groups.keys(record)
        let line = Int32(clamping: record.origin.line)
        var person: Int?
        if let code = record.code, let word = CodeWord.pack(code, group: 0) {
            let position = counts.people.position(word: word)
            if let first = counts.people.repeatedLine(person: position, subject: keys.subject, line: line) {
                return Self.duplicate(row, first: Int(first))
            }
            person = position
        } else if case .duplicate(let first) = seen.keep(
            code: record.code, name: nil, codeScope: groups.subjectKey(keys.subject), nameScope: "")
        {
            // The subject's key, not its number: keys are the same in every count, numbers not.
            return Self.duplicate(row, first: Int(lines[first]))
        } else {
            lines.append(line)
        }
        for point in 0...1 where !record.points[point].isEmpty {
            counts.count(record.points[point], point: point, keys: keys)
            try clean?.write(record, who: who, point: point, keys: keys, groups: groups)
        }
        if let person {
            counts.compare(record.points[0], record.points[1], keys: keys) { _ in person }
        } else {
            counts.compare(
                record.points[0], record.points[1], keys: keys, person: PersonTable.key(of: record, partnerCode: nil))
        }
        return nil
    }

    static func duplicate(_ row: Row, first line: Int) -> Rejection {
        Rejection(
            origin: row.origin, reason: .duplicateRecord,
            detail: "повторная запись того же кода и предмета; учтена строка \(line)", cells: row.strings())
    }

    /// The later records' counts are added to these; a code and subject met in both is a repeat
    /// one pass turns away.
    mutating func merge(_ later: consuming WideCount) throws {
        let map = groups.absorb(later.groups)
        guard seen.append(kept: later.seen) else { throw StretchesOverlap() }
        lines += later.lines
        guard counts.add(later.counts, renumbered: map) else { throw StretchesOverlap() }
    }
}
