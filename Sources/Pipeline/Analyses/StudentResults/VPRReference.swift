import Clean
import Ingest
import Measures
import Notes

/// Published ВПР figures the district's are compared with (`results.vpr_reference`): the share
/// of each mark by subject and grade for Russia, the region, last year — as ФИС ОКО's «Статистика
/// по отметкам» gives them.
///
/// The file is a table the analyst copies from those reports: columns «Предмет», «Класс»,
/// «Уровень» (who the figures are of: «Россия», «Свердловская область», «Округ, 2023 г.») and
/// «2», «3», «4», «5» in per cent of the participants. Any encoding and delimiter `shnor inspect`
/// reads. A row is refused — exit status 2, naming the file, the line and the column — when a
/// grade is not 4–11, a share is not a number from 0 to 100, or the four shares do not add up to
/// 100 within 1.5 (rounding in the published tables).
struct VPRReference {
    struct Row {
        let subject: String
        /// ``MatchKey`` of the subject: «Математика» and «математика » are one subject.
        let subjectKey: String
        let grade: Int
        let level: String
        /// Per cent of «2», «3», «4», «5».
        let shares: [Double]
        let line: Int
    }

    let path: String
    let rows: [Row]

    static let columns = ["Предмет", "Класс", "Уровень", "2", "3", "4", "5"]

    init(path: String) throws {
        self.path = path
        let reader = try TableReader(path: path)
        var rows: [Row] = []
        var positions: [Int]?
        try reader.read(
            onRow: { row in
                let names = row.header.names.map { MatchKey.of($0) }
                if positions == nil {
                    positions = try Self.columns.map { column in
                        guard let found = names.firstIndex(of: MatchKey.of(column)) else {
                            throw ConfigurationError(
                                file: path, line: 1,
                                "нет столбца «\(column)»: нужны столбцы \(Self.columns.map { "«\($0)»" }.joined(separator: ", "))"
                            )
                        }
                        return found
                    }
                }
                guard let positions else { return }
                let cells = positions.map { row.string(at: $0).trimmingCharacters(in: .whitespaces) }
                func fail(_ column: Int, _ message: String) -> ConfigurationError {
                    ConfigurationError(file: path, line: row.line, column: positions[column] + 1, message)
                }
                guard !cells[0].isEmpty else { throw fail(0, "не указан предмет") }
                let gradeText = cells[1].filter(\.isNumber)
                guard let grade = Int(gradeText), (4...11).contains(grade) else {
                    throw fail(1, "класс «\(cells[1])»: ВПР пишут в 4–11 классах")
                }
                guard !cells[2].isEmpty else { throw fail(2, "не указан уровень (например, «Россия» или «Регион»)") }
                var shares: [Double] = []
                for column in 3...6 {
                    let text = cells[column].replacingOccurrences(of: ",", with: ".")
                        .replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
                    guard let value = Double(text), value.isFinite, (0...100).contains(value) else {
                        throw fail(
                            column,
                            "доля отметки «\(Self.columns[column])» = «\(cells[column])»: нужно число от 0 до 100 (процент участников)"
                        )
                    }
                    shares.append(value)
                }
                let sum = shares.reduce(0, +)
                guard abs(sum - 100) <= 1.5 else {
                    throw fail(
                        3,
                        "доли отметок «2»–«5» в сумме \(RussianFormat.decimal(sum, decimals: 1)) %, а должны давать 100 % (допуск округления 1,5)"
                    )
                }
                rows.append(
                    Row(
                        subject: cells[0], subjectKey: MatchKey.of(cells[0]), grade: grade, level: cells[2],
                        shares: shares, line: row.line))
            },
            onReject: { rejection in
                throw ConfigurationError(
                    file: path, line: rejection.origin.line, "строка не совпадает с заголовком: \(rejection.detail)")
            })
        guard !rows.isEmpty else {
            throw ConfigurationError(file: path, "в таблице нет ни одной строки с долями отметок")
        }
        self.rows = rows
    }
}
