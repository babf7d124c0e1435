import Foundation

/// The self-assessment's silent mistakes of issue 17: each a copy of the shipped pipeline with
/// absolute paths and one change, which once gave a plausible note with exit status 0.
extension SilentMistake {
    static let selfAssessment: [SilentMistake] = [
        SilentMistake(
            name: "самооценка: ответ по области не из шкалы затруднений портит клетку, не анкету",
            setUp: { folder in
                let start = try SelfAssessmentFixture.export(
                    in: folder, "start.csv", from: "self-assessment-start-2023.csv"
                ) { rows in
                    rows.enumerated().map { index, row in
                        var row = row
                        if index == 1 { row[5] = "Затрудняюсь иногда" }  // line 2: off the scale
                        return row
                    }
                }
                return try SelfAssessmentFixture.run(in: folder) {
                    $0.replacingOccurrences(of: SelfAssessmentFixture.startSample, with: start)
                }
            },
            status: 1,
            messages: ["самооценка: области", "«Затрудняюсь иногда» (", "строка 2)", "unknown_answer"],
            files: [("out/start/note.md", "«Затрудняюсь иногда»"), ("out/manifest.json", "\"unknown_answer\"")]),
        SilentMistake(
            name: "самооценка: ни одна анкета второго опроса не сопоставлена с первым",
            setUp: { folder in
                // The second wave under other names: nobody links, the change has nothing to count.
                let end = try SelfAssessmentFixture.export(in: folder, "end.csv", from: "self-assessment-end-2024.csv")
                {
                    rows in
                    rows.enumerated().map { index, row in
                        index == 0 ? row : [row[0], "Другая\(index) Фамилия Отчество"] + row[2...]
                    }
                }
                return try SelfAssessmentFixture.run(in: folder) {
                    $0.replacingOccurrences(of: SelfAssessmentFixture.endSample, with: end)
                }
            },
            status: 1,
            messages: ["ни одна анкета второго опроса не сопоставлена", "empty_denominator"],
            files: [
                ("out/change/note.md", "ни одна анкета второго опроса не сопоставлена"),
                ("out/manifest.json", "\"empty_denominator\""),
            ]),
        SilentMistake(
            name: "самооценка: столбец предмета для разбивки не найден в выгрузке",
            setUp: { folder in
                // The header «Преподаваемый предмет» renamed: breakdowns: [subject] matches nothing.
                let start = try SelfAssessmentFixture.export(
                    in: folder, "start.csv", from: "self-assessment-start-2023.csv"
                ) { rows in
                    rows.enumerated().map { index, row in
                        index == 0 ? row.map { $0.hasPrefix("Преподаваемый") ? "Дисциплина" : $0 } : row
                    }
                }
                return try SelfAssessmentFixture.run(in: folder) {
                    $0.replacingOccurrences(of: SelfAssessmentFixture.startSample, with: start)
                }
            },
            status: 1,
            messages: ["разбивка «subject»", "столбец предмета не найден", "empty_column"],
            files: [("out/start/note.md", "разбивка «subject»"), ("out/manifest.json", "\"empty_column\"")]),
        SilentMistake(
            name: "самооценка: область, которую не оценил ни один педагог первого опроса",
            setUp: { folder in
                let start = try SelfAssessmentFixture.export(
                    in: folder, "start.csv", from: "self-assessment-start-2023.csv"
                ) { rows in
                    rows.enumerated().map { index, row in
                        var row = row
                        if index > 0 { row[13] = "" }  // «Работа с родителями» left blank by everyone
                        return row
                    }
                }
                return try SelfAssessmentFixture.run(in: folder) {
                    $0.replacingOccurrences(of: SelfAssessmentFixture.startSample, with: start)
                }
            },
            status: 1,
            messages: ["область «Работа с родителями»", "не оценил ни один педагог", "empty_denominator"],
            files: [("out/start/note.md", "область «Работа с родителями»")]),
        SilentMistake(
            name: "самооценка: неучтённые анкеты могут перевернуть вердикт",
            setUp: { folder in
                // 17 of 76 with 4 uncounted lies within 21,3–26,3 %: a target of 22 % is on both sides.
                try SelfAssessmentFixture.run(in: folder) {
                    $0.replacingOccurrences(of: "target: 0.20", with: "target: 0.22")
                }
            },
            status: 1,
            messages: ["вердикт под сомнением", "21,3–26,3"],
            files: [
                ("out/change/note.md", "Вердикт под сомнением"), ("out/manifest.json", "\"verdict_uncertain\""),
            ]),
        SilentMistake(
            name: "самооценка: регистр работников, в котором нет ни одного педагога самооценки",
            setUp: { folder in
                // The shipped register with every name changed: nobody who answered is on it.
                let text = try String(
                    contentsOfFile: SelfAssessmentFixture.root + "/Surveys/samples/staff-register-2024.csv",
                    encoding: .utf8)
                let rows = referenceRows(text, delimiter: ";").filter { $0.count > 2 }
                let other = [rows[0]] + rows.dropFirst().map { ["Другой" + $0[0]] + $0.dropFirst() }
                let file = folder.appendingPathComponent("staff.csv")
                try Data(other.map { $0.joined(separator: ";") }.joined(separator: "\r\n").utf8).write(to: file)
                return try SelfAssessmentFixture.run(in: folder) { text in
                    SelfAssessmentFixture.withStaffRegister(text, file: file.path)
                }
            },
            status: 1,
            messages: ["регистр работников", "ни одна из 170 анкет педагогов ШНОР не найдена", "empty_column"],
            files: [("out/change/note.md", "охват 0")]),
        SilentMistake(
            name: "регистр работников: not_staff называет должность, которой нет в шкале должностей",
            setUp: { folder in
                let instrument = folder.appendingPathComponent("staff-register.yaml")
                try Data(
                    try String(
                        contentsOfFile: SelfAssessmentFixture.root + "/Surveys/staff-register.yaml", encoding: .utf8
                    )
                    .replacingOccurrences(
                        of: "not_staff: [Наставник-куратор]", with: "not_staff: [Куратор-наставник]"
                    ).utf8
                ).write(to: instrument)
                return try SelfAssessmentFixture.run(in: folder) { text in
                    text.replacingOccurrences(
                        of: SelfAssessmentFixture.root + "/Surveys/staff-register.yaml", with: instrument.path)
                }
            },
            status: 2,
            messages: ["not_staff", "должности «Куратор-наставник» нет в шкале «positions»"]),
        SilentMistake(
            name: "самооценка: self_assessment.mentors — прежний ключ, теперь not_staff регистра",
            setUp: { folder in
                try SelfAssessmentFixture.run(in: folder) { text in
                    text.replacingOccurrences(
                        of: "  breakdowns: [school, subject, position]\n",
                        with: "  breakdowns: [school, subject, position]\n  mentors: [Наставник-куратор]\n")
                }
            },
            status: 2,
            messages: ["self_assessment.mentors больше не задаётся", "not_staff"]),
    ]
}

/// Copies of the shipped self-assessment pipeline and its exports, for fixtures.
enum SelfAssessmentFixture {
    static let root = ShnorProcess.packageRoot.path
    static let startSample = root + "/Surveys/samples/self-assessment-start-2023.csv"
    static let endSample = root + "/Surveys/samples/self-assessment-end-2024.csv"

    /// The shipped pipeline with absolute paths, changed by `change`; returns the `shnor run`
    /// arguments writing into folder/out.
    static func run(in folder: URL, _ change: (String) -> String = { $0 }) throws -> [String] {
        var text = try String(contentsOfFile: root + "/Pipelines/self-assessment.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "../Surveys/", with: root + "/Surveys/")
            .replacingOccurrences(
                of: "template: self-assessment.", with: "template: \(root)/Pipelines/self-assessment.")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        return ["run", url.path, "--out", folder.appendingPathComponent("out").path]
    }

    /// The pipeline text with its staff register input (kind: roster) reading `file` instead of
    /// the shipped register.
    static func withStaffRegister(_ text: String, file: String) -> String {
        text.replacingOccurrences(of: root + "/Surveys/samples/staff-register-2024.csv", with: file)
    }

    /// A sample export with the rows `edit` returns (header first), written as CSV.
    static func export(in folder: URL, _ name: String, from sample: String, _ edit: ([[String]]) -> [[String]])
        throws -> String
    {
        let text = try String(contentsOfFile: root + "/Surveys/samples/" + sample, encoding: .utf8)
        let rows = edit(referenceRows(text, delimiter: ",").filter { !$0.allSatisfy(\.isEmpty) })
        let csv =
            rows.map { row in
                row.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
            }.joined(separator: "\r\n") + "\r\n"
        let url = folder.appendingPathComponent(name)
        try Data(csv.utf8).write(to: url)
        return url.path
    }
}
