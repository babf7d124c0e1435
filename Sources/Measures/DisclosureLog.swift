import Synchronization

/// What disclosure control did over a whole run, for the manifest: how many linked tables it
/// audited, how many cells they had and hid, and how many hidden cells the auditor could still
/// recover (a run with any is not published).
///
/// Shared by every ``DisclosureControl`` of a run; safe to use from any thread.
public final class DisclosureLog: Sendable {
    /// The counts so far.
    public struct Summary: Sendable, Equatable, Encodable {
        /// Linked tables audited (one per counted quantity with its breakdowns).
        public var tables = 0
        /// Cells in them, totals included.
        public var cells = 0
        /// Cells hidden because they were below k.
        public var primary = 0
        /// Cells hidden so that no other could be recovered by subtraction.
        public var complementary = 0
        /// Hidden cells the auditor could still recover: any makes the run fail.
        public var recovered = 0
        /// Tables too large for the exact audit, audited by subtractions instead.
        public var auditedBySubtractions = 0

        enum CodingKeys: String, CodingKey {
            case tables, cells, primary, complementary, recovered
            case auditedBySubtractions = "audited_by_subtractions"
        }
    }

    private let state = Mutex((summary: Summary(), seen: Set<Int>()))

    public init() {}

    public var summary: Summary { state.withLock { $0.summary } }

    /// Counts one table's outcome; the same table suppressed again (a note and results.json ask
    /// for the same breakdowns) is counted once.
    func record(_ table: LinkedTable, primary: Int, complementary: Int, audit: DisclosureAudit) {
        var hasher = Hasher()
        hasher.combine(table.cells.map { [$0.dimension, $0.size, $0.isTotal ? 1 : 0] })
        hasher.combine(table.atoms.sorted { $0.lexicographicallyPrecedes($1) })
        let key = hasher.finalize()
        let cells = table.cells.count
        state.withLock { state in
            guard state.seen.insert(key).inserted else { return }
            state.summary.tables += 1
            state.summary.cells += cells
            state.summary.primary += primary
            state.summary.complementary += complementary
            state.summary.recovered += audit.recovered.count
            if audit.method == .subtractions { state.summary.auditedBySubtractions += 1 }
        }
    }
}
