/// The encoding a file was read with, how it was found, and how sure the finding is.
public struct DetectedEncoding: Sendable, Equatable {
    /// How the encoding was established.
    public enum Method: String, Sendable, Equatable {
        /// The file starts with a byte order mark.
        case byteOrderMark = "bom"
        /// Every byte of the file's start is ASCII, which reads the same in every supported encoding.
        case asciiOnly = "ascii"
        /// The bytes form well-formed multi-byte UTF-8 sequences.
        case utf8Structure = "utf8"
        /// Zero bytes at every other position: UTF-16 without a byte order mark.
        case zeroBytePattern = "utf16-zero-bytes"
        /// libuchardet's answer, checked against how Russian the decoded words look.
        case uchardet = "uchardet"
        /// libuchardet gave no usable answer; the code page whose decoding looks most Russian won.
        case cyrillicWords = "cyrillic-words"
        /// The analyst named it (`--encoding`).
        case declared = "declared"
        /// A workbook (.xlsx, .xls): its text is Unicode by the format, nothing to detect.
        case workbook = "workbook"
    }

    public var encoding: TextEncoding
    /// 0…1. For code pages: the share of words with non-ASCII letters that decode into
    /// well-formed Russian words (Cyrillic only, lower case, Capitalised or upper case).
    public var confidence: Double
    public var method: Method
    /// Bytes of byte order mark to skip at the start of the file.
    public var byteOrderMarkLength: Int
    /// How well the best other code page read the same bytes (0 when none was tried).
    public var rivalConfidence: Double

    public init(
        encoding: TextEncoding, confidence: Double, method: Method, byteOrderMarkLength: Int = 0,
        rivalConfidence: Double = 0
    ) {
        self.encoding = encoding
        self.confidence = confidence
        self.method = method
        self.byteOrderMarkLength = byteOrderMarkLength
        self.rivalConfidence = rivalConfidence
    }

    /// Below this, tools warn the analyst and suggest `--encoding`.
    public static let trustworthyConfidence = 0.8

    /// True when the reading is in real doubt and the analyst should check the text: the
    /// confidence is below ``trustworthyConfidence`` and either low in itself or close to
    /// another code page's. A short or name-heavy windows-1251 file scores 0.6–0.8 with every
    /// other code page far below: that reading is not in doubt.
    public var isInDoubt: Bool {
        confidence < Self.trustworthyConfidence
            && (confidence < Self.doubtfulConfidence || confidence - rivalConfidence < Self.clearMargin)
    }

    /// Below this a reading is doubted whatever the other code pages score.
    public static let doubtfulConfidence = 0.4
    /// A reading this far ahead of every other code page is clear.
    public static let clearMargin = 0.3
}
