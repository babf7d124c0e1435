/// Writes rows as a JSON array of objects keyed by the header, every value a string.
///
/// This is the shape csv-spectrum compares against. One object per line keeps large
/// outputs readable with line tools.
public final class JSONRowsWriter {
    private let output: OutputFile
    private let keys: [[UInt8]]
    private var rows = 0

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
        var line: [UInt8] = rows == 0 ? [0x0A, UInt8(ascii: "{")] : [UInt8(ascii: ","), 0x0A, UInt8(ascii: "{")]
        for index in 0..<row.count {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(contentsOf: keys[index])
            Self.appendString(row[index], to: &line)
        }
        line.append(UInt8(ascii: "}"))
        try output.write(line)
        rows += 1
    }

    public func finish() throws {
        try output.write(rows == 0 ? "]\n" : "\n]\n")
    }

    static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(0x22)
        for byte in bytes {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
