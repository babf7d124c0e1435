import Clean

/// Respondents linked to the staff roster by normalised ФИО and school (DESIGN.md §3, link).
///
/// Gives the coverage denominators (staff per school) and numerators (staff whose answer was
/// counted). Respondents not found on the roster are kept and listed privately. Only the
/// roster's school staff count (`isStaff`: not the `not_staff` positions); every name on it is
/// still known, so a mentor named in free text is hidden too.
struct RosterLink {
    private var staff: [Int: Int] = [:]
    private var matched: [Int: Int] = [:]
    /// Responses (by position in the kept list) with no roster entry.
    private(set) var unmatched: [Response] = []
    /// Every name on the roster, for hiding names in free text.
    let names: [String]

    init(roster: [Response], responses: [Response], isStaff: (Response) -> Bool = { _ in true }) {
        var entries: [String: Int] = [:]
        for person in roster where isStaff(person) {
            guard let school = person.school else { continue }
            staff[school, default: 0] += 1
            if let key = person.respondentKey { entries["\(key)|\(school)", default: 0] += 1 }
        }
        names = roster.compactMap(\.respondentName)
        var used: [String: Int] = [:]
        for response in responses {
            guard let key = response.respondentKey, let school = response.school else {
                unmatched.append(response)
                continue
            }
            let joined = "\(key)|\(school)"
            if used[joined, default: 0] < entries[joined, default: 0] {
                used[joined, default: 0] += 1
                matched[school, default: 0] += 1
            } else {
                unmatched.append(response)
            }
        }
    }

    func rosterCount(school: Int) -> Int { staff[school] ?? 0 }
    func matchedCount(school: Int) -> Int { matched[school] ?? 0 }
}
