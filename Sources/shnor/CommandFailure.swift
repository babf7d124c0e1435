#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Exit statuses of DESIGN.md §4.
enum ExitStatus {
    static let success: Int32 = 0
    static let toleranceExceeded: Int32 = 1
    static let usage: Int32 = 2
    static let inputOutput: Int32 = 3
}

/// A failure the command reports in Russian and ends with the given exit status.
struct CommandFailure: Error {
    var message: String
    var status: Int32

    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message: message, status: ExitStatus.usage)
    }
}

/// Messages for the analyst on standard error.
enum Terminal {
    static func error(_ message: String) {
        write("shnor: ошибка: \(message)\n")
    }

    static func warning(_ message: String) {
        write("shnor: внимание: \(message)\n")
    }

    static func note(_ message: String) {
        write("shnor: \(message)\n")
    }

    private static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
