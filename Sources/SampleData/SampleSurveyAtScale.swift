import Foundation

/// A questionnaire of any size for benchmarks (issue 8, task T3): the overall satisfaction
/// question and a grid of `items` rows on the same scale, answered with the spellings real
/// exports carry (case, ё/е, gender, «затрудняюсь», blanks), written in constant memory.
///
/// Deterministic for a seed. Every respondent is invented (a number keeps names apart).
public struct SampleSurveyAtScale {
    public let seed: UInt64
    public let respondents: Int
    public let items: Int

    public init(seed: UInt64, respondents: Int, items: Int = 30) {
        self.seed = seed
        self.respondents = respondents
        self.items = items
    }

    public static let file = "survey-at-scale.csv"
    /// Spellings of the four categories, lowest first, that the satisfaction scale reads.
    static let spellings = [
        ["Совсем не удовлетворен(а)", "совсем не удовлетворена", "Совсем не удовлетворён"],
        ["Скорее не удовлетворен(а)", "скорее не удовлетворена", "СКОРЕЕ НЕ УДОВЛЕТВОРЁН"],
        ["Скорее удовлетворен(а)", "скорее удовлетворена", "Скорее удовлетворён", "СКОРЕЕ УДОВЛЕТВОРЕН"],
        ["Полностью удовлетворен(а)", "полностью удовлетворена", "Полностью удовлетворён"],
    ]

    /// Writes the export; returns its name and rows.
    public func write(to folder: String) throws -> (file: String, rows: Int) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let output = try RowFile(path: folder + "/" + Self.file, windows1251: false)
        try output.write(
            [
                "Отметка времени", "Фамилия, имя, отчество", "Образовательная организация", "Должность",
                "Насколько вы в целом удовлетворены методической помощью, которую получили в рамках программы?",
            ]
                + (1...items).map { "Оцените методическую помощь по направлениям [Направление \($0)]" })
        var random = SplitMix64(seed: seed &+ 303)
        func draw(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let positions = ["учитель", "учитель", "учитель", "заместитель директора по УВР", "педагог-психолог"]
        for number in 0..<respondents {
            let school = SampleSurvey.schools[draw(SampleSurvey.schools.count)]
            let leaning = draw(100)
            func answer() -> String {
                let roll = draw(100)
                if roll < 3 { return "" }
                if roll < 7 { return "Затрудняюсь ответить" }
                let category = min(3, max(0, (leaning + draw(60)) / 40))
                let variants = Self.spellings[category]
                return variants[draw(variants.count)]
            }
            let day = 1 + number % 28
            try output.write(
                [
                    "\(day).11.2023 \(9 + draw(9)):\(two(draw(60))):\(two(draw(60)))",
                    "Респондент \(number + 1)", school.spellings[draw(school.spellings.count)],
                    positions[draw(positions.count)],
                    answer(),
                ] + (0..<items).map { _ in answer() })
        }
        try output.close()
        return (Self.file, respondents)
    }
}
