import Clean

/// Respondents grouped by the subject they teach: the survey's and the self-assessment's
/// breakdown by subject, and the subjects the clean table may name.
enum SubjectGroups {
    /// Groups by the subject taught, in alphabetical order, then «другое», then the unnamed.
    ///
    /// Labels are the subject scale's (``Response/subject`` is never the cell as written). A
    /// subject taught by fewer than `threshold` respondents is pooled into «другое», so no table,
    /// chart or results.json names a subject group below the disclosure threshold.
    static func of(_ members: [Response], threshold: Int) -> [(label: String, members: [Response])] {
        let other = MatchKey.of(Response.otherSubject)
        let rare = rareSubjects(members.map { (nil, $0.subject) }, threshold: threshold)
        var bySubject: [String: [Response]] = [:]
        var display: [String: String] = [:]
        for member in members {
            var key = member.subject.map(MatchKey.of) ?? ""
            if rare.contains(key) { key = other }
            bySubject[key, default: []].append(member)
            if display[key] == nil { display[key] = member.subject }
        }
        func rank(_ key: String) -> Int { key.isEmpty ? 2 : key == other ? 1 : 0 }
        return bySubject.keys.sorted { (rank($0), $0) < (rank($1), $1) }.map { key in
            (
                key.isEmpty ? "предмет не указан" : key == other ? Response.otherSubject : display[key] ?? key,
                bySubject[key] ?? []
            )
        }
    }

    /// The subjects (by ``MatchKey``) that must be published as «другое»: those named by fewer
    /// than `threshold` respondents of some wave (one response per respondent and wave).
    static func rareSubjects(_ responses: [(wave: String?, subject: String?)], threshold: Int) -> Set<String> {
        // Counted by label as written (a scale's few labels), then by key: a key per response costs.
        var byLabel: [String?: [String: Int]] = [:]
        for (wave, subject) in responses {
            guard let subject else { continue }
            byLabel[wave, default: [:]][subject, default: 0] += 1
        }
        let other = MatchKey.of(Response.otherSubject)
        var rare: Set<String> = []
        for labels in byLabel.values {
            var counts: [String: Int] = [:]
            for (label, count) in labels { counts[MatchKey.of(label), default: 0] += count }
            for (key, count) in counts where count < threshold && !key.isEmpty && key != other { rare.insert(key) }
        }
        return rare
    }
}
