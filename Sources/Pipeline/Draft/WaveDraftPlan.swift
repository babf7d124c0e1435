import Clean

/// Instrument and pipeline for an export that is not a survey (`shnor draft
/// --kind self-assessment|results|observation|register`), the same keys the shipped
/// instruments and pipelines use for that kind.
///
/// `waves` are the exports in order: one, or two for the kinds that compare a start and an end
/// (``DraftKind/hasWaves``); with one, the second wave's file is the first's, marked «ЗАДАЙТЕ».
/// A column is bound by its header in each wave (`any_of` when the waves name it differently).
struct WaveDraftPlan {
    let kind: DraftKind
    let waves: [ExportRoles]

    /// The month of the last date in the last wave (ГГГГ-ММ), when the export has dates.
    var period: String? {
        guard let column = waves.last?.first(.timestamp)?.column,
            let last = column.order.compactMap(Timestamp.init).max(by: { $0.seconds < $1.seconds })
        else { return nil }
        let date = last.date
        return String(format: "%04d-%02d", date.year, date.month)
    }

    private func columns(_ role: DraftRole) -> [ExportColumns.Column] {
        waves.compactMap { $0.first(role)?.column }
    }

    func has(_ role: DraftRole) -> Bool { waves.first?.first(role) != nil }

    /// One results export with both points in a row («Отметка (осень)», «Отметка (март)»): the
    /// first two mark (or score) columns are the points, as `Surveys/student-results-both-points.yaml`.
    var pointsInRow: Bool {
        guard kind == .results, waves.count == 1, let wave = waves.first else { return false }
        return wave.all(.mark).count >= 2 || (wave.all(.mark).isEmpty && wave.all(.score).count >= 2)
    }

    /// Whether the pipeline needs a second export the analyst has not given yet.
    var needsSecondExport: Bool { kind.hasWaves && waves.count == 1 && !pointsInRow }

    /// The distinct spellings of a role's column over the waves, in the order met, with counts.
    private func spellings(_ role: DraftRole) -> (order: [String], counts: [String: Int]) {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for column in columns(role) {
            for value in column.order where counts[value] == nil { order.append(value) }
            for (value, count) in column.values { counts[value, default: 0] += count }
        }
        return (order, counts)
    }

    /// The header of one column as the waves name it.
    static func header(_ texts: [String]) -> String {
        var seen = Set<String>()
        let distinct = texts.filter { seen.insert(MatchKey.of($0)).inserted }
        guard distinct.count > 1 else { return DraftPlan.header(distinct.first ?? "") }
        return "{any_of: [\(distinct.map(DraftYAML.quoted).joined(separator: ", "))]}"
    }

    private func header(_ role: DraftRole) -> String { Self.header(columns(role).map(\.header)) }

    // MARK: - Instrument

    func instrumentYAML(id: String) -> String {
        var lines = [
            "# Черновик инструмента от shnor draft (\(kind.title)): проверьте отмеченное «ПРОВЕРЬТЕ», затем shnor validate.",
            "instrument: \(DraftYAML.quoted(id))",
        ]
        if kind == .register,
            spellings(.position).order.contains(where: { DraftVocabulary.position($0) == DraftVocabulary.mentor })
        {
            lines += [
                "# Наставники-кураторы записаны за школой, но её работниками не являются: в число педагогов ШНОР не входят.",
                "not_staff: [\(DraftYAML.quoted(DraftVocabulary.mentor))]",
            ]
        }
        var scales: [String] = []
        if kind == .selfAssessment {
            let spellings = waves.flatMap { wave in
                (wave.difficultyGrid?.members ?? []).flatMap { wave.export.columns[$0].order }
            }
            scales += DraftScale(spellings: spellings).yaml(name: "difficulty")
        }
        if kind == .observation && has(.observer) { scales += observerScale() }
        if has(.subject) { scales += subjectScale() }
        if has(.position) && kind != .results && kind != .observation { scales += positionScale() }
        if !scales.isEmpty { lines += ["scales:"] + scales }
        if kind == .results {
            lines += [
                "# Как в выгрузках пишут «нет значения» и «не аттестован» (сравнение без учёта регистра и знаков).",
                "values:",
                "  blank: [\(DraftVocabulary.blankMarks.map(DraftYAML.quoted).joined(separator: ", "))]",
                "  not_assessed: [\(DraftVocabulary.notAssessed.map(DraftYAML.quoted).joined(separator: ", "))]",
            ]
        }
        lines.append("columns:")
        lines += columnLines()
        let inRow =
            pointsInRow
            ? Set(
                (waves.first?.all(.mark) ?? []).prefix(2).map(\.column.index)
                    + (waves.first?.all(.score) ?? []).prefix(2).map(\.column.index)) : []
        let unused = (waves.first?.guesses ?? []).filter { guess in
            !bound.contains(guess.role)
                || (guess.role != .criterion && !inRow.contains(guess.column.index)
                    && waves.first?.first(guess.role)?.column.index != guess.column.index)
        }
        if !unused.isEmpty {
            lines.append("# Не используются этим видом выгрузки (ПРОВЕРЬТЕ, не нужны ли):")
            lines += unused.map { "#   \(DraftYAML.quoted($0.column.header)) — \($0.role.rawValue)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The roles this kind binds.
    private var bound: Set<DraftRole> {
        switch kind {
        case .selfAssessment: [.timestamp, .respondent, .school, .position, .subject]
        case .results: [.personID, .respondent, .school, .className, .subject, .mark, .score]
        case .observation: [.timestamp, .respondent, .school, .subject, .className, .observer, .criterion]
        case .register, .survey: [.respondent, .school, .position, .subject]
        }
    }

    private func columnLines() -> [String] {
        var lines: [String] = []
        func add(_ role: DraftRole, _ id: String, _ extra: String = "") {
            guard has(role) else { return }
            lines.append("  - {id: \(id), role: \(role.rawValue), header: \(header(role))\(extra)}")
        }
        var seen = Set<String>()
        let strangers = waves.compactMap { $0.first(.school) }.flatMap(\.unknown).filter {
            seen.insert(MatchKey.of($0)).inserted
        }
        if !strangers.isEmpty {
            lines.append(
                "  # ПРОВЕРЬТЕ: школ нет в реестре (такие строки будут отклонены; своя школа — добавьте написание в aliases реестра): "
                    + strangers.prefix(10).map { "«\($0)»" }.joined(separator: ", "))
        }
        switch kind {
        case .selfAssessment:
            add(.timestamp, "submitted", ", required: false")
            add(.respondent, "name")
            add(.school, "school")
            add(.position, "position", ", scale: positions")
            add(.subject, "subject", ", scale: subjects, required: false")
            if let grid = waves.first?.difficultyGrid { lines += gridLines(grid) }
        case .results:
            add(.personID, "code")
            add(.respondent, "name", has(.personID) ? ", required: false" : "")
            add(.school, "school")
            add(.className, "class")
            add(.subject, "subject", ", scale: subjects")
            lines += markComments()
            if pointsInRow {
                lines.append(
                    "  # обе точки в одной строке: первый столбец — входная (pre), второй — итоговая (post); ПРОВЕРЬТЕ")
                for (role, id) in [(DraftRole.mark, ""), (.score, "_score")] {
                    let columns = waves[0].all(role).prefix(2).map(\.column.header)
                    guard columns.count == 2 else { continue }
                    let optional = role == .score && has(.mark) ? ", required: false" : ""
                    lines += zip(["before", "after"], zip(["pre", "post"], columns)).map { name, point in
                        "  - {id: \(name)\(id), role: \(role.rawValue), stage: \(point.0), header: \(DraftPlan.header(point.1))\(optional)}"
                    }
                }
            } else {
                add(.mark, "mark")
                add(.score, "score", has(.mark) ? ", required: false" : "")
            }
        case .observation:
            add(.timestamp, "visited")
            add(.respondent, "teacher")
            add(.school, "school")
            add(.subject, "subject", ", scale: subjects, required: false")
            add(.className, "class", ", required: false")
            add(.observer, "observer", ", scale: observers")
            lines += criterionLines()
        case .register, .survey:
            add(.respondent, "name")
            add(.school, "school")
            add(.position, "position", ", scale: positions")
            add(.subject, "subject", ", scale: subjects, required: false")
        }
        return lines
    }

    private func gridLines(_ grid: ExportRoles.Grid) -> [String] {
        // The question's words both waves start with.
        let questions = waves.compactMap(\.difficultyGrid?.question)
        var common = questions.first?.split(separator: " ").map(String.init) ?? []
        for question in questions.dropFirst() {
            let words = question.split(separator: " ").map(String.init)
            common = Array(zip(common, words).prefix { MatchKey.of($0) == MatchKey.of($1) }.map(\.0))
        }
        let prefix = common.isEmpty ? grid.question : common.joined(separator: " ")
        var lines = [
            "  - id: areas", "    role: grid",
            "    label: \(DraftYAML.quoted("Затруднения по областям профессиональной деятельности"))",
            "    header: {prefix: \(DraftYAML.quoted(prefix))}", "    scale: difficulty", "    rows:",
        ]
        lines += grid.rows.map { "      - \(DraftYAML.quoted($0))" }
        let known = Set(grid.rows.map(MatchKey.of))
        let extra = waves.dropFirst().compactMap(\.difficultyGrid).flatMap(\.rows).filter {
            !known.contains(MatchKey.of($0))
        }
        if !extra.isEmpty {
            lines.append(
                "    # ПРОВЕРЬТЕ: строки только во второй волне (не учитываются): "
                    + extra.map { "«\($0)»" }.joined(separator: ", "))
        }
        return lines
    }

    /// Mark spellings that are no mark 2–5 and no «нет отметки»/«н/а»: for the analyst.
    private func markComments() -> [String] {
        let known = Set((DraftVocabulary.blankMarks + DraftVocabulary.notAssessed).map(MatchKey.of))
        let odd = spellings(.mark).order.filter { !DraftVocabulary.isMark($0) && !known.contains(MatchKey.of($0)) }
        guard !odd.isEmpty else { return [] }
        return [
            "  # ПРОВЕРЬТЕ: в столбце отметок встречается не отметка 2–5 (такие строки будут отклонены): "
                + odd.prefix(10).map { "«\($0)»" }.joined(separator: ", ")
        ]
    }

    private func criterionLines() -> [String] {
        let first = waves.first?.all(.criterion) ?? []
        let later = waves.dropFirst().map { $0.all(.criterion) }
        // The highest score most criteria reach is the protocol's scale; higher ones are slips.
        func highest(_ column: ExportColumns.Column) -> Int {
            column.values.keys.compactMap { Int($0) }.max() ?? 0
        }
        var maxima: [Int: Int] = [:]
        for guess in first { maxima[highest(guess.column), default: 0] += 1 }
        let maxScore = maxima.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? 2
        var lines: [String] = []
        for (number, guess) in first.enumerated() {
            let header = guess.column.header
            let mates = later.compactMap { wave in
                wave.first { MatchKey.of($0.column.header) == MatchKey.of(header) }
                    ?? (wave.count == first.count ? wave[number] : nil)
            }
            let numbering = header.prefix { $0.isNumber || $0 == "." }
            let label = header.dropFirst(numbering.count).trimmingCharacters(in: .whitespaces)
            let block = numbering.split(separator: ".").first.map { "Блок \($0)" } ?? "Протокол"
            let seen = ([guess] + mates).map { highest($0.column) }.max() ?? 0
            if seen > maxScore {
                lines.append(
                    "  # ПРОВЕРЬТЕ: в «\(header)» встречается балл \(seen) при наибольшем \(maxScore) — такие протоколы будут отклонены"
                )
            }
            lines += [
                "  - id: criterion_\(number + 1)", "    role: criterion",
                "    block: \(DraftYAML.quoted(block))            # ПРОВЕРЬТЕ название блока",
                "    label: \(DraftYAML.quoted(label.isEmpty ? header : label))",
                "    header: \(Self.header([header] + mates.map(\.column.header)))", "    max_score: \(maxScore)",
            ]
        }
        return lines
    }

    /// The distinct spellings of a role's column under the name `name` gives each (the spellings
    /// other than the name itself, as synonyms), and those it gives none.
    private func grouped(_ role: DraftRole, by name: (String) -> String?) -> (
        groups: [String: [String]], unknown: [String]
    ) {
        var groups: [String: [String]] = [:]
        var unknown: [String] = []
        var seen = Set<String>()
        for spelling in spellings(role).order where seen.insert(MatchKey.of(spelling)).inserted {
            if let group = name(spelling) {
                groups[group, default: []] += MatchKey.of(group) == MatchKey.of(spelling) ? [] : [spelling]
            } else {
                unknown.append(spelling)
            }
        }
        return (groups, unknown)
    }

    /// The subjects met, each under its known name; unknown spellings are categories of their
    /// own, listed for the analyst. Outside results (where the subject pairs the two points)
    /// a subject not in the list counts as «другое», as the shipped instruments have it.
    private func subjectScale() -> [String] {
        let (synonyms, unknown) = grouped(.subject, by: DraftVocabulary.subject)
        var lines = Self.unorderedScale(
            "subjects", unlisted: unknown, note: "нет в списке предметов — пока отдельные категории")
        // An empty column: every known subject, for the rows to come.
        let listed =
            synonyms.isEmpty ? DraftVocabulary.subjects : DraftVocabulary.subjects.filter { synonyms[$0.label] != nil }
        for subject in listed { lines += Self.category(subject.label, synonyms[subject.label] ?? subject.synonyms) }
        lines += unknown.map { "      - label: \(DraftYAML.quoted($0))" }
        if kind != .results {
            if !unknown.contains(where: { MatchKey.of($0) == MatchKey.of(Self.otherSubject) }) {
                lines.append("      - label: \(DraftYAML.quoted(Self.otherSubject))")
            }
            lines.append("    fallback: \(DraftYAML.quoted(Self.otherSubject))")
        }
        return lines
    }

    static let otherSubject = "другое"

    /// The opening of an unordered scale up to `categories:`, with the spellings left out of it
    /// (or not placed) listed for the analyst after `note`.
    static func unorderedScale(_ name: String, unlisted: [String], note: String) -> [String] {
        ["  \(name):", "    ordered: false"]
            + (unlisted.isEmpty
                ? [] : ["    # ПРОВЕРЬТЕ: \(note): " + unlisted.map { "«\($0)»" }.joined(separator: ", ")])
            + ["    categories:"]
    }

    /// One category of a scale, with the spellings that also mean it.
    static func category(_ label: String, _ synonyms: [String]) -> [String] {
        ["      - label: \(DraftYAML.quoted(label))"]
            + (synonyms.isEmpty
                ? [] : ["        synonyms: [\(synonyms.map(DraftYAML.quoted).joined(separator: ", "))]"])
    }

    private func positionScale() -> [String] {
        let (groups, unknown) = grouped(.position, by: DraftVocabulary.position)
        var lines = Self.unorderedScale(
            "positions", unlisted: unknown,
            note: "должности, не отнесённые к группе (считаются как «\(DraftVocabulary.otherStaff)»)")
        var order = [DraftVocabulary.teacher, DraftVocabulary.manager]
        if groups[DraftVocabulary.mentor] != nil { order.append(DraftVocabulary.mentor) }
        order.append(DraftVocabulary.otherStaff)
        for group in order { lines += Self.category(group, groups[group] ?? []) }
        lines.append("    fallback: \(DraftYAML.quoted(DraftVocabulary.otherStaff))")
        return lines
    }

    /// Observers who filled several protocols; one met once among many is listed, not taken:
    /// a slip or someone from outside, for the analyst to decide.
    private func observerScale() -> [String] {
        let (order, counts) = spellings(.observer)
        let busiest = counts.values.max() ?? 0
        let rare = busiest >= 5 ? order.filter { (counts[$0] ?? 0) == 1 } : []
        var lines = Self.unorderedScale(
            "observers", unlisted: rare, note: "встречаются один раз (протоколы отклоняются, пока не добавите)")
        lines += order.filter { !rare.contains($0) }.map { "      - label: \(DraftYAML.quoted($0))" }
        return lines
    }
}
