import ByteTables
import Ingest

/// Reads rows of a result export (marks, scores, a test's tasks) into ``ResultRecord``s, or
/// rejects them naming the cell at fault.
///
/// Marks must be 2–5 or one of the instrument's spellings of «no value» / «not assessed»;
/// scores must be numbers (decimal comma or point). A mark «7» or a score «много» rejects
/// the row rather than being guessed. In an export with one point per file, marks and scores
/// without a `stage` are read as the file's point.
public struct ResultCleaner: Sendable {
    public enum Outcome: Sendable {
        case record(ResultRecord)
        case rejected(Rejection)
    }

    public let binding: InstrumentBinding
    /// Whether a record with a code also carries its ФИО. Linking two files needs it (the other
    /// side may lack the code); counting a file with both points in a row does not, and making
    /// a String of every ФИО would cost a tenth of the run.
    public var namesOfCodedRecords = true
    private let schools: SchoolRegister.Lookup
    /// The subject column's scale: its name, how it reads a spelling, its labels.
    private let subjectScale: SubjectScale?
    private let blank: Set<String>
    private let notAssessed: Set<String>
    private let testMarkers: [[UInt8]]
    private let code: Int?
    private let name: Int?
    private let school: Int?
    private let schoolClass: Int?
    private let subject: Int?
    private let journal: Int?
    private let primary: Int?
    /// (file column, point index) for marks and scores.
    private let marks: [(column: Int, point: Int)]
    private let scores: [(column: Int, point: Int)]
    /// Readings of the spellings met so far: an export repeats a handful of schools, classes
    /// and subjects millions of times, and reading one through ``MatchKey`` costs far more than
    /// finding its bytes.
    private var schoolSpellings = SpellingCache<Int?>()
    private var subjectSpellings = SpellingCache<String?>()
    /// A name's key while it is checked for test markers (reused: no allocation per row).
    private var scratch: [UInt8] = []
    private var classSpellings = SpellingCache<(label: String, grade: Int)?>()

    /// - Parameter point: the point of marks and scores that have no `stage` of their own.
    public init(binding: InstrumentBinding, register: SchoolRegister, point: Column.Point, testMarkers: [String] = [])
        throws
    {
        self.binding = binding
        schools = try register.lookup()
        let instrument = binding.instrument
        code = binding.position(of: .personId)
        name = binding.position(of: .respondent)
        school = binding.position(of: .school)
        schoolClass = binding.position(of: .schoolClass)
        subject = binding.position(of: .subject)
        journal = binding.position(of: .journalMark)
        primary = binding.position(of: .primaryScore)
        func located(_ role: Column.Role) -> [(Int, Int)] {
            instrument.columns.filter { $0.role == role }.compactMap { column in
                binding.positions[column.id].map { ($0, (column.stage ?? point) == .pre ? 0 : 1) }
            }
        }
        marks = located(.mark)
        scores = located(.score)
        if let column = instrument.column(role: .subject), let scaleName = column.scale,
            let scale = instrument.scales[scaleName]
        {
            subjectScale = SubjectScale(
                name: scaleName, lookup: try scale.lookup(), labels: scale.categories.map(\.label))
        } else if let column = instrument.column(role: .subject), binding.positions[column.id] != nil {
            // ``Instrument/check()`` refuses this already; the cleaner never labels a group by raw text.
            throw InstrumentError(
                "у столбца «\(column.id)» (subject) не указана шкала предметов (scale): подписи групп берутся только из шкал, а не из текста ответов — перечислите предметы в scales"
            )
        } else {
            subjectScale = nil
        }
        blank = Set(instrument.values.blank.map(MatchKey.of))
        notAssessed = Set(instrument.values.notAssessed.map(MatchKey.of))
        self.testMarkers = testMarkers.map(MatchKey.of).filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    private func reject(_ row: Row, _ reason: Rejection.Reason, column: Int?, _ detail: String) -> Outcome {
        if row.repeatsHeader { return .rejected(row.repeatedHeaderRejection) }
        let place = column.map { "столбец \($0 + 1) «\(row.header.names[$0])»: " } ?? ""
        return .rejected(Rejection(origin: row.origin, reason: reason, detail: place + detail, cells: row.strings()))
    }

    /// The cell without surrounding spaces, nil when blank; trimmed as bytes, before a String exists.
    private func text(_ row: Row, _ column: Int?) -> String? {
        guard let column else { return nil }
        let bytes = Self.trimmed(row[column])
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// The cell's bytes without surrounding spaces.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// True when a word of the name's key is a test marker, or the whole key is one («Тест Тестович»).
    private mutating func isTestName(_ bytes: UnsafeRawBufferPointer) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        MatchKey.appendAny(bytes, to: &scratch)
        return scratch.withUnsafeBytes { MatchKey.isTestMarked($0, markers: testMarkers) }
    }

    public mutating func clean(_ row: Row) -> Outcome {
        let code = text(row, self.code)
        var name: String?
        if let column = self.name {
            let bytes = Self.trimmed(row[column])
            if !bytes.isEmpty {
                if !testMarkers.isEmpty && isTestName(bytes) {
                    return reject(
                        row, .testSubmission, column: column,
                        "тестовая запись («\(String(decoding: bytes, as: UTF8.self))»)")
                }
                if code == nil || namesOfCodedRecords { name = String(decoding: bytes, as: UTF8.self) }
            }
        }
        guard code != nil || name != nil else {
            return reject(
                row, .missingIdentity, column: self.code ?? self.name, "нет ни кода, ни ФИО — запись не с чем связать")
        }
        guard let schoolColumn = self.school, !Self.trimmed(row[schoolColumn]).isEmpty else {
            return reject(row, .missingSchool, column: self.school, "школа не указана")
        }
        // What a reading needs is handed to it, not captured: a capture would copy it per row.
        guard
            let school = schoolSpellings.reading(
                row[schoolColumn], using: schools,
                read: { schools, bytes in
                    schools.school(String(decoding: Self.trimmed(bytes), as: UTF8.self))
                })
        else {
            return reject(
                row, .unknownSchool, column: schoolColumn,
                "школы «\(text(row, schoolColumn) ?? "")» нет в реестре школ — добавьте написание в aliases")
        }
        var subject: String?
        if let column = self.subject {
            guard !Self.trimmed(row[column]).isEmpty else {
                return reject(row, .missingSubject, column: column, "предмет не указан")
            }
            let label = subjectSpellings.reading(row[column], using: subjectScale) { scale, bytes in
                scale.flatMap { $0.label(String(decoding: Self.trimmed(bytes), as: UTF8.self)) }
            }
            guard let label else {
                return reject(
                    row, .unknownAnswer, column: column,
                    "предмета «\(text(row, column) ?? "")» нет в шкале «\(subjectScale?.name ?? "")» — добавьте его в synonyms"
                )
            }
            subject = label
        }
        var schoolClass: String?
        var grade: Int?
        if let column = self.schoolClass, !Self.trimmed(row[column]).isEmpty {
            guard
                let read = classSpellings.reading(
                    row[column], using: (),
                    read: { _, bytes in
                        Self.readClass(String(decoding: Self.trimmed(bytes), as: UTF8.self))
                    })
            else {
                return reject(
                    row, .badClass, column: column,
                    "класс «\(text(row, column) ?? "")» — не номер класса от 1 до 11 с необязательной буквой (5А, 5 «А», 11-Б)"
                )
            }
            (schoolClass, grade) = (read.label, read.grade)
        }
        var points = ResultRecord.PointPair()
        for (column, point) in marks {
            switch readMark(row[column]) {
            case .value(let mark): points[point].mark = mark
            case .blank: break
            case .invalid:
                return reject(
                    row, .badMark, column: column,
                    "отметка «\(row.string(at: column))» — не 2–5 и не «н/а»; пустые значения: \(binding.instrument.values.blank.joined(separator: ", "))"
                )
            }
        }
        for (column, point) in scores {
            switch readScore(row[column]) {
            case .value(let score): points[point].score = score
            case .blank: break
            case .invalid:
                return reject(row, .badScore, column: column, "балл «\(row.string(at: column))» не читается как число")
            }
        }
        var journalMark: Int?
        if let column = journal {
            switch readMark(row[column]) {
            case .value(let mark): journalMark = mark.value
            case .blank: break
            case .invalid:
                return reject(
                    row, .badMark, column: column,
                    "отметка по журналу «\(row.string(at: column))» — не 2–5 и не пустое значение")
            }
        }
        var primaryScore: Double?
        if let column = primary {
            switch readScore(row[column]) {
            case .value(let score): primaryScore = score
            case .blank: break
            case .invalid:
                return reject(
                    row, .badScore, column: column, "первичный балл «\(row.string(at: column))» не читается как число")
            }
        }
        var taskScores: [Double?] = []
        taskScores.reserveCapacity(binding.tasks.count)
        for task in binding.tasks {
            switch readScore(row[task.fileColumn]) {
            case .value(let score): taskScores.append(score)
            case .blank: taskScores.append(nil)
            case .invalid:
                return reject(
                    row, .badScore, column: task.fileColumn,
                    "балл за задание «\(row.string(at: task.fileColumn))» не читается как число")
            }
        }
        return .record(
            ResultRecord(
                origin: row.origin, code: code, name: name, school: school, schoolClass: schoolClass, grade: grade,
                subject: subject, points: points, journalMark: journalMark, primaryScore: primaryScore,
                taskScores: taskScores))
    }

    enum Reading<Value> {
        case value(Value)
        case blank
        case invalid
    }

    /// A mark from its bytes: one digit 2–5 without building a String (the common case), else by spelling.
    func readMark(_ bytes: UnsafeRawBufferPointer) -> Reading<ResultRecord.Mark> {
        var digits = bytes[...]
        while digits.first == 0x20 { digits = digits.dropFirst() }
        while digits.last == 0x20 { digits = digits.dropLast() }
        if digits.count == 1, let byte = digits.first, (0x32...0x35).contains(byte) {
            return .value(.mark(Int(byte) - 0x30))
        }
        let key = MatchKey.of(String(decoding: bytes, as: UTF8.self))
        if key.isEmpty || blank.contains(key) { return .blank }
        if notAssessed.contains(key) { return .value(.notAssessed) }
        return .invalid
    }

    /// A number with a decimal comma or point; a blank spelling reads as no value.
    func readScore(_ bytes: UnsafeRawBufferPointer) -> Reading<Double> {
        if let number = Self.number(bytes) { return .value(number) }
        let key = MatchKey.of(String(decoding: bytes, as: UTF8.self))
        if key.isEmpty || blank.contains(key) || notAssessed.contains(key) { return .blank }
        return .invalid
    }

    /// Parses `-?digits([.,]digits)?` surrounded by spaces; nil for anything else.
    static func number(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var index = bytes.startIndex
        var end = bytes.endIndex
        while index < end && bytes[index] == 0x20 { index += 1 }
        while end > index && bytes[end - 1] == 0x20 { end -= 1 }
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var whole = 0.0
        var fraction = 0.0
        var scale = 1.0
        var digits = 0
        var seenSeparator = false
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                guard digits <= 15 else { return nil }
                if seenSeparator {
                    scale /= 10
                    fraction += Double(byte - 0x30) * scale
                } else {
                    whole = whole * 10 + Double(byte - 0x30)
                }
            } else if (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")) && !seenSeparator && digits > 0 {
                seenSeparator = true
            } else {
                return nil
            }
            index += 1
        }
        guard digits > 0, bytes[end - 1] != UInt8(ascii: ","), bytes[end - 1] != UInt8(ascii: ".") else { return nil }
        let value = whole + fraction
        return negative ? -value : value
    }

    /// «5 а», «5-А», «5 «А»», «11Б», «5a» (a Latin look-alike) → («5А», 5): a grade from 1 to 11,
    /// then at most one letter, upper-cased, «Ё» read as «Е», a Latin letter that looks Cyrillic
    /// folded to it; spaces, dashes, dots and quotes around the letter are dropped. Nil for
    /// anything else («=1+1», a name glued to a number, «коррекционный»).
    public static func readClass(_ text: String) -> (label: String, grade: Int)? {
        var scalars = Substring(text).unicodeScalars[...]
        var digits = ""
        while let scalar = scalars.first, ("0"..."9").contains(scalar) {
            digits.unicodeScalars.append(scalar)
            scalars.removeFirst()
        }
        guard digits.count <= 2, !digits.hasPrefix("0"), let grade = Int(digits), (1...11).contains(grade) else {
            return nil
        }
        var letter: Unicode.Scalar?
        for scalar in scalars where !classSeparators.contains(scalar) {
            guard letter == nil, let folded = classLetter(scalar) else { return nil }
            letter = folded
        }
        return (digits + (letter.map { String($0) } ?? ""), grade)
    }

    /// What may stand around a class letter: «5 А», «5-А», «5 «А»», «5.А».
    private static let classSeparators: Set<Unicode.Scalar> = [
        " ", "\u{00A0}", "\t", "-", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", ".", "«", "»", "\"", "'",
        "\u{201C}",
        "\u{201D}", "\u{201E}",
    ]

    /// Latin capitals that look like Cyrillic ones, as exports mistype class letters.
    private static let latinLookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С", "T": "Т",
        "X": "Х", "Y": "У",
    ]

    /// A class letter upper-cased and folded to Cyrillic; nil when the scalar is no such letter.
    private static func classLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar == "Ё" || scalar == "ё" { return "Е" }
        switch scalar.value {
        case 0x0410...0x042F: return scalar
        case 0x0430...0x044F: return Unicode.Scalar(scalar.value - 0x20)
        default: break
        }
        let upper = scalar.properties.uppercaseMapping.unicodeScalars
        guard upper.count == 1, let capital = upper.first else { return nil }
        return latinLookAlikes[capital]
    }
}

/// A subject column's scale, as the cleaner reads it.
private struct SubjectScale: Sendable {
    let name: String
    let lookup: Scale.Lookup
    let labels: [String]

    /// The canonical label of a spelling; nil when the scale does not know it.
    func label(_ spelling: String) -> String? {
        guard case .category(let category) = lookup.read(spelling) else { return nil }
        return labels[category]
    }
}

/// Readings of cell spellings, found by the cell's bytes (no String, no Unicode tables).
///
/// Holds at most ``limit`` spellings, so a column of all-different values costs no more
/// memory than that; past it, values are read afresh each time.
struct SpellingCache<Value>: Sendable where Value: Sendable {
    static var limit: Int { 4_096 }

    private var keys = CompactKeyTable(minimumCapacity: 64)
    private var values: [Value] = []
    /// The index of the spelling read last: a column often repeats a value row after row (a
    /// school's block of students), and comparing bytes with it costs less than hashing them.
    /// Only the index is kept — the bytes are the table's — so a hit copies nothing.
    private var lastIndex = -1
    /// A front of 64 places, each the index + 1 of a spelling met (0: none), placed by the
    /// spelling's length and its first and last eight bytes: a grid's few spellings are found
    /// with one comparison of bytes, without hashing them whole.
    private var recent = [Int32](repeating: 0, count: 64)

    /// The reading of `bytes`: remembered, or made by `read` from `context` (handed in, so that
    /// the closure captures nothing a row would copy).
    mutating func reading<Context>(
        _ bytes: UnsafeRawBufferPointer, using context: borrowing Context,
        read: (borrowing Context, UnsafeRawBufferPointer) -> Value
    ) -> Value {
        if let value = remembered(bytes) { return value }
        let value = read(context, bytes)
        remember(bytes, value)
        return value
    }

    /// The reading of `bytes` if they were met before; nil when they must be read (then hand
    /// the reading to ``remember(_:_:)``). A hit compares bytes in place and copies nothing.
    @inline(__always)
    mutating func remembered(_ bytes: UnsafeRawBufferPointer) -> Value? {
        if lastIndex >= 0, keys.hasKey(at: lastIndex, sameAs: bytes) { return values[lastIndex] }
        let place = Self.place(bytes)
        let known = Int(recent[place]) - 1
        if known >= 0, keys.hasKey(at: known, sameAs: bytes) {
            lastIndex = known
            return values[known]
        }
        if let index = keys.find(bytes) {
            lastIndex = index
            recent[place] = Int32(index + 1)
            return values[index]
        }
        return nil
    }

    /// Keeps the reading of spelling `bytes`, not met before (up to ``limit`` spellings).
    mutating func remember(_ bytes: UnsafeRawBufferPointer, _ value: Value) {
        guard keys.count < Self.limit else { return }
        let (index, inserted) = keys.insert(bytes)
        guard inserted else { return }
        lastIndex = index
        recent[Self.place(bytes)] = Int32(index + 1)
        values.append(value)
    }

    /// The place of `bytes` in ``recent``: their length and first and last eight bytes, mixed.
    private static func place(_ bytes: UnsafeRawBufferPointer) -> Int {
        var word = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        if bytes.count >= 8 {
            word ^= bytes.loadUnaligned(as: UInt64.self)
            word = word &* 0xFF51_AFD7_ED55_8CCD
            word ^= bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        } else {
            for byte in bytes { word = (word ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        word = (word ^ (word >> 29)) &* 0xC4CE_B9FE_1A85_EC53
        return Int(word >> 58)
    }
}
