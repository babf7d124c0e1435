import Ingest

/// A fault in a pipeline, instrument, register or template file: exit status 2.
///
/// `description` names the file and, where known, the line and column, in Russian.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(IngestError.location(file: file, line: line, column: column)): \(message)"
    }
}
