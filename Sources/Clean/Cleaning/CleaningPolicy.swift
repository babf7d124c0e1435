/// How a pipeline wants repeated and test submissions handled.
public struct CleaningPolicy: Sendable, Equatable {
    public enum Duplicates: String, Sendable, Codable {
        /// Keep the latest submission of each respondent (by timestamp, then by line).
        case keepLatest = "keep_latest"
        /// Keep the first submission.
        case keepFirst = "keep_first"
        /// Keep every submission (anonymous forms, registers).
        case keepAll = "keep_all"
    }

    public var duplicates: Duplicates
    /// Words that mark a test submission when the respondent's name is, or contains, one of them.
    public var testMarkers: [String]

    public init(duplicates: Duplicates = .keepLatest, testMarkers: [String] = []) {
        self.duplicates = duplicates
        self.testMarkers = testMarkers
    }
}
