/// Decides which cells of a breakdown are hidden so no small group can be identified (DESIGN.md §6).
///
/// A cell whose denominator is below `threshold` is suppressed. When exactly one cell of a
/// breakdown is suppressed and the total is shown, the next smallest cell is suppressed too,
/// so the hidden one cannot be recovered by subtraction. A cell of size 0 (a register school
/// nobody answered from) discloses nothing: it is neither hidden nor a reason to hide another.
public struct DisclosureControl: Sendable, Equatable {
    public let threshold: Int

    public init(threshold: Int = 5) {
        self.threshold = threshold
    }

    /// For each cell (by its denominator), whether it must be hidden.
    public func suppressed(denominators: [Int], totalShown: Bool = true) -> [Bool] {
        var hidden = denominators.map { $0 > 0 && $0 < threshold }
        let hiddenCount = hidden.filter { $0 }.count
        if totalShown && hiddenCount == 1 && denominators.count > 1 {
            // Complementary suppression: the smallest cell still shown (first of equals).
            let candidates = denominators.indices.filter { !hidden[$0] && denominators[$0] > 0 }
            if let next = candidates.min(by: { (denominators[$0], $0) < (denominators[$1], $1) }) {
                hidden[next] = true
            }
        }
        return hidden
    }
}
