/// The indicators report's built-in note (``BuiltInNote``): the summary by status, the staff
/// denominator, the table of indicators with their caveats, the comparison with an earlier
/// period, the tables by school, and each indicator's definition and source. Worded from the
/// indicators' own keys (number, label, value, target, status, definition, source).
enum IndicatorsBuiltInNote {
    static func template(for spec: PipelineSpec) -> String {
        BuiltInNote(
            spec: spec,
            goal:
                "Цель — оценить достижение целевых показателей программы и определить управленческие решения по показателям, которые не достигнуты.",
            participants: """
                {{#staff}}
                Педагоги ШНОР — один знаменатель всех показателей по работникам: {{total_text}} ({{schools_text}} программы) по регистру работников; по должностям: {{positions_text}}.{{#has_mentors}} Наставники-кураторы ({{mentors}}) учитываются по своему списку и в число работников школ не входят.{{/has_mentors}}
                {{/staff}}
                """,
            collection:
                "Показатели по реестрам и спискам (школы, работники, курсы, мероприятия) рассчитаны сплошным учётом; доли из справок, подготовленных в течение года, приводятся как есть, с их знаменателями и погрешностью. Определения показателей, источники и порядок расчёта — в приложении «Методика».",
            findings: """
                {{#summary}}
                {{#has_targets}}
                Из {{with_target_text}} с целевым значением: {{by_status_text}}.{{#has_within_margin}} Достигнуты лишь в пределах погрешности: {{within_margin_text}}.{{/has_within_margin}}{{#has_not_achieved}} Не достигнуты: {{not_achieved_text}}.{{/has_not_achieved}}
                {{/has_targets}}
                {{/summary}}

                {{{tables.indicators}}}

                {{#any_caveats}}
                Оговорки к выводам:

                {{#indicators}}
                {{#has_caveats}}
                - {{number}}. {{label}}: {{plain_caveats_text}}.
                {{/has_caveats}}
                {{/indicators}}
                {{/any_caveats}}

                {{{charts.indicators}}}

                {{#has_previous}}
                ### Изменение с прошлой волны

                {{#previous}}
                По сравнению с отчётом за {{period}} (показателей для сравнения: {{compared}}):
                {{/previous}}

                {{{tables.change}}}

                {{{charts.change}}}
                {{/has_previous}}

                {{#has_school_tables}}
                ### Показатели по школам

                {{#tables.by_school}}
                **{{number}}. {{label}}**

                {{{table}}}

                {{/tables.by_school}}
                {{/has_school_tables}}
                """,
            conclusions: """
                {{#summary}}
                {{^has_targets}}
                - Целевые значения показателей не заданы: о достижении показателей справка не судит.
                {{/has_targets}}
                {{/summary}}
                {{#indicators}}
                {{#achieved}}
                - Достигнут показатель {{number}} «{{label}}»: {{value_text}}{{^is_document}} при целевом значении {{target_text}}{{/is_document}}.
                {{/achieved}}
                {{#achieved_within_margin}}
                - Показатель {{number}} «{{label}}» — {{value_text}} — достигнут лишь в пределах погрешности.
                {{/achieved_within_margin}}
                {{#not_achieved_within_margin}}
                - Не достигнут, но в пределах погрешности, показатель {{number}} «{{label}}»: {{value_text}} при целевом значении {{target_text}}.
                {{/not_achieved_within_margin}}
                {{#not_achieved}}
                - Не достигнут показатель {{number}} «{{label}}»: {{value_text}}{{^is_document}} при целевом значении {{target_text}}{{/is_document}}.
                {{/not_achieved}}
                {{/indicators}}
                {{#tables.by_school}}
                {{#gaps}}
                {{#has_below}}
                - По показателю {{number}} ниже целевого значения школы: {{#below}}{{name}} — {{share_text}} ({{count_text}}); {{/below}}им нужна адресная помощь.
                {{/has_below}}
                {{/gaps}}
                {{/tables.by_school}}
                """,
            decisionRows: """
                {{#decisions}}
                | Показатель {{subject}}: {{figure_text}}. Определить причины недостижения и включить меры по его достижению в план реализации программы | {{responsible}} | {{due}} | {{roadmap_item}} |
                {{/decisions}}
                """,
            closingDecision:
                "| Рассмотреть итоги достижения целевых показателей на заседании рабочей группы | {{responsible}} | {{due}} | {{roadmap_item}} |",
            method: """
                {{#indicators}}
                {{number}}. {{label}}: {{definition}}{{#has_interval}}; 95 % доверительный интервал {{interval_text}}{{/has_interval}}{{#has_coverage}}; {{coverage_text}}{{/has_coverage}}; источник — {{source}}
                {{/indicators}}

                Показатели по регистрам — сплошной учёт: доверительных интервалов у них нет, итог — «достигнут» или «не достигнут». Участники курсов и мероприятий сопоставлены с регистром по ФИО и школе; не найденные в регистре ({{unmatched}}) не учитываются. Доли из других справок приводятся с их интервалами (метод Уилсона): «достигнут, но в пределах погрешности» значит, что интервал содержит целевое значение.
                """
        ).text
    }
}
