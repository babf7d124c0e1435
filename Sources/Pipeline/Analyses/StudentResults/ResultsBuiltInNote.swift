import Notes

/// The student results' built-in note (``BuiltInNote``): the improved students against the
/// target with its rule, the breakdowns the pipeline names, marks at both points, and — when
/// the pipeline reads them — the ВПР-style test against journal marks and the teachers'
/// competence diagnostic. Worded from the measures' keys (label, rule, definition, target,
/// verdict, the McNemar clauses).
enum ResultsBuiltInNote {
    static func template(for configuration: PipelineConfiguration) -> String {
        let breakdowns = configuration.spec.results?.breakdowns ?? []
        let hasTarget = configuration.spec.results?.improved.target != nil
        let headings: [(PipelineSpec.ResultBreakdown, String)] = [
            (.school, "По школам"), (.grade, "По параллелям"), (.schoolClass, "По классам"),
        ]
        let byBreakdown = headings.filter { breakdowns.contains($0.0) }.map { breakdown, title in
            "\(title) (обучающиеся школ — участниц программы):\n\n{{{tables.improved_by_\(breakdown.rawValue)}}}"
                + (breakdown == .school ? "\n\n{{{charts.improved_by_school}}}" : "")
        }
        let bySubject =
            breakdowns.contains(.subject)
            ? "\n\nПары «обучающийся — предмет» по предметам (все школы):\n\n{{{tables.pairs_by_subject}}}" : ""
        let readsVPR = configuration.spec.inputs.contains { $0.kind == .vpr }
        let readsCompetence = configuration.spec.inputs.contains { $0.kind == .competence }
        var goal =
            "Цель — определить {{#improved_students}}показатель «{{label}}»{{#has_target}} (целевое значение — {{target_text}}){{/has_target}}{{/improved_students}} и сравнить успеваемость, качество знаний и степень обученности в двух точках"
        if readsVPR { goal += ", оценить объективность отметок по результатам проверочной работы" }
        if readsCompetence { goal += ", определить динамику предметных компетенций педагогов" }
        goal += "."
        return BuiltInNote(
            spec: configuration.spec,
            goal: goal,
            participants: """
                {{#has_collected}}
                Сроки проведения: первая точка — {{collected_before}}; вторая — {{collected_after}}

                {{/has_collected}}
                {{#participants}}
                В первой точке учтено {{before_text}}, во второй — {{after_text}}. Результаты сопоставлены по коду обучающегося и предмету, а при отсутствии кода — по ФИО, школе, классу и предмету: связаны {{linked_text}} «обучающийся — предмет» (по коду — {{by_code}}, по ФИО — {{by_name}}). Без пары остались {{unmatched_before_text}} первой точки и {{unmatched_after_text}} второй; в расчёт изменения они не входят. Не сравнимы {{not_comparable_text}} (в одной из точек нет отметки или стоит «н/а»). Отклонено при проверке {{rejected_text}} выгрузок.
                {{/participants}}
                """,
            collection:
                "Сравниваются отметки одних и тех же обучающихся по одним и тем же предметам в двух точках; фамилии и коды обучающихся в справке не приводятся. Показатели по школам, параллелям и классам, где меньше {{k}} обучающихся, не приводятся. Как рассчитаны показатели, их погрешность и проверка случайности изменений — в приложении «Методика».",
            findings: """
                {{#improved_students}}
                {{label}} — **{{share_text}}** ({{count_text}} с сопоставимыми результатами в обеих точках{{#has_interval}}; с учётом погрешности — в пределах {{interval_text}}{{/has_interval}}){{#has_target}} при целевом значении {{target_text}}{{/has_target}}. Обучающийся засчитан, если {{rule_text}}. {{plain_verdict_text}}

                У {{unchanged_students_text}} ({{unchanged_text}}) {{unchanged_words}}, у {{worsened_students_text}} ({{worsened_text}}) {{worsened_words}}. {{#significant}}Разница между числом повысивших и понизивших неслучайна.{{/significant}}{{^significant}}Разница между числом повысивших и понизивших может быть случайной.{{/significant}}
                {{/improved_students}}

                \(byBreakdown.joined(separator: "\n\n"))\(bySubject)

                ### Успеваемость, качество знаний и степень обученности

                {{#marks}}
                Успеваемость изменилась с {{success_before_text}} до {{success_after_text}} ({{success_change_text}}), качество знаний — с {{quality_before_text}} до {{quality_after_text}} ({{quality_change_text}}), СОУ — с {{sou_before_text}} до {{sou_after_text}}.
                {{/marks}}

                {{{tables.marks}}}

                {{{charts.marks_before_after}}}
                {{#has_vpr}}

                ### Проверочная работа и объективность отметок

                {{#vpr}}
                Получено {{students_text}} работ: успеваемость {{success_text}}, качество знаний {{quality_text}}, СОУ {{sou_text}}. Отметку за работу сравнили с отметкой по журналу для {{compared_text}}: ниже журнальной — {{lowered}} ({{lowered_text}}), совпала — {{confirmed}} ({{confirmed_text}}), выше — {{raised}} ({{raised_text}}).
                {{/vpr}}

                {{{tables.vpr_marks}}}

                {{{charts.vpr_histogram}}}

                {{{tables.vpr_journal}}}

                {{{charts.vpr_journal}}}
                {{/has_vpr}}
                {{#has_competence}}

                ### Предметные компетенции педагогов

                {{#competence}}
                Входную и итоговую диагностику прошли {{teachers_text}}. {{label}} — **{{share_text}}** ({{count_text}}; с учётом погрешности — в пределах {{interval_text}}).
                {{/competence}}

                {{{tables.competence_by_subject}}}
                {{/has_competence}}
                """,
            conclusions: """
                {{#improved_students}}
                - {{label}} — {{share_text}} ({{count_text}}){{#has_target}}; целевой показатель ({{target_text}}) {{status_text}}{{/has_target}}.
                {{/improved_students}}
                \(BuiltInNote.gapConclusions(gapsKey: "gaps.school", groups: "школах", people: "обучающихся", hasTarget: hasTarget))
                {{#gaps.grade}}
                {{#has_below}}
                - Ниже целевого значения в параллелях: {{#below}}{{name}} — {{share_text}} ({{count_text}}); {{/below}}их стоит обсудить на методических объединениях.
                {{/has_below}}
                {{/gaps.grade}}
                {{#has_success_fell}}
                - Успеваемость снизилась в школах: {{#success_fell}}{{name}} — с {{before_text}} до {{after_text}} ({{change_text}}); {{/success_fell}}в этих школах стоит разобрать причины.
                {{/has_success_fell}}
                {{#vpr}}
                - Отметка за проверочную работу совпала с отметкой по журналу в {{confirmed_text}} работ{{^objective}}: объективность текущего оценивания требует внимания{{/objective}}.
                {{/vpr}}
                {{#competence}}
                - {{label}} — {{share_text}} ({{count_text}}).
                {{/competence}}
                """,
            decisionRows: BuiltInNote.decisionRows(
                action:
                    "Разработать для обучающихся в SUBJECT адресный план повышения результатов (показатель — {{figure_text}})"
            )
                + """

                {{#vpr}}
                {{^objective}}
                | Провести анализ объективности текущего оценивания (сравнение отметок за работу и по журналу по классам) | {{document.responsible}}; руководители школ | {{document.due}} | {{document.roadmap_item}} |
                {{/objective}}
                {{/vpr}}
                """,
            closingDecision:
                "| Рассмотреть результаты на заседании рабочей группы и на методических объединениях учителей-предметников | {{responsible}} | {{due}} | {{roadmap_item}} |",
            method: """
                {{{tables.improved_summary}}}

                {{#improved_students}}
                Показатель «{{label}}»: учитывается {{definition}}.{{#has_uncounted}} Строк выгрузок, отклонённых не как повторы или тестовые записи и способных относиться к обучающимся школ программы: {{uncounted}}; если бы каждая из них была засчитана в ту или другую сторону, доля лежала бы в пределах {{bounds_text}}.{{/has_uncounted}} Случайна ли разница между числом повысивших и понизивших, проверено точным двусторонним критерием Мак-Немара (повысили {{numerator}}, понизили {{worsened}}): {{p_clause}}, {{mid_p_clause}}; изменение считается неслучайным при p < 0,05.
                {{/improved_students}}

                Успеваемость = (n5 + n4 + n3) / N; качество знаний = (n5 + n4) / N; СОУ = (100·n5 + 64·n4 + 36·n3 + 16·n2 + 7·n_на) / N, где N — все результаты «обучающийся — предмет» этой точки, которые должны иметь отметку, включая «н/а». Доверительный интервал — метод Уилсона. \(BuiltInNote.suppressionMethod(unit: "человек", pooled: false))
                """
        ).text
    }
}
