import Ingest

extension Rejection.Reason {
    /// The school cell is blank.
    public static let missingSchool = Rejection.Reason(rawValue: "missing_school")
    /// The school is not in the register under any of its spellings.
    public static let unknownSchool = Rejection.Reason(rawValue: "unknown_school")
    /// An answer is not on its question's scale.
    public static let unknownAnswer = Rejection.Reason(rawValue: "unknown_answer")
    /// The submission time cannot be read.
    public static let badTimestamp = Rejection.Reason(rawValue: "bad_timestamp")
    /// A submission made to try the form out.
    public static let testSubmission = Rejection.Reason(rawValue: "test_submission")
    /// A submission with no answer at all.
    public static let emptySubmission = Rejection.Reason(rawValue: "empty_submission")
    /// An earlier (or later, by policy) submission of a respondent who submitted again.
    public static let duplicateSubmission = Rejection.Reason(rawValue: "duplicate_submission")

    /// Whether a row rejected for this reason could have counted one way or the other in a
    /// share (DESIGN.md §5, bounds): every reason but a repeat, a test, an empty submission and
    /// a header repeated inside the export, which by definition never count.
    public var couldHaveCounted: Bool {
        self != .duplicateSubmission && self != .duplicateRecord && self != .testSubmission && self != .emptySubmission
            && self != .repeatedHeader
    }
}
