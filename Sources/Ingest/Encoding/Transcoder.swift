#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams text of one encoding into UTF-8 through iconv.
///
/// Feed it input in pieces of any size: a character cut at the end of a piece is left
/// unconsumed (``Step/incompleteTail``) and must be passed again at the front of the next piece.
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
        // iconv's prototype takes non-const input pointers but never writes through them.
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: inBase.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        let step = Step(consumed: input.count - inLeft, produced: output.count - outLeft, stop: .finished)
        guard result == -1 else { return step }
        switch errno {
        case E2BIG: return Step(consumed: step.consumed, produced: step.produced, stop: .outputFull)
        case EINVAL: return Step(consumed: step.consumed, produced: step.produced, stop: .incompleteTail)
        default: return Step(consumed: step.consumed, produced: step.produced, stop: .invalidByte)
        }
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
}
