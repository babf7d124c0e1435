/// Writes rows as a JSON array of objects keyed by the header, every value a string.
///
/// This is the shape csv-spectrum compares against. One object per line keeps large
/// outputs readable with line tools.
public final class JSONRowsWriter {
    private let output: OutputFile
    private let keys: [[UInt8]]
    private var rows = 0
    /// One row's bytes, reused so that writing a row allocates nothing.
    private var line: [UInt8] = []

    public init(output: OutputFile, header: Header?) throws {
        self.output = output
        keys = (header?.names ?? []).map { name in
            var encoded: [UInt8] = []
            var name = name
            name.withUTF8 { Self.appendString(UnsafeRawBufferPointer($0), to: &encoded) }
            encoded.append(UInt8(ascii: ":"))
            return encoded
        }
        try output.write(UInt8(ascii: "["))
    }

    public func writeRow(_ row: Row) throws {
        // Work on a local buffer: appending to a stored property would pay an exclusivity
        // check on every byte.
        var buffer: [UInt8] = []
        swap(&buffer, &line)
        defer { swap(&buffer, &line) }
        buffer.removeAll(keepingCapacity: true)
        if rows > 0 { buffer.append(UInt8(ascii: ",")) }
        buffer.append(0x0A)
        buffer.append(UInt8(ascii: "{"))
        for index in 0..<row.count {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(contentsOf: keys[index])
            Self.appendString(row[index], to: &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
        try output.write(buffer)
        rows += 1
    }

    public func finish() throws {
        try output.write(rows == 0 ? "]\n" : "\n]\n")
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `bytes` as a JSON string: runs that need no escaping are copied whole.
    static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            if runStart < index { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index])) }
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            default:
                out.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
                ])
            }
            runStart = index + 1
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
        out.append(0x22)
    }
}
