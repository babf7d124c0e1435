import Clean

/// The Russian wordings of the answer scales surveys use, in their order, so a draft can build a
/// scale from the spellings an export holds (`shnor draft`).
///
/// A spelling is read by its words, case, «ё», «(а)» and spaces aside: the word that names the
/// scale («удовлетворён», «полезно», «согласен») and the words around it («совсем», «скорее»,
/// «не», «полностью», «очень»). A spelling with any other word («удовлетворена частично») is
/// not guessed: the draft lists it for the analyst.
enum LikertWording {
    struct Family {
        let name: String
        /// The canonical labels, lowest first.
        let labels: [String]
        /// The word that names the scale, by its stem.
        let stems: [String]
        /// The qualifiers of each category, as sets of words, by the stem matched.
        let ranks: [(stem: String, qualifiers: Set<String>, rank: Int)]
    }

    static let families: [Family] = [
        Family(
            name: "satisfaction",
            labels: [
                "Совсем не удовлетворён(а)", "Скорее не удовлетворён(а)", "Скорее удовлетворён(а)",
                "Полностью удовлетворён(а)",
            ],
            stems: ["удовлетвор"],
            ranks: [
                ("удовлетвор", ["совсем", "не"], 0), ("удовлетвор", ["не"], 0), ("удовлетвор", ["полностью", "не"], 0),
                ("удовлетвор", ["скорее", "не"], 1), ("удовлетвор", ["скорее"], 2), ("удовлетвор", ["полностью"], 3),
                ("удовлетвор", ["вполне"], 3),
            ]),
        Family(
            name: "usefulness",
            labels: ["Бесполезно", "Скорее бесполезно", "Скорее полезно", "Очень полезно"],
            stems: ["бесполезн", "полезн"],
            ranks: [
                ("бесполезн", [], 0), ("бесполезн", ["совсем"], 0), ("полезн", ["не"], 0),
                ("полезн", ["совсем", "не"], 0),
                ("бесполезн", ["скорее"], 1), ("полезн", ["скорее", "не"], 1), ("полезн", ["скорее"], 2),
                ("полезн", ["очень"], 3), ("полезн", ["полностью"], 3),
            ]),
        Family(
            name: "agreement",
            labels: ["Не согласен(на)", "Скорее не согласен(на)", "Скорее согласен(на)", "Полностью согласен(на)"],
            stems: ["соглас"],
            ranks: [
                ("соглас", ["не"], 0), ("соглас", ["совсем", "не"], 0), ("соглас", ["полностью", "не"], 0),
                ("соглас", ["скорее", "не"], 1), ("соглас", ["скорее"], 2), ("соглас", ["полностью"], 3),
                ("соглас", [], 3),
            ]),
        // Self-assessed difficulties, from none to significant (the self-assessment's order).
        Family(
            name: difficulty,
            labels: [
                "Не испытываю затруднений", "Испытываю затруднения частично", "Испытываю значительные затруднения",
            ],
            stems: ["затруднени", "испытыва", "оптимальн", "достаточн", "критическ"],
            ranks: [
                ("затруднени", ["не", "испытываю"], 0), ("затруднени", ["нет"], 0), ("затруднени", ["без"], 0),
                ("затруднени", ["испытываю", "частично"], 1), ("затруднени", ["частично"], 1),
                ("затруднени", ["частичные"], 1), ("затруднени", ["некоторые"], 1),
                ("затруднени", ["испытываю", "значительные"], 2), ("затруднени", ["значительные"], 2),
                ("затруднени", ["испытываю", "серьезные"], 2), ("затруднени", ["серьезные"], 2),
                ("испытыва", ["не"], 0), ("испытыва", ["частично"], 1), ("испытыва", ["значительные"], 2),
                ("оптимальн", [], 0), ("оптимальн", ["уровень"], 0), ("достаточн", [], 1),
                ("достаточн", ["уровень"], 1), ("критическ", [], 2), ("критическ", ["уровень"], 2),
            ]),
    ]

    /// The name of the family of self-assessed difficulties.
    static let difficulty = "difficulty"

    /// How a family (or «numbers») is named for the analyst: «удовлетворённость»; the name itself
    /// for a family not named here.
    static func title(of family: String) -> String {
        [
            "satisfaction": "удовлетворённость", "usefulness": "полезность", "agreement": "согласие",
            difficulty: "затруднения", "numbers": "числа",
        ][family] ?? family
    }

    /// Answers that are no position on the scale: «затрудняюсь ответить», «не знаю», «не участвовал(а)».
    static func isNonSubstantive(_ spelling: String) -> Bool {
        let words = Self.words(spelling)
        return words.contains { $0.hasPrefix("затрудня") } || words == ["не", "знаю"]
            || (words.first == "не" && words.dropFirst().first.map { $0.hasPrefix("участвов") || $0 == "было" } == true)
    }

    /// The family and category of a spelling; nil when it is not one of the known wordings.
    static func classify(_ spelling: String) -> (family: Int, rank: Int)? {
        let words = Self.words(spelling)
        for (number, family) in families.enumerated() {
            // The longest stem first: «бесполезно» is not «полезно».
            for stem in family.stems.sorted(by: { $0.count > $1.count }) {
                guard let word = words.first(where: { $0.hasPrefix(stem) }) else { continue }
                let qualifiers = Set(words.filter { $0 != word })
                if let match = family.ranks.first(where: { $0.stem == stem && $0.qualifiers == qualifiers }) {
                    return (number, match.rank)
                }
                return nil
            }
        }
        return nil
    }

    /// The spelling's words: lower case, «ё» as «е», «(а)» and punctuation dropped.
    static func words(_ spelling: String) -> [String] {
        let key = MatchKey.of(
            spelling.replacingOccurrences(of: "(а)", with: "").replacingOccurrences(of: "(на)", with: ""))
        return key.split { !$0.isLetter }.map(String.init)
    }
}
