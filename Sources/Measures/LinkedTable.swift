/// Every published cell of one counted quantity, with how the cells overlap: the table that
/// disclosure control and its auditor work on (DESIGN.md §6).
///
/// A cell is a group of some breakdown (a school, a class, a subject, the whole). What links
/// the cells is their *atoms*: the finest groups the data hold, each named by the cells that
/// contain it — a class of a school of a grade studied in one subject, say. Two cells add up
/// to a third exactly when their atoms do, so whether a hidden cell can be recovered from the
/// shown ones is a question about atoms alone. Only atoms that hold someone are listed: an
/// attacker who knows the breakdowns knows which combinations exist, and the auditor assumes
/// the worst.
public struct LinkedTable: Sendable, Equatable {
    /// One published group.
    public struct Cell: Sendable, Equatable {
        /// The breakdown the cell belongs to (any number the caller keeps apart: cells of one
        /// dimension never overlap).
        public let dimension: Int
        /// How many units (respondents, students, pairs) the cell counts: what k is compared with.
        public let size: Int
        /// A total the note always prints (the headline): never hidden.
        public let isTotal: Bool
    }

    public private(set) var cells: [Cell] = []
    /// The atoms, each as the sorted indices of the cells that contain it.
    public private(set) var atoms: [[Int]] = []
    private var known: Set<[Int]> = []

    public init() {}

    /// Adds a cell and returns its index.
    public mutating func addCell(dimension: Int, size: Int, isTotal: Bool = false) -> Int {
        cells.append(Cell(dimension: dimension, size: size, isTotal: isTotal))
        return cells.count - 1
    }

    /// Records that some unit lies in exactly these cells (one per dimension it is published in).
    /// The same combination given twice is one atom.
    public mutating func addAtom(in cells: [Int]) {
        let sorted = cells.sorted()
        precondition(sorted.allSatisfy { $0 >= 0 && $0 < self.cells.count }, "an atom names a cell not in the table")
        if known.insert(sorted).inserted { atoms.append(sorted) }
    }

    /// For each cell, the atoms it holds (ascending).
    var atomsOfCell: [[Int]] {
        var result = [[Int]](repeating: [], count: cells.count)
        for (atom, members) in atoms.enumerated() {
            for cell in members { result[cell].append(atom) }
        }
        return result
    }
}
