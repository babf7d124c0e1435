import Clean

/// Pairs the records of two points of a measurement — the same person and subject at the
/// baseline and the follow-up — holding only the kept side, as compact keys.
///
/// The kept side is read first (``keep(code:name:codeScope:nameScope:)``), then every record of
/// the other side is matched as it streams past (``match(code:name:codeScope:nameScope:line:)``).
/// Records pair by code within their code scope (the subject); where either side lacks a code,
/// by normalised ФИО within the name scope (school, class, subject) when that name is unique on
/// the kept side. Codes are compared byte for byte; names by a 128-bit fingerprint, so the
/// kept side costs about 16 bytes per name instead of the name itself. A repeated code at
/// either point is a duplicate whichever side is kept, so the books do not depend on it.
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
        case partner(Int, Method)
        /// The same code and scope as a kept record already paired.
        case duplicateOfKept(Int)
        /// The same code and scope as an earlier streamed record (its line) that found no partner by code.
        case duplicateOfStreamed(line: Int)
        case none
    }

    private static let ambiguous = Int32.max
    private var codes = CompactKeyTable()
    private var names = CompactKeyTable()
    private var codeRecord: [Int32] = []
    private var nameRecord: [Int32] = []
    /// Per kept record: its position in the code table (-1: no code), whether it is paired.
    private var codeOf: [Int32] = []
    private var paired: [Bool] = []
    private var otherCodes = CompactKeyTable(minimumCapacity: 256)
    private var otherLines: [Int] = []

    public private(set) var linkedByCode = 0
    public private(set) var linkedByName = 0
    /// Name keys shared by several kept records: not used for linking.
    public private(set) var ambiguousNames = 0

    public init() {}

    /// Kept records.
    public var count: Int { paired.count }

    public func isPaired(_ index: Int) -> Bool { paired[index] }

    /// The kept record's code as compared (normalised), for private listings.
    public func code(of index: Int) -> String? {
        guard codeOf[index] >= 0 else { return nil }
        return codes.key(at: Int(codeOf[index])).split(separator: "\u{1F}").first.map(String.init)
    }

    static func codeKey(_ code: String, scope: String) -> String { MatchKey.of(code) + "\u{1F}" + scope }

    static func nameKey(_ name: String, scope: String) -> (UInt64, UInt64) {
        CompactKeyTable.fingerprint(MatchKey.of(name) + "\u{1F}" + scope)
    }

    public mutating func keep(code: String?, name: String?, codeScope: String, nameScope: String) -> Kept {
        var codeIndex: Int32 = -1
        if let code {
            let (index, inserted) = codes.insert(Self.codeKey(code, scope: codeScope))
            guard inserted else { return .duplicate(of: Int(codeRecord[index])) }
            codeRecord.append(Int32(count))
            codeIndex = Int32(index)
        }
        if let name {
            let (index, inserted) = names.insert(fingerprint: Self.nameKey(name, scope: nameScope))
            if inserted {
                nameRecord.append(Int32(count))
            } else if nameRecord[index] != Self.ambiguous {
                nameRecord[index] = Self.ambiguous
                ambiguousNames += 1
            }
        }
        codeOf.append(codeIndex)
        paired.append(false)
        return .kept(count - 1)
    }

    public mutating func match(code: String?, name: String?, codeScope: String, nameScope: String, line: Int) -> Match {
        if let code {
            let key = Self.codeKey(code, scope: codeScope)
            if let index = codes.find(key) {
                let candidate = Int(codeRecord[index])
                guard !paired[candidate] else { return .duplicateOfKept(candidate) }
                paired[candidate] = true
                linkedByCode += 1
                return .partner(candidate, .code)
            }
            let (index, inserted) = otherCodes.insert(key)
            guard inserted else { return .duplicateOfStreamed(line: otherLines[index]) }
            otherLines.append(line)
        }
        if let name, let index = names.find(fingerprint: Self.nameKey(name, scope: nameScope)) {
            let candidate = nameRecord[index]
            if candidate != Self.ambiguous, !paired[Int(candidate)], codeOf[Int(candidate)] < 0 || code == nil {
                paired[Int(candidate)] = true
                linkedByName += 1
                return .partner(Int(candidate), .name)
            }
        }
        return .none
    }
}
