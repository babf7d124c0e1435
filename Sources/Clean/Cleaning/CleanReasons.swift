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
    /// A lesson observation protocol by an observer not on the instrument's list of observers.
    public static let unknownObserver = Rejection.Reason(rawValue: "unknown_observer")
    /// A criterion's score of a lesson observation protocol lies off its scale (0 to `max_score`).
    public static let scoreOffScale = Rejection.Reason(rawValue: "score_off_scale")
    /// An earlier lesson observation protocol of a teacher observed again in the wave, when the
    /// pipeline counts the latest (`repeated: latest`): the teacher is counted, on the later one.
    public static let repeatedObservation = Rejection.Reason(rawValue: "repeated_observation")
    /// A continuation row (no respondent, school or time; answers that spill over from the row
    /// above) joined to the submission above it (`continuation_rows: fold`): its answers count
    /// there, the row itself is not a submission.
    public static let continuationFolded = Rejection.Reason(rawValue: "continuation_folded")
    /// A continuation row with no submission above it to join.
    public static let orphanContinuation = Rejection.Reason(rawValue: "orphan_continuation")
    /// An earlier (or later, by policy) submission of a respondent who submitted again.
    public static let duplicateSubmission = Rejection.Reason(rawValue: "duplicate_submission")

    /// Whether a row rejected for this reason could have counted one way or the other in a
    /// share (DESIGN.md §5, bounds): every reason but a repeat, a test, an empty submission and
    /// a header repeated inside the export, which by definition never count.
    public var couldHaveCounted: Bool {
        self != .duplicateSubmission && self != .duplicateRecord && self != .repeatedObservation
            && self != .testSubmission && self != .emptySubmission
            && self != .repeatedHeader && self != .continuationFolded
    }
}
