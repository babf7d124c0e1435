import Clean

/// The role a draft gives a column of a self-assessment, results, observation or register export.
enum DraftRole: String {
    case timestamp, respondent, school, position, subject, personID = "person_id", mark, score, observer
    case criterion, grid, item, choices, text
    case className = "class"
}

/// Each column of one export with the role guessed from its header and, when the header says
/// nothing known, from its values — so a column renamed in other words is still bound.
struct ExportRoles {
    struct Guess {
        let column: ExportColumns.Column
        let role: DraftRole
        let detail: String
        let sure: Bool
        /// Spellings the analyst has to place: schools the register does not know.
        var unknown: [String] = []
    }

    struct Grid {
        let question: String
        let members: [Int]
        let rows: [String]
        let scale: DraftScale
    }

    let export: ExportColumns
    let guesses: [Guess]
    let grids: [Grid]

    init(export: ExportColumns, schools: SchoolRegister.Lookup) {
        self.export = export
        let grids = export.grids.map { grid in
            Grid(
                question: grid.question, members: grid.members, rows: grid.rows,
                scale: DraftScale(spellings: grid.members.flatMap { export.columns[$0].order }))
        }
        self.grids = grids
        let inGrid = Set(grids.flatMap(\.members))
        guesses = export.columns.filter { !inGrid.contains($0.index) }.map { Self.guess($0, schools: schools) }
    }

    /// The first column of `role`.
    func first(_ role: DraftRole) -> Guess? { guesses.first { $0.role == role } }

    func all(_ role: DraftRole) -> [Guess] { guesses.filter { $0.role == role } }

    /// The grid on the scale of difficulties, if the export has one.
    var difficultyGrid: Grid? { grids.first { $0.scale.family == LikertWording.difficulty } }

    /// One column's role: dates first, then schools the register knows, then what the header
    /// says (its words' starts: «самооценка» is no «оценка»), then what the values look like.
    static func guess(_ column: ExportColumns.Column, schools: SchoolRegister.Lookup) -> Guess {
        let key = MatchKey.of(column.header)
        // A header word starting with one of the stems: «самооценка» is no «оценка».
        let words = key.split(separator: " ")
        let says = { (stems: [String]) in stems.contains { stem in words.contains { $0.hasPrefix(stem) } } }
        func guess(_ role: DraftRole, _ detail: String, sure: Bool = true) -> Guess {
            Guess(column: column, role: role, detail: detail, sure: sure)
        }
        let numbers = column.values.keys.filter(DraftVocabulary.isWholeNumber).compactMap { Int($0) }
        let wholeShare = column.share(where: DraftVocabulary.isWholeNumber)
        // Scores of a protocol: small whole numbers from 0 (a Likert 1–5 has no 0).
        let isCriterion =
            wholeShare >= 0.9 && (numbers.max() ?? 99) <= 5 && numbers.contains { $0 <= 1 }
            && !says(["балл", "отметк", "оценк"])
        let isNumbered = column.header.first?.isNumber == true
        if column.share(column.timestamps) >= 0.9 { return guess(.timestamp, "дата и время") }
        let schoolShare = column.share { schools.school($0) != nil }
        if schoolShare >= 0.5 {
            let unknown = column.order.filter { schools.school($0) == nil }
            var school = guess(
                .school,
                "школы по реестру: найдено \(Int((schoolShare * 100).rounded())) % ответов"
                    + (unknown.isEmpty
                        ? "" : "; нет в реестре: " + unknown.prefix(5).map { "«\($0)»" }.joined(separator: ", ")),
                sure: unknown.isEmpty)
            school.unknown = unknown
            return school
        }
        let names = column.share(where: DraftVocabulary.looksLikeName)
        if says(["наблюдат", "эксперт", "посетивш"]) { return guess(.observer, "наблюдатели: \(column.values.count)") }
        if says(["код", "идентификатор", "снилс"]) || key == "id" { return guess(.personID, "код участника") }
        if says(["фио", "фамил"]) || key.hasPrefix("имя") {
            return guess(.respondent, "ФИО")
        }
        if says(["должност"]) { return guess(.position, "должности: \(column.values.count) написаний", sure: false) }
        if says(["предмет"]) { return guess(.subject, "предметы: \(column.values.count) написаний") }
        if says(["отметк", "оценк"]) && !isCriterion { return guess(.mark, "отметки") }
        if says(["балл"]) && !isCriterion { return guess(.score, "баллы") }
        if says(["класс"]) && column.share(where: DraftVocabulary.looksLikeClass) >= 0.5 {
            return guess(.className, "классы")
        }
        if isCriterion && (isNumbered || says(["критери", "показател"])) {
            return guess(.criterion, "баллы по критерию от 0 до \(numbers.max() ?? 0)")
        }
        // The header says nothing known: the values tell.
        if names >= 0.8 {
            // Few people over many rows: those who visit lessons, not those visited.
            let few = column.values.count <= 12 && column.values.count * 3 <= column.nonEmpty
            return few
                ? guess(
                    .observer, "по значениям: ФИО, \(column.values.count) человек на \(column.nonEmpty) строк",
                    sure: false)
                : guess(.respondent, "по значениям: ФИО", sure: false)
        }
        if column.share(where: { DraftVocabulary.position($0) != nil }) >= 0.6 {
            return guess(.position, "по значениям: должности, \(column.values.count) написаний", sure: false)
        }
        if column.share(where: { DraftVocabulary.subject($0) != nil }) >= 0.6 {
            return guess(.subject, "по значениям: предметы", sure: false)
        }
        if column.share(where: DraftVocabulary.looksLikeClass) >= 0.8 {
            return guess(.className, "по значениям: классы", sure: false)
        }
        if isCriterion && numbers.contains(0) {
            return guess(.criterion, "по значениям: баллы от 0 до \(numbers.max() ?? 0)", sure: false)
        }
        let notMarks = Set((DraftVocabulary.blankMarks + DraftVocabulary.notAssessed).map(MatchKey.of))
        // Marks 2–5 by their values: a scale from 1 (or 0) is an answer scale, not marks.
        if column.share(where: DraftVocabulary.isMark) >= 0.5, !numbers.contains(where: { $0 <= 1 }),
            column.share(where: { DraftVocabulary.isMark($0) || notMarks.contains(MatchKey.of($0)) }) >= 0.9
        {
            return guess(.mark, "по значениям: отметки 2–5", sure: false)
        }
        if column.share(where: { DraftVocabulary.isWholeNumber($0) && $0.count >= 5 }) >= 0.9 {
            return guess(.personID, "по значениям: числовой код", sure: false)
        }
        if wholeShare >= 0.9 { return guess(.score, "по значениям: целые числа", sure: false) }
        let scale = DraftScale(spellings: column.order)
        if scale.family != nil, column.share(scale.readCount(column.values)) >= 0.8 {
            return guess(.item, scale.summary, sure: scale.unknown.isEmpty)
        }
        if DraftChoices.options(column.values) != nil { return guess(.choices, "множественный выбор", sure: false) }
        return guess(.text, "свободный ответ", sure: false)
    }

    /// The kind the columns suggest, why, and whether the guess is sure; nil when no kind fits.
    var kind: (kind: DraftKind, reason: String, sure: Bool)? {
        let person = first(.respondent) != nil
        let school = first(.school) != nil
        if let grid = difficultyGrid {
            return (.selfAssessment, "таблица «\(grid.question)» на шкале затруднений", person && school)
        }
        // Scores by criteria with an observer are protocols; with marks and no observer, a
        // test's tasks (ВПР) beside the marks: results.
        let criteria = all(.criterion)
        if criteria.count >= 3 && (first(.observer) != nil || first(.mark) == nil) {
            return (.observation, "баллы по \(criteria.count) критериям протокола", person && school)
        }
        if let mark = first(.mark) {
            let points = all(.mark).count >= 2 ? "; обе точки в строке: «\(all(.mark)[1].column.header)» — вторая" : ""
            return (
                .results, "отметки 2–5 в «\(mark.column.header)»\(points)",
                (first(.personID) != nil || person) && first(.subject) != nil && points.isEmpty
            )
        }
        if let score = first(.score), first(.subject) != nil, first(.personID) != nil || first(.className) != nil {
            return (.results, "баллы в «\(score.column.header)» по предметам", false)
        }
        let questions = grids.filter { $0.scale.family != nil }.count + all(.item).count + all(.choices).count
        if questions > 0 { return (.survey, "вопросов со шкалой или выбором: \(questions)", true) }
        if person && school && first(.position) != nil && first(.timestamp) == nil {
            return (.register, "ФИО, школа и должность без вопросов и дат", true)
        }
        return nil
    }

    /// What the export lacks for `kind`, in the analyst's words; nil when it fits.
    func missing(for kind: DraftKind) -> String? {
        var lacks: [String] = []
        let person = first(.respondent) != nil
        switch kind {
        case .survey:
            if grids.allSatisfy({ $0.scale.family == nil }) && all(.item).isEmpty && all(.choices).isEmpty {
                lacks.append("вопроса с распознанной шкалой ответов или с выбором вариантов")
            }
        case .selfAssessment:
            if difficultyGrid == nil {
                lacks.append("таблицы «Вопрос [область]» с ответами о затруднениях (не испытываю… значительные)")
            }
            if !person { lacks.append("столбца ФИО") }
            if first(.school) == nil { lacks.append("столбца школы из реестра") }
        case .results:
            if first(.mark) == nil && first(.score) == nil { lacks.append("столбца отметок 2–5 или баллов") }
            if first(.personID) == nil && !person { lacks.append("столбца кода или ФИО обучающегося") }
            if first(.subject) == nil { lacks.append("столбца предмета") }
            if first(.school) == nil { lacks.append("столбца школы из реестра") }
        case .observation:
            if all(.criterion).isEmpty { lacks.append("столбцов с баллами по критериям протокола (0, 1, 2…)") }
            if !person { lacks.append("столбца ФИО педагога") }
            if first(.school) == nil { lacks.append("столбца школы из реестра") }
            if first(.observer) == nil { lacks.append("столбца наблюдателя (кто посетил урок)") }
        case .register:
            if !person { lacks.append("столбца ФИО") }
            if first(.school) == nil { lacks.append("столбца школы из реестра") }
            if first(.position) == nil { lacks.append("столбца должности") }
        }
        return lacks.isEmpty ? nil : "нет " + lacks.joined(separator: ", ")
    }
}
