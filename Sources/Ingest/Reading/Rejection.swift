/// A row that was read but not passed on, with its origin and the reason.
///
/// Rejections carry the row's cells, which may hold personal data: they belong under
/// `private/`, never in published outputs.
public struct Rejection: Sendable, Equatable {
    /// A stable reason code, written to rejects files and counted in the ledger. Each stage
    /// adds its own codes as static members in an extension.
    public struct Reason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Fewer cells than the header has columns.
        public static let tooFewCells = Reason(rawValue: "too_few_cells")
        /// More non-empty cells than the header has columns.
        public static let tooManyCells = Reason(rawValue: "too_many_cells")
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
