/// One record as libcsv delivered it: its fields as UTF-8 bytes and the line it began on.
///
/// A view into the parser's buffers: valid only inside the callback that receives it.
/// Copy out what must outlive the callback (``string(at:)``, ``strings()``).
public struct RawRecord {
    /// Physical line (1-based) where the record begins.
    public let line: Int
    let base: UnsafeRawPointer
    let ends: UnsafeBufferPointer<Int>

    /// Number of fields.
    public var count: Int { ends.count }

    /// The bytes of field `index`.
    @inline(__always)
    public subscript(index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeRawBufferPointer(start: base + start, count: ends[index] - start)
    }

    public func string(at index: Int) -> String {
        String(decoding: self[index], as: UTF8.self)
    }

    public func strings() -> [String] {
        (0..<count).map(string(at:))
    }

    /// True when every field is empty or only spaces: a row Excel left behind, not data.
    public var isBlank: Bool {
        for index in 0..<count {
            for byte in self[index] where byte != 0x20 && byte != 0x09 { return false }
        }
        return true
    }
}

/// How many line breaks of each kind ended records or blank lines.
public struct LineEndingCounts: Sendable, Equatable {
    public var lf = 0
    public var crlf = 0
    public var cr = 0

    public init(lf: Int = 0, crlf: Int = 0, cr: Int = 0) {
        self.lf = lf
        self.crlf = crlf
        self.cr = cr
    }

    /// «CRLF», «LF», «CR», «нет» or «смешанные (CRLF: 3, LF: 1)».
    public var summary: String {
        let present = [("CRLF", crlf), ("LF", lf), ("CR", cr)].filter { $0.1 > 0 }
        switch present.count {
        case 0: return "нет (одна строка без перевода строки)"
        case 1: return present[0].0
        default: return "смешанные (" + present.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ")"
        }
    }
}
