import Clean
import Notes

/// The survey's built-in note (``BuiltInNote``), worded from the pipeline's own measures and
/// tables: each `top_box` measure gets its finding (label, share, interval, target, verdict),
/// the likert table of its question, its breakdowns and its conclusions; each other table a
/// part of its own; coverage goes to the participants. Nothing of a particular questionnaire
/// is written here: its words come from the pipeline (labels) and the instrument (its title,
/// the questions' labels, the non-substantive answers).
enum SurveyBuiltInNote {
    static func template(for configuration: PipelineConfiguration) -> String {
        let spec = configuration.spec
        let instrument = configuration.instruments[configuration.responsesInput.id]
        let hasSchools = Satisfaction.hasSchoolColumn(configuration)
        let topBox = spec.measures.filter { $0.kind == .topBox }
        let coverage = spec.measures.filter { $0.kind == .coverage }
        func column(of item: String?) -> Column? {
            let id = String((item ?? "").prefix { $0 != "[" })
            return instrument?.columns.first { $0.id == id }
        }
        func literal(_ text: String) -> String { NoteTemplate.literal(text) }

        // 1. The goal: the measures by their labels and targets.
        let goalMeasures = topBox.map {
            "{{#measures.\($0.id)}}«{{label}}»{{#has_target}} (целевое значение — {{target_text}}){{/has_target}}{{/measures.\($0.id)}}"
        }
        let questionnaire = BuiltInNote.quotedTitle(instrument?.title)
        let goal =
            goalMeasures.isEmpty
            ? "Цель анкетирования — обобщить ответы на вопросы анкеты\(questionnaire)."
            : "Цель анкетирования — определить по ответам на анкету\(questionnaire) "
                + (goalMeasures.count == 1 ? "показатель " : "показатели: ") + goalMeasures.joined(separator: "; ")
                + "."

        // 2. Participants.
        var participants = """
            {{#participants}}
            {{#collected}}Анкетирование проходило {{collected}} {{/collected}}Получено {{rows_read_text}}. После проверки учтено {{kept_text}}; не учтено {{rejected_text}} (повторные, тестовые и ошибочные анкеты, см. приложение).
            """
        participants +=
            hasSchools
            ? " Из учтённых {{programme_text}}\u{00A0}— из школ\u{00A0}— участниц программы (школ программы, откуда получены анкеты: {{responded_schools}} из {{programme_schools}}).\n{{/participants}}"
            : "\n{{/participants}}\n\nВ выгрузке анкет нет столбца школы: показатели рассчитаны по всем учтённым анкетам, данные по школам не приводятся."
        for measure in coverage {
            participants +=
                "\n{{#measures.\(measure.id)}}\n\n{{label}}: {{share_text}} ({{count_text}}).\n{{/measures.\(measure.id)}}"
        }
        if hasSchools {
            participants += "\n\nПо школам:\n\n{{{tables.schools}}}"
        }

        // 3. How the data were collected.
        // The questions by their own labels: a measure's item, else the measure; a table's label.
        let questions =
            topBox.map { column(of: $0.item)?.label ?? $0.label } + spec.tables.map(\.label)
        var seen = Set<String>()
        let questionLabels = questions.filter { seen.insert($0).inserted }.map { "«\(literal($0))»" }
        var collection = "Респонденты заполняли электронную анкету\(questionnaire)."
        if !questionLabels.isEmpty {
            collection += " Справка обобщает ответы на вопросы: \(questionLabels.joined(separator: ", "))."
        }
        if instrument?.column(role: .respondent) != nil {
            collection +=
                " Анкета не анонимна: фамилия нужна, чтобы учесть повторные анкеты"
                + (configuration.rosterInput != nil ? " и сопоставить их с регистром работников" : "")
                + "; в справке персональные данные не приводятся, имена в ответах на открытые вопросы скрыты."
        }
        collection +=
            " Группы, в которых меньше {{k}} ответов, не приводятся. Как рассчитаны показатели и их погрешность — в приложении «Методика»."

        // 4. Findings: each top-box measure, then the tables not shown with one.
        var findings: [String] = []
        var shownTables = Set<String>()
        var part = 0
        func heading(_ text: String) -> String {
            part += 1
            return "### 4.\(part). \(text)"
        }
        for measure in topBox {
            let item = column(of: measure.item)
            let nonSubstantive = (item?.scale).flatMap { instrument?.scales[$0] }?.nonSubstantive.map {
                "«\(literal($0.label))»"
            }
            var text = """
                \(heading("{{measures.\(measure.id).label}}"))

                {{#measures.\(measure.id)}}
                {{label}} — **{{share_text}}** ({{count_text}}{{#has_interval}}; с учётом погрешности — в пределах {{interval_text}}{{/has_interval}}){{#has_target}} при целевом значении {{target_text}}. {{plain_verdict_text}}{{/has_target}}{{^has_target}}.{{/has_target}}

                В знаменатель показателя не входят ответы \(nonSubstantive.map { $0.joined(separator: ", ") + " — {{non_substantive}}, " } ?? "")без ответа на вопрос — {{blank}}{{#unreadable}}, ответы не по шкале вопроса — {{unreadable}}{{/unreadable}}.
                {{/measures.\(measure.id)}}
                """
            let itemColumn = String((measure.item ?? "").prefix { $0 != "[" })
            for table in spec.tables where table.kind == .likert && table.columns.contains(itemColumn) {
                if shownTables.insert(table.id).inserted { text += "\n\n" + likert(table, hasSchools: hasSchools) }
            }
            let breakdowns: [(PipelineSpec.Breakdown, String)] = [
                (.school, "По школам"), (.position, "По должностям"), (.subject, "По предметам"),
            ]
            for (dimension, title) in breakdowns where measure.breakdowns.contains(dimension) {
                text += "\n\n\(title):\n\n{{{measures.\(measure.id).by.\(dimension.rawValue)}}}"
                if dimension == .school { text += "\n\n{{{charts.\(measure.id)_by_school}}}" }
            }
            findings.append(text)
        }
        for table in spec.tables where !shownTables.contains(table.id) {
            let label = literal(table.label)
            switch table.kind {
            case .likert:
                findings.append(heading(label) + "\n\n" + likert(table, hasSchools: hasSchools, underItsHeading: true))
            case .choices:
                findings.append(
                    heading(label) + """


                        На вопрос {{\(table.id)_answered_verb}} {{\(table.id)_answered_text}}; можно было выбрать несколько вариантов.

                        {{{tables.\(table.id)}}}
                        """)
            case .freeText:
                findings.append(
                    heading(label) + """


                        {{#free_text.\(table.id)}}
                        - {{.}}
                        {{/free_text.\(table.id)}}
                        {{^free_text.\(table.id)}}
                        Ответов не поступило.
                        {{/free_text.\(table.id)}}
                        """)
            }
        }
        if findings.isEmpty { findings.append("Показатели и таблицы для справки не заданы.") }

        // 5. Conclusions.
        var conclusions: [String] = []
        for measure in topBox {
            var text = """
                {{#measures.\(measure.id)}}
                - {{label}} — {{share_text}} ({{count_text}}){{#has_target}}; целевой показатель ({{target_text}}) {{status_text}}{{/has_target}}.{{#bounds_cross_target}} Вывод о достижении цели зависит от неучтённых анкет: до подписания справки их следует разобрать.{{/bounds_cross_target}}
                """
            if hasSchools && measure.breakdowns.contains(.school) {
                text +=
                    "\n"
                    + BuiltInNote.gapConclusions(
                        gapsKey: "gaps.school", groups: "школах", people: "респондентов",
                        hasTarget: measure.target != nil)
            }
            if measure.breakdowns.contains(.position) {
                text += """

                    {{#gaps.position}}
                    {{#has_below}}
                    - По должностям ниже целевого значения: {{#below}}{{name}} — {{share_text}} ({{count_text}}); {{/below}}для них стоит подобрать формы помощи отдельно.
                    {{/has_below}}
                    {{/gaps.position}}
                    """
            }
            conclusions.append(text + "\n{{/measures.\(measure.id)}}")
        }
        for measure in coverage {
            conclusions.append(
                "{{#measures.\(measure.id)}}\n- {{label}}: {{share_text}} ({{count_text}}).\n{{/measures.\(measure.id)}}"
            )
        }
        if conclusions.isEmpty {
            conclusions.append(
                "{{#participants}}\n- Учтено {{kept_text}}; не учтено {{rejected_text}} (причины — в приложении).\n{{/participants}}"
            )
        }

        // 6. Decisions.
        let decisionRows = BuiltInNote.decisionRows(
            action:
                "Провести в SUBJECT разбор результатов анкетирования с педагогами и спланировать адресную методическую помощь; показатель — {{figure_text}}"
        )
        let hasFreeText = spec.tables.contains { $0.kind == .freeText }
        let closingDecision =
            "| Рассмотреть результаты анкетирования на совещании руководителей "
            + (hasSchools ? "школ — участниц программы" : "образовательных организаций")
            + (hasFreeText
                ? "; учесть предложения из ответов на открытые вопросы в плане методических мероприятий" : "")
            + " | {{responsible}} | {{due}} | {{roadmap_item}} |"

        // Appendix.
        var method: [String] = topBox.map { measure in
            """
            {{#measures.\(measure.id)}}
            Показатель «{{label}}» — {{definition}}. Погрешность оценки показана 95 % доверительным интервалом, рассчитанным методом Уилсона; если интервал содержит целевое значение, вывод о цели сформулирован как «в пределах погрешности».{{#bounds_text}} Если бы все неучтённые анкеты, кроме повторных и тестовых, и ответы не по шкале вопроса ({{uncounted}}) были засчитаны в ту или другую сторону, доля лежала бы в пределах {{bounds_text}}.{{/bounds_text}}
            {{/measures.\(measure.id)}}
            """
        }
        method += coverage.map { "{{#measures.\($0.id)}}\n{{label}} — {{definition}}.\n{{/measures.\($0.id)}}" }
        method.append(
            BuiltInNote.suppressionMethod(
                unit: "ответов", pooled: hasSchools && spec.disclosure.poolSmallSchools)
                + (hasFreeText ? " Имена в ответах на открытые вопросы скрыты." : ""))
        method.append("Не учтены анкеты:\n\n{{{tables.cleaning}}}")

        return BuiltInNote(
            spec: configuration.spec,
            goal: goal, participants: participants, collection: collection,
            findings: findings.joined(separator: "\n\n"), conclusions: conclusions.joined(separator: "\n"),
            decisionRows: decisionRows, closingDecision: closingDecision, method: method.joined(separator: "\n\n")
        ).text
    }

    /// A label above its table: «Label:», or the label as it is when it ends a sentence («…?»).
    private static func caption(_ label: String) -> String {
        NoteTemplate.literal(label) + (label.last.map { ".?!:".contains($0) } == true ? "" : ":") + "\n\n"
    }

    /// A likert table with its chart and its breakdowns by school and position; its label is
    /// printed above it unless the table stands `underItsHeading` (the heading says it already).
    private static func likert(_ table: PipelineSpec.Table, hasSchools: Bool, underItsHeading: Bool = false) -> String {
        var text =
            (underItsHeading ? "" : caption(table.label))
            + "{{{tables.\(table.id)}}}\n\n{{{charts.\(table.id)}}}"
        if hasSchools && table.breakdowns.contains(.school) {
            text += "\n\nДоля двух высших категорий по школам:\n\n{{{tables.\(table.id)_by_school}}}"
        }
        if table.breakdowns.contains(.position) {
            text += "\n\nДоля двух высших категорий по должностям:\n\n{{{tables.\(table.id)_by_position}}}"
        }
        return text
    }
}
