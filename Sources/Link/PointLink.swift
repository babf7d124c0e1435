import ByteTables
import Clean

/// Pairs the records of two points of a measurement — the same person and subject at the
/// baseline and the follow-up — by ``LinkRule``, holding only the kept side, as compact keys.
///
/// The kept side is read first (``keep(code:name:codeScope:nameScope:)``), then every record of
/// the other side is matched as it streams past (``match(code:name:codeScope:nameScope:line:)``),
/// then the links by name are settled (``settle()``). Records pair by code within their code
/// scope (the subject); where either side lacks a code, by normalised ФИО within the name scope
/// (school, class, subject) when that name is unique at both points and the kept record found
/// no partner by code. Codes are compared byte for byte; names by a 128-bit fingerprint, so the
/// kept side costs about 16 bytes per name instead of the name itself. Every rule reads the same
/// from either side, so which file is kept changes no pair.
public struct PointLink: Sendable {
    public enum Method: String, Sendable { case code, name }

    /// What became of a record of the kept side.
    public enum Kept: Sendable, Equatable {
        /// Its position among the kept records.
        case kept(Int)
        /// The same code and scope as the kept record at this position.
        case duplicate(of: Int)
    }

    /// What became of a record of the streamed side.
    public enum Match: Sendable, Equatable {
        /// Paired by code with the kept record at this position.
        case partner(Int, Method)
        /// A link by name, to be confirmed by ``settle()``: the ticket is this record's place in its answer.
        case pending(ticket: Int)
        /// The same code and scope as a kept record already paired.
        case duplicateOfKept(Int)
        /// The same code and scope as an earlier streamed record (its line) that found no partner by code.
        case duplicateOfStreamed(line: Int)
        case none
    }

    private static let ambiguous = Int32.max
    /// `codeOf` of a kept record without a code, and of one whose code is a word.
    private static let noCode: Int32 = -1
    private static let wordCode: Int32 = -2
    /// The key being looked up, laid out in place (no String per record).
    private var scratch: [UInt8] = []
    /// Codes of digits (as student codes are) with their scope's number (``CodeWord``) → kept record.
    private var words = IntegerKeyTable()
    /// Code scopes met on the kept side, numbered for the words.
    private var scopes = CompactKeyTable(minimumCapacity: 16)
    /// Per kept record: its code's word, when it has one.
    private var wordOf: [UInt64] = []
    /// The scope numbered last, and its number (-1: none yet).
    private var lastScope: (bytes: [UInt8], number: Int) = ([], -1)
    /// Any other code, as bytes: its match key, 0x1F, the scope.
    private var codes = CompactKeyTable()
    private var names = CompactKeyTable()
    private var codeRecord: [Int32] = []
    private var nameRecord: [Int32] = []
    /// Per kept record: its position in the code table (or ``noCode``, ``wordCode``) and in the
    /// name table (-1: none), whether it is paired.
    private var codeOf: [Int32] = []
    private var nameOf: [Int32] = []
    private var paired: [Bool] = []
    private var otherCodes = CompactKeyTable(minimumCapacity: 256)
    private var otherLines: [Int] = []
    /// Per name key of the kept side: how many streamed records carry it.
    private var streamedNames: [UInt32] = []
    /// Links by name waiting for the streamed side to end: the kept record and its name key.
    private var pending: [(kept: Int32, name: Int32)] = []

    public private(set) var linkedByCode = 0
    public private(set) var linkedByName = 0
    /// Name keys shared by several kept records: not used for linking.
    public private(set) var ambiguousNames = 0

    public init() {}

    /// Kept records.
    public var count: Int { paired.count }

    public func isPaired(_ index: Int) -> Bool { paired[index] }

    /// True when a code (with its scope) kept here is also kept in `other`.
    public func sharesCode(with other: PointLink) -> Bool {
        guard let scopes = other.scopeNumbers(in: self) else { return true }
        if codes.sharesKey(with: other.codes) { return true }
        var shared = false
        other.words.forEach { word, _ in
            guard !shared, let scope = scopes[CodeWord.group(of: word)] else { return }
            shared = words.value(of: CodeWord.regrouped(word, as: scope)) != nil
        }
        return shared
    }

    /// What each of this link's scopes is numbered in `other` (nil: not there); nil when either
    /// link has more scopes than words number, and a code might be a word in one and bytes in the other.
    private func scopeNumbers(in other: PointLink) -> [Int?]? {
        guard scopes.count <= CodeWord.groups && other.scopes.count <= CodeWord.groups else { return nil }
        return (0..<scopes.count).map { index in scopes.withKey(at: index) { other.scopes.find($0) } }
    }

    /// The kept record's code as compared (normalised), for private listings.
    public func code(of index: Int) -> String? {
        switch codeOf[index] {
        case Self.noCode: return nil
        case Self.wordCode: return CodeWord.code(of: wordOf[index])
        default: return codes.key(at: Int(codeOf[index])).split(separator: "\u{1F}").first.map(String.init)
        }
    }

    /// The word of `code` in `scope`, numbering the scope if it is new (keeping) or not
    /// (matching: a scope the kept side never had holds no word).
    private mutating func word(_ code: String, scope: UnsafeRawBufferPointer, numbering: Bool) -> UInt64? {
        // Records come in runs of one subject or a student's few in turn: comparing the scope
        // with the last one's costs less than hashing it.
        if lastScope.number < 0 || !lastScope.bytes.withUnsafeBytes({ $0.hasSameBytes(as: scope) }) {
            guard let number = numbering ? scopes.insert(scope).index : scopes.find(scope) else { return nil }
            lastScope.bytes.removeAll(keepingCapacity: true)
            lastScope.bytes.append(contentsOf: scope)
            lastScope.number = number
        }
        return CodeWord.pack(code, group: lastScope.number)
    }

    /// Lays out a code's key — its match key, 0x1F, the scope — in the reused buffer.
    private mutating func codeKey(_ code: String, scope: UnsafeRawBufferPointer) {
        scratch.removeAll(keepingCapacity: true)
        var code = code
        code.withUTF8 { MatchKey.appendAny(UnsafeRawBufferPointer($0), to: &scratch) }
        scratch.append(0x1F)
        scratch.append(contentsOf: scope)
    }

    private mutating func nameKey(_ name: String, scope: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        codeKey(name, scope: scope)
        return scratch.withUnsafeBytes { CompactKeyTable.fingerprint($0) }
    }

    public mutating func keep(code: String?, name: String?, codeScope: String, nameScope: String) -> Kept {
        var codeScope = codeScope
        var nameScope = nameScope
        return codeScope.withUTF8 { codeBytes in
            nameScope.withUTF8 { nameBytes in
                keep(
                    code: code, name: name, codeScope: UnsafeRawBufferPointer(codeBytes),
                    nameScope: UnsafeRawBufferPointer(nameBytes))
            }
        }
    }

    /// ``keep(code:name:codeScope:nameScope:)`` with scopes of interned groups: no text per record.
    public mutating func keep(code: String?, name: String?, codeScope: Int, nameScope: (Int, Int, Int)) -> Kept {
        withUnsafeBytes(of: codeScope) { codeBytes in
            withUnsafeBytes(of: nameScope) { nameBytes in
                keep(code: code, name: name, codeScope: codeBytes, nameScope: nameBytes)
            }
        }
    }

    public mutating func match(code: String?, name: String?, codeScope: String, nameScope: String, line: Int) -> Match {
        var codeScope = codeScope
        var nameScope = nameScope
        return codeScope.withUTF8 { codeBytes in
            nameScope.withUTF8 { nameBytes in
                match(
                    code: code, name: name, codeScope: UnsafeRawBufferPointer(codeBytes),
                    nameScope: UnsafeRawBufferPointer(nameBytes), line: line)
            }
        }
    }

    /// ``match(code:name:codeScope:nameScope:line:)`` with scopes of interned groups.
    public mutating func match(code: String?, name: String?, codeScope: Int, nameScope: (Int, Int, Int), line: Int)
        -> Match
    {
        withUnsafeBytes(of: codeScope) { codeBytes in
            withUnsafeBytes(of: nameScope) { nameBytes in
                match(code: code, name: name, codeScope: codeBytes, nameScope: nameBytes, line: line)
            }
        }
    }

    /// ``keep(code:name:codeScope:nameScope:)`` with scopes as bytes the caller lays out (the
    /// same bytes for the same scope in every part of a file).
    public mutating func keep(
        code: String?, name: String?, codeScope: UnsafeRawBufferPointer, nameScope: UnsafeRawBufferPointer
    ) -> Kept {
        var fingerprint: (UInt64, UInt64)?
        if let name { fingerprint = nameKey(name, scope: nameScope) }
        guard let code else { return keep(nil, nameFingerprint: fingerprint) }
        if let word = word(code, scope: codeScope, numbering: true) {
            return keep(.word(word), nameFingerprint: fingerprint)
        }
        codeKey(code, scope: codeScope)
        let key = scratch
        return key.withUnsafeBytes { keep(.bytes($0), nameFingerprint: fingerprint) }
    }

    /// A kept record's code, as it is held.
    private enum HeldCode {
        case word(UInt64)
        case bytes(UnsafeRawBufferPointer)
    }

    private mutating func keep(_ code: HeldCode?, nameFingerprint: (UInt64, UInt64)?) -> Kept {
        var codeIndex = Self.noCode
        var word: UInt64 = 0
        switch code {
        case .word(let held):
            let (first, inserted) = words.insert(held, value: Int32(count))
            guard inserted else { return .duplicate(of: Int(first)) }
            codeIndex = Self.wordCode
            word = held
        case .bytes(let key):
            let (index, inserted) = codes.insert(key)
            guard inserted else { return .duplicate(of: Int(codeRecord[index])) }
            codeRecord.append(Int32(count))
            codeIndex = Int32(index)
        case nil:
            break
        }
        var nameIndex: Int32 = -1
        if let nameFingerprint {
            let (index, inserted) = names.insert(fingerprint: nameFingerprint)
            if inserted {
                nameRecord.append(Int32(count))
                streamedNames.append(0)
            } else if nameRecord[index] != Self.ambiguous {
                nameRecord[index] = Self.ambiguous
                ambiguousNames += 1
            }
            nameIndex = Int32(index)
        }
        codeOf.append(codeIndex)
        wordOf.append(word)
        nameOf.append(nameIndex)
        paired.append(false)
        return .kept(count - 1)
    }

    /// Adds the kept records of `other` — those of records that follow this link's own in the
    /// same file, nothing matched yet — after this link's own, as if kept here one by one. False
    /// when one of its codes is already kept here (a repeat one pass turns away): this link is
    /// not to be used then.
    public mutating func append(kept other: PointLink) -> Bool {
        for index in 0..<other.scopes.count { _ = other.scopes.withKey(at: index) { scopes.insert($0) } }
        guard let renumbered = other.scopeNumbers(in: self) else { return false }
        for record in 0..<other.count {
            let code = other.codeOf[record]
            let name = Int(other.nameOf[record])
            let fingerprint: (UInt64, UInt64)? =
                name < 0
                ? nil
                : other.names.withKey(at: name) { bytes in
                    (bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                }
            let kept: Kept
            switch code {
            case Self.noCode:
                kept = keep(nil, nameFingerprint: fingerprint)
            case Self.wordCode:
                let word = other.wordOf[record]
                guard let scope = renumbered[CodeWord.group(of: word)] else { return false }
                kept = keep(.word(CodeWord.regrouped(word, as: scope)), nameFingerprint: fingerprint)
            default:
                kept = other.codes.withKey(at: Int(code)) { keep(.bytes($0), nameFingerprint: fingerprint) }
            }
            if case .duplicate = kept { return false }
        }
        return true
    }

    /// Takes in what later records of the streamed side found, matched on a copy (`part`) of
    /// this link as it stood before the streamed side began (`start`). False when they repeat a
    /// record matched here — a kept record paired twice, an unmatched code met twice — which one
    /// pass would have turned away: this link is not to be used then.
    public mutating func absorb(streamed part: PointLink, from start: PointLink) -> Bool {
        for index in 0..<count where part.paired[index] && !start.paired[index] {
            if paired[index] { return false }
            paired[index] = true
        }
        for index in start.otherCodes.count..<part.otherCodes.count {
            let inserted = part.otherCodes.withKey(at: index) { otherCodes.insert($0).inserted }
            guard inserted else { return false }
            otherLines.append(part.otherLines[index])
        }
        for index in streamedNames.indices {
            streamedNames[index] += part.streamedNames[index] - start.streamedNames[index]
        }
        pending += part.pending[start.pending.count...]
        linkedByCode += part.linkedByCode - start.linkedByCode
        return true
    }

    /// ``match(code:name:codeScope:nameScope:line:)`` with scopes as bytes the caller lays out.
    public mutating func match(
        code: String?, name: String?, codeScope: UnsafeRawBufferPointer, nameScope: UnsafeRawBufferPointer, line: Int
    ) -> Match {
        var nameIndex: Int?
        if let name { nameIndex = names.find(fingerprint: nameKey(name, scope: nameScope)) }
        if let code {
            let candidate: Int?
            var laidOut = false
            if let word = word(code, scope: codeScope, numbering: false) {
                candidate = words.value(of: word).map(Int.init)
            } else {
                codeKey(code, scope: codeScope)
                laidOut = true
                candidate = scratch.withUnsafeBytes { codes.find($0) }.map { Int(codeRecord[$0]) }
            }
            if let candidate {
                guard !paired[candidate] else { return .duplicateOfKept(candidate) }
                paired[candidate] = true
                linkedByCode += 1
                if let nameIndex { streamedNames[nameIndex] += 1 }
                return .partner(candidate, .code)
            }
            // Codes without a partner are few: they are held as bytes, whatever their kind.
            if !laidOut { codeKey(code, scope: codeScope) }
            let (index, inserted) = scratch.withUnsafeBytes { otherCodes.insert($0) }
            guard inserted else { return .duplicateOfStreamed(line: otherLines[index]) }
            otherLines.append(line)
        }
        // Every streamed name but a duplicate's is counted, so a name shared at this point links nobody.
        if let nameIndex { streamedNames[nameIndex] += 1 }
        if let nameIndex {
            let candidate = nameRecord[nameIndex]
            let unique = candidate != Self.ambiguous
            if LinkRule.nameMayLink(
                keptNameIsUnique: unique, keptHasCode: unique && codeOf[Int(candidate)] != Self.noCode,
                streamedHasCode: code != nil)
            {
                pending.append((candidate, Int32(nameIndex)))
                return .pending(ticket: pending.count - 1)
            }
        }
        return .none
    }

    /// Settles the links by name once the streamed side has ended: per ticket, the kept partner,
    /// or nil when the name turned out shared at the follow-up or its kept record paired by code.
    public mutating func settle() -> [Int?] {
        let settled = pending.map { link -> Int? in
            guard
                LinkRule.nameLinkStands(
                    streamedWithName: Int(streamedNames[Int(link.name)]), keptPairedByCode: paired[Int(link.kept)])
            else {
                return nil
            }
            paired[Int(link.kept)] = true
            linkedByName += 1
            return Int(link.kept)
        }
        pending = []
        return settled
    }
}
