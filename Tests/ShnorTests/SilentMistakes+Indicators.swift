import Foundation

/// The indicators report's silent mistakes: each once gave a plausible figure («0 из 0», a
/// team counted as people) with exit status 0.
extension SilentMistake {
    static let indicators: [SilentMistake] = [
        SilentMistake(
            name: "indicators: a course title in programmes that matches no course row",
            setUp: { folder in
                try IndicatorsFixture.run(
                    in: folder,
                    changing: { yaml in
                        yaml.replacingOccurrences(
                            of: "programmes: [Управление школой с низкими образовательными результатами]",
                            with: "programmes: [Управление школы с низкими результатами]")
                    })
            }, status: 1,
            messages: [
                "management_trained", "ни одна строка сведений о КПК", "Управление школы с низкими результатами",
            ],
            files: [
                ("out/note.md", "ни одна строка сведений о КПК"), ("out/manifest.json", "empty_column"),
            ]),
        SilentMistake(
            name: "indicators: a programme school whose management team is not on the register",
            setUp: { folder in
                try IndicatorsFixture.run(
                    in: folder,
                    editingRegister: { register in
                        register.filter { row in
                            !(row.count > 2 && row[1].contains("Пасынок") && row[2].hasPrefix("заместитель директора")
                                || row.count > 2 && row[1].contains("Пасынок") && row[2] == "директор")
                        }
                    })
            }, status: 1,
            messages: ["management_trained", "нет управленческой команды", "ООШ п. Пасынок"],
            files: [("out/note.md", "ООШ п. Пасынок"), ("out/manifest.json", "empty_denominator")]),
        SilentMistake(
            name: "indicators: the mentors' position matches nobody on the register",
            setUp: { folder in
                try IndicatorsFixture.run(
                    in: folder,
                    editingRegister: { register in
                        register.filter { $0.count < 3 || $0[2] != "наставник-куратор" }
                    })
            }, status: 1,
            messages: ["mentors_trained", "нет ни одного человека", "Наставник-куратор"],
            files: [("out/manifest.json", "empty_denominator")]),
        SilentMistake(
            name: "indicators: an attendance list none of whose names is on the register",
            setUp: { folder in
                let list = folder.appendingPathComponent("network.csv")
                try Data(
                    "ФИО участника;ОО\r\nИванов Иван Иванович;МКОУ СОШ № 2 р.п. Сосьва\r\nПетров Пётр Петрович;МКОУ СОШ с. Кошай\r\n"
                        .utf8
                ).write(to: list)
                return try IndicatorsFixture.run(
                    in: folder,
                    changing: { yaml in
                        yaml.replacingOccurrences(
                            of: IndicatorsFixture.root + "/Surveys/samples/network-day-2024-03.csv", with: list.path)
                    })
            }, status: 1,
            messages: ["network-day", "ни одно из 2 ФИО не найдено в регистре"],
            files: [("out/manifest.json", "empty_column")]),
        SilentMistake(
            name: "indicators: a programme school missing from the staff register",
            setUp: { folder in
                try IndicatorsFixture.run(
                    in: folder,
                    editingRegister: { register in register.filter { !($0.count > 1 && $0[1].contains("Романово")) } })
            }, status: 1,
            messages: ["нет ни одного работника школы программы «СОШ с. Романово»", "знаменателя педагогов ШНОР"],
            files: [("out/note.md", "СОШ с. Романово»"), ("out/manifest.json", "empty_denominator")]),
        SilentMistake(
            name: "indicators: mentors counted as a school's staff",
            setUp: { folder in
                try IndicatorsFixture.run(
                    in: folder,
                    changing: { yaml in
                        yaml.replacingOccurrences(
                            of: "positions: [Учитель]", with: "positions: [Учитель, Наставник-куратор]")
                    })
            }, status: 2,
            messages: ["teachers_trained", "«Наставник-куратор»", "не входят в число работников школ"]),
    ]
}

/// The shipped indicators pipeline, paths made absolute, without the figures of other runs
/// (they need three more runs), with one change.
enum IndicatorsFixture {
    static let root = ShnorProcess.packageRoot.path

    static func pipeline(in folder: URL, register: String? = nil, _ change: (String) -> String = { $0 }) throws
        -> String
    {
        var yaml = try String(contentsOfFile: root + "/Pipelines/programme-indicators.yaml", encoding: .utf8)
        if let start = yaml.range(of: "  - id: improved_teachers"), let end = yaml.range(of: "\ndisclosure:") {
            yaml.removeSubrange(start.lowerBound..<end.lowerBound)
        }
        yaml = yaml.replacingOccurrences(of: "../", with: root + "/")
            .replacingOccurrences(of: "template: programme", with: "template: \(root)/Pipelines/programme")
        if let register {
            yaml = yaml.replacingOccurrences(of: root + "/Surveys/samples/staff-register-2024.csv", with: register)
        }
        let path = folder.appendingPathComponent("indicators.yaml").path
        try Data(change(yaml).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The run arguments of the fixture with a changed pipeline text.
    static func run(in folder: URL, changing change: (String) -> String) throws -> [String] {
        ["run", try pipeline(in: folder, change), "--out", folder.appendingPathComponent("out").path]
    }

    /// The run arguments of the fixture with the staff register's rows (header first) edited.
    static func run(in folder: URL, editingRegister edit: ([[String]]) -> [[String]]) throws -> [String] {
        let text = try String(contentsOfFile: root + "/Surveys/samples/staff-register-2024.csv", encoding: .utf8)
        let rows = text.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
            .filter { !$0.isEmpty }.map { $0.components(separatedBy: ";") }
        let register = folder.appendingPathComponent("staff.csv")
        try Data(("\u{FEFF}" + edit(rows).map { $0.joined(separator: ";") }.joined(separator: "\r\n") + "\r\n").utf8)
            .write(to: register)
        return [
            "run", try pipeline(in: folder, register: register.path), "--out",
            folder.appendingPathComponent("out").path,
        ]
    }
}
