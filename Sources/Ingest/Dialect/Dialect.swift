/// How the cells of an export are separated and quoted.
public struct Dialect: Sendable, Equatable {
    /// Where the delimiter came from.
    public enum Source: String, Sendable, Equatable {
        /// An Excel `sep=;` first line.
        case sepLine = "sep-line"
        /// Counting candidate delimiters over the first records.
        case sniffed = "sniffed"
        /// The analyst named it (`--delimiter`).
        case declared = "declared"
        /// Nothing to go on (one column, or an empty file): the comma.
        case fallback = "fallback"
        /// A workbook (.xlsx, .xls): cells, not a delimiter; `;` only shapes the sniffer's sample.
        case workbook = "workbook"
    }

    /// The delimiters exports come with, in order of preference when counts tie.
    public static let candidates: [UInt8] = [
        UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: "|"),
    ]

    public var delimiter: UInt8
    public var quote: UInt8 = UInt8(ascii: "\"")
    /// The escape character inside quoted values (`\"`), when the analyst names one
    /// (`--escape backslash`); nil: quotes are doubled (`""`), as RFC 4180 and Excel write them.
    public var escape: UInt8?
    public var source: Source
    /// The first line is Excel's `sep=X` and is not part of the table.
    public var hasSepLine: Bool

    /// The quote characters exports come with: the double quote, then the apostrophe.
    public static let quoteCandidates: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "'")]

    public init(delimiter: UInt8, source: Source, hasSepLine: Bool = false, quote: UInt8 = UInt8(ascii: "\"")) {
        self.delimiter = delimiter
        self.source = source
        self.hasSepLine = hasSepLine
        self.quote = quote
    }

    /// The delimiter as an analyst reads it: «;», «,», «табуляция», «|».
    public var delimiterName: String { Self.name(of: delimiter) }

    public static func name(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): "табуляция"
        case UInt8(ascii: " "): "пробел"
        default: "«\(Character(Unicode.Scalar(byte)))»"
        }
    }

    /// Reads `--escape` spellings: `backslash`, `\`.
    public static func escape(named name: String) -> UInt8? {
        switch name.lowercased() {
        case "backslash", "\\", "обратная косая черта": UInt8(ascii: "\\")
        default: nil
        }
    }

    /// Reads `--delimiter` spellings: `;`, `,`, `|`, `tab`, `\t`, `таб`.
    public static func delimiter(named name: String) -> UInt8? {
        switch name.lowercased() {
        case "tab", "\\t", "\t", "таб", "табуляция": return UInt8(ascii: "\t")
        case "comma", "запятая": return UInt8(ascii: ",")
        case "semicolon", "точка с запятой": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        case "space", "пробел": return UInt8(ascii: " ")
        default:
            let bytes = Array(name.utf8)
            guard bytes.count == 1, bytes[0] != UInt8(ascii: "\""), bytes[0] != 0x0A, bytes[0] != 0x0D else {
                return nil
            }
            return bytes[0]
        }
    }
}
