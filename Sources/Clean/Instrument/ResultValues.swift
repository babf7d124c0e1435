/// How a result export spells the absence of a value, and a student who was not assessed.
///
/// Real exports carry «Х», «-», «нет отметки» where there is nothing to count; «н/а» in a
/// mark column means the student should have had a mark and was not assessed, which counts in
/// the N of успеваемость, качество and СОУ (DESIGN.md §2). In any other column «н/а» is blank.
/// Spellings are compared by ``MatchKey``, so «Х» and «х», «н/а» and «Н/А» are one.
public struct ResultValues: Sendable, Codable, Equatable {
    public var blank: [String]
    public var notAssessed: [String]

    enum CodingKeys: String, CodingKey { case blank, notAssessed = "not_assessed" }

    public static let standardBlank = ["Х", "X", "-", "—", "нет отметки", "нет", "отсутствовал", "отс"]
    public static let standardNotAssessed = ["н/а", "на", "не аттестован", "неаттестован", "не аттест"]

    public init(blank: [String] = Self.standardBlank, notAssessed: [String] = Self.standardNotAssessed) {
        self.blank = blank
        self.notAssessed = notAssessed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        blank = try container.decodeIfPresent([String].self, forKey: .blank) ?? Self.standardBlank
        notAssessed = try container.decodeIfPresent([String].self, forKey: .notAssessed) ?? Self.standardNotAssessed
    }
}
