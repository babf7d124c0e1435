import Ingest

/// A form's submission time, read from the locales forms export in, as seconds that sort.
///
/// Understood: `25.11.2023 10:15:03` (Google Forms, Russian locale), `2023/11/25 10:15:03 AM GMT+5`
/// (Google Forms, English locale), `2023-11-25 10:15:03` and `2023-11-25T10:15:03+05:00`
/// (Yandex Forms, ISO). A zone, when given, is applied; otherwise the local time is used as is.
public struct Timestamp: Sendable, Comparable, Hashable {
    /// Seconds since 1970-01-01 00:00 (in UTC when the export gave a zone).
    public let seconds: Int64

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public init(seconds: Int64) { self.seconds = seconds }

    /// The time in `bytes` (UTF-8): what ``init(_:)`` reads from the same text. The plain forms
    /// — a date, a time of hours, minutes and maybe seconds, no zone or AM/PM — are read from the
    /// bytes as they are (a survey reads one per row); any other text goes to ``init(_:)``.
    public init?(bytes: UnsafeRawBufferPointer) {
        if let seconds = Self.plainSeconds(bytes) {
            self.init(seconds: seconds)
        } else {
            self.init(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// Seconds of a date with an optional time and nothing more, in ASCII; nil for anything
    /// else, including text ``init(_:)`` would refuse.
    private static func plainSeconds(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let space = UInt8(ascii: " ")
        var index = 0
        var end = bytes.count
        while index < end && bytes[index] == space { index += 1 }
        while end > index && bytes[end - 1] == space { end -= 1 }
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < end, digits < maxDigits, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        func skip(_ separators: UInt8...) -> Bool {
            guard index < end, separators.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        let dateSeparators: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "-")]
        guard let first = number(maxDigits: 4), index < end, dateSeparators.contains(bytes[index]) else { return nil }
        index += 1
        guard let middle = number(maxDigits: 2), index < end, dateSeparators.contains(bytes[index]) else { return nil }
        index += 1
        guard let third = number(maxDigits: 4) else { return nil }
        let (year, month, day) = first > 31 ? (first, middle, third) : (third, middle, first)
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), year >= 1900 else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        if skip(space, UInt8(ascii: "T")) {
            while skip(space) {}
            guard let h = number(maxDigits: 2), skip(UInt8(ascii: ":")), let m = number(maxDigits: 2) else {
                return nil
            }
            hour = h
            minute = m
            if skip(UInt8(ascii: ":")) { second = number(maxDigits: 2) ?? 0 }
            guard hour < 24, minute < 60, second < 61 else { return nil }
        }
        guard index == end else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public init?(_ text: String) {
        let scalars = Array(text.trimmingCharacters(in: " ").unicodeScalars)
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < scalars.count, digits < maxDigits, let digit = Int(String(scalars[index])),
                scalars[index].isASCII
            {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return digits > 0 ? value : nil
        }
        func skip(_ separators: Set<Unicode.Scalar>) -> Bool {
            guard index < scalars.count, separators.contains(scalars[index]) else { return false }
            index += 1
            return true
        }
        guard let first = number(maxDigits: 4), skip([".", "/", "-"]), let middle = number(maxDigits: 2),
            skip([".", "/", "-"]), let third = number(maxDigits: 4)
        else { return nil }
        let (year, month, day) = first > 31 ? (first, middle, third) : (third, middle, first)
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), year >= 1900 else {
            return nil
        }
        var hour = 0, minute = 0, second = 0, offsetMinutes = 0
        if skip([" ", "T"]) {
            while skip([" "]) {}
            guard let h = number(maxDigits: 2), skip([":"]), let m = number(maxDigits: 2) else { return nil }
            hour = h
            minute = m
            if skip([":"]) { second = number(maxDigits: 2) ?? 0 }
            var rest = String(String.UnicodeScalarView(scalars[index...])).uppercased().trimmingCharacters(in: " ")
            if rest.hasPrefix("PM") || rest.hasPrefix("AM") {
                let pm = rest.hasPrefix("PM")
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (pm ? 12 : 0)
                rest = rest.dropFirst(2).trimmingCharacters(in: " ")
            }
            if rest.hasPrefix("GMT") || rest.hasPrefix("UTC") { rest = rest.dropFirst(3).trimmingCharacters(in: " ") }
            if rest.hasPrefix("Z") { rest = rest.dropFirst().trimmingCharacters(in: " ") }
            if let sign = rest.first, sign == "+" || sign == "-" {
                let parts = rest.dropFirst().split(separator: ":")
                guard let hours = parts.first.flatMap({ Int($0) }) else { return nil }
                let minutes = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
                offsetMinutes = (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
                rest = ""
            }
            guard rest.isEmpty, hour < 24, minute < 60, second < 61 else { return nil }
        } else if index != scalars.count {
            return nil
        }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of the moment (the export's own clock when it gave no offset):
    /// the inverse of ``daysFromCivil(year:month:day:)``.
    public var date: (year: Int, month: Int, day: Int) {
        let days = Int((seconds - ((seconds % 86_400) + 86_400) % 86_400) / 86_400)
        return CivilCalendar.date(fromDays: days)
    }
}
