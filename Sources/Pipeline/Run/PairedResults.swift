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
    /// Per point (0 baseline, 1 follow-up): every record's mark and score, linked or not.
    var marks = [Tally(zero: MarkDistribution()), Tally(zero: MarkDistribution())]
    var scores = [Tally(zero: ScoreSum()), Tally(zero: ScoreSum())]
    /// Linked pairs with values at both points, counted in the follow-up's groups.
    var change = Tally(zero: PairedChange())
    var linkedByCode = 0
    var linkedByName = 0
    /// Linked, or paired in one row, but without a comparable value at one of the points.
    var notComparable = 0
    /// Records without a partner, per point.
    var unmatched = [0, 0]
    /// Name keys shared by several records of the kept side: not used for linking.
    var ambiguousNames = 0
    /// private/unmatched.csv rows.
    var unmatchedRows: [[String]] = []
    var inputs: [InputResult] = []

    static let unmatchedHeader = ["кто", "этап", "файл", "строка", "код или ФИО (нормализовано)", "школа", "класс", "предмет"]

    /// A record of the kept side: its groups, its values, whether it found its partner.
    private struct Kept {
        var line: Int32
        var school: Int32
        var schoolClass: Int32
        var subject: Int32
        var grade: Int8
        /// -1 none, 0 «н/а», 2…5.
        var mark: Int8
        var matched = false
        /// Position of its key in the code table (-1: none), for the private listing.
        var codeKey: Int32
        var score: Double

        var hasCode: Bool { codeKey >= 0 }

        var keys: ResultGroups.Keys {
            ResultGroups.Keys(school: Int(school), grade: grade >= 0 ? Int(grade) : nil,
                              schoolClass: schoolClass >= 0 ? Int(schoolClass) : nil, subject: Int(subject))
        }

        var values: ResultRecord.PointValues {
            ResultRecord.PointValues(mark: mark < 0 ? nil : (mark == 0 ? .notAssessed : .mark(Int(mark))), score: score.isNaN ? nil : score)
        }
    }

    private static let ambiguous = Int32.max

    init(who: String, rise: PipelineSpec.Rise) {
        self.who = who
        self.rise = rise
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

    private mutating func count(_ record: ResultRecord, point: Int, keys: ResultGroups.Keys) {
        let values = record.points[point]
        count(values, point: point, keys: keys)
    }

    private mutating func count(_ values: ResultRecord.PointValues, point: Int, keys: ResultGroups.Keys) {
        switch values.mark {
        case .mark(let mark): marks[point].update(keys) { $0.add(mark: mark) }
        case .notAssessed: marks[point].update(keys) { $0.addNotAssessed() }
        case nil: break
        }
        if let score = values.score { scores[point].update(keys) { $0.add(score) } }
    }

    /// Adds a linked pair to the change counters, or notes it as not comparable.
    private mutating func compare(_ before: ResultRecord.PointValues, _ after: ResultRecord.PointValues, keys: ResultGroups.Keys) {
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

    private mutating func readWide(_ input: PipelineSpec.Input, configuration: PipelineConfiguration, groups: inout ResultGroups,
                                   ledger: inout Ledger, clean: ResultCleanTable?) throws {
        var this = self
        let result = try InputReader.streamResults(input, configuration: configuration, point: input.stage.map(Self.point) ?? .pre,
                                                   ledger: &ledger) { record, _, _ in
            let keys = groups.keys(record)
            for point in 0...1 where !record.points[point].isEmpty {
                this.count(record, point: point, keys: keys)
                try clean?.write(record, who: this.who, point: point, subject: groups.subjects[keys.subject])
            }
            this.compare(record.points[0], record.points[1], keys: keys)
            return nil
        }
        self = this
        ledger.note(input: input.id, stage: "link", ["paired_in_row": change.total.total, "not_comparable": notComparable])
        inputs.append(result)
    }

    static func point(_ stage: PipelineSpec.Stage) -> Column.Point { stage == .pre ? .pre : .post }

    private static func codeKey(_ code: String, subject: Int) -> String { MatchKey.of(code) + "\u{1F}\(subject)" }

    /// The name key's fingerprint: 16 bytes per record instead of the ФИО's 60 or so.
    private static func nameKey(_ record: ResultRecord, subject: Int) -> (UInt64, UInt64)? {
        record.name.map { CompactKeyTable.fingerprint(MatchKey.of($0) + "\u{1F}\(record.school)\u{1F}\(record.schoolClass ?? "")\u{1F}\(subject)") }
    }

    private mutating func readPair(kept keptInput: PipelineSpec.Input, streamed streamedInput: PipelineSpec.Input,
                                   configuration: PipelineConfiguration, groups: inout ResultGroups, ledger: inout Ledger,
                                   clean: ResultCleanTable?) throws {
        let keptPoint = keptInput.stage == .pre ? 0 : 1
        let streamedPoint = 1 - keptPoint
        var codes = CompactKeyTable()
        var names = CompactKeyTable()
        var codeRecord: [Int32] = []
        var nameRecord: [Int32] = []
        var kept: [Kept] = []
        var this = self

        let keptResult = try InputReader.streamResults(keptInput, configuration: configuration, point: Self.point(keptInput.stage ?? .pre),
                                                       ledger: &ledger) { record, row, _ in
            let keys = groups.keys(record)
            var codeKey: Int32 = -1
            if let code = record.code {
                let (index, inserted) = codes.insert(Self.codeKey(code, subject: keys.subject))
                codeKey = Int32(index)
                guard inserted else {
                    return Rejection(origin: row.origin, reason: .duplicateRecord,
                                     detail: "повторная запись того же кода и предмета; учтена строка \(kept[Int(codeRecord[index])].line)",
                                     cells: row.strings())
                }
                codeRecord.append(Int32(kept.count))
            }
            if let key = Self.nameKey(record, subject: keys.subject) {
                let (index, inserted) = names.insert(fingerprint: key)
                if inserted {
                    nameRecord.append(Int32(kept.count))
                } else if nameRecord[index] != Self.ambiguous {
                    nameRecord[index] = Self.ambiguous
                    this.ambiguousNames += 1
                }
            }
            let values = record.points[keptPoint]
            let mark: Int8 = switch values.mark {
            case .mark(let value): Int8(value)
            case .notAssessed: 0
            case nil: -1
            }
            kept.append(Kept(line: Int32(clamping: record.origin.line), school: Int32(keys.school), schoolClass: Int32(keys.schoolClass ?? -1),
                             subject: Int32(keys.subject), grade: Int8(clamping: keys.grade ?? -1), mark: mark,
                             codeKey: codeKey, score: values.score ?? .nan))
            this.count(values, point: keptPoint, keys: keys)
            try clean?.write(record, who: this.who, point: keptPoint, subject: groups.subjects[keys.subject])
            return nil
        }

        var byCode = 0
        var byName = 0
        // Codes of the streamed side that found no partner by code: a repeat of one is a duplicate
        // too, so the books do not depend on which file was kept (only these few are held).
        var otherCodes = CompactKeyTable(minimumCapacity: 256)
        var otherLines: [Int32] = []
        let streamedResult = try InputReader.streamResults(streamedInput, configuration: configuration,
                                                           point: Self.point(streamedInput.stage ?? .post), ledger: &ledger) { record, row, _ in
            let keys = groups.keys(record)
            var partner: Int?
            if let code = record.code {
                let key = Self.codeKey(code, subject: keys.subject)
                if let index = codes.find(key) {
                    let candidate = Int(codeRecord[index])
                    guard !kept[candidate].matched else {
                        return Rejection(origin: row.origin, reason: .duplicateRecord,
                                         detail: "повторная запись того же кода и предмета (пара уже найдена)", cells: row.strings())
                    }
                    partner = candidate
                    byCode += 1
                } else {
                    let (index, inserted) = otherCodes.insert(key)
                    guard inserted else {
                        return Rejection(origin: row.origin, reason: .duplicateRecord,
                                         detail: "повторная запись того же кода и предмета; учтена строка \(otherLines[index])", cells: row.strings())
                    }
                    otherLines.append(Int32(clamping: record.origin.line))
                }
            }
            if partner == nil, let key = Self.nameKey(record, subject: keys.subject), let index = names.find(fingerprint: key) {
                let candidate = nameRecord[index]
                if candidate != Self.ambiguous, !kept[Int(candidate)].matched, !kept[Int(candidate)].hasCode || record.code == nil {
                    partner = Int(candidate)
                    byName += 1
                }
            }
            let values = record.points[streamedPoint]
            this.count(values, point: streamedPoint, keys: keys)
            try clean?.write(record, who: this.who, point: streamedPoint, subject: groups.subjects[keys.subject])
            guard let partner else {
                this.unmatched[streamedPoint] += 1
                this.unmatchedRows.append([this.who, streamedPoint == 0 ? "до" : "после", record.origin.file, String(record.origin.line),
                                           record.code ?? record.name.map(MatchKey.of) ?? "", configuration.register.schools[record.school].name,
                                           record.schoolClass ?? "", groups.subjects[keys.subject]])
                return nil
            }
            kept[partner].matched = true
            let other = kept[partner].values
            // The follow-up's school, class and subject: where the March result was achieved.
            let pairKeys = streamedPoint == 1 ? keys : kept[partner].keys
            if streamedPoint == 1 {
                this.compare(other, values, keys: pairKeys)
            } else {
                this.compare(values, other, keys: pairKeys)
            }
            return nil
        }
        self = this
        linkedByCode = byCode
        linkedByName = byName
        for record in kept where !record.matched {
            unmatched[keptPoint] += 1
            // Names are kept as fingerprints only: a record without a code is found by its file and line.
            let key = record.hasCode ? codes.key(at: Int(record.codeKey)).split(separator: "\u{1F}").first.map(String.init) ?? "" : ""
            unmatchedRows.append([who, keptPoint == 0 ? "до" : "после", keptResult.path, String(record.line), key,
                                  configuration.register.schools[Int(record.school)].name,
                                  record.schoolClass >= 0 ? groups.classes[Int(record.schoolClass)].label : "",
                                  groups.subjects[Int(record.subject)]])
        }
        unmatchedRows.sort { ($0[1], $0[2], Int($0[3]) ?? 0) < ($1[1], $1[2], Int($1[3]) ?? 0) }
        ledger.note(input: keptInput.id, stage: "link", ["linked": byCode + byName, "unmatched": unmatched[keptPoint]])
        ledger.note(input: streamedInput.id, stage: "link", ["linked": byCode + byName, "linked_by_name": byName,
                                                             "unmatched": unmatched[streamedPoint], "not_comparable": notComparable])
        inputs = keptPoint == 0 ? [keptResult, streamedResult] : [streamedResult, keptResult]
    }
}
