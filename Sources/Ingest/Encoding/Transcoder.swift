#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams text of one encoding into UTF-8 through iconv.
///
/// Feed it input in pieces of any size: a character cut at the end of a piece is left
/// unconsumed (``Step/incompleteTail``) and must be passed again at the front of the next piece.
/// UTF-16 input stops as invalid at the first code unit of a script no export here is written
/// in (see ``UTF16Plausibility``): bytes of another encoding read as UTF-16 — UTF-8 rows
/// appended to a UTF-16 export — become such characters, not errors, in iconv's eyes.
final class Transcoder {
    enum Stop: Equatable {
        /// All input was converted.
        case finished
        /// The output buffer is full; call again with the rest of the input.
        case outputFull
        /// The input ends inside a character; keep those bytes for the next piece.
        case incompleteTail
        /// The byte at `consumed` is not valid in the source encoding.
        case invalidByte
    }

    struct Step {
        var consumed: Int
        var produced: Int
        var stop: Stop
    }

    let source: TextEncoding
    private let descriptor: iconv_t
    /// Input bytes consumed so far, over every call: where the next byte stands in what was fed.
    private(set) var consumedTotal = 0

    init?(from source: TextEncoding) {
        guard let descriptor = iconv_open("UTF-8", source.iconvName),
            descriptor != iconv_t(bitPattern: -1)
        else { return nil }
        self.source = source
        self.descriptor = descriptor
    }

    deinit { iconv_close(descriptor) }

    /// Converts from the front of `input` into `output` until one of the ``Stop`` reasons.
    func convert(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Step {
        guard let inBase = input.baseAddress, input.count > 0 else {
            return Step(consumed: 0, produced: 0, stop: .finished)
        }
        guard let outBase = output.baseAddress else {
            return Step(consumed: 0, produced: 0, stop: .outputFull)
        }
        // Only the plausible front of the input reaches iconv (UTF-16 without another encoding's
        // bytes, a code page without UTF-8 runs); what follows is reported invalid.
        let plausible = min(
            UTF16Plausibility.plausiblePrefix(input, of: source), UTF8InSingleByte.plausiblePrefix(input, of: source))
        // iconv's prototype takes non-const input pointers but never writes through them.
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: inBase.assumingMemoryBound(to: CChar.self))
        var inLeft = plausible
        var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        let consumed = plausible - inLeft
        consumedTotal += consumed
        let produced = output.count - outLeft
        guard result == -1 else {
            return Step(
                consumed: consumed, produced: produced, stop: plausible < input.count ? .invalidByte : .finished)
        }
        switch errno {
        case E2BIG: return Step(consumed: consumed, produced: produced, stop: .outputFull)
        case EINVAL: return Step(consumed: consumed, produced: produced, stop: .incompleteTail)
        default: return Step(consumed: consumed, produced: produced, stop: .invalidByte)
        }
    }

    /// Why the input stopped as invalid at its first byte, for the analyst: the byte (or the
    /// UTF-16 character) and its offset among the bytes fed, plus `before` (where feeding began
    /// in the file).
    func invalidInputDetail(_ input: UnsafeRawBufferPointer, before: Int) -> String {
        let offset = before + consumedTotal
        if let unit = UTF16Plausibility.unit(input, of: source) {
            return
                "с байта \(offset) от начала файла (счёт с 0) текст не похож на \(source.rawValue) (символ U+\(String(unit, radix: 16, uppercase: true))): к файлу дописаны строки в другой кодировке? Сохраните выгрузку целиком в одной кодировке"
        }
        if UTF8InSingleByte.startsRun(input, of: source) {
            return
                "с байта \(offset) от начала файла (счёт с 0) идёт текст в UTF-8, а файл читается как \(source.rawValue): к файлу дописаны строки в другой кодировке? Сохраните выгрузку целиком в одной кодировке"
        }
        return
            "байт \(hex(input.first ?? 0)) не может встретиться в кодировке \(source.rawValue) (он \(offset)-й от начала файла, счёт с 0): файл в другой кодировке? Укажите её: --encoding"
    }

    /// Decodes a sample up to its first invalid byte; `complete` is false when one was met.
    /// A character cut by the end of the sample is not counted against it.
    static func decodeSample(_ bytes: [UInt8], from source: TextEncoding) -> (utf8: [UInt8], complete: Bool) {
        if source == .utf8 { return (bytes, true) }
        guard let transcoder = Transcoder(from: source) else { return ([], false) }
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let step = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { transcoder.convert(input, into: $0) }
        }
        return (Array(output[..<step.produced]), step.stop == .finished || step.stop == .incompleteTail)
    }

    /// Bytes a table's structure is written in: line breaks, quotes and the usual delimiters.
    private static let structuralBytes: [UInt8] = [0x0A, 0x0D, 0x22, 0x27, 0x2C, 0x3B, 0x09, 0x7C, 0x20, 0x61]

    /// True when `source` writes those bytes as ASCII does, one byte each: a file in it may be
    /// cut into parts by scanning its raw bytes (UTF-16, UTF-32 and EBCDIC may not).
    static func isASCIICompatible(_ source: TextEncoding) -> Bool {
        if source == .utf8 || source.isCyrillic || source == .windows1252 || source == .iso88591 { return true }
        if source == .utf16LE || source == .utf16BE { return false }
        let decoded = decodeSample(structuralBytes, from: source)
        return decoded.complete && decoded.utf8 == structuralBytes
    }
}
