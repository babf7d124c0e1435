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

    static let unmatchedHeader = ["кто", "этап", "файл", "строка", "код или ФИО (нормализовано)", "школа", "класс", "предмет"]

    /// A record of the kept side: its groups and its values (32 bytes; ``PointLink`` holds its keys).
    private struct Kept {
        var line: Int32
        var school: Int32
        var schoolClass: Int32
        var subject: Int32
        var grade: Int8
        /// -1 none, 0 «н/а», 2…5.
        var mark: Int8
        var score: Double

        var keys: ResultGroups.Keys {
            ResultGroups.Keys(school: Int(school), grade: grade >= 0 ? Int(grade) : nil,
                              schoolClass: schoolClass >= 0 ? Int(schoolClass) : nil, subject: Int(subject))
        }

        var values: ResultRecord.PointValues {
            ResultRecord.PointValues(mark: mark < 0 ? nil : (mark == 0 ? .notAssessed : .mark(Int(mark))), score: score.isNaN ? nil : score)
        }
    }

    init(who: String, rise: PipelineSpec.Rise) {
        self.who = who
        self.rise = rise
        counts = ResultCounts(rise: rise)
    }

    /// Reads the inputs: one with both points, or a `pre` and a `post` one.
    mutating func read(_ inputs: [PipelineSpec.Input], configuration: PipelineConfiguration, groups: inout ResultGroups,
                       ledger: inout Ledger, clean: ResultCleanTable?) throws {
        if inputs.count == 1 {
            try readWide(inputs[0], configuration: configuration, groups: &groups, ledger: &ledger, clean: clean)
            return
        }
        guard let pre = inputs.first(where: { $0.stage == .pre }), let post = inputs.first(where: { $0.stage == .post }) else {
            throw ConfigurationError(file: configuration.path, "нужны входы со stage: pre и stage: post")
        }
        let size = { (input: PipelineSpec.Input) in
            ((try? FileManager.default.attributesOfItem(atPath: configuration.resolve(input.file)))?[.size] as? Int) ?? 0
        }
        let (kept, streamed) = size(post) < size(pre) ? (post, pre) : (pre, post)
        try readPair(kept: kept, streamed: streamed, configuration: configuration, groups: &groups, ledger: &ledger, clean: clean)
    }

    /// One file with both points in a row: the row is the pair. A large file is read in parts
    /// on several threads, each counting its own; the parts are added up in file order.
    private mutating func readWide(_ input: PipelineSpec.Input, configuration: PipelineConfiguration, groups: inout ResultGroups,
                                   ledger: inout Ledger, clean: ResultCleanTable?) throws {
        let start = groups
        let written = clean?.length ?? 0
        // The first part writes the clean table itself, the others files of their own appended after it.
        let (result, parts) = try InputReader.streamResults(
            input, configuration: configuration, point: input.stage.map(Self.point) ?? .pre, ledger: &ledger,
            threads: configuration.threads, separable: WideCount.separable, restart: { try clean?.truncate(to: written) }
        ) { index, _ in
            WideCount(who: who, counts: ResultCounts(rise: rise), groups: start, clean: index > 0 ? try clean?.part() : clean)
        }
        for part in parts {
            counts.add(part.counts, renumbered: groups.absorb(part.groups))
            if let table = part.clean, table !== clean { try clean?.append(table) }
        }
        ledger.note(input: input.id, stage: "link", ["paired_in_row": change.total.total, "not_comparable": notComparable])
        inputs.append(result)
    }

    static func point(_ stage: PipelineSpec.Stage) -> Column.Point { stage == .pre ? .pre : .post }

    /// Compares a streamed record with its kept partner, or counts and lists it as unmatched.
    private mutating func pair(_ values: ResultRecord.PointValues, _ keys: ResultGroups.Keys, _ record: ResultRecord, with partner: Kept?,
                               streamedPoint: Int, groups: ResultGroups, register: SchoolRegister) {
        guard let partner else {
            unmatched[streamedPoint] += 1
            unmatchedRows.append([who, streamedPoint == 0 ? "до" : "после", record.origin.file, String(record.origin.line),
                                  record.code ?? record.name.map(MatchKey.of) ?? "", register.schools[record.school].name,
                                  record.schoolClass ?? "", groups.subjects[keys.subject]])
            return
        }
        // The follow-up's school, class and subject: where the March result was achieved.
        if streamedPoint == 1 {
            counts.compare(partner.values, values, keys: keys)
        } else {
            counts.compare(values, partner.values, keys: partner.keys)
        }
    }

    private mutating func readPair(kept keptInput: PipelineSpec.Input, streamed streamedInput: PipelineSpec.Input,
                                   configuration: PipelineConfiguration, groups: inout ResultGroups, ledger: inout Ledger,
                                   clean: ResultCleanTable?) throws {
        let keptPoint = keptInput.stage == .pre ? 0 : 1
        let streamedPoint = 1 - keptPoint
        var link = PointLink()
        var kept: [Kept] = []
        var waiting: [(values: ResultRecord.PointValues, keys: ResultGroups.Keys, record: ResultRecord)] = []
        var this = self
        // Interned groups: the name scope's class is the school's class (-1: none).
        func scopes(_ record: ResultRecord, _ keys: ResultGroups.Keys) -> (code: Int, name: (Int, Int, Int)) {
            (keys.subject, (record.school, keys.schoolClass ?? -1, keys.subject))
        }

        let keptResult = try InputReader.streamResults(keptInput, configuration: configuration, point: Self.point(keptInput.stage ?? .pre),
                                                       ledger: &ledger) { record, row, _ in
            let keys = groups.keys(record)
            let scope = scopes(record, keys)
            if case .duplicate(let first) = link.keep(code: record.code, name: record.name, codeScope: scope.code, nameScope: scope.name) {
                return Rejection(origin: row.origin, reason: .duplicateRecord,
                                 detail: "повторная запись того же кода и предмета; учтена строка \(kept[first].line)", cells: row.strings())
            }
            let values = record.points[keptPoint]
            let mark: Int8 = switch values.mark {
            case .mark(let value): Int8(value)
            case .notAssessed: 0
            case nil: -1
            }
            kept.append(Kept(line: Int32(clamping: record.origin.line), school: Int32(keys.school), schoolClass: Int32(keys.schoolClass ?? -1),
                             subject: Int32(keys.subject), grade: Int8(clamping: keys.grade ?? -1), mark: mark, score: values.score ?? .nan))
            this.counts.count(values, point: keptPoint, keys: keys)
            try clean?.write(record, who: this.who, point: keptPoint, subject: groups.subjects[keys.subject])
            return nil
        }

        let streamedResult = try InputReader.streamResults(streamedInput, configuration: configuration,
                                                           point: Self.point(streamedInput.stage ?? .post), ledger: &ledger) { record, row, _ in
            let keys = groups.keys(record)
            let scope = scopes(record, keys)
            let partner: Int?
            switch link.match(code: record.code, name: record.name, codeScope: scope.code, nameScope: scope.name, line: record.origin.line) {
            case .partner(let index, _): partner = index
            case .pending:
                // Settled once the file has ended: its values wait here (links by name are few).
                waiting.append((record.points[streamedPoint], keys, record))
                this.counts.count(record.points[streamedPoint], point: streamedPoint, keys: keys)
                try clean?.write(record, who: this.who, point: streamedPoint, subject: groups.subjects[keys.subject])
                return nil
            case .none: partner = nil
            case .duplicateOfKept:
                return Rejection(origin: row.origin, reason: .duplicateRecord,
                                 detail: "повторная запись того же кода и предмета (пара уже найдена)", cells: row.strings())
            case .duplicateOfStreamed(let line):
                return Rejection(origin: row.origin, reason: .duplicateRecord,
                                 detail: "повторная запись того же кода и предмета; учтена строка \(line)", cells: row.strings())
            }
            let values = record.points[streamedPoint]
            this.counts.count(values, point: streamedPoint, keys: keys)
            try clean?.write(record, who: this.who, point: streamedPoint, subject: groups.subjects[keys.subject])
            this.pair(values, keys, record, with: partner.map { kept[$0] }, streamedPoint: streamedPoint, groups: groups,
                      register: configuration.register)
            return nil
        }
        for ((values, keys, record), partner) in zip(waiting, link.settle()) {
            this.pair(values, keys, record, with: partner.map { kept[$0] }, streamedPoint: streamedPoint, groups: groups,
                      register: configuration.register)
        }
        self = this
        linkedByCode = link.linkedByCode
        linkedByName = link.linkedByName
        ambiguousNames = link.ambiguousNames
        for (index, record) in kept.enumerated() where !link.isPaired(index) {
            unmatched[keptPoint] += 1
            // Names are kept as fingerprints only: a record without a code is found by its file and line.
            unmatchedRows.append([who, keptPoint == 0 ? "до" : "после", keptResult.path, String(record.line), link.code(of: index) ?? "",
                                  configuration.register.schools[Int(record.school)].name,
                                  record.schoolClass >= 0 ? groups.classes[Int(record.schoolClass)].label : "",
                                  groups.subjects[Int(record.subject)]])
        }
        unmatchedRows.sort { ($0[1], $0[2], Int($0[3]) ?? 0) < ($1[1], $1[2], Int($1[3]) ?? 0) }
        let linked = linkedByCode + linkedByName
        ledger.note(input: keptInput.id, stage: "link", ["linked": linked, "unmatched": unmatched[keptPoint]])
        ledger.note(input: streamedInput.id, stage: "link", ["linked": linked, "linked_by_name": linkedByName,
                                                             "unmatched": unmatched[streamedPoint], "not_comparable": notComparable])
        inputs = keptPoint == 0 ? [keptResult, streamedResult] : [streamedResult, keptResult]
    }
}

/// What a run counts of records: marks and scores per point and group, and the change of pairs.
struct ResultCounts {
    let rise: PipelineSpec.Rise
    var marks = [Tally(zero: MarkDistribution()), Tally(zero: MarkDistribution())]
    var scores = [Tally(zero: ScoreSum()), Tally(zero: ScoreSum())]
    var change = Tally(zero: PairedChange())
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

    /// Adds a linked pair to the change counters, or notes it as not comparable.
    mutating func compare(_ before: ResultRecord.PointValues, _ after: ResultRecord.PointValues, keys: ResultGroups.Keys) {
        let values: (Double, Double)?
        switch rise.by {
        case .mark: values = before.mark?.value.flatMap { b in after.mark?.value.map { (Double(b), Double($0)) } }
        case .score: values = before.score.flatMap { b in after.score.map { (b, $0) } }
        }
        guard let (b, a) = values else {
            notComparable += 1
            return
        }
        let minRise = rise.by == .mark ? 1 : rise.minRise
        change.update(keys) { $0.add(before: b, after: a, minRise: minRise) }
    }

    /// Adds the counts of a part of the same file.
    mutating func add(_ part: ResultCounts, renumbered map: ResultGroups.Renumbering) {
        for point in 0...1 {
            marks[point].add(part.marks[point], renumbered: map)
            scores[point].add(part.scores[point], renumbered: map)
        }
        change.add(part.change, renumbered: map)
        notComparable += part.notComparable
    }
}

/// One part's counts of a file with both points in a row.
private struct WideCount: RecordSink {
    let who: String
    var counts: ResultCounts
    var groups: ResultGroups
    let clean: ResultCleanTable?
    /// A repeated code and subject is a duplicate (the first row kept); the codes are the only
    /// thing held, as in the kept side of two files.
    var seen = PointLink()
    var lines: [Int] = []

    init(who: String, counts: ResultCounts, groups: ResultGroups, clean: ResultCleanTable?) {
        self.who = who
        self.counts = counts
        self.groups = groups
        self.clean = clean
    }

    mutating func record(_ record: ResultRecord, row: Row, binding: InstrumentBinding) throws -> Rejection? {
        let keys = groups.keys(record)
        // The subject's key, not its number: numbers differ between parts, keys do not.
        if case .duplicate(let first) = seen.keep(code: record.code, name: nil, codeScope: groups.subjectKey(keys.subject), nameScope: "") {
            return Rejection(origin: row.origin, reason: .duplicateRecord,
                             detail: "повторная запись того же кода и предмета; учтена строка \(lines[first])", cells: row.strings())
        }
        lines.append(record.origin.line)
        for point in 0...1 where !record.points[point].isEmpty {
            counts.count(record.points[point], point: point, keys: keys)
            try clean?.write(record, who: who, point: point, subject: groups.subjects[keys.subject])
        }
        counts.compare(record.points[0], record.points[1], keys: keys)
        return nil
    }

    /// Parts add up only when no part repeats a code and subject of an earlier part.
    static func separable(_ parts: [WideCount]) -> Bool {
        for (index, part) in parts.enumerated() {
            for earlier in parts[..<index] where part.seen.sharesCode(with: earlier.seen) { return false }
        }
        return true
    }
}