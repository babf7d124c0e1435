import Ingest
import Notes

/// Exit statuses of DESIGN.md §4.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let toleranceExceeded: Int32 = 1
    public static let usage: Int32 = 2
    public static let inputOutput: Int32 = 3
}

/// A failure a command reports in Russian and ends with the given exit status: a wrong option
/// value, a figure the history does not hold, the data over a declared tolerance.
public struct CommandError: Error, Sendable, Equatable {
    public var message: String
    public var status: Int32

    public init(message: String, status: Int32) {
        self.message = message
        self.status = status
    }

    /// A wrong value on the command line: exit status 2.
    public static func usage(_ message: String) -> CommandError {
        CommandError(message: message, status: ExitStatus.usage)
    }

    /// What the command line prints for an error the library throws, and the exit status; nil
    /// for an error that is not the library's (the argument parser's own).
    public static func reported(_ error: any Error) -> CommandError? {
        switch error {
        case let error as IngestError: CommandError(message: error.description, status: ExitStatus.inputOutput)
        case let error as ConfigurationError: CommandError(message: error.description, status: ExitStatus.usage)
        case let error as NoteTemplateError: CommandError(message: error.description, status: ExitStatus.usage)
        case let error as NoteWorkbookError: CommandError(message: error.description, status: ExitStatus.inputOutput)
        case let error as CommandError: error
        default: nil
        }
    }
}
