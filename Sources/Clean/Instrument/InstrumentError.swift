/// A fault in an instrument or register file, or in how it fits an export: a configuration
/// error (exit status 2). The message is in Russian; callers add the file.
public struct InstrumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
