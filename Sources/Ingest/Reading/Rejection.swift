/// A row that was read but not passed on, with its origin and the reason.
///
/// Rejections carry the row's cells, which may hold personal data: they belong under
/// `private/`, never in published outputs.
public struct Rejection: Sendable, Equatable {
    /// Stable reason codes, written to rejects files and counted in the ledger.
    public enum Reason: String, Sendable, Equatable, CaseIterable, Codable {
        /// Fewer cells than the header has columns.
        case tooFewCells = "too_few_cells"
        /// More non-empty cells than the header has columns.
        case tooManyCells = "too_many_cells"
    }

    public var origin: Origin
    public var reason: Reason
    /// What is wrong, in Russian, for the analyst.
    public var detail: String
    public var cells: [String]

    public init(origin: Origin, reason: Reason, detail: String, cells: [String]) {
        self.origin = origin
        self.reason = reason
        self.detail = detail
        self.cells = cells
    }
}
