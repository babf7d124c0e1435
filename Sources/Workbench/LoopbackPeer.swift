import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Who is at the other end of a loopback connection: the owner of the client's socket, read from
/// the kernel's table of TCP sockets (`/proc/net/tcp`, `/proc/net/tcp6`).
///
/// Rejected rows hold personal data, so they are shown to the user who started the workbench,
/// not to another account on the same machine connecting to 127.0.0.1. Where the table cannot be
/// read (not Linux), the loopback alone decides.
enum LoopbackPeer {
    /// Whether the client socket bound to `clientPort` and connected to `serverPort` belongs to
    /// this process's user; true where the kernel's table is not there to ask.
    static func isThisUser(clientPort: Int, serverPort: Int) -> Bool {
        #if os(Linux)
        let tables = ["/proc/net/tcp", "/proc/net/tcp6"].compactMap(readWhole)
        guard !tables.isEmpty else { return true }
        let owners = tables.compactMap { owner(in: $0, clientPort: clientPort, serverPort: serverPort) }
        return owners.contains(Int(getuid()))
        #else
        return true
        #endif
    }

    /// The uid of the socket whose local port is `clientPort` and remote port
    /// `serverPort` in a `/proc/net/tcp`-style table, or nil. A closed connection of the same
    /// ports waiting out TIME_WAIT (state 06) belongs to no one — the kernel lists it with uid 0 —
    /// and is passed over, so it never hides the live one.
    static func owner(in table: String, clientPort: Int, serverPort: Int) -> Int? {
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 7, port(fields[1]) == clientPort, port(fields[2]) == serverPort, fields[3] != "06"
            else { continue }
            return Int(fields[7])
        }
        return nil
    }

    #if os(Linux)
    /// The whole of a file of /proc, read until the end: the kernel hands such a table out a page
    /// per read and reports its size as 0, so a read of the reported size (what
    /// `String(contentsOfFile:)` does) sees only the first few dozen sockets of a busy machine.
    private static func readWhole(_ path: String) -> String? {
        let file = open(path, O_RDONLY)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
    #endif

    /// The port of an `ADDRESS:PORT` field (hex).
    private static func port(_ field: Substring) -> Int? {
        field.split(separator: ":").last.flatMap { Int($0, radix: 16) }
    }
}
