import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only calls into the C library the command makes: ending the process, writing to
/// standard error without Foundation's buffering, and catching SIGTERM and SIGINT.
enum Platform {
    /// Sources kept alive for the life of the process (a released source stops delivering).
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// On SIGTERM or SIGINT, runs `cleanup` and ends the process with status 128 + the signal.
    ///
    /// The signals are taken from their default action and delivered on a dispatch queue, so
    /// `cleanup` runs as ordinary code (it may remove files), not inside a signal handler. Call
    /// once, from the main thread, before the work starts.
    static func onTermination(_ cleanup: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                cleanup()
                exit(128 + signalNumber)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Ends the process with `status` (DESIGN.md §4).
    static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }

    /// Whether standard error is a terminal (not a file or a pipe).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Writes all of `text` to standard error, giving up quietly if the stream is closed.
    static func writeStandardError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                #if canImport(Glibc)
                let written = Glibc.write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                #else
                let written = Darwin.write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                #endif
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
