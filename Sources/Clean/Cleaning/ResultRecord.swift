import Ingest

/// One row of a result export, cleaned: who, where, which subject, and the values at each point.
///
/// Lives only while its row is processed; the run keeps compact keys and counters, not records.
public struct ResultRecord: Sendable {
    /// A mark on the Russian 2–5 scale, or a student who should have had one and was not assessed.
    public enum Mark: Sendable, Equatable {
        case mark(Int)
        case notAssessed

        /// The mark 2…5; nil for «н/а».
        public var value: Int? {
            if case .mark(let value) = self { return value }
            return nil
        }
    }

    /// What the record holds at one point of the comparison.
    public struct PointValues: Sendable, Equatable {
        public var mark: Mark?
        public var score: Double?

        public init(mark: Mark? = nil, score: Double? = nil) {
            self.mark = mark
            self.score = score
        }

        public var isEmpty: Bool { mark == nil && score == nil }
    }

    /// The values at the baseline (index 0) and the follow-up (index 1), held inline.
    public struct PointPair: Sendable, Equatable {
        public var before = PointValues()
        public var after = PointValues()

        public init() {}

        public subscript(point: Int) -> PointValues {
            get { point == 0 ? before : after }
            set {
                if point == 0 { before = newValue } else { after = newValue }
            }
        }
    }

    public var origin: Origin
    /// The student's (teacher's) code: personal data, for linking only.
    public var code: String?
    /// ФИО as written: personal data, for linking only.
    public var name: String?
    /// Position in the school register.
    public var school: Int
    /// The class, normalised («5 а» → «5А»).
    public var schoolClass: String?
    /// The class's number (параллель).
    public var grade: Int?
    public var subject: String?
    /// Values at the baseline (index 0) and the follow-up (index 1).
    public var points: PointPair
    public var journalMark: Int?
    public var primaryScore: Double?
    /// Task scores in the order of the binding's tasks; nil where the export has «Х» or a blank.
    public var taskScores: [Double?]
}

extension Rejection.Reason {
    /// A mark that is not 2–5 nor a spelling of «no mark» or «not assessed».
    public static let badMark = Rejection.Reason(rawValue: "bad_mark")
    /// A score that is not a number nor a spelling of «no value».
    public static let badScore = Rejection.Reason(rawValue: "bad_score")
    /// Neither a code nor a name: the record cannot be linked or told apart.
    public static let missingIdentity = Rejection.Reason(rawValue: "missing_identity")
    /// The subject cell is blank.
    public static let missingSubject = Rejection.Reason(rawValue: "missing_subject")
    /// The class cell is not a grade from 1 to 11 with at most one letter («=1+1», a name).
    public static let badClass = Rejection.Reason(rawValue: "bad_class")
    /// A second record of the same person and subject at the same point.
    public static let duplicateRecord = Rejection.Reason(rawValue: "duplicate_record")
}
