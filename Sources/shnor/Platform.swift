#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only calls into the C library the command makes: ending the process and writing to
/// standard error without Foundation's buffering.
enum Platform {
    /// Ends the process with `status` (DESIGN.md §4).
    static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }

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
