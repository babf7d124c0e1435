import Clean

/// The criteria and blocks a lesson observation instrument declares (role `criterion`, with
/// `block` and `max_score`), and a protocol's share of the maximum.
///
/// A criterion left blank was not scored: it counts neither in the points nor in the maximum,
/// so a share is over the criteria the observer scored.
struct LessonProtocol {
    struct Criterion {
        let id: String
        let label: String
        /// Index into ``LessonProtocol/blocks``.
        let block: Int
        let maxScore: Double
    }

    struct Block {
        let label: String
        /// Indices into ``LessonProtocol/criteria``.
        let criteria: [Int]
        let maxScore: Double
    }

    let criteria: [Criterion]
    /// In the order of their first criterion.
    let blocks: [Block]

    init(_ instrument: Instrument) {
        var labels: [String] = []
        var criteria: [Criterion] = []
        for column in instrument.columns where column.role == .criterion {
            let label = column.block ?? ""
            let known = labels.firstIndex { MatchKey.of($0) == MatchKey.of(label) }
            let block = known ?? labels.count
            if known == nil { labels.append(label) }
            criteria.append(
                Criterion(
                    id: column.id, label: column.label ?? column.id, block: block, maxScore: column.maxScore ?? 0))
        }
        self.criteria = criteria
        blocks = labels.indices.map { block in
            let members = criteria.indices.filter { criteria[$0].block == block }
            return Block(
                label: labels[block], criteria: members, maxScore: members.reduce(0) { $0 + criteria[$1].maxScore })
        }
    }

    /// One protocol's share of the maximum per block and overall; nil where no criterion was scored.
    func shares(_ scores: [Double?]) -> (blocks: [Double?], overall: Double?) {
        func share(_ members: [Int]) -> Double? {
            var points = 0.0
            var maximum = 0.0
            for index in members where index < scores.count {
                guard let score = scores[index] else { continue }
                points += score
                maximum += criteria[index].maxScore
            }
            return maximum > 0 ? points / maximum : nil
        }
        return (blocks.map { share($0.criteria) }, share(Array(criteria.indices)))
    }
}
