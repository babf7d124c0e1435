/// The pipeline of a ``WaveDraftPlan``.
extension WaveDraftPlan {
    /// `exports` are the waves' files as the pipeline names them (one or two); `sheet`: the
    /// workbook sheet they were read from, written into every input.
    func pipelineYAML(
        id: String, exports: [String], instrument: String, register: String, sheet: String? = nil
    ) -> String {
        var lines = [
            "# Черновик конвейера от shnor draft (\(kind.title)). Перед запуском: проверьте «ПРОВЕРЬТЕ»,",
            "# заполните «ЗАДАЙТЕ», затем shnor validate и shnor run.",
            "pipeline: \(DraftYAML.quoted(id))",
            "analysis: \(analysis)",
            "title: \(DraftYAML.quoted(title))   # ПРОВЕРЬТЕ название справки",
            period.map { "period: \($0)                # ПРОВЕРЬТЕ: месяц последней даты в выгрузке" }
                ?? "period: 2024-01                # ЗАДАЙТЕ месяц данных (ГГГГ-ММ)",
            "register: \(DraftYAML.quoted(register))",
            "inputs:",
        ]
        let quotedInstrument = DraftYAML.quoted(instrument)
        let sheetKey = sheet.map { ", sheet: \(DraftYAML.quoted($0))" } ?? ""
        if kind == .register {
            lines.append(
                "  - {id: staff, kind: roster, file: \(DraftYAML.quoted(exports[0])), instrument: \(quotedInstrument)\(sheetKey)}"
            )
        } else if pointsInRow {
            lines += [
                "  # обе точки в одной строке выгрузки: один вход, точки — столбцы со stage в инструменте",
                "  - {id: results, kind: results, file: \(DraftYAML.quoted(exports[0])), instrument: \(quotedInstrument)\(sheetKey)}",
                "cleaning:", "  test_markers: [тест, test, проверка]",
            ]
        } else {
            let (inputKind, ids, stages) = waveInputs
            for wave in 0..<2 {
                let file =
                    wave < exports.count
                    ? "    file: \(DraftYAML.quoted(exports[wave]))"
                    : "    file: \(DraftYAML.quoted(exports[0]))   # ЗАДАЙТЕ файл второй волны (пока указан файл первой)"
                lines += [
                    "  - id: \(ids[wave])", "    kind: \(inputKind)",
                    "    stage: \(wave == 0 ? "pre" : "post")             # \(stages[wave])",
                    file, "    instrument: \(quotedInstrument)",
                ]
                if let sheet { lines.append("    sheet: \(DraftYAML.quoted(sheet))") }
            }
            lines += ["cleaning:"]
            if kind == .selfAssessment {
                lines.append(
                    "  duplicates: keep_latest      # из повторных анкет одного педагога учитывается последняя")
            }
            lines.append("  test_markers: [тест, test, проверка]")
        }
        lines += settings
        lines += ["disclosure:", "  k: 5"] + DraftYAML.builtInNote(pipeline: id)
        return lines.joined(separator: "\n") + "\n"
    }

    private var analysis: String {
        switch kind {
        case .selfAssessment: "self_assessment"
        case .results: "student_results"
        case .observation: "lesson_observation"
        case .register, .survey: "indicators"
        }
    }

    private var title: String {
        switch kind {
        case .selfAssessment: "О результатах самооценки профессиональных затруднений педагогических работников"
        case .results: "О результатах обучающихся"
        case .observation: "О результатах посещения уроков"
        case .register, .survey: "О педагогах школ — участниц программы по регистру работников"
        }
    }

    private var waveInputs: (kind: String, ids: [String], stages: [String]) {
        switch kind {
        case .selfAssessment: ("responses", ["start", "end"], ["входная самооценка", "итоговая самооценка"])
        case .results:
            ("results", ["first", "second"], ["первая точка (входная диагностика)", "вторая точка (итоговая работа)"])
        default: ("observations", ["first", "second"], ["первая волна посещений", "вторая волна посещений"])
        }
    }

    /// The analysis's own section: the headline's rule, and its target left for the analyst.
    private var settings: [String] {
        let target = "    # target: 0.20            # ЗАДАЙТЕ целевое значение (доля от 0 до 1) и уберите «#»"
        switch kind {
        case .selfAssessment:
            let breakdowns = ["school"] + (has(.subject) ? ["subject"] : []) + (has(.position) ? ["position"] : [])
            return [
                "self_assessment:", "  areas: areas",
                "  threshold: 0.50              # области, где затруднения у половины педагогов школы и более",
                "  improved:",
                "    rules: [fewer_difficulties, mean_drop]   # ПРОВЕРЬТЕ: первое правило — главный показатель справки",
                "    min_drop: 0.2", target, "  breakdowns: [\(breakdowns.joined(separator: ", "))]",
            ]
        case .results:
            var breakdowns = ["school"]
            if has(.className) { breakdowns += ["grade", "class"] }
            breakdowns.append("subject")
            return [
                "results:", "  improved:",
                has(.mark)
                    ? "    rule: mean_mark             # ПРОВЕРЬТЕ: главный показатель — средняя отметка по сопоставимым предметам выросла"
                    : "    rule: any_subject           # ПРОВЕРЬТЕ: главный показатель — результат вырос хотя бы по одному предмету",
                has(.mark) ? "    by: mark" : "    by: score", has(.mark) ? nil : "    min_rise: 1", target,
                "  breakdowns: [\(breakdowns.joined(separator: ", "))]",
            ].compactMap { $0 }
        case .observation:
            return [
                "lesson_observation:",
                "  repeated: mean                 # несколько посещений педагога в волне: среднее",
                "  improved:",
                "    rule: overall_gain           # ПРОВЕРЬТЕ: главный показатель — доля от максимума баллов выросла на margin",
                "    margin: 0.10", target, "  threshold: 0.60",
            ]
        case .register, .survey:
            return [
                "indicators:", "  - id: programme_schools", "    kind: programme_schools",
                "    label: \(DraftYAML.quoted("Доля общеобразовательных организаций округа, вошедших в программу"))",
                "    # target: 0.80            # ЗАДАЙТЕ целевое значение (доля от 0 до 1) и уберите «#»",
            ]
        }
    }
}
