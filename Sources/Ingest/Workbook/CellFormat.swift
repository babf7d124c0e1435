#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a workbook shows a number: the cell's number format, reduced to what an export needs.
///
/// Cells are written as a Russian Excel shows them and as its CSV exports carry them: an
/// integer without «,0», a decimal with the comma and at most 15 significant digits (Excel's
/// precision: 0,1 + 0,2 is 0,3), a fixed number of decimals when the format has them, a percent
/// as «45%», and a date or time in ISO form (`2023-11-20`, `2023-11-20 09:27:20`,
/// `09:27:20`), which every date reader of the tool takes.
enum CellFormat: Sendable, Equatable {
    case general
    /// A fixed count of decimals (`0.00`, `#,##0.0`).
    case decimals(Int)
    /// `0%`, `0.00%`: the value times 100 with that many decimals.
    case percent(Int)
    case date
    case time
    case dateTime

    /// The format of a built-in format id (ECMA-376 §18.8.30); nil for ids with a code in the book.
    static func builtIn(_ id: Int) -> CellFormat? {
        switch id {
        case 0, 11, 12, 13, 48, 49: .general
        case 1, 3, 37, 38: .decimals(0)
        case 2, 4, 39, 40: .decimals(2)
        case 9: .percent(0)
        case 10: .percent(2)
        case 14...17, 27...31, 34...36, 50...58: .date
        case 18...21, 32, 33, 45...47: .time
        case 22: .dateTime
        default: nil
        }
    }

    /// Reads a format code (`dd.mm.yyyy hh:mm`, `0.0%`, `#,##0.00 ₽`) from its first section,
    /// quoted text, `[…]` colours and locales, escapes and padding left out.
    init(code: String) {
        var letters: [Character] = []
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        var skipNext = false
        for character in code {
            if skipNext {
                skipNext = false
                continue
            }
            if escaped {
                escaped = false
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBrackets {
                // `[h]`, `[mm]`, `[ss]`: elapsed time.
                if "hms".contains(character.lowercased()) { letters.append(Character(character.lowercased())) }
                if character == "]" { inBrackets = false }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\": escaped = true
            case "_", "*": skipNext = true
            case ";": break
            default:
                letters.append(Character(character.lowercased()))
                continue
            }
            if character == ";" { break }
        }
        let text = String(letters)
        if text == "general" || text == "@" || text.isEmpty {
            self = .general
            return
        }
        let hasDate = text.contains("y") || text.contains("d") || text.contains("e") && !text.contains("0")
        let hasTime = text.contains("h") || text.contains("s")
        if hasDate || hasTime || text.contains("m") && !text.contains("0") && !text.contains("#") {
            switch (hasDate || !hasTime && text.contains("m"), hasTime) {
            case (true, true): self = .dateTime
            case (true, false): self = .date
            default: self = .time
            }
            return
        }
        var decimals = 0
        if let point = text.firstIndex(of: ".") {
            decimals = text[text.index(after: point)...].prefix { $0 == "0" || $0 == "#" }.count(where: { $0 == "0" })
            if decimals == 0 && text[text.index(after: point)...].first == "#" && !text.contains("%") {
                self = .general
                return
            }
        }
        if text.contains("%") {
            self = .percent(decimals)
        } else if text.contains("0") || text.contains("#") {
            self = .decimals(decimals)
        } else {
            self = .general
        }
    }

    /// The text of a number in this format; `date1904`: the book counts days from 1904-01-01.
    func text(_ value: Double, date1904: Bool) -> String {
        guard value.isFinite else { return Self.general(value) }
        switch self {
        case .general: return Self.general(value)
        case .decimals(let count): return Self.fixed(value, decimals: count)
        case .percent(let count): return Self.fixed(value * 100, decimals: count) + "%"
        case .date, .time, .dateTime:
            guard let moment = SerialDate(serial: value, date1904: date1904) else { return Self.general(value) }
            switch self {
            case .date: return moment.dateText
            case .time: return moment.timeText
            default: return moment.dateText + " " + moment.timeText
            }
        }
    }

    /// An integer without a fraction; otherwise 15 significant digits with the decimal comma.
    static func general(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return withDecimalComma(printed(value, "%.15g"))
    }

    static func fixed(_ value: Double, decimals: Int) -> String {
        let text = printed(value, "%.\(min(decimals, 15))f")
        return withDecimalComma(text == "-0" ? "0" : text)
    }

    private static func printed(_ value: Double, _ format: String) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer.prefix(max(0, min(Int(count), 63))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func withDecimalComma(_ text: String) -> String {
        String(text.map { $0 == "." ? "," : $0 })
    }
}

/// A spreadsheet serial date: days since the book's epoch, the fraction the time of day.
struct SerialDate: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var seconds: Int

    /// Excel's 1900 system counts 1900-02-29, a day that never was (serial 60), after Lotus 1-2-3;
    /// the 1904 system (old Mac books) counts from 1904-01-01 as day 0. nil outside years 1–9999.
    init?(serial: Double, date1904: Bool) {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            seconds -= 86_400
            days += 1
        }
        self.seconds = seconds
        if !date1904 && days == 60 {
            (year, month, day) = (1900, 2, 29)
            return
        }
        // Days from 1970-01-01 of the epoch's day 0.
        let epoch = date1904 ? -24_107 : (days < 60 ? -25_568 : -25_569)
        (year, month, day) = CivilCalendar.date(fromDays: epoch + days)
    }

    var dateText: String { "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))" }
    var timeText: String {
        "\(Self.padded(seconds / 3600, 2)):\(Self.padded(seconds / 60 % 60, 2)):\(Self.padded(seconds % 60, 2))"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
