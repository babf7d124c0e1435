/// The type a cell's text reads as, judged from its bytes without building a String.
public enum ValueKind: String, Sendable, CaseIterable, Codable {
    case integer
    /// A decimal with a comma («4,5»), as Russian Excel writes it.
    case decimalComma = "decimal_comma"
    /// A decimal with a point («4.5»).
    case decimalPoint = "decimal_point"
    /// «25.11.2023», «2023-11-25», «25/11/2023», «2023/11/25».
    case date
    /// A date with a time: «25.11.2023 10:15:03», «2023/11/25 10:15:03 AM GMT+5».
    case dateTime = "date_time"
    case text

    /// Position in `allCases`, for counting in a plain array.
    var index: Int {
        switch self {
        case .integer: 0
        case .decimalComma: 1
        case .decimalPoint: 2
        case .date: 3
        case .dateTime: 4
        case .text: 5
        }
    }

    /// The name an analyst reads.
    public var russianName: String {
        switch self {
        case .integer: "целое число"
        case .decimalComma: "дробное число (запятая)"
        case .decimalPoint: "дробное число (точка)"
        case .date: "дата"
        case .dateTime: "дата и время"
        case .text: "текст"
        }
    }

    /// Classifies a non-empty cell; surrounding spaces are ignored.
    public static func of(_ cell: UnsafeRawBufferPointer) -> ValueKind {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 { start += 1 }
        while end > start, cell[end - 1] == 0x20 { end -= 1 }
        guard start < end else { return .text }
        let view = UnsafeRawBufferPointer(rebasing: cell[start..<end])
        if let number = number(view) { return number }
        if let date = dateOrDateTime(view) { return date }
        return .text
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private static func number(_ s: UnsafeRawBufferPointer) -> ValueKind? {
        var index = 0
        if s[0] == UInt8(ascii: "-") || s[0] == UInt8(ascii: "+") { index = 1 }
        let digitsStart = index
        while index < s.count, isDigit(s[index]) { index += 1 }
        let integerDigits = index - digitsStart
        if index == s.count { return integerDigits > 0 ? .integer : nil }
        let separator = s[index]
        guard separator == UInt8(ascii: ",") || separator == UInt8(ascii: "."), integerDigits > 0 else { return nil }
        index += 1
        let fractionStart = index
        while index < s.count, isDigit(s[index]) { index += 1 }
        guard index == s.count, index > fractionStart else { return nil }
        return separator == UInt8(ascii: ",") ? .decimalComma : .decimalPoint
    }

    /// Reads `count` digits at `index` as a number.
    private static func digits(_ s: UnsafeRawBufferPointer, _ index: Int, _ count: Int) -> Int? {
        guard index + count <= s.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            guard isDigit(s[i]) else { return nil }
            value = value * 10 + Int(s[i] - 0x30)
        }
        return value
    }

    private static func dateOrDateTime(_ s: UnsafeRawBufferPointer) -> ValueKind? {
        var day = 0, month = 0, length = 0
        if let d = digits(s, 0, 2), s.count >= 10, s[2] == s[5], [UInt8(ascii: "."), UInt8(ascii: "/")].contains(s[2]),
            let m = digits(s, 3, 2), digits(s, 6, 4) != nil
        {
            (day, month, length) = (d, m, 10)
        } else if digits(s, 0, 4) != nil, s.count >= 10, s[4] == s[7],
            [UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: ".")].contains(s[4]),
            let m = digits(s, 5, 2), let d = digits(s, 8, 2)
        {
            (day, month, length) = (d, m, 10)
        } else {
            return nil
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        if length == s.count { return .date }
        // A time follows: « 10:15», « 10:15:03», optional « AM»/« PM», optional zone.
        var index = length
        while index < s.count, s[index] == 0x20 || s[index] == UInt8(ascii: "T") { index += 1 }
        guard index > length else { return nil }
        var hourDigits = 0
        while index + hourDigits < s.count, isDigit(s[index + hourDigits]) { hourDigits += 1 }
        guard (1...2).contains(hourDigits), let hour = digits(s, index, hourDigits), hour < 24 else { return nil }
        index += hourDigits
        guard index < s.count, s[index] == UInt8(ascii: ":"), let minute = digits(s, index + 1, 2), minute < 60 else {
            return nil
        }
        index += 3
        if index < s.count, s[index] == UInt8(ascii: ":") {
            guard let second = digits(s, index + 1, 2), second < 61 else { return nil }
            index += 3
        }
        // The rest may only be a meridiem and a zone such as «AM GMT+5», «UTC», «+05:00».
        for byte in s[index...] {
            let allowed =
                byte == 0x20 || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
                || isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            guard allowed else { return nil }
        }
        return .dateTime
    }
}
