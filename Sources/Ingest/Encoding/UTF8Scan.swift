import CFieldArena

/// What one pass over a field's bytes found: line breaks inside it and the first invalid UTF-8 byte.
struct FieldScan {
    var lineBreaks: Int
    var invalidOffset: Int?
    /// The first NUL byte: text exports never hold one.
    var nulOffset: Int? = nil
}

/// Counts line breaks (LF, CRLF and lone CR each once) and, when asked, validates UTF-8.
///
/// The scan libcsv's field callback runs on every field (Sources/CFieldArena), so ASCII text
/// without control characters is skipped eight bytes at a time.
func scanField(_ base: UnsafeRawPointer, count: Int, validateUTF8: Bool) -> FieldScan {
    let scan = shnor_scan_field(base.assumingMemoryBound(to: UInt8.self), count, validateUTF8 ? 1 : 0)
    switch scan.fault {
    case Int32(SHNOR_FIELD_FAULT_NUL.rawValue):
        return FieldScan(lineBreaks: scan.line_breaks, invalidOffset: nil, nulOffset: scan.stop)
    case Int32(SHNOR_FIELD_FAULT_INVALID_UTF8.rawValue):
        return FieldScan(lineBreaks: scan.line_breaks, invalidOffset: scan.stop)
    default:
        return FieldScan(lineBreaks: scan.line_breaks, invalidOffset: nil)
    }
}

/// True when `bytes` are well-formed UTF-8 without NUL bytes, checked 32 at a time where the
/// processor allows: the bulk check ``CSVParser`` runs on each piece before libcsv sees it.
func isPlainUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    return shnor_is_plain_utf8(base.assumingMemoryBound(to: UInt8.self), bytes.count) != 0
}

/// Length of the well-formed UTF-8 sequence starting at `index`, or 0 if it is ill-formed
/// (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
@inline(__always)
func utf8SequenceLength(_ base: UnsafeRawPointer, at index: Int, count: Int) -> Int {
    let lead = base.load(fromByteOffset: index, as: UInt8.self)
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0: length = 3; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: length = 3; high = 0x9F
    case 0xF0: length = 4; low = 0x90
    case 0xF1...0xF3: length = 4
    case 0xF4: length = 4; high = 0x8F
    default: return 0
    }
    guard index + length <= count else { return 0 }
    let second = base.load(fromByteOffset: index + 1, as: UInt8.self)
    guard second >= low, second <= high else { return 0 }
    for offset in 2..<length {
        let next = base.load(fromByteOffset: index + offset, as: UInt8.self)
        guard next & 0xC0 == 0x80 else { return 0 }
    }
    return length
}

/// Counts of a byte sample read as UTF-8, for telling UTF-8 from the single-byte code pages.
struct UTF8Census {
    var multibyteSequences = 0
    var invalidBytes = 0
    var asciiOnly: Bool { multibyteSequences == 0 && invalidBytes == 0 }

    /// Reads `bytes`; a sequence cut by the end of an incomplete sample is not held against it.
    init(_ bytes: UnsafeRawBufferPointer, sampleIsWholeFile: Bool) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            if byte < 0x80 { index += 1; continue }
            let length = utf8SequenceLength(base, at: index, count: count)
            if length == 0 {
                if !sampleIsWholeFile && count - index < 4 { break }
                invalidBytes += 1
                index += 1
            } else {
                multibyteSequences += 1
                index += length
            }
        }
    }
}
