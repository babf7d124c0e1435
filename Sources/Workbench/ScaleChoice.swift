import Pipeline

/// The draft page's choices for the questions on a scale: where each spelling met belongs (a
/// category, «вне шкалы», or unread) and how many of the highest categories the headline measure
/// counts — applied to the draft's files as targeted edits (`YAMLEdit`).
///
/// The form names a spelling by its question's header, so a role changed on the same form (which
/// renumbers the drafted questions) still finds it; a place is `c<index>` of the category,
/// `off` or `unread`.
enum ScaleChoice {
    /// The form's value for `place`.
    static func value(_ place: ExportDraft.Spelling.Place, categories: [String]) -> String {
        switch place {
        case .category(let label): categories.firstIndex(of: label).map { "c\($0)" } ?? "unread"
        case .offScale: "off"
        case .unread: "unread"
        }
    }

    static func place(_ value: String, categories: [String]) -> YAMLEdit.ScalePlace? {
        switch value {
        case "off": return .offScale
        case "unread": return .unread
        default:
            guard value.hasPrefix("c"), let index = Int(value.dropFirst()), categories.indices.contains(index) else {
                return nil
            }
            return .category(categories[index])
        }
    }

    static func yamlPlace(_ place: ExportDraft.Spelling.Place) -> YAMLEdit.ScalePlace {
        switch place {
        case .category(let label): .category(label)
        case .offScale: .offScale
        case .unread: .unread
        }
    }

    /// The draft's instrument and `pipeline` with the form's choices applied; a form that names a
    /// spelling or place the draft does not have is refused (400), a layout the edits do not know
    /// is 422.
    static func apply(_ form: Form, to draft: ExportDraft, pipeline: String) throws -> (
        instrument: String, pipeline: String
    ) {
        let columns = form.all.filter { $0.name == "spelling_column" }.map(\.value)
        let spellings = form.all.filter { $0.name == "spelling" }.map(\.value)
        let places = form.all.filter { $0.name == "spelling_place" }.map(\.value)
        guard columns.count == spellings.count, spellings.count == places.count else {
            throw PageError.badRequest("Форма черновика повреждена: откройте её заново.")
        }
        var instrument = draft.instrument
        for (column, (text, value)) in zip(columns, zip(spellings, places)) {
            // A question whose role the same form changed has no scale any more: nothing to move.
            guard let question = draft.scaledQuestions.first(where: { $0.column == column }) else { continue }
            guard let spelling = question.spellings.first(where: { $0.text == text && !$0.isLabel }),
                let target = place(value, categories: question.categories)
            else { throw PageError.badRequest("Нет написания «\(text)» в шкале вопроса «\(column)».") }
            guard
                let moved = YAMLEdit.moveSpelling(
                    instrument, scale: question.scale, spelling: text, from: yamlPlace(spelling.place), to: target)
            else {
                throw PageError(
                    .unprocessableContent, "Шкала не изменена",
                    "Не удалось перенести написание «\(text)» в шкале вопроса «\(column)»: измените файл инструмента вручную."
                )
            }
            instrument = moved
        }
        var pipeline = pipeline
        if let text = form["top"], let column = form["top_column"],
            let question = draft.scaledQuestions.first(where: { $0.column == column }), let measure = question.measure,
            question.top.map(String.init) != text
        {
            guard let top = Int(text), top >= 1, top < question.categories.count,
                let edited = YAMLEdit.setMeasureTop(pipeline, measure: measure, top: top)
            else {
                throw PageError.badRequest(
                    "Число верхних категорий — от 1 до \(question.categories.count - 1), а указано «\(text)».")
            }
            pipeline = edited
        }
        return (instrument, pipeline)
    }
}
