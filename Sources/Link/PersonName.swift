import Clean

/// A ФИО read into surname, given name and patronymic, each possibly only an initial.
///
/// «Иванова Анна Петровна», «иванова  анна петровна», «Иванова А.П.», «Иванова А. П.» and
/// «ИВАНОВА АП» all read; letters compare as ``MatchKey`` does (case and ё/е ignored).
public struct PersonName: Sendable, Hashable {
    public let surname: String
    public let given: String?
    public let patronymic: String?

    public init?(_ text: String) {
        var words: [String] = []
        var word = ""
        for character in text {
            if character.isLetter || character == "-" {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        guard let first = words.first else { return nil }
        var rest: [String] = []
        for word in words.dropFirst() {
            // «АП»: initials written together, in capitals, with no dots.
            if (2...3).contains(word.count), word.allSatisfy({ $0.isUppercase }), words.count == 2 {
                rest += word.map(String.init)
            } else {
                rest.append(word)
            }
        }
        surname = MatchKey.of(first)
        given = rest.first.map(MatchKey.of)
        patronymic = rest.count > 1 ? MatchKey.of(rest[1]) : nil
    }

    /// The whole name as a key: equal keys are the same spelling up to case, ё/е and spacing.
    public var key: String { [surname, given ?? "", patronymic ?? ""].joined(separator: "|") }

    /// Same surname, and given name and patronymic equal or one an initial of the other
    /// (a part missing on one side does not disagree).
    public func isCompatible(with other: PersonName) -> Bool {
        surname == other.surname && Self.parts(given, other.given) && Self.parts(patronymic, other.patronymic)
    }

    private static func parts(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        if a == b { return true }
        if a.count == 1 { return b.hasPrefix(a) }
        if b.count == 1 { return a.hasPrefix(b) }
        return false
    }
}
