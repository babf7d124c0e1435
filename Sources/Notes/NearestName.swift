/// The valid name closest to a misspelt one, for messages such as «может быть, «target»?».
///
/// Closeness is the optimal-string-alignment (restricted Damerau–Levenshtein) distance between
/// lower-cased names: one insertion, deletion, substitution or swap of neighbours costs 1, so
/// `targt`, `scael` and `synonym` are each one step from their key.
public enum NearestName {
    /// The closest of `candidates` to `name` (the first of equals, in the candidates' order);
    /// nil when none is close enough to be a likely misspelling.
    public static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = allowedDistance(for: name)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let found = distance(name, candidate)
            if found <= limit && found < (best?.distance ?? .max) { best = (candidate, found) }
        }
        return best?.name
    }

    /// How far a misspelling may stray: one step for short names, up to three for long ones,
    /// so `id` is not offered for `k` while `max_reject_rat` still finds `max_reject_rate`.
    static func allowedDistance(for name: String) -> Int {
        switch name.count {
        case ..<5: 1
        case ..<9: 2
        default: 3
        }
    }

    /// The optimal-string-alignment distance between the lower-cased names.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows suffice: a swap looks two rows back.
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    value = min(value, before[j - 2] + 1)
                }
                current[j] = value
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
