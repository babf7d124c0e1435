import Notes

/// The lesson observation's built-in note (``BuiltInNote``): the improved teachers against the
/// target, the protocol's blocks ranked by gain, the second wave's levels, the observers'
/// effects, and the schools and blocks below the pipeline's threshold. Worded from the
/// measure's keys (label, rule, definition, target, verdict, the McNemar sentence) and from
/// the instrument's title.
enum LessonObservationBuiltInNote {
    static func template(for configuration: PipelineConfiguration) -> String {
        let instrument = configuration.spec.inputs.first { $0.kind == .observations }.flatMap {
            configuration.instruments[$0.id]
        }
        let protocolName = BuiltInNote.quotedTitle(instrument?.title)
        return BuiltInNote(
            spec: configuration.spec,
            goal:
                "Цель — оценить по результатам посещения уроков {{#measure}}показатель «{{label}}»{{#has_target}} (целевое значение — {{target_text}}){{/has_target}}{{/measure}} и определить, в каких школах и по каким блокам протокола нужна методическая помощь.",
            participants: """
                {{#has_wave_dates}}Сроки посещения ({{waves_text}}) — по датам протоколов.{{/has_wave_dates}}

                {{#participants}}
                В первой волне заполнено протоколов: {{protocols_before}} ({{teachers_before_text}}), во второй — {{protocols_after}} ({{teachers_after_text}}); {{schools_text}}, наблюдателей: {{observers}}.
                {{/participants}}
                Протокол: {{criteria_text}}; {{repeated_text}}.
                {{#link}}
                Педагоги двух волн сопоставлены: связаны {{linked_text}} (по табельному номеру — {{by_id}}, по совпадению ФИО — {{by_name}}, по фамилии и инициалам — {{by_initials}}). Только в первой волне: {{unmatched_before}}; только во второй: {{unmatched_after}}; несопоставленные педагоги в расчёт изменения не входят.
                {{/link}}
                {{#has_coverage}}
                {{coverage_text}}.
                {{/has_coverage}}
                {{#has_outside_programme}}
                Сопоставленные педагоги школ, не входящих в программу ({{outside_programme}}), в показатели изменения не входят.
                {{/has_outside_programme}}
                """,
            collection:
                "Уроки педагогов посещены дважды по единому протоколу\(protocolName); каждый критерий наблюдатель оценивает баллами от 0 до наибольшего. Сравниваются одни и те же педагоги в двух волнах. Фамилии педагогов и наблюдателей в справке не приводятся; группы, в которых меньше {{k}} педагогов, не приводятся. Как рассчитаны показатели — в приложении «Методика».",
            findings: """
                Средняя доля от максимума баллов протокола: {{levels_text}}.

                {{#measure}}
                {{label}} — **{{share_text}}** ({{count_text}}; с учётом погрешности — в пределах {{interval_text}}){{#has_target}} при целевом значении {{target_text}}{{/has_target}}. {{#has_target}}{{plain_verdict_text}}{{/has_target}}{{^has_target}}{{plain_test_text}}.{{/has_target}}

                Качество снизилось у {{worsened_teachers}} ({{worsened_text}}), без значимых изменений — {{unchanged}} ({{unchanged_text}}).

                По школам:

                {{{by_school}}}
                {{/measure}}

                {{{charts.improved_by_school}}}

                ### Блоки протокола по приросту

                {{{tables.blocks}}}

                {{{charts.blocks}}}

                ### Уровень во второй волне по школам и блокам

                {{{tables.schools}}}

                {{{tables.block_levels}}}

                ### Наблюдатели

                Средняя доля от максимума по протоколам каждого наблюдателя (обе волны); отклонение — от среднего по протоколам остальных наблюдателей.

                {{{tables.observers}}}

                {{#has_observer_text}}
                {{observer_text}}.
                {{/has_observer_text}}
                """,
            conclusions: """
                {{#measure}}
                - {{label}} — {{share_text}} ({{count_text}}){{#has_target}}; целевой показатель ({{target_text}}) {{status_text}}{{/has_target}}.
                {{/measure}}
                {{#has_schools_below}}
                - Средняя доля от максимума во второй волне ниже {{threshold_text}} в школах: {{schools_below_text}}.
                {{/has_schools_below}}
                {{#has_blocks_below}}
                - Ниже {{threshold_text}} от максимума во второй волне блоки протокола: {{blocks_below_text}}.
                {{/has_blocks_below}}
                """,
            decisionRows: """
                {{#schools_below}}
                | Провести методический день и повторное посещение уроков (средняя доля от максимума во второй волне: {{.}}) | Руководитель школы; {{document.responsible}} | {{document.due}} | {{document.roadmap_item}} |
                {{/schools_below}}
                {{#blocks_below}}
                | Включить направление {{.}} в семинары и консультации | {{document.responsible}} | {{document.due}} | {{document.roadmap_item}} |
                {{/blocks_below}}
                {{#has_observer_text}}
                | Согласовать оценивание наблюдателей: совместное посещение урока и разбор расхождений по критериям протокола | {{document.responsible}} | {{document.due}} | {{document.roadmap_item}} |
                {{/has_observer_text}}
                """,
            closingDecision:
                "| Рассмотреть результаты посещения уроков на совещании руководителей школ — участниц программы | {{responsible}} | {{due}} | {{roadmap_item}} |",
            method: """
                {{#measure}}
                Показатель «{{label}}»: учитывается {{definition}}. Доля от максимума — сумма баллов по оценённым критериям протокола, делённая на сумму их наибольших баллов. Доверительный интервал — метод Уилсона; p — точный двусторонний критерий Мак-Немара по несогласованным парам (качество выросло против снизилось): p = {{p_text}}, mid-p = {{mid_p_text}}; изменение считается неслучайным при p < 0,05.
                {{#has_uncounted}}

                Неучтённое: {{uncounted}} — протоколы, отклонённые не как повторные или тестовые, и несопоставленные педагоги одной школы, которые могли быть одним человеком. Если бы все они были засчитаны в ту или другую сторону, доля лежала бы в пределах {{bounds_text}}.
                {{/has_uncounted}}
                {{/measure}}

                \(BuiltInNote.suppressionMethod(unit: "педагогов", pooled: false))
                """
        ).text
    }
}
