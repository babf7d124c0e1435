/// Russian plural forms: «1 столбец, 2 столбца, 5 столбцов, 21 столбец, 11 столбцов».
public struct RussianPlural: Sendable {
    public let one: String
    public let few: String
    public let many: String

    public init(_ one: String, _ few: String, _ many: String) {
        self.one = one
        self.few = few
        self.many = many
    }

    /// The form that agrees with `count`.
    public func form(for count: Int) -> String {
        let n = count.magnitude
        if (11...14).contains(n % 100) { return many }
        switch n % 10 {
        case 1: return one
        case 2...4: return few
        default: return many
        }
    }

    /// The count and its form: «3 столбца».
    public func callAsFunction(_ count: Int) -> String {
        "\(count) \(form(for: count))"
    }

    public static let column = RussianPlural("столбец", "столбца", "столбцов")
    public static let row = RussianPlural("строка", "строки", "строк")
    public static let line = RussianPlural("строку", "строки", "строк")
}
