import Foundation

/// Masks personal data in free-text answers before a note quotes them (DESIGN.md §6): the names
/// of known people (respondents and the roster) in any case form, with their initials, and
/// e-mail addresses and phone numbers.
///
/// A name word is recognised through ``MatchKey`` (so a zero-width character, a soft hyphen or a
/// Latin look-alike letter inside it changes nothing) and in its Russian case forms: surnames in
/// -ов/-ев/-ин/-ын and -ский/-цкий of either gender, first names and patronymics («Наталье
/// Андреевне»), unchanging surnames as they are. Initials next to a masked name («Макаровой С.А.»,
/// «Н. А. Кузнецову») are masked with it. Words of fewer than three letters are never names.
/// Masking errs towards hiding: a common word that is also a case form of a known name is masked.
/// Format characters (zero-width, bidi) are dropped from the text, as a note shows none.
public struct FreeTextScrubber: Sendable {
    public static let nameMask = "[имя скрыто]"
    public static let emailMask = "[e-mail скрыт]"
    public static let phoneMask = "[телефон скрыт]"

    /// How many masks of each kind were put in: the ledger's counts.
    public struct Counts: Sendable, Equatable {
        public var names = 0
        public var emails = 0
        public var phones = 0

        public init() {}

        public static func + (left: Counts, right: Counts) -> Counts {
            var sum = left
            sum.names += right.names
            sum.emails += right.emails
            sum.phones += right.phones
            return sum
        }
    }

    /// Keys of the known name words as written (the roster's «Кузнецова», «Наталья»).
    private let exact: Set<String>
    /// The same words without their case ending («кузнецов», «наталь», «андреевн»): a text word
    /// is a name when it is one of these plus a case ending.
    private let stems: Set<String>

    /// Case endings a stem takes, longest first (nouns, adjectival surnames, -ов/-ин surnames).
    static let caseEndings = [
        "ыми", "ими", "ого", "его", "ому", "ему",
        "ой", "ей", "ою", "ею", "ом", "ем", "ым", "им", "ых", "их", "ая", "яя", "ую", "юю", "ое", "ее", "ые", "ие",
        "ий", "ый",
        "а", "я", "у", "ю", "ы", "и", "е", "о", "й", "ь",
    ]
    /// Ends of the stems of -ов/-ев/-ин/-ын surnames, whose bare stem is itself a form.
    static let surnameStemEndings = ["ов", "ев", "ин", "ын"]
    /// The shortest stem a case ending is taken from: «Ия» or «Ян» are never stems of names.
    static let shortestStem = 3

    public init(names: [String]) {
        // A survey of a region repeats names and, far more, name words: each distinct word is
        // keyed once and declined once (a name per respondent, hundreds of thousands of them).
        var exact = Set<String>()
        for name in Set(names) {
            for word in MatchKey.of(name).split(separator: " ") where word.count >= Self.shortestStem {
                exact.insert(String(word))
            }
        }
        var stems = exact
        for word in exact {
            for ending in Self.caseEndings where word.hasSuffix(ending) {
                let stem = String(word.dropLast(ending.count))
                if stem.count >= Self.shortestStem { stems.insert(stem) }
            }
            // A fleeting vowel before the last consonant: «Павел» → «Павла», «Павлу».
            if let fleeting = Self.withoutFleetingVowel(word), fleeting.count >= Self.shortestStem {
                stems.insert(fleeting)
            }
        }
        self.exact = exact
        self.stems = stems
    }

    /// The stem of a name whose last vowel drops in its other forms («павел» → «павл»): a word
    /// ending in «е» or «о» and one consonant. Masking errs towards hiding, so any such word is
    /// given the shorter stem too.
    static func withoutFleetingVowel(_ word: String) -> String? {
        let letters = Array(word)
        guard letters.count >= 4, let last = letters.last, !"аеёиоуыэюяйь".contains(last),
            "ео".contains(letters[letters.count - 2])
        else { return nil }
        return String(letters.dropLast(2)) + String(last)
    }

    /// Whether a text word (any spelling) is a case form of a known name word.
    public func isName(_ word: String) -> Bool {
        let key = MatchKey.of(word)
        guard key.count >= Self.shortestStem, !key.contains(" ") else { return false }
        if exact.contains(key) { return true }
        // The bare stem of an -ов/-ин surname is its masculine form («Кузнецов» of «Кузнецова»).
        if stems.contains(key) && Self.surnameStemEndings.contains(where: key.hasSuffix) { return true }
        for ending in Self.caseEndings where key.hasSuffix(ending) {
            let stem = key.dropLast(ending.count)
            if stem.count >= Self.shortestStem && stems.contains(String(stem)) { return true }
        }
        return false
    }

    /// `text` with names, e-mail addresses and phone numbers masked, and the masks put in.
    public func scrub(_ text: String) -> (text: String, counts: Counts) {
        var counts = Counts()
        let maskedBefore = Self.occurrences(of: Self.nameMask, in: text)
        var text = String(text.unicodeScalars.filter { $0.properties.generalCategory != .format })
        text = Self.replace(Self.email, in: text, with: Self.emailMask, count: &counts.emails)
        text = Self.replace(Self.phone, in: text, with: Self.phoneMask, count: &counts.phones)
        text = Self.replace(Self.localPhone, in: text, with: Self.phoneMask, count: &counts.phones)
        text = Self.replace(
            Self.labelledPhone, in: text, with: Self.phoneMask, count: &counts.phones, keepingFirstGroup: true)

        var result = ""
        var word = ""
        var found = false
        func flush() {
            if !word.isEmpty && isName(word) {
                result += Self.nameMask
                found = true
            } else {
                result += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        guard found else { return (result, counts) }
        // Initials before or after a hidden name are part of it; «[имя скрыто] [имя скрыто]» for a
        // full ФИО reads as one hidden name.
        var ignored = 0
        result = Self.replace(Self.initialsAfter, in: result, with: Self.nameMask, count: &ignored)
        result = Self.replace(Self.initialsBefore, in: result, with: Self.nameMask, count: &ignored)
        let doubled = Self.nameMask + " " + Self.nameMask
        while result.contains(doubled) { result = result.replacingOccurrences(of: doubled, with: Self.nameMask) }
        counts.names = max(0, Self.occurrences(of: Self.nameMask, in: result) - maskedBefore)
        return (result, counts)
    }

    private static func occurrences(of mask: String, in text: String) -> Int {
        text.components(separatedBy: mask).count - 1
    }

    /// `text` with every match of `pattern` replaced by `mask` (after the match's first group,
    /// kept, when `keepingFirstGroup`), and the matches counted.
    private static func replace(
        _ pattern: NSRegularExpression, in text: String, with mask: String, count: inout Int,
        keepingFirstGroup: Bool = false
    ) -> String {
        let whole = NSRange(text.startIndex..., in: text)
        let found = pattern.numberOfMatches(in: text, range: whole)
        guard found > 0 else { return text }
        count += found
        return pattern.stringByReplacingMatches(
            in: text, range: whole,
            withTemplate: (keepingFirstGroup ? "$1" : "") + NSRegularExpression.escapedTemplate(for: mask))
    }

    private static func compiled(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern)
        } catch {
            preconditionFailure("a built-in pattern of FreeTextScrubber does not compile: \(pattern)")
        }
    }

    /// An e-mail address: a local part, «@» (or the full-width one), a domain with a dot.
    private static let email = compiled(#"[\p{L}\p{N}._%+-]+[@＠][\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+"#)
    /// A Russian phone number: +7 or 8 and ten digits (any code length), or a 9xx mobile number
    /// of ten digits without them; spaces, dashes, dots and brackets anywhere between digits.
    private static let phone = compiled(
        #"(?<![\p{N}+])(?:(?:\+\s*7|8)(?:[\s\-.()]{0,3}\d){10}|\(?9\d{2}\)?(?:[\s\-.]{0,3}\d){7})(?!\p{N})"#)
    /// A local number of a district exchange: «2-15-47», «21-5-47», «4-21-15» (five to seven
    /// digits in dashed groups of one to three).
    private static let localPhone = compiled(#"(?<![\p{N}\-])\d{1,3}(?:-\d{1,3}){2}(?![\p{N}\-])"#)
    /// Any run of five digits or more, with spaces, dashes or brackets, straight after «тел.»,
    /// «телефон», «т.» or «сот.» (the word is kept, the number masked).
    private static let labelledPhone = compiled(
        #"(?i)(?<!\p{L})((?:телефон|тел|сот|т)(?:\.|:|\.:)?\s?)(?:[\s\-()]?\d){5,}"#)
    /// Initials after a hidden name: «[имя скрыто] С.А.», «[имя скрыто] С. А.».
    private static let initialsAfter = compiled(
        #"\[имя скрыто\](?:\s*\p{Lu}\.){1,2}"#)
    /// Initials before a hidden name: «Н.А. [имя скрыто]», «Н.А.[имя скрыто]».
    private static let initialsBefore = compiled(
        #"(?<!\p{L})(?:\p{Lu}\.\s*){1,2}\[имя скрыто\]"#)
}
