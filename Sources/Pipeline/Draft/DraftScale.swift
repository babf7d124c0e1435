import Clean

/// A scale built from the spellings of one question (or grid) in an export: a known wording's
/// categories in order with the spellings met as synonyms, the non-substantive answers, and
/// what could not be read — or a scale of numbers (1–5, 0–10).
struct DraftScale {
    /// The wording found (``LikertWording/families``), or «numbers»; nil when none.
    private(set) var family: String?
    private(set) var labels: [String] = []
    /// Spellings met for each category, other than the label itself.
    private(set) var synonyms: [[String]] = []
    private(set) var nonSubstantive: [String] = []
    /// Spellings that are no known wording: listed for the analyst, not guessed.
    private(set) var unknown: [String] = []
    private var read = Set<String>()

    init(spellings: [String]) {
        var seen = Set<String>()
        let distinct = spellings.filter { seen.insert(MatchKey.of($0)).inserted }
        let classified = distinct.compactMap { spelling in LikertWording.classify(spelling).map { (spelling, $0) } }
        var counts: [Int: Int] = [:]
        for (_, found) in classified { counts[found.family, default: 0] += 1 }
        if let best = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key {
            let family = LikertWording.families[best]
            self.family = family.name
            labels = family.labels
            synonyms = family.labels.map { _ in [] }
            for spelling in distinct {
                if LikertWording.isNonSubstantive(spelling) {
                    nonSubstantive.append(spelling)
                    read.insert(MatchKey.of(spelling))
                } else if let found = LikertWording.classify(spelling), found.family == best {
                    if MatchKey.of(spelling) != MatchKey.of(labels[found.rank]) {
                        synonyms[found.rank].append(spelling)
                    }
                    read.insert(MatchKey.of(spelling))
                } else {
                    unknown.append(spelling)
                }
            }
            return
        }
        // A scale of numbers: every substantive spelling a whole number from 0 to 10.
        let numbers = distinct.filter { !LikertWording.isNonSubstantive($0) }.map {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        if !numbers.isEmpty, numbers.allSatisfy({ $0.map { (0...10).contains($0) } ?? false }),
            let low = numbers.compactMap({ $0 }).min(), let high = numbers.compactMap({ $0 }).max(), high > low
        {
            family = "numbers"
            labels = (min(low, 1)...high).map(String.init)
            synonyms = labels.map { _ in [] }
            for spelling in distinct {
                read.insert(MatchKey.of(spelling))
                if LikertWording.isNonSubstantive(spelling) { nonSubstantive.append(spelling) }
            }
        }
    }

    /// How many of the answers (spelling → count) the scale reads.
    func readCount(_ values: [String: Int]) -> Int {
        values.reduce(0) { $0 + (read.contains(MatchKey.of($1.key)) ? $1.value : 0) }
    }

    /// Every spelling the scale was built from, in the scale's order (categories low to high,
    /// then off the scale, then unread), with the cells of `values` (spelling → count) holding it.
    func spellings(_ values: [String: Int]) -> [ExportDraft.Spelling] {
        var counts: [String: Int] = [:]
        for (value, count) in values { counts[MatchKey.of(value), default: 0] += count }
        func spelling(_ text: String, _ place: ExportDraft.Spelling.Place, label: Bool) -> ExportDraft.Spelling? {
            let count = counts[MatchKey.of(text)] ?? 0
            guard count > 0 else { return nil }
            return ExportDraft.Spelling(text: text, count: count, place: place, isLabel: label)
        }
        var found: [ExportDraft.Spelling] = []
        for (label, more) in zip(labels, synonyms) {
            found +=
                ([spelling(label, .category(label), label: true)]
                + more.map { spelling($0, .category(label), label: false) })
                .compactMap { $0 }
        }
        found += nonSubstantive.compactMap { spelling($0, .offScale, label: false) }
        found += unknown.compactMap { spelling($0, .unread, label: false) }
        return found
    }

    /// «шкала согласия, 4 категории; не распознано: «…»» for the terminal.
    var summary: String {
        guard let family else { return "шкала не распознана" }
        var text = "шкала «\(LikertWording.title(of: family))», категорий \(labels.count)"
        if !nonSubstantive.isEmpty {
            text += ", вне шкалы: " + nonSubstantive.map { "«\($0)»" }.joined(separator: ", ")
        }
        if !unknown.isEmpty { text += "; не распознано: " + unknown.map { "«\($0)»" }.joined(separator: ", ") }
        return text
    }

    /// The scale in an instrument's YAML, indented under `scales:`.
    func yaml(name: String) -> [String] {
        var lines = ["  \(name):"]
        if !unknown.isEmpty {
            lines.append(
                "    # ПРОВЕРЬТЕ: написания, которые не удалось отнести к категории (такие ответы не будут учтены):")
            for spelling in unknown { lines.append("    #   \(DraftYAML.quoted(spelling))") }
        }
        lines.append("    categories:                # от низшей к высшей")
        for (label, more) in zip(labels, synonyms) {
            lines.append("      - label: \(DraftYAML.quoted(label))")
            if !more.isEmpty {
                lines.append("        synonyms: [\(more.map(DraftYAML.quoted).joined(separator: ", "))]")
            }
        }
        if !nonSubstantive.isEmpty {
            lines.append("    non_substantive:")
            for spelling in nonSubstantive { lines.append("      - label: \(DraftYAML.quoted(spelling))") }
        }
        return lines
    }
}

/// The options of a multiple-choice column, found from how its cells repeat.
enum DraftChoices {
    static let separators = [", ", "; "]

    /// The options, or nil when the column does not look like multiple choice: few of its
    /// cells join several options, or the options would be too many to be a list.
    static func options(_ values: [String: Int]) -> [String]? {
        let cells = values.keys.sorted { (values[$0] ?? 0, $1) > (values[$1] ?? 0, $0) }
        let joined = cells.filter { cell in separators.contains { cell.contains($0) } }
        guard cells.count >= 3, joined.count * 5 >= cells.count else { return nil }
        // A cell that is a join of other cells is several options; the rest are options
        // (an option may hold a comma: «Семинары, вебинары»).
        var options = cells.filter { cell in !isJoin(cell, of: Set(cells).subtracting([cell])) }
        for cell in cells where isJoin(cell, of: Set(cells).subtracting([cell])) {
            for piece in pieces(cell, of: Set(options)) where !options.contains(piece) { options.append(piece) }
        }
        // Options that are joins of other options are not options.
        options = options.filter { option in !isJoin(option, of: Set(options).subtracting([option])) }
        guard (2...30).contains(options.count) else { return nil }
        return options
    }

    /// Whether `cell` splits into two or more of `parts`, in order.
    static func isJoin(_ cell: String, of parts: Set<String>) -> Bool {
        let words = split(cell)
        guard words.count > 1 else { return false }
        // Can words[i...] be cut into members of `parts`? (at least two cuts overall)
        var reachable = [Int](repeating: -1, count: words.count + 1)  // cuts needed to reach i
        reachable[0] = 0
        for start in 0..<words.count where reachable[start] >= 0 {
            for end in (start + 1)...words.count where parts.contains(words[start..<end].joined(separator: ", ")) {
                let cuts = reachable[start] + 1
                if reachable[end] < cuts { reachable[end] = cuts }
            }
        }
        return reachable[words.count] >= 2
    }

    /// The cell cut into known options where it can be, and into its comma-separated pieces elsewhere.
    static func pieces(_ cell: String, of options: Set<String>) -> [String] {
        let words = split(cell)
        var result: [String] = []
        var start = 0
        while start < words.count {
            var end = words.count
            while end > start + 1 && !options.contains(words[start..<end].joined(separator: ", ")) { end -= 1 }
            result.append(words[start..<end].joined(separator: ", "))
            start = end
        }
        return result
    }

    private static func split(_ cell: String) -> [String] {
        cell.replacingOccurrences(of: "; ", with: ", ").components(separatedBy: ", ")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Strings as a YAML file holds them.
enum DraftYAML {
    /// Always double-quoted, so «да», «1», «# …» and colons stay text.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The end of a drafted pipeline: no `note:`, so the analysis's built-in справка is written,
    /// and a `document:` section to fill in, commented out (its keys are all required once given).
    static func builtInNote(pipeline id: String) -> [String] {
        [
            "# Справка — встроенная для этого анализа: все разделы аналитической справки, выводы по цифрам.",
            "# Чтобы править её текст: shnor validate \(id).pipeline.yaml --save-note ПАПКА, затем",
            "# note: {template: ПАПКА/\(id).note.md} (для самооценки — notes: с id start и change).",
            "# ЗАДАЙТЕ постоянные части справки (адресат, исполнитель, решения) и уберите «#» в строках ниже:",
            "# document:",
            "#   addressee: Начальнику …",
            "#   roadmap_item: \"1\"               # пункт дорожной карты программы",
            "#   executor: {name: И. О. Фамилия, position: методист …, phone: …}",
            "#   date: ДД.ММ.ГГГГ",
            "#   responsible: И. О. Фамилия, организация   # кто исполняет управленческие решения",
            "#   due: до ДД.ММ.ГГГГ",
        ]
    }
}
