import Ingest

/// One cleaned submission: its answers read on their scales, its school from the register.
///
/// `respondentName` and `respondentKey` are personal data: they serve linking and
/// de-duplication and must not reach published outputs.
public struct Response: Sendable {
    /// The fields, in one object: a response is copied whole into groups and populations many
    /// times, and one reference counts cheaper than a dozen.
    @usableFromInline
    final class Fields: Sendable {
        @usableFromInline let origin: Origin
        @usableFromInline let timestamp: Timestamp?
        @usableFromInline let respondentName: String?
        @usableFromInline let respondentKey: String?
        @usableFromInline let school: Int?
        @usableFromInline let position: Int?
        @usableFromInline let subject: String?
        @usableFromInline let personId: String?
        @usableFromInline let stage: Int?
        /// One byte per answer (``AnswerCode``); empty when ``wideAnswers`` holds them.
        @usableFromInline let answerCodes: [UInt8]
        /// The answers when some category does not fit in a byte (a scale of 250 or more).
        @usableFromInline let wideAnswers: [Scale.Reading]?
        @usableFromInline let unreadable: [Int: String]
        @usableFromInline let choices: [String: Choice]
        @usableFromInline let texts: [String: String]
        @usableFromInline let observer: Int?
        @usableFromInline let scores: [Double?]

        init(
            origin: Origin, timestamp: Timestamp?, respondentName: String?, respondentKey: String?, school: Int?,
            position: Int?, subject: String?, personId: String?, stage: Int?, answers: AnswerList,
            unreadable: [Int: String], choices: [String: Choice], texts: [String: String], observer: Int?,
            scores: [Double?]
        ) {
            self.origin = origin
            self.timestamp = timestamp
            self.respondentName = respondentName
            self.respondentKey = respondentKey
            self.school = school
            self.position = position
            self.subject = subject
            self.personId = personId
            self.stage = stage
            self.answerCodes = answers.codes
            self.wideAnswers = answers.wide
            self.unreadable = unreadable
            self.choices = choices
            self.texts = texts
            self.observer = observer
            self.scores = scores
        }
    }

    @usableFromInline
    var fields: Fields

    init(
        origin: Origin, timestamp: Timestamp?, respondentName: String?, respondentKey: String?, school: Int?,
        position: Int?, subject: String?, personId: String?, stage: Int?, answers: AnswerList,
        unreadable: [Int: String] = [:], choices: [String: Choice], texts: [String: String], observer: Int? = nil,
        scores: [Double?] = []
    ) {
        fields = Fields(
            origin: origin, timestamp: timestamp, respondentName: respondentName, respondentKey: respondentKey,
            school: school, position: position, subject: subject, personId: personId, stage: stage,
            answers: answers, unreadable: unreadable, choices: choices, texts: texts, observer: observer,
            scores: scores)
    }

    @inlinable public var origin: Origin { fields.origin }
    @inlinable public var timestamp: Timestamp? { fields.timestamp }
    @inlinable public var respondentName: String? { fields.respondentName }
    /// ``MatchKey`` of the name; nil when the export has no names.
    @inlinable public var respondentKey: String? { fields.respondentKey }
    /// Position in the school register.
    @inlinable public var school: Int? { fields.school }
    /// Category of the position scale.
    @inlinable public var position: Int? { fields.position }
    /// The label of the subject scale's category, or ``otherSubject``; never the cell as written.
    @inlinable public var subject: String? { fields.subject }
    /// A stable personal identifier, when the export has one.
    @inlinable public var personId: String? { fields.personId }
    /// The wave from the export's stage column: 0 before, 1 after; nil without such a column.
    @inlinable public var stage: Int? { fields.stage }
    /// One reading per ``InstrumentBinding/slots`` entry (made from the compact form on each
    /// call: in a loop over responses, read ``answer(at:)`` or ``answerCodes``).
    @inlinable public var answers: [Scale.Reading] {
        fields.wideAnswers ?? fields.answerCodes.map(AnswerCode.reading)
    }
    /// The reading of one slot.
    @inlinable public func answer(at slot: Int) -> Scale.Reading {
        if let wide = fields.wideAnswers { return wide[slot] }
        return AnswerCode.reading(fields.answerCodes[slot])
    }
    /// The answers one byte each (``AnswerCode``), one per slot; nil when some category of the
    /// response does not fit in a byte (then read ``answers``).
    @inlinable public var answerCodes: [UInt8]? { fields.wideAnswers == nil ? fields.answerCodes : nil }
    /// The text of each answer read as ``Scale/Reading/unknown``, by slot: the cell is left out
    /// of every figure, the respondent's other answers still count, and the run names it.
    @inlinable public var unreadable: [Int: String] { fields.unreadable }
    /// Multiple-choice column id → chosen option positions, and text outside the options.
    @inlinable public var choices: [String: Choice] { fields.choices }
    /// Free-text column id → answer (non-blank only).
    @inlinable public var texts: [String: String] { fields.texts }
    /// Lesson observation protocols: the category of the observer scale.
    @inlinable public var observer: Int? { fields.observer }
    /// Lesson observation protocols: each criterion's points, in the instrument's order of
    /// criterion columns; nil where the cell is blank (the criterion was not scored).
    @inlinable public var scores: [Double?] { fields.scores }

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
        var choices = self.choices
        var texts = self.texts
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
        fields = Fields(
            origin: origin, timestamp: timestamp, respondentName: respondentName, respondentKey: respondentKey,
            school: school, position: position, subject: subject, personId: personId, stage: stage,
            answers: AnswerList(codes: fields.answerCodes, wide: fields.wideAnswers), unreadable: unreadable,
            choices: choices, texts: texts, observer: observer, scores: scores)
    }
}

/// A response's answers in one byte each: the category (below ``nonSubstantive``), or a mark
/// for a non-substantive answer, a blank or an answer off the scale. Two hundred thousand
/// responses to thirty questions hold 6 MB so, not 100 MB of 16-byte readings.
public enum AnswerCode {
    public static let nonSubstantive: UInt8 = 250
    public static let blank: UInt8 = 251
    public static let unknown: UInt8 = 252

    /// The byte of a reading; nil for a category that does not fit in one.
    @inlinable
    public static func code(_ reading: Scale.Reading) -> UInt8? {
        switch reading {
        case .category(let category): return category >= 0 && category < Int(nonSubstantive) ? UInt8(category) : nil
        case .nonSubstantive: return nonSubstantive
        case .blank: return blank
        case .unknown: return unknown
        }
    }

    /// The reading a byte stands for.
    @inlinable
    public static func reading(_ code: UInt8) -> Scale.Reading {
        switch code {
        case nonSubstantive: return .nonSubstantive
        case blank: return .blank
        case unknown: return .unknown
        default: return .category(Int(code))
        }
    }
}

/// A response's answers as the cleaner reads them, one byte each while every category fits
/// in one (see ``AnswerCode``).
struct AnswerList {
    var codes: [UInt8] = []
    var wide: [Scale.Reading]? = nil

    init(capacity: Int) { codes.reserveCapacity(capacity) }

    init(codes: [UInt8], wide: [Scale.Reading]?) {
        self.codes = codes
        self.wide = wide
    }

    mutating func append(_ reading: Scale.Reading) {
        if wide != nil {
            wide?.append(reading)
        } else if let code = AnswerCode.code(reading) {
            codes.append(code)
        } else {
            wide = codes.map(AnswerCode.reading) + [reading]
            codes = []
        }
    }

    /// True when every answer is blank (or there are none).
    var allBlank: Bool { wide.map { $0.allSatisfy { $0 == .blank } } ?? codes.allSatisfy { $0 == AnswerCode.blank } }
}
