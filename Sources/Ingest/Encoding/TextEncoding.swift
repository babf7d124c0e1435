/// A character encoding that exports from Russian schools really arrive in.
///
/// Everything is transcoded to UTF-8 before parsing; `iconvName` is the name glibc's iconv
/// knows the encoding by.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1251 = "windows-1251"
    case koi8R = "koi8-r"
    case cp866 = "cp866"
    case macCyrillic = "x-mac-cyrillic"
    case iso88595 = "iso-8859-5"

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
        }
    }

    /// The single-byte Cyrillic code pages, the candidates when bytes are not UTF-8.
    public static let cyrillicCodePages: [TextEncoding] = [.windows1251, .koi8R, .cp866, .macCyrillic]

    /// Reads a name as an analyst or a detector spells it (`cp1251`, `WINDOWS-1251`, `ibm866`, `mac`…).
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
        default: return nil
        }
    }

    /// Names accepted by `--encoding`, for help and error messages.
    public static let acceptedNames =
        "utf-8, utf-16le, utf-16be, windows-1251 (cp1251), koi8-r, cp866 (ibm866), x-mac-cyrillic, iso-8859-5"
}
