/// Tries to recover hidden cells of a ``LinkedTable`` from the shown ones, as an attacker with
/// the published tables would (DESIGN.md §6).
///
/// A hidden count is recovered when it follows from shown counts by adding and subtracting:
/// a school's total minus its shown classes, a grade's total minus the classes of other
/// schools, one breakdown's total against another's. The audit is exact linear algebra — the
/// hidden cell's atoms are a combination of shown cells' atoms — computed modulo the prime
/// 2⁶¹ − 1, so counts never overflow. Tables too large for that (more than
/// ``exactLimit`` multiplications) are audited by every subtraction of shown cells inside a
/// parent, repeated until nothing new is learnt; `method` says which ran.
public struct DisclosureAudit: Sendable, Equatable {
    public enum Method: String, Sendable {
        /// Every combination of shown cells (linear algebra).
        case combinations
        /// Every parent minus its shown children, repeated to a fixed point.
        case subtractions
    }

    /// The hidden cells (by index) whose counts the shown cells give away.
    public let recovered: [Int]
    public let method: Method

    /// Above this many multiplications the audit falls back to subtractions.
    public static let exactLimit = 200_000_000

    /// Audits `table` with the cells `hidden` marks hidden; `method` forces one way (tests),
    /// otherwise combinations unless the table is too large.
    public init(_ table: LinkedTable, hidden: [Bool], method forced: Method? = nil) {
        precondition(hidden.count == table.cells.count, "one flag per cell")
        let atomsOfCell = table.atomsOfCell
        let shown = table.cells.indices.filter { !hidden[$0] && !atomsOfCell[$0].isEmpty }
        let targets = table.cells.indices.filter { hidden[$0] && !atomsOfCell[$0].isEmpty }
        guard !targets.isEmpty else {
            self.recovered = []
            self.method = .combinations
            return
        }
        let rank = min(shown.count, table.atoms.count)
        let work = (shown.count + targets.count) * table.atoms.count * max(rank, 1)
        if forced ?? (work <= Self.exactLimit ? .combinations : .subtractions) == .combinations {
            var span = ModularSpan(width: table.atoms.count)
            for cell in shown { span.add(atomsOfCell[cell]) }
            recovered = targets.filter { span.contains(atomsOfCell[$0]) }
            method = .combinations
        } else {
            recovered = Self.subtractions(table, atomsOfCell: atomsOfCell, hidden: hidden)
            method = .subtractions
        }
    }

    /// Every relation «parent = sum of the cells of one other dimension inside it», used over
    /// and over: a relation with one unknown member makes it known.
    private static func subtractions(_ table: LinkedTable, atomsOfCell: [[Int]], hidden: [Bool]) -> [Int] {
        let dimensions = Set(table.cells.map(\.dimension))
        // The cell of each dimension that holds each atom.
        var cellOf: [Int: [Int]] = [:]
        for dimension in dimensions { cellOf[dimension] = [Int](repeating: -1, count: table.atoms.count) }
        for (atom, members) in table.atoms.enumerated() {
            for cell in members { cellOf[table.cells[cell].dimension]?[atom] = cell }
        }
        var relations: [[Int]] = []  // parent first, then its children
        for parent in table.cells.indices where !atomsOfCell[parent].isEmpty {
            for dimension in dimensions where dimension != table.cells[parent].dimension {
                guard let owner = cellOf[dimension] else { continue }
                var children = Set<Int>()
                var covers = true
                for atom in atomsOfCell[parent] {
                    guard owner[atom] >= 0 else {
                        covers = false
                        break
                    }
                    children.insert(owner[atom])
                }
                guard covers, children.count > 1 || children.first != parent else { continue }
                // Children must lie inside the parent: none may hold an atom outside it.
                let inside = Set(atomsOfCell[parent])
                guard children.allSatisfy({ atomsOfCell[$0].allSatisfy(inside.contains) }) else { continue }
                relations.append([parent] + children.sorted())
            }
        }
        var known = table.cells.indices.map { !hidden[$0] || atomsOfCell[$0].isEmpty }
        var changed = true
        while changed {
            changed = false
            for relation in relations {
                let unknown = relation.filter { !known[$0] }
                if unknown.count == 1 {
                    known[unknown[0]] = true
                    changed = true
                }
            }
        }
        return table.cells.indices.filter { hidden[$0] && !atomsOfCell[$0].isEmpty && known[$0] }
    }
}

/// The span of 0/1 vectors over the field of integers modulo 2⁶¹ − 1, kept in echelon form.
///
/// Counts in a table are sums of atoms with coefficients 0 and 1; a hidden cell follows from
/// the shown ones exactly when its vector lies in their span over the rationals. Working modulo
/// a large prime gives the same answer unless the prime divides a determinant of the table —
/// for 0/1 tables of the sizes audited, a chance below one in 10¹⁵ — and it never overflows.
struct ModularSpan {
    static let prime: UInt64 = (1 << 61) - 1
    let width: Int
    /// Rows with a leading 1 at `pivots[i]`; entries left of it are 0.
    private var rows: [[UInt64]] = []
    private var pivots: [Int] = []

    init(width: Int) {
        self.width = width
    }

    /// Adds the vector with 1 at `ones`.
    mutating func add(_ ones: [Int]) {
        var vector = reduced(ones)
        guard let pivot = vector.firstIndex(where: { $0 != 0 }) else { return }
        let inverse = Self.inverse(vector[pivot])
        for index in pivot..<width where vector[index] != 0 { vector[index] = Self.multiply(vector[index], inverse) }
        // Keep rows ordered by pivot so reduction sweeps left to right once.
        let position = pivots.firstIndex { $0 > pivot } ?? pivots.count
        rows.insert(vector, at: position)
        pivots.insert(pivot, at: position)
    }

    /// Whether the vector with 1 at `ones` is a combination of the rows added.
    func contains(_ ones: [Int]) -> Bool {
        !reduced(ones).contains { $0 != 0 }
    }

    private func reduced(_ ones: [Int]) -> [UInt64] {
        var vector = [UInt64](repeating: 0, count: width)
        for index in ones { vector[index] = 1 }
        for (row, pivot) in zip(rows, pivots) where vector[pivot] != 0 {
            let factor = Self.prime - vector[pivot]
            for index in pivot..<width where row[index] != 0 {
                vector[index] = Self.add(vector[index], Self.multiply(row[index], factor))
            }
        }
        return vector
    }

    static func add(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let sum = a + b  // both below 2⁶¹: no overflow
        return sum >= prime ? sum - prime : sum
    }

    static func multiply(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        // a·b = high·2⁶⁴ + low, and 2⁶¹ ≡ 1: fold the bits above 61 onto the low ones.
        let folded = (low & prime) + ((low >> 61) | (high << 3))
        let once = (folded & prime) + (folded >> 61)
        return once >= prime ? once - prime : once
    }

    static func inverse(_ a: UInt64) -> UInt64 {
        // Fermat: a^(p−2) is a⁻¹ modulo the prime p.
        var result: UInt64 = 1
        var base = a
        var exponent = prime - 2
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }
}
