import Clean

/// Respondents grouped by the subject they teach: the survey's and the self-assessment's
/// breakdown by subject.
enum SubjectGroups {
    /// Groups by the subject taught, in alphabetical order, the unnamed last.
    static func of(_ members: [Response]) -> [(label: String, members: [Response])] {
        var bySubject: [String: [Response]] = [:]
        var display: [String: String] = [:]
        for member in members {
            let key = member.subject.map(MatchKey.of) ?? ""
            bySubject[key, default: []].append(member)
            if display[key] == nil { display[key] = member.subject }
        }
        return bySubject.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { key in
            (key.isEmpty ? "предмет не указан" : display[key] ?? key, bySubject[key] ?? [])
        }
    }
}
