import Foundation
import Ingest
import Measures
import Notes

/// Something a run could not count or had to read in a way nobody asked for: printed in the
/// run summary, in the note and in manifest.json, never left silent (DESIGN.md §7).
///
/// A warning of a kind the pipeline does not `allow:` fails the run with exit status 1 after
/// every file is written: the note is there to read, but nobody should sign it unread.
public struct RunWarning: Sendable, Equatable, Codable {
    /// The kinds of warning; the raw values are what a pipeline lists under `allow:`.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// More rows were left out than `cleaning.max_reject_rate` tolerates.
        case rejectRate = "reject_rate"
        /// A measure, a table or a breakdown had nothing to count.
        case emptyDenominator = "empty_denominator"
        /// A column the pipeline names matched no value of the export.
        case emptyColumn = "empty_column"
        /// An answer on an item a headline measure reads is not on the item's scale.
        case unknownAnswer = "unknown_answer"
        /// The rows left uncounted could put a headline share on either side of its target.
        /// Never allowed: a verdict the rejected rows could flip is not signed silently.
        case verdictUncertain = "verdict_uncertain"

        /// Kinds a pipeline may not allow.
        public static let neverAllowed: Set<Kind> = [.verdictUncertain]
    }

    public let kind: Kind
    /// One Russian sentence for the analyst, naming the measure, table, file or column.
    public let message: String
    /// Whether this warning sets exit status 1 (its kind is not allowed by the pipeline).
    public let failsRun: Bool

    enum CodingKeys: String, CodingKey {
        case kind, message, failsRun = "fails_run"
    }

    /// A warning of `kind`; it fails the run unless `allowed` lists the kind.
    public init(_ kind: Kind, _ message: String, allowed: Set<Kind>) {
        self.kind = kind
        self.message = message
        failsRun = Kind.neverAllowed.contains(kind) || !allowed.contains(kind)
    }

    /// The warning a headline share gets when the rows left uncounted could flip its verdict;
    /// nil when they cannot (or there is no target).
    static func uncertainVerdict(label: String, bounds: UncountedBounds?, target: Double?) -> RunWarning? {
        guard let bounds, let target, bounds.cross(target) else { return nil }
        return RunWarning(
            .verdictUncertain,
            "«\(label)»: если бы \(RussianPlural.uncountedRow(bounds.uncounted)) засчитали в ту или другую сторону, доля лежала бы в пределах \(RussianFormat.percentRange(bounds.lower, bounds.upper)) — по обе стороны от целевого значения \(RussianFormat.percent(target, decimals: 0)); вердикт под сомнением",
            allowed: [])
    }
}

extension RunWarning {
    /// Names answers that are not on their question's scale: where, what, and — when a number
    /// lies past the scale's end — that the scale may lack a category. `owner` says what reads
    /// them («показатель «…»», «самооценка: области …»).
    static func unreadableAnswers(
        of owner: String, _ cells: [(origin: Origin, text: String)], categories: Int, allowed: Set<Kind>
    ) -> RunWarning {
        let shown = cells.prefix(3).map { "«\($0.text)» (\($0.origin))" }
        let more = cells.count > shown.count ? " и ещё \(cells.count - shown.count)" : ""
        let pastTheEnd = cells.compactMap { Int($0.text.trimmingCharacters(in: .whitespaces)) }.filter {
            $0 > categories
        }
        let hint =
            pastTheEnd.max().map {
                "числовой ответ «\($0)» лежит за концом шкалы из \(categories) категорий — возможно, в шкале не хватает категории"
            } ?? "добавьте написание в synonyms шкалы или исправьте выгрузку"
        return RunWarning(
            .unknownAnswer,
            "\(owner): \(RussianPlural.unreadableAnswer(cells.count)) не из шкалы вопроса — \(shown.joined(separator: ", "))\(more); \(hint). \(cells.count == 1 ? "Этот ответ не учтён" : "Эти ответы не учтены")",
            allowed: allowed)
    }
}

extension RussianPlural {
    /// «2 ответа».
    static func unreadableAnswer(_ count: Int) -> String {
        RussianPlural("ответ", "ответа", "ответов")(count)
    }

    /// «2 неучтённые строки»: rows rejected for a reason other than a duplicate or a test.
    static func uncountedRow(_ count: Int) -> String {
        RussianPlural("неучтённую строку", "неучтённые строки", "неучтённых строк")(count)
    }
}

extension RussianPlural {
    /// «2 предупреждения».
    static let warning = RussianPlural("предупреждение", "предупреждения", "предупреждений")
}
