import Clean
import Notes

/// The self-assessment's built-in notes (``BuiltInNote``): `start` — the difficulty profile and
/// the targeted recommendations; `change` — the improved teachers against the target, by
/// school and by area. Worded from the measures' keys (label, definition, target, verdict, the
/// McNemar sentence) and from the instrument: its title and its difficulty scale.
enum SelfAssessmentBuiltInNote {
    static func template(for note: PipelineSpec.Note, in configuration: PipelineConfiguration) -> String {
        let settings = configuration.spec.selfAssessment
        let instrument = configuration.instruments[configuration.responsesInput.id]
        let questionnaire = BuiltInNote.quotedTitle(instrument?.title)
        let breakdowns = settings?.breakdowns ?? []
        return note.id == "change"
            ? change(
                configuration.spec, questionnaire: questionnaire, rules: settings?.improved.rules ?? [],
                hasTarget: settings?.improved.target != nil)
            : start(configuration.spec, questionnaire: questionnaire, breakdowns: breakdowns)
    }

    static let participantsCommon = """
        {{#has_coverage}}

        {{coverage_text}}.

        По школам (найдено — анкеты, сопоставленные с регистром работников по ФИО и школе):

        {{{coverage_by_school}}}
        {{/has_coverage}}
        """

    static let collectionCommon =
        "Анкета не анонимна — по ФИО и школе сопоставляются ответы двух волн; в справке персональные данные не приводятся. По школам не приводятся группы, в которых меньше {{k}} педагогов. Как рассчитаны показатели и их погрешность — в приложении «Методика»."

    private static func start(_ spec: PipelineSpec, questionnaire: String, breakdowns: [PipelineSpec.Breakdown])
        -> String
    {
        let titles: [(PipelineSpec.Breakdown, String)] = [
            (.school, "По школам"), (.subject, "По преподаваемым предметам"), (.position, "По должностям"),
        ]
        let byBreakdown = titles.filter { breakdowns.contains($0.0) }.map {
            "\($0.1):\n\n{{{tables.by_\($0.0.rawValue)}}}"
        }
        return BuiltInNote(
            spec: spec,
            titleSuffix: ": входная самооценка",
            goal:
                "Цель самооценки — выявить профессиональные затруднения педагогов по областям профессиональной деятельности и определить, куда направить адресную методическую помощь.",
            participants: """
                {{#participants}}
                Во входной самооценке учтены ответы: {{teachers_text}} из {{schools_text}}{{#has_wave_dates}} ({{before_collected}}, по отметкам времени анкет){{/has_wave_dates}}.
                {{/participants}}
                """ + participantsCommon,
            collection:
                "Педагоги заполняли электронную анкету\(questionnaire): для каждой области профессиональной деятельности выбирали один уровень по шкале «{{levels}}». "
                + collectionCommon,
            findings: """
                Области профессиональной деятельности в порядке убывания доли педагогов, отметивших затруднения (любой уровень, кроме «{{no_difficulty}}»):

                {{{tables.ranking}}}

                {{{charts.ranking}}}

                \(byBreakdown.joined(separator: "\n\n"))

                ### Адресные рекомендации

                Для каждой школы названы области, в которых затруднения отметили не менее {{threshold_text}} её педагогов, и формы методической поддержки, которые инструмент сопоставляет этим областям.

                {{#recommendations}}
                **{{school}}** ({{respondents_text}}).
                {{#suppressed}}
                Ответов меньше {{k}}: рекомендации по школе не формируются.
                {{/suppressed}}
                {{#no_areas}}
                Ни в одной области доля педагогов с затруднениями не достигает порога.
                {{/no_areas}}
                {{#has_areas}}
                {{#areas}}
                - {{area}} — {{share_text}}: {{formats}}.
                {{/areas}}
                {{/has_areas}}

                {{/recommendations}}
                """,
            conclusions: """
                {{#top_areas}}
                - Область «{{area}}»: затруднения отметили {{share_text}} педагогов{{#has_formats}}; формы поддержки — {{formats}}{{/has_formats}}.
                {{/top_areas}}
                {{#recommendations}}
                {{#has_areas}}
                - {{school}}: затруднения у {{threshold_text}} педагогов и более — в {{areas_text}}.
                {{/has_areas}}
                {{/recommendations}}
                """,
            decisionRows: """
                {{#recommendations}}
                {{#areas}}
                | Включить в план методического сопровождения {{school}} область «{{area}}» ({{share_text}} педагогов с затруднениями): {{formats}} | Руководитель школы; {{document.responsible}} | {{document.due}} | {{document.roadmap_item}} |
                {{/areas}}
                {{/recommendations}}
                """,
            closingDecision:
                "| Передать наставникам индивидуальные профили затруднений педагогов (закрытая часть результатов) | {{responsible}} | {{due}} | {{roadmap_item}} |",
            method:
                "Доля педагогов, испытывающих затруднения в области, — отношение числа педагогов, выбравших для области любой уровень, кроме «{{no_difficulty}}», к числу педагогов, оценивших эту область. Погрешность показана 95 % доверительным интервалом, рассчитанным методом Уилсона. "
                + BuiltInNote.suppressionMethod(unit: "педагогов", pooled: false)
        ).text
    }

    private static func change(
        _ spec: PipelineSpec, questionnaire: String, rules: [PipelineSpec.Improved.Rule], hasTarget: Bool
    )
        -> String
    {
        let otherRule =
            rules.dropFirst().contains(.meanDrop)
            ? """

            {{#rules_disagree}}
            {{#measures.improved_teachers_mean_drop}}
            - {{label}} — {{share_text}} ({{count_text}}): вывод о достижении цели зависит от выбранного правила.
            {{/measures.improved_teachers_mean_drop}}
            {{/rules_disagree}}
            """ : ""
        return BuiltInNote(
            spec: spec,
            titleSuffix: ": итоги повторной самооценки",
            goal:
                "Цель — сравнить входную и итоговую самооценку профессиональных затруднений одних и тех же педагогов и определить {{#measures.improved_teachers}}показатель «{{label}}»{{#has_target}} (целевое значение — {{target_text}}){{/has_target}}{{/measures.improved_teachers}}.",
            participants: """
                {{#has_wave_dates}}
                Сроки проведения ({{waves_text}}) — по отметкам времени анкет.

                {{/has_wave_dates}}
                {{#link}}
                Входную самооценку прошли {{before_text}}, итоговую — {{after_text}}. Анкеты сопоставлены: связаны {{linked_text}} (по табельному номеру — {{by_id}}, по совпадению ФИО — {{by_name}}, по фамилии и инициалам — {{by_initials}}). Только в первой волне: {{unmatched_before}}; только во второй: {{unmatched_after}}; несопоставленные анкеты в расчёт изменения не входят.
                {{/link}}
                """ + participantsCommon + """

                    {{#has_outside_programme}}

                    Сопоставленные педагоги школ, не входящих в программу ({{outside_programme}}), в показатели изменения не входят.
                    {{/has_outside_programme}}
                    """,
            collection:
                "Педагоги дважды заполнили одну и ту же электронную анкету\(questionnaire), оценив затруднения в каждой области профессиональной деятельности по шкале «{{levels}}»; сравниваются ответы одного и того же педагога. "
                + collectionCommon,
            findings: """
                {{#measures.improved_teachers}}
                {{label}} — **{{share_text}}** ({{count_text}}; с учётом погрешности — в пределах {{interval_text}}){{#has_target}} при целевом значении {{target_text}}{{/has_target}}. {{#has_target}}{{plain_verdict_text}}{{/has_target}}{{^has_target}}{{plain_test_text}}.{{/has_target}}
                {{/measures.improved_teachers}}
                {{#rules_disagree}}

                {{disagreement_text}}
                {{/rules_disagree}}
                {{#measures.improved_teachers}}

                Затруднения выросли у {{worsened_teachers}} ({{worsened_text}}), без однозначных изменений — {{unchanged}} ({{unchanged_text}}).

                По школам:

                {{{by_school}}}
                {{/measures.improved_teachers}}

                {{{charts.improved_by_school}}}

                ### Изменение по областям

                Доля педагогов с затруднениями среди прошедших оба опроса:

                {{{tables.area_change}}}

                {{{charts.area_change}}}
                """,
            conclusions: """
                {{#measures.improved_teachers}}
                - {{label}} — {{share_text}} ({{count_text}}){{#has_target}}; целевой показатель ({{target_text}}) {{status_text}}{{/has_target}}.
                {{#not_significant}}
                - Из {{denominator}} педагогов, прошедших оба опроса, затруднения снизились у {{numerator}} ({{share_text}}), выросли у {{worsened}} ({{worsened_text}}): такая разница может быть случайной.
                {{/not_significant}}
                {{#significant}}
                - Из {{denominator}} педагогов, прошедших оба опроса, затруднения снизились у {{numerator}} ({{share_text}}), выросли у {{worsened}} ({{worsened_text}}): изменение неслучайно.
                {{/significant}}
                \(BuiltInNote.gapConclusions(gapsKey: "gaps_school", groups: "школах", people: "педагогов", hasTarget: hasTarget))
                {{/measures.improved_teachers}}\(otherRule)
                {{#has_areas_grew}}
                - Доля педагогов с затруднениями выросла в областях: {{#areas_grew}}«{{name}}» ({{before_text}} → {{after_text}}, {{change_text}}); {{/areas_grew}}{{#no_area_significant}}ни одно из изменений по областям не выходит за пределы случайного разброса.{{/no_area_significant}}{{^no_area_significant}}изменения — в разделе 4.{{/no_area_significant}}
                {{/has_areas_grew}}
                """,
            decisionRows: BuiltInNote.decisionRows(
                action:
                    "Разобрать с педагогами в SUBJECT итоги самооценки (показатель — {{figure_text}}); закрепить наставников за педагогами, у которых затруднения выросли"
            ) + """

                {{#areas_grew}}
                | Включить область «{{name}}» (затруднения {{before_text}} → {{after_text}}) в план методических мероприятий | {{document.responsible}} | {{document.due}} | {{document.roadmap_item}} |
                {{/areas_grew}}
                """,
            closingDecision:
                "| Рассмотреть итоги самооценки на совещании руководителей школ — участниц программы | {{responsible}} | {{due}} | {{roadmap_item}} |",
            method: """
                {{#measures.improved_teachers}}
                Показатель «{{label}}»: учитывается {{definition}}. Погрешность доли показана 95 % доверительным интервалом, рассчитанным методом Уилсона. Случайно ли изменение, проверено точным двусторонним критерием Мак-Немара по несогласованным парам (затруднения снизились против выросли): p = {{p_text}}, mid-p = {{mid_p_text}}; изменение считается неслучайным при p < 0,05.
                {{#has_uncounted}}

                Неучтённое: {{uncounted}} — анкеты, отклонённые не как повторные или тестовые, и несопоставленные анкеты одной школы, которые могли быть одним педагогом. Если бы все они были сопоставлены и засчитаны в ту или другую сторону, доля лежала бы в пределах {{bounds_text}}.
                {{/has_uncounted}}
                {{/measures.improved_teachers}}

                По разным правилам определения улучшения:

                {{{tables.rules}}}

                \(BuiltInNote.suppressionMethod(unit: "педагогов", pooled: true))
                """
        ).text
    }
}
