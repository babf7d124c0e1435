import Clean
import Ingest
import Measures

extension DisclosureControl {
    /// Which groups of several breakdowns of one figure are hidden, the breakdowns linked
    /// through the respondents they share (``LinkedTable``): a position hidden in one breakdown
    /// is not left to be had from the schools of another.
    ///
    /// `breakdowns[d]` lists breakdown d's groups with their members (empty groups included);
    /// `counted` says which members the figure counts (an answer on the scale, say). The result
    /// has a flag per group, in the same shape.
    func suppressed(_ breakdowns: [[[Response]]], counted: (Response) -> Bool) -> [[Bool]] {
        if breakdowns.count == 1 {
            // One breakdown under its total: no atoms to collect.
            return [suppressed(denominators: breakdowns[0].map { $0.reduce(0) { $0 + (counted($1) ? 1 : 0) } })]
        }
        var unitOf: [Origin: Int] = [:]
        for groups in breakdowns {
            for members in groups {
                for member in members where counted(member) && unitOf[member.origin] == nil {
                    unitOf[member.origin] = unitOf.count
                }
            }
        }
        var unitGroups = breakdowns.map { _ in [Int?](repeating: nil, count: unitOf.count) }
        for (dimension, groups) in breakdowns.enumerated() {
            for (group, members) in groups.enumerated() {
                for member in members where counted(member) {
                    if let unit = unitOf[member.origin] { unitGroups[dimension][unit] = group }
                }
            }
        }
        return suppressed(groupCounts: breakdowns.map(\.count), unitGroups: unitGroups)
    }
}
