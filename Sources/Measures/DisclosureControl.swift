/// Decides which cells are hidden so no small group can be identified (DESIGN.md §6).
///
/// A cell whose size is below `threshold` is suppressed (primary suppression). Then, for as
/// long as the ``DisclosureAudit`` recovers a hidden cell from the shown ones, one more cell is
/// hidden (complementary suppression), chosen inside the same parent as the recovered one — a
/// sibling class of the same school, a sibling school of the same whole — and the smallest
/// such, so as little as possible is lost. A cell of size 0 (a register school nobody answered
/// from) discloses nothing: it is neither hidden nor a reason to hide another. A cell that holds
/// everyone of its table is the total under another name and is never hidden; a group published
/// under two breakdowns (a test that is all of one grade) is hidden in both or in neither.
public struct DisclosureControl: Sendable, Equatable {
    public let threshold: Int
    /// Where every table's suppression and final audit are counted (the run's manifest).
    public let log: DisclosureLog?

    public init(threshold: Int = 5, log: DisclosureLog? = nil) {
        self.threshold = threshold
        self.log = log
    }

    public static func == (lhs: DisclosureControl, rhs: DisclosureControl) -> Bool {
        lhs.threshold == rhs.threshold
    }

    /// For each cell of one breakdown under a shown total (by its denominator), whether it must
    /// be hidden: the breakdown alone as a linked table.
    public func suppressed(denominators: [Int]) -> [Bool] {
        var table = LinkedTable()
        let total = table.addCell(dimension: 0, size: denominators.reduce(0, +), isTotal: true)
        for size in denominators {
            let cell = table.addCell(dimension: 1, size: size)
            // One atom per cell: a cell of one breakdown overlaps no other.
            if size > 0 { table.addAtom(in: [total, cell]) }
        }
        return Array(suppressed(table).dropFirst())
    }

    /// For each group of several breakdowns of one population under its shown total, whether it
    /// must be hidden, the breakdowns linked through the units they share.
    ///
    /// `groupCounts[d]` is how many groups breakdown d has (empty ones included);
    /// `unitGroups[d][u]` is the group of unit u in breakdown d, nil when the unit has none
    /// there (a position not given). Every array of `unitGroups` lists the same units: those
    /// the figure counts.
    public func suppressed(groupCounts: [Int], unitGroups: [[Int?]]) -> [[Bool]] {
        precondition(groupCounts.count == unitGroups.count, "one group count per breakdown")
        let units = unitGroups.first?.count ?? 0
        precondition(unitGroups.allSatisfy { $0.count == units }, "every breakdown lists the same units")
        var sizes = groupCounts.map { [Int](repeating: 0, count: $0) }
        for (dimension, groups) in unitGroups.enumerated() {
            for case let group? in groups { sizes[dimension][group] += 1 }
        }
        var table = LinkedTable()
        let total = table.addCell(dimension: -1, size: units, isTotal: true)
        let cells = sizes.enumerated().map { dimension, groups in
            groups.map { table.addCell(dimension: dimension, size: $0) }
        }
        // Units with the same groups everywhere are one atom: collect the distinct combinations.
        var seen = Set<[Int]>()
        for unit in 0..<units {
            var atom = [total]
            for dimension in unitGroups.indices {
                if let group = unitGroups[dimension][unit] { atom.append(cells[dimension][group]) }
            }
            if seen.insert(atom).inserted { table.addAtom(in: atom) }
        }
        let hidden = suppressed(table)
        return cells.map { $0.map { hidden[$0] } }
    }

    /// For each cell of `table`, whether it must be hidden; the auditor finds nothing to recover
    /// from what is left shown (``DisclosureAudit`` with these flags recovers no cell).
    public func suppressed(_ table: LinkedTable) -> [Bool] {
        let atomsOfCell = table.atomsOfCell
        let everyone = table.atoms.count
        let cells = table.cells
        // A cell that holds every atom is the whole under another name: hiding it hides nothing.
        func hideable(_ cell: Int) -> Bool {
            !cells[cell].isTotal && cells[cell].size > 0 && atomsOfCell[cell].count < everyone
        }
        var hidden = cells.indices.map { hideable($0) && cells[$0].size < threshold }
        let primary = hidden.filter { $0 }.count
        let atomSets = atomsOfCell.map(Set.init)
        // A group published under two breakdowns (a test that is all of one grade) is hidden in
        // both or in neither: a shown copy gives the hidden one away.
        var copies: [[Int]: [Int]] = [:]
        for cell in cells.indices where hideable(cell) { copies[atomsOfCell[cell], default: []].append(cell) }
        func hide(_ cell: Int) {
            for copy in copies[atomsOfCell[cell]] ?? [cell] { hidden[copy] = true }
            hidden[cell] = true
        }
        for cell in cells.indices where hidden[cell] { hide(cell) }
        while true {
            let audit = DisclosureAudit(table, hidden: hidden)
            guard let recovered = audit.recovered.first,
                let next = complement(of: recovered, cells: cells, atoms: atomSets, hidden: hidden, hideable: hideable)
            else {
                // The audit that decides is the last one: what it recovers is what the run would leak.
                log?.record(
                    table, primary: primary, complementary: hidden.filter { $0 }.count - primary,
                    audit: audit)
                return hidden
            }
            hide(next)
        }
    }

    /// The cell to hide so that `recovered` cannot be had by subtraction: the smallest shown
    /// sibling inside its nearest shown parent; failing that, its smallest shown parent; failing
    /// that, the smallest shown cell of its breakdown, then of any.
    private func complement(
        of recovered: Int, cells: [LinkedTable.Cell], atoms: [Set<Int>], hidden: [Bool], hideable: (Int) -> Bool
    ) -> Int? {
        let dimension = cells[recovered].dimension
        func smallest(_ candidates: [Int]) -> Int? {
            candidates.min { (cells[$0].size, $0) < (cells[$1].size, $1) }
        }

        let parents = cells.indices.filter {
            $0 != recovered && cells[$0].dimension != dimension && !hidden[$0]
                && atoms[recovered].isSubset(of: atoms[$0])
        }.sorted { (atoms[$0].count, $0) < (atoms[$1].count, $1) }
        let shownOfDimension = cells.indices.filter {
            $0 != recovered && cells[$0].dimension == dimension && !hidden[$0] && hideable($0)
        }
        for parent in parents {
            if let sibling = smallest(shownOfDimension.filter { atoms[$0].isSubset(of: atoms[parent]) }) {
                return sibling
            }
        }
        return smallest(parents.filter(hideable)) ?? smallest(shownOfDimension)
            ?? smallest(cells.indices.filter { !hidden[$0] && hideable($0) })
    }
}
