import Ingest

/// One cleaned submission: its answers read on their scales, its school from the register.
///
/// `respondentName` and `respondentKey` are personal data: they serve linking and
/// de-duplication and must not reach published outputs.
public struct Response: Sendable {
    public let origin: Origin
    public let timestamp: Timestamp?
    public let respondentName: String?
    /// ``MatchKey`` of the name; nil when the export has no names.
    public let respondentKey: String?
    /// Position in the school register.
    public let school: Int?
    /// Category of the position scale.
    public let position: Int?
    /// The label of the subject scale's category, or ``otherSubject``; never the cell as written.
    public let subject: String?
    /// A stable personal identifier, when the export has one.
    public let personId: String?
    /// The wave from the export's stage column: 0 before, 1 after; nil without such a column.
    public let stage: Int?
    /// One reading per ``InstrumentBinding/slots`` entry.
    public let answers: [Scale.Reading]
    /// The text of each answer read as ``Scale/Reading/unknown``, by slot: the cell is left out
    /// of every figure, the respondent's other answers still count, and the run names it.
    public var unreadable: [Int: String] = [:]
    /// Multiple-choice column id → chosen option positions, and text outside the options.
    public private(set) var choices: [String: Choice]
    /// Free-text column id → answer (non-blank only).
    public private(set) var texts: [String: String]
    /// Lesson observation protocols: the category of the observer scale.
    public var observer: Int? = nil
    /// Lesson observation protocols: each criterion's points, in the instrument's order of
    /// criterion columns; nil where the cell is blank (the criterion was not scored).
    public var scores: [Double?] = []

    /// The group of subjects not on the instrument's scale, and of subject groups pooled because
    /// they are smaller than the disclosure threshold.
    public static let otherSubject = "другое"

    public struct Choice: Sendable, Equatable {
        public let options: [Int]
        /// What was written besides the listed options («Другое: …»), if anything.
        public let other: String?
    }

    /// The answers of a continuation row, spilt over from the submission above it.
    public struct Continuation: Sendable {
        public let origin: Origin
        public let choices: [String: Choice]
        public let texts: [String: String]
        /// The row's cells, for the reject record that says where they went.
        public let cells: [String]
    }

    /// Takes in a continuation row's answers: options added to those chosen (once each), other
    /// text and free text joined after what is there.
    public mutating func absorb(_ continuation: Continuation) {
        for (column, more) in continuation.choices {
            let had = choices[column]
            var options = had?.options ?? []
            for option in more.options where !options.contains(option) { options.append(option) }
            let other = [had?.other, more.other].compactMap { $0 }.joined(separator: "; ")
            choices[column] = Choice(options: options, other: other.isEmpty ? nil : other)
        }
        for (column, text) in continuation.texts {
            texts[column] = texts[column].map { $0 + " " + text } ?? text
        }
    }
}
