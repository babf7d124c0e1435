import CFieldArena

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds where records begin, and on which physical line, without parsing the fields: the
/// quote-aware scan that lets a file be split into parts parsed on their own threads.
///
/// It follows libcsv's rules as ``CSVParser`` uses them: a quote opens a quoted field only at
/// the start of a field (after spaces libcsv trims), a doubled quote inside one is data, and a
/// quote inside an unquoted field is a character. A line break inside a quoted field is data,
/// so a split never falls there. Lines count as the parser counts them: LF, CR, and CRLF once.
/// The scan sees raw bytes; this holds for UTF-8 and the single-byte Cyrillic encodings, where
/// line breaks, quotes and delimiters are ASCII bytes, not for UTF-16.
struct RecordBoundaryScan {
    /// A place where a record begins: its byte offset and its physical line.
    struct Boundary: Equatable {
        var offset: Int
        var line: Int
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private let delimiter: UInt8
    private let quote: UInt8
    private var state = State.fieldStart
    private var lineBreaks = 0
    private var pendingCR = false
    /// Offset of the next byte to be scanned.
    private(set) var offset: Int

    init(delimiter: UInt8, quote: UInt8, startingAt offset: Int) {
        self.delimiter = delimiter
        self.quote = quote
        self.offset = offset
    }

    /// Goes on from `boundary`, a record start `records` lines past the last boundary returned,
    /// each of those records one line long (``TableReader`` moves a cut past such records).
    mutating func resume(at boundary: Boundary, records: Int) {
        offset = boundary.offset
        lineBreaks += records
        state = .fieldStart
        pendingCR = false
    }

    /// Scans `bytes` (the file's bytes from ``offset`` on) and returns the first boundary at or
    /// after `target`, or nil when `bytes` end first (scan the next piece then).
    ///
    /// Between quotes nothing but line breaks matters, so the scan jumps from quote to quote
    /// with `memchr` and counts the line breaks it passes; only the bytes just after a closing
    /// quote are looked at one by one. A file without quotes is scanned at memory speed.
    mutating func boundary(atOrAfter target: Int, in bytes: UnsafeRawBufferPointer) -> Boundary? {
        guard let base = bytes.baseAddress else { return nil }
        var index = 0
        let count = bytes.count
        while index < count {
            switch state {
            case .fieldStart, .unquoted:
                let quoteAt = position(of: quote, in: base, from: index, to: count)
                // Outside quotes every LF ends a record.
                let from = max(index, target - offset)
                let lineFeed = position(of: 0x0A, in: base, from: from, to: quoteAt)
                if lineFeed < quoteAt {
                    countBreaks(base, from: index, to: lineFeed + 1, count: count)
                    state = .fieldStart
                    offset += lineFeed + 1
                    return Boundary(offset: offset, line: lineBreaks + 1)
                }
                countBreaks(base, from: index, to: quoteAt, count: count)
                state = stateAfter(base, from: index, to: quoteAt)
                index = quoteAt
                guard index < count else { continue }
                // A quote opens a quoted field only at the start of a field.
                if state == .fieldStart { state = .quoted }
                index += 1
            case .quoted:
                let quoteAt = position(of: quote, in: base, from: index, to: count)
                countBreaks(base, from: index, to: quoteAt, count: count)
                index = quoteAt
                guard index < count else { continue }
                state = .quoteInQuoted
                index += 1
            case .quoteInQuoted:
                let byte = base.load(fromByteOffset: index, as: UInt8.self)
                if pendingCR {
                    pendingCR = false
                    if byte != 0x0A { lineBreaks += 1 }
                }
                index += 1
                if byte == quote {
                    state = .quoted
                } else if byte == delimiter || byte == 0x0A || byte == 0x0D {
                    state = .fieldStart
                } else if byte != 0x20 && byte != 0x09 {
                    // Strict libcsv refuses this; the part that meets it reports the error.
                    state = .unquoted
                }
                if byte == 0x0D { pendingCR = true }
                if byte == 0x0A {
                    lineBreaks += 1
                    if offset + index >= target {
                        offset += index
                        return Boundary(offset: offset, line: lineBreaks + 1)
                    }
                }
            }
        }
        offset += count
        return nil
    }

    /// The first position of `byte` in `from..<to`, or `to`.
    private func position(of byte: UInt8, in base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        guard from < to, let found = memchr(base + from, Int32(byte), to - from) else { return to }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// Counts the line breaks in `from..<to` as the parser does: LF, CR, CRLF once.
    private mutating func countBreaks(_ base: UnsafeRawPointer, from: Int, to: Int, count: Int) {
        guard from < to else { return }
        if pendingCR {
            pendingCR = false
            if base.load(fromByteOffset: from, as: UInt8.self) != 0x0A { lineBreaks += 1 }
        }
        lineBreaks += shnor_count_line_feeds(base.assumingMemoryBound(to: UInt8.self) + from, to - from)
        var index = from
        while index < to {
            index = position(of: 0x0D, in: base, from: index, to: to)
            guard index < to else { break }
            index += 1
            if index == count {
                pendingCR = true
            } else if base.load(fromByteOffset: index, as: UInt8.self) != 0x0A {
                lineBreaks += 1
            }
        }
    }

    /// The state at the end of `from..<to`, a stretch without quotes entered in ``state``.
    private func stateAfter(_ base: UnsafeRawPointer, from: Int, to: Int) -> State {
        var last = to - 1
        while last >= from {
            let byte = base.load(fromByteOffset: last, as: UInt8.self)
            if byte != 0x20 && byte != 0x09 { break }
            last -= 1
        }
        guard last >= from else { return state }
        let byte = base.load(fromByteOffset: last, as: UInt8.self)
        return byte == delimiter || byte == 0x0A || byte == 0x0D ? .fieldStart : .unquoted
    }
}
