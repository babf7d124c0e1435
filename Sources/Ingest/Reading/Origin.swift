/// Where a row came from: the file and the physical line it begins on (1-based).
public struct Origin: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file), строка \(line)" }
}
