#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A character encoding an export arrives in: the ones Russian schools really use by name, and
/// any other that iconv knows (windows-1252, ISO-8859-2…).
///
/// Everything is transcoded to UTF-8 before parsing; `iconvName` is the name glibc's iconv
/// knows the encoding by, `rawValue` the name reports show.
public struct TextEncoding: RawRepresentable, Sendable, Hashable, Codable {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let utf8 = TextEncoding(rawValue: "utf-8")
    public static let utf16LE = TextEncoding(rawValue: "utf-16le")
    public static let utf16BE = TextEncoding(rawValue: "utf-16be")
    public static let windows1251 = TextEncoding(rawValue: "windows-1251")
    public static let koi8R = TextEncoding(rawValue: "koi8-r")
    public static let cp866 = TextEncoding(rawValue: "cp866")
    public static let macCyrillic = TextEncoding(rawValue: "x-mac-cyrillic")
    public static let iso88595 = TextEncoding(rawValue: "iso-8859-5")
    /// Western European: what Excel on an English or German Windows saves.
    public static let windows1252 = TextEncoding(rawValue: "windows-1252")
    public static let iso88591 = TextEncoding(rawValue: "iso-8859-1")

    /// The name iconv opens the conversion with.
    public var iconvName: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .windows1251: "CP1251"
        case .koi8R: "KOI8-R"
        case .cp866: "CP866"
        case .macCyrillic: "MAC-CYRILLIC"
        case .iso88595: "ISO-8859-5"
        case .windows1252: "CP1252"
        case .iso88591: "ISO-8859-1"
        default: rawValue.uppercased()
        }
    }

    /// The single-byte Cyrillic code pages, the candidates when bytes are not UTF-8.
    public static let cyrillicCodePages: [TextEncoding] = [.windows1251, .koi8R, .cp866, .macCyrillic]

    /// True for the Cyrillic code pages (and ISO-8859-5), whose decoding is graded as Russian.
    public var isCyrillic: Bool { Self.cyrillicCodePages.contains(self) || self == .iso88595 }

    /// Reads a name as an analyst or a detector spells it (`cp1251`, `WINDOWS-1251`, `ibm866`,
    /// `mac`, `latin1`…); any other name iconv can convert from is taken as it is.
    public init?(name: String) {
        let key = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "utf8", "utf8bom", "utf8sig": self = .utf8
        case "utf16le", "utf16": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "windows1251", "cp1251", "win1251", "ansi", "mscyrl": self = .windows1251
        case "koi8r", "koi8": self = .koi8R
        case "cp866", "ibm866", "866", "dos", "oem866": self = .cp866
        case "xmaccyrillic", "maccyrillic", "mac", "macintosh", "xmacukrainian": self = .macCyrillic
        case "iso88595", "cyrillic", "latincyrillic": self = .iso88595
        case "windows1252", "cp1252", "win1252": self = .windows1252
        case "iso88591", "latin1", "l1", "iso885911987": self = .iso88591
        default:
            let spelled = name.trimmingSpaces()
            guard !spelled.isEmpty, spelled.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
                Self.iconvConverts(from: spelled)
            else { return nil }
            self = TextEncoding(rawValue: spelled.lowercased())
        }
    }

    /// True when iconv can convert from `name` to UTF-8.
    static func iconvConverts(from name: String) -> Bool {
        guard let descriptor = iconv_open("UTF-8", name), descriptor != iconv_t(bitPattern: -1) else { return false }
        iconv_close(descriptor)
        return true
    }

    /// Names accepted by `--encoding`, for help and error messages.
    public static let acceptedNames =
        "utf-8, utf-16le, utf-16be, windows-1251 (cp1251), koi8-r, cp866 (ibm866), x-mac-cyrillic, iso-8859-5, windows-1252 (cp1252), iso-8859-1 (latin1) и любая другая кодировка, которую знает iconv (iconv -l)"
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
