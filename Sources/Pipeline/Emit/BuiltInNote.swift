import Notes

/// The справка a pipeline without `note:` gets: the parts every shipped note has, in their
/// order (README, «The built-in note»), each analysis wording the parts only it knows.
///
/// The result is Mustache text like a template file: it names only keys of the analysis's
/// typed context, so it is checked (``PipelineConfiguration/checkTemplateKeys()``) and rendered
/// (``PipelineRun/renderNotes(_:results:outputFolder:context:)``) as a file would be. Parts
/// are Mustache text too; a label taken from a pipeline or instrument file goes in through
/// ``NoteTemplate/literal(_:)``.
struct BuiltInNote {
    /// The pipeline the note is for: whether it names an organisation and a basis.
    var spec: PipelineSpec
    /// Printed after the title in bold («: входная самооценка»).
    var titleSuffix = ""
    /// Section 1 after the basis: the goal, worded from the measures.
    var goal: String
    /// Section 2 «Сроки и участники»: dates, counts, coverage, the table by school.
    var participants: String
    /// Section 3 «Как собраны данные»: the instrument and how answers were linked.
    var collection: String
    /// Section 4 «Результаты»: each measure's figure, its tables and charts (`###` parts).
    var findings: String
    /// Section 5 «Выводы»: list items («- …»), each naming a figure or group of results.json.
    var conclusions: String
    /// Rows of the «Управленческие решения» table from the context's decisions.
    var decisionRows: String
    /// A fixed row of that table, worded with `document:`'s `responsible`, `due`, `roadmap_item`.
    var closingDecision: String
    /// The appendix «Методика»: definitions, intervals, tests, the bounds, suppression.
    var method: String

    /// The whole template.
    var text: String {
        """
        {{#document}}
        {{addressee}}

        {{/document}}
        # Аналитическая справка

        **{{title}}\(titleSuffix)**

        \(spec.organisation == nil ? "" : "{{organisation}}, "){{period}}
        {{#has_warnings}}

        **Внимание.** При обработке данных выявлено следующее (до подписания справки это нужно разобрать):

        {{#warnings}}
        - {{.}}
        {{/warnings}}
        {{/has_warnings}}

        ## 1. Основание и цель

        \(spec.basis == nil ? "" : "{{basis}}\n\n")\(goal)

        ## 2. Сроки и участники

        \(participants)

        ## 3. Как собраны данные

        \(collection)

        ## 4. Результаты

        \(findings)

        {{#any_suppressed}}
        {{suppression_note}}

        {{/any_suppressed}}
        \(Self.dynamics)
        ## 5. Выводы

        \(conclusions)

        ## 6. Управленческие решения

        {{#document}}
        | Мероприятие | Ответственный | Срок | Пункт дорожной карты |
        |:---|:---|:---|:---|
        \(decisionRows)
        \(closingDecision)

        Исполнитель: {{executor_position}} {{executor_name}}, тел. {{executor_phone}}

        Дата: {{date}}
        {{/document}}
        {{^document}}
        Ответственные и сроки управленческих решений не заданы: их определяют при рассмотрении справки.
        {{/document}}

        ## Приложение. Методика

        \(method)

        """
    }

    /// An instrument's title after the word that names it («анкету», «протоколу»): « «Title»»
    /// with its leading space, or nothing when the title is a file name (`shnor draft` names an
    /// instrument by its export: «november-satisfaction-2023», no Russian word to print).
    static func quotedTitle(_ title: String?) -> String {
        guard let title, title.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) }) else {
            return ""
        }
        return " «\(NoteTemplate.literal(title))»"
    }

    /// The comparison with earlier periods (``NoteDynamics``), the same in every note.
    static let dynamics = """
        {{#has_dynamics}}
        ### Динамика по сравнению с прошлыми периодами

        | Показатель | Период | Доля | Число | Изменение |
        |:---|:---|---:|---:|---:|
        {{#dynamics}}
        {{#points}}
        | {{label}} | {{period}} | {{share}} | {{count}} | {{change}} |
        {{/points}}
        {{/dynamics}}

        {{{charts.dynamics}}}

        Изменение — в процентных пунктах к предыдущему периоду, по округлённым значениям; сравниваются только показатели, рассчитанные по тому же определению.

        {{/has_dynamics}}
        """

    /// What every appendix says of hidden groups, for answers counted in `unit` («ответов»).
    static func suppressionMethod(unit: String, pooled: Bool) -> String {
        "Группы, в которых меньше {{k}} \(unit), в таблицах не приводятся; чтобы скрытое нельзя было вычислить по итогу, скрывается и ещё одна группа."
            + (pooled
                ? " Школы с малым числом ответов в таблицах и выводах приведены одной группой — «малочисленные школы», — чтобы не раскрывать ответы отдельных людей; её показатель равен итогу без школ, данные которых опубликованы по отдельности."
                : "")
    }

    /// The conclusions on a measure's groups below its target (``TargetGaps``) under
    /// `{{#gaps.DIMENSION}}`, `gapsKey` naming that section; `groups` is the plural of what
    /// the groups are («школах»), `people` the genitive plural of who is counted («педагогов»).
    /// Without a target (`hasTarget` false) only the lowest group is named, never «below the target».
    static func gapConclusions(gapsKey: String, groups: String, people: String, hasTarget: Bool) -> String {
        let lowest =
            hasTarget
            ? "- Во всех \(groups), данные по которым приводятся отдельно, показатель не ниже целевого значения; самый низкий — {{name}}, {{share_text}} ({{count_text}})."
            : "- Самое низкое значение в \(groups), данные по которым приводятся отдельно, — {{name}}, {{share_text}} ({{count_text}})."
        return
            """
            {{#\(gapsKey)}}
            {{#has_below}}
            - Ниже целевого значения в \(groups): {{#below}}{{name}} — {{share_text}} ({{count_text}}, на {{gap_text}} ниже цели); {{/below}}им нужна адресная методическая помощь.
            {{/has_below}}
            {{^has_below}}
            {{#lowest}}
            \(lowest)
            {{/lowest}}
            {{/has_below}}
            {{#pooled_below}}
            {{#pooled}}
            - Малочисленные школы{{#pooled_in_table}} ({{pooled_members}}){{/pooled_in_table}}{{^pooled_in_table}} ({{hidden_text}}; в таблицах — «—¹»){{/pooled_in_table}} — данные приводятся вместе, чтобы не раскрывать ответы отдельных \(people): {{share_text}} ({{count_text}}), на {{gap_text}} ниже целевого значения.
            {{/pooled}}
            {{/pooled_below}}
            {{#pooled_reaches}}
            {{#pooled}}
            - Малочисленные школы{{#pooled_in_table}} ({{pooled_members}}){{/pooled_in_table}}{{^pooled_in_table}} ({{hidden_text}}; в таблицах — «—¹»){{/pooled_in_table}} — данные приводятся вместе, чтобы не раскрывать ответы отдельных \(people): {{share_text}} ({{count_text}}).
            {{/pooled}}
            {{/pooled_reaches}}
            {{#pooled_unpublished}}
            - Не публикуются данные по малочисленным школам ({{hidden_text}}; в таблицах — «—¹»), даже вместе: за ними меньше {{k}} \(people); итог включает и их.
            {{/pooled_unpublished}}
            {{/\(gapsKey)}}
            """
    }

    /// Rows of «Управленческие решения» for `decisions` (``Decision``): `action` words the
    /// measure for a school, `SUBJECT` standing for «в …» its name (the pooled small schools
    /// get the same action) and `{{figure_text}}` for its figure.
    static func decisionRows(action: String) -> String {
        """
        {{#decisions}}
        | {{#is_school}}\(action.replacingOccurrences(of: "SUBJECT", with: "{{subject}}")){{/is_school}}{{#is_group}}\(action.replacingOccurrences(of: "SUBJECT", with: "малочисленных школах ({{members}})")){{/is_group}}{{#is_indicator}}Разобрать причины недостижения показателя «{{subject}}» ({{figure_text}}) и скорректировать план мероприятий{{/is_indicator}}{{#is_area}}Включить направление «{{subject}}» ({{figure_text}}) в план методических мероприятий{{/is_area}} | {{#is_school}}Руководитель школы; {{/is_school}}{{#is_group}}Руководители малочисленных школ ({{members}}); {{/is_group}}{{responsible}} | {{due}} | {{roadmap_item}} |
        {{/decisions}}
        """
    }
}
