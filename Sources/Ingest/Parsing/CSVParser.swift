import CFieldArena
import CLibCSV

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A throwing Swift wrapper over one libcsv parser, fed UTF-8 bytes in pieces.
///
/// libcsv runs in strict mode (`CSV_STRICT | CSV_STRICT_FINI`), so an unterminated quote is an
/// error naming the line where the quoted field began; a quote inside a field that did not
/// start with one is kept as a character. Where strict mode stops at a quote inside a quoted
/// field followed by other text (`"МБОУ "СОШ №5""`), the quote is repaired as Excel reads it
/// and the repair counted with its line; with `strictQuotes`, or when the field already spans a
/// line break, that stop is an error. With
/// `CSV_REPALL_NL` blank lines are seen and counted. Spaces and tabs around an unquoted value
/// are dropped (libcsv's default, kept because a per-byte space callback costs a tenth of the
/// parse); inside quotes they are data.
/// The wrapper tracks physical line numbers: every line break ending a record, standing
/// alone, or lying inside a quoted field counts, and CRLF counts once.
final class CSVParser {
    struct Limits {
        var maxFieldBytes: Int
        var maxFieldsPerRecord: Int
    }

    var onRecord: (RawRecord) throws -> Void = { _ in }
    var onBlankLine: (Int) throws -> Void = { _ in }

    private(set) var lineEndings = LineEndingCounts()
    /// Quotes met inside fields that were not quoted, kept as characters.
    private(set) var quotesInsideUnquotedFields = 0
    /// Lines of quotes inside quoted fields kept as characters (see ``stepRepairedField(_:context:)``),
    /// the first ``quoteRepairLinesKept``; the rest are only counted.
    private(set) var quoteRepairLines: [Int] = []
    private(set) var quoteRepairsUnlisted = 0
    static let quoteRepairLinesKept = 20
    /// Physical line of the next byte libcsv has not yet handed back in a callback.
    private var line: Int { recordLine + arena.pointee.line_breaks }

    private let file: String
    private let limits: Limits
    private let strictQuotes: Bool
    private let quote: UInt8
    private let delimiter: UInt8
    /// Inside a quoted field whose stray quote was kept: the rest of it goes byte by byte.
    private var repairingField = false
    /// `\` in `\"` (`--escape backslash`); nil: no escapes, the quote is doubled.
    private let escape: UInt8?
    /// The last piece ended with the escape: what it escapes is the next piece's first byte.
    private var escapePending = false
    private let state: UnsafeMutablePointer<csv_parser>

    /// The fields of the record libcsv is delivering, checked and laid end to end by C code
    /// (libcsv's field callback), so that Swift is called once per record.
    private let arena: UnsafeMutablePointer<shnor_field_arena>
    /// The bulk check of every piece before libcsv sees it (NUL, UTF-8, quotes), which lets the
    /// arena only copy the fields of a piece that passed (``parse(_:)``).
    private let inputCheck: UnsafeMutablePointer<shnor_input_check>
    /// Fields of the record libcsv is delivering so far.
    private var fieldCount: Int { arena.pointee.fields }
    /// Physical line where the record libcsv is delivering begins.
    private var recordLine = 1
    private var lastBreakWasCR = false
    private var failure: (any Error)?

    // libcsv calls back through C function pointers with the arena as their context: the
    // fields go to the arena's C callback, the record's end to the parser (the arena's owner).
    private static let fieldCallback: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void =
        shnor_field_arena_append
    private static let recordEndCallback: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = {
        terminator, context in
        guard let owner = context?.assumingMemoryBound(to: shnor_field_arena.self).pointee.owner else { return }
        Unmanaged<CSVParser>.fromOpaque(owner)._withUnsafeGuaranteedRef { $0.acceptRecordEnd(terminator) }
    }

    /// - Parameter firstLine: the physical line of the first byte (a part of a file begins further down).
    /// - Parameter strictQuotes: refuse a quote inside a quoted field that does not end it,
    ///   instead of keeping it as a character.
    init(
        file: String, delimiter: UInt8, quote: UInt8, limits: Limits, validateUTF8: Bool, strictQuotes: Bool = false,
        escape: UInt8? = nil, firstLine: Int = 1
    ) throws {
        self.file = file
        self.escape = escape
        self.strictQuotes = strictQuotes
        self.quote = quote
        self.delimiter = delimiter
        recordLine = firstLine
        self.limits = limits
        state = .allocate(capacity: 1)
        arena = .allocate(capacity: 1)
        inputCheck = .allocate(capacity: 1)
        shnor_input_check_init(inputCheck, validateUTF8 ? 1 : 0)
        guard csv_init(state, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)) == 0 else {
            state.deallocate()
            arena.deallocate()
            inputCheck.deallocate()
            throw IngestError(.outOfMemory, file: file, detail: "не удалось создать разборщик CSV (libcsv)")
        }
        csv_set_delim(state, delimiter)
        csv_set_quote(state, quote)
        csv_set_blk_size(state, 64 * 1024)
        guard shnor_field_arena_init(arena, max(0, limits.maxFieldsPerRecord), validateUTF8 ? 1 : 0, nil) == 0 else {
            csv_free(state)
            state.deallocate()
            arena.deallocate()
            inputCheck.deallocate()
            throw IngestError(.outOfMemory, file: file, detail: "не удалось выделить память под запись")
        }
        arena.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
        arena.pointee.mark_is_fault = firstLine > 1 ? 1 : 0
    }

    deinit {
        csv_free(state)
        state.deallocate()
        shnor_field_arena_free(arena)
        arena.deallocate()
        inputCheck.deallocate()
    }

    /// Parses the next piece of input; records are handed to ``onRecord`` as they complete.
    /// With an escape character, `\"` inside a quoted field is a quote and `\\` the escape
    /// itself; libcsv has no escapes, so the bytes up to each escape go to it as they are and
    /// the escaped character is fed as libcsv spells it (a quote doubled).
    ///
    /// The piece is checked in bulk first (``shnor_input_check_piece``): when it has no NUL,
    /// only well-formed UTF-8 and no quote, and no quoted field is open, no field libcsv
    /// delivers from it needs a scan, and the arena only copies them. Any other piece has every
    /// field scanned as before, so a fault is named at the same file, line, column and byte.
    func parse(_ input: UnsafeRawBufferPointer) throws {
        if let base = input.baseAddress {
            let flags = shnor_input_check_piece(
                inputCheck, base.assumingMemoryBound(to: UInt8.self), input.count, quote)
            let noQuote = flags & Int32(SHNOR_PIECE_NO_QUOTE.rawValue) != 0
            shnor_field_arena_set_checked(
                arena, flags & Int32(SHNOR_PIECE_TEXT_CHECKED.rawValue) != 0 ? 1 : 0,
                noQuote && state.pointee.quoted == 0 && !repairingField ? 1 : 0)
        }
        defer { scanEveryField() }
        guard let escape, let base = input.baseAddress else { return try parseUnescaped(input) }
        var start = 0
        if escapePending, !input.isEmpty {
            escapePending = false
            try feedEscaped(escape, before: input[0])
            start = input[0] == quote || input[0] == escape ? 1 : 0
        }
        while start < input.count {
            guard let found = memchr(base + start, Int32(escape), input.count - start) else { break }
            let index = base.distance(to: UnsafeRawPointer(found))
            try parseUnescaped(UnsafeRawBufferPointer(rebasing: input[start..<index]))
            guard index + 1 < input.count else {
                escapePending = true
                return
            }
            let next = input[index + 1]
            try feedEscaped(escape, before: next)
            start = index + (next == quote || next == escape ? 2 : 1)
        }
        try parseUnescaped(UnsafeRawBufferPointer(rebasing: input[start...]))
    }

    /// Feeds an escape followed by `next`: inside a quoted field `\"` as a doubled quote and
    /// `\\` as one backslash (the caller skips `next`); anywhere else the escape as it is.
    private func feedEscaped(_ escape: UInt8, before next: UInt8) throws {
        let insideQuotes = state.pointee.pstate == 2 && state.pointee.quoted != 0
        if insideQuotes && next == quote {
            try withUnsafeBytes(of: (quote, quote)) { try parseUnescaped($0) }
        } else if insideQuotes && next == escape {
            try withUnsafeBytes(of: escape) { try parseUnescaped($0) }
        } else {
            try withUnsafeBytes(of: escape) { try parseUnescaped($0) }
            if next == quote || next == escape { try withUnsafeBytes(of: next) { try parseUnescaped($0) } }
        }
    }

    private func parseUnescaped(_ input: UnsafeRawBufferPointer) throws {
        guard let base = input.baseAddress else { return }
        var offset = 0
        let context = UnsafeMutableRawPointer(arena)
        while offset < input.count {
            let length = min(input.count - offset, 64 * 1024)
            let consumed = csv_parse(state, base + offset, length, Self.fieldCallback, Self.recordEndCallback, context)
            try throwFailure()
            offset += consumed
            if consumed < length {
                if isQuoteInsideUnquotedField() {
                    try acceptLiteralQuote(at: base + offset)
                    offset += 1
                } else if !strictQuotes && isStrayQuoteInsideQuotedField() {
                    try repairStrayQuote(at: base + offset, before: base + input.count)
                    offset += 1
                } else {
                    throw parseFailure(at: UnsafeRawBufferPointer(rebasing: input[offset...]))
                }
            }
            while repairingField && offset < input.count {
                try stepRepairedField(base + offset, before: base + input.count, context: context)
                offset += 1
            }
            if state.pointee.entry_pos > limits.maxFieldBytes {
                throw IngestError(
                    .fieldTooLong, file: file, line: line, column: fieldCount + 1,
                    detail: state.pointee.quoted != 0
                        ? "поле длиннее \(limits.maxFieldBytes) байт: скорее всего, кавычка, открытая здесь, не закрыта"
                        : "поле длиннее \(limits.maxFieldBytes) байт — это больше допустимого")
            }
        }
    }

    /// True when libcsv stopped at a quote in the middle of a field that did not start with one
    /// (`37.8"N`, `МАОУ "СОШ № 1"`): real exports write such values, and the quote is data.
    private func isQuoteInsideUnquotedField() -> Bool {
        csv_error(state) == CSV_EPARSE && state.pointee.pstate == 2 && state.pointee.quoted == 0
    }

    /// True when libcsv stopped after a quote inside a quoted field that is followed by neither
    /// the delimiter nor a line end (`"МБОУ "СОШ №5""`): careless exporters do not double inner
    /// quotes, and Excel reads such a quote as a character.
    /// A quoted field that already spans a line break is not repaired: its opening quote more
    /// likely never closed (the quote met is the next field's), and the error names it.
    private func isStrayQuoteInsideQuotedField() -> Bool {
        csv_error(state) == CSV_EPARSE && state.pointee.pstate == 3 && state.pointee.quoted != 0
            && lineInsideOpenField(upTo: state.pointee.entry_pos) == line
    }

    /// Feeds one byte with strict mode off, so libcsv keeps it (and a quote before it) as
    /// characters, then turns strict mode back on: the rest stays strictly checked.
    private func acceptLiteralQuote(at byte: UnsafeRawPointer, counted: Bool = true) throws {
        let strict = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL)
        state.pointee.status = 0
        csv_set_opts(state, UInt8(CSV_REPALL_NL))
        let consumed = csv_parse(state, byte, 1, nil, nil, nil)
        csv_set_opts(state, strict)
        guard consumed == 1 else { throw parseFailure(at: UnsafeRawBufferPointer(start: byte, count: 1)) }
        if counted { quotesInsideUnquotedFields += 1 }
    }

    /// Counts a repaired quote and keeps the line it stands on.
    private func noteQuoteRepair() {
        let repairLine = lineInsideOpenField(upTo: state.pointee.entry_pos)
        if quoteRepairLines.count < Self.quoteRepairLinesKept {
            quoteRepairLines.append(repairLine)
        } else {
            quoteRepairsUnlisted += 1
        }
    }

    /// Keeps the quote before `byte` (the byte libcsv stopped at) as a character. When a quote
    /// that can close the field (one followed by the delimiter or a line end) comes later on
    /// the line (`"МБОУ "СОШ №5"";12`), the field stays quoted up to it and is read on byte by
    /// byte (``stepRepairedField(_:before:context:)``); otherwise the quote ended the quoted
    /// part and the rest of the value is plain text (`"СОШ 1"x;4` → `СОШ 1"x`), as Excel reads it.
    private func repairStrayQuote(at byte: UnsafeRawPointer, before end: UnsafeRawPointer) throws {
        noteQuoteRepair()
        try acceptLiteralQuote(at: byte, counted: false)
        if closingQuoteFollows(byte + 1, before: end) {
            repairingField = true
        } else {
            state.pointee.quoted = 0
            repairingField = false
        }
    }

    /// True when a quote followed by the delimiter or a line end (or the end of what is at
    /// hand) stands between `start` and the end of its line.
    private func closingQuoteFollows(_ start: UnsafeRawPointer, before end: UnsafeRawPointer) -> Bool {
        var byte = start
        while byte < end {
            let value = byte.load(as: UInt8.self)
            if value == 0x0A || value == 0x0D { return false }
            if value == quote {
                let next = byte + 1 < end ? (byte + 1).load(as: UInt8.self) : 0x0A
                if next == delimiter || next == 0x0A || next == 0x0D { return true }
            }
            byte += 1
        }
        return true
    }

    /// One byte of a quoted field already repaired, fed alone: its writer does not double
    /// quotes, so a quote is a character unless the delimiter or a line end follows it. libcsv
    /// would read `""` as one quote; feeding the second quote twice keeps the first as a
    /// character and lets the second close the field. The field's end ends the repair.
    private func stepRepairedField(
        _ byte: UnsafeRawPointer, before end: UnsafeRawPointer, context: UnsafeMutableRawPointer
    ) throws {
        let mightHaveEnded = state.pointee.pstate == 3
        var consumed = csv_parse(state, byte, 1, Self.fieldCallback, Self.recordEndCallback, context)
        try throwFailure()
        if consumed == 0 {
            guard isStrayQuoteInsideQuotedField() else {
                throw parseFailure(at: UnsafeRawBufferPointer(start: byte, count: 1))
            }
            try repairStrayQuote(at: byte, before: end)
            return
        } else if mightHaveEnded && byte.load(as: UInt8.self) == quote {
            consumed = csv_parse(state, byte, 1, Self.fieldCallback, Self.recordEndCallback, context)
            try throwFailure()
            guard consumed == 1 else { throw parseFailure(at: UnsafeRawBufferPointer(start: byte, count: 1)) }
        }
        let inField = state.pointee.pstate == 2 || state.pointee.pstate == 3
        repairingField = inField && state.pointee.quoted != 0
    }

    /// Makes the arena scan every field again, as it must for bytes not checked in bulk.
    private func scanEveryField() {
        shnor_field_arena_set_checked(arena, 0, 0)
    }

    /// Ends the input: hands over a last record without a final line break, or fails on an open quote.
    func finish() throws {
        if escapePending, let escape {
            escapePending = false
            try withUnsafeBytes(of: escape) { try parseUnescaped($0) }
        }
        let status = csv_fini(state, Self.fieldCallback, Self.recordEndCallback, UnsafeMutableRawPointer(arena))
        try throwFailure()
        if status != 0 {
            throw IngestError(
                .unterminatedQuote, file: file, line: line, column: fieldCount + 1,
                detail: "кавычка, открывающая здесь значение, не закрыта до конца файла")
        }
    }

    /// True between records: nothing of a record begun, no quoted field open. A part of a file
    /// must end so, or the split fell inside a record.
    var isAtRecordStart: Bool {
        fieldCount == 0 && state.pointee.pstate == 0 && state.pointee.entry_pos == 0 && !lastBreakWasCR
    }

    /// Physical line of the last byte handed to libcsv (inside a field it is still collecting).
    var currentLine: Int { lineInsideOpenField(upTo: Int.max) }
    /// Column (1-based) of the field libcsv is collecting.
    var currentColumn: Int { fieldCount + 1 }

    /// Physical line of a position `offset` bytes into the field libcsv is still collecting.
    private func lineInsideOpenField(upTo offset: Int) -> Int {
        guard let buffer = state.pointee.entry_buf else { return line }
        return line + shnor_count_line_breaks(buffer, min(offset, state.pointee.entry_pos))
    }

    /// The error for the byte libcsv stopped at, the first of `rest`.
    private func parseFailure(at rest: UnsafeRawBufferPointer) -> IngestError {
        var shown = "символ"
        if let base = rest.baseAddress, !rest.isEmpty {
            let length = utf8SequenceLength(base, at: 0, count: min(rest.count, 4))
            let offending = rest[0]
            if length > 0, let character = String(validating: rest[0..<length], as: UTF8.self), offending >= 0x20 {
                shown = "«\(character)»"
            } else {
                shown = "байт \(hex(offending))"
            }
        }
        return parseFailure(shown: shown)
    }

    private func parseFailure(shown: String) -> IngestError {
        let status = csv_error(state)
        guard status == CSV_EPARSE else {
            return IngestError(
                .outOfMemory, file: file, line: line, column: fieldCount + 1,
                detail: "не хватило памяти для поля (libcsv: \(String(cString: csv_strerror(status))))")
        }
        let column = fieldCount + 1
        if state.pointee.quoted == 0 {
            return IngestError(
                .strayQuote, file: file, line: line, column: column,
                detail:
                    "кавычка внутри значения, не заключённого в кавычки; такое значение нужно целиком взять в кавычки, а кавычки внутри удвоить"
            )
        }
        let errorLine = lineInsideOpenField(upTo: state.pointee.entry_pos)
        if errorLine == line {
            return IngestError(
                .strayQuote, file: file, line: line, column: column,
                detail:
                    "значение начинается с кавычки, но следующая кавычка в строке его не закрывает: за ней стоит \(shown). Кавычки внутри значения нужно удваивать"
            )
        }
        return IngestError(
            .unterminatedQuote, file: file, line: line, column: column,
            detail:
                "кавычка, открывающая здесь значение, не закрыта: значение захватило строки \(line)–\(errorLine), до следующей кавычки в строке \(errorLine)"
        )
    }

    /// Throws what stopped the callbacks of the last call into libcsv: an error of ``onRecord``
    /// or ``onBlankLine``, or a fault the arena found in a field.
    private func throwFailure() throws {
        if let failure { throw failure }
        let fault = arena.pointee.fault
        guard fault != 0 else { return }
        let column = arena.pointee.fault_column
        let faultLine = recordLine + arena.pointee.fault_line_breaks
        switch fault {
        case Int32(SHNOR_FIELD_FAULT_TOO_MANY_FIELDS.rawValue):
            throw IngestError(
                .tooManyCells, file: file, line: recordLine, column: column,
                detail: "в записи больше \(limits.maxFieldsPerRecord) ячеек — это больше допустимого")
        case Int32(SHNOR_FIELD_FAULT_NUL.rawValue):
            throw IngestError(
                .nulByte, file: file, line: faultLine, column: column,
                detail:
                    "нулевой байт: файл повреждён или это не текстовая выгрузка (укажите кодировку, если это UTF-16: --encoding)"
            )
        case Int32(SHNOR_FIELD_FAULT_BYTE_ORDER_MARK.rawValue):
            throw IngestError(
                .byteOrderMarkInside, file: file, line: faultLine, column: 1,
                detail:
                    "метка порядка байтов (BOM) в начале строки: похоже, в один файл склеены несколько выгрузок — разделите их"
            )
        case Int32(SHNOR_FIELD_FAULT_INVALID_UTF8.rawValue):
            throw IngestError(
                .invalidUTF8, file: file, line: faultLine, column: column,
                detail:
                    "байт \(hex(arena.pointee.fault_byte)) не образует символа UTF-8: файл повреждён или сохранён в другой кодировке (укажите её: --encoding)"
            )
        default:
            throw IngestError(
                .outOfMemory, file: file, line: faultLine, column: column,
                detail: "не хватило памяти для записи из \(column) полей")
        }
    }

    private func acceptRecordEnd(_ terminator: Int32) {
        guard failure == nil, arena.pointee.fault == 0 else { return }
        let fields = arena.pointee.fields
        if fields == 0 {
            // With CSV_REPALL_NL the LF of a CRLF arrives as an empty record of its own.
            if terminator == 0x0A && lastBreakWasCR {
                lineEndings.cr -= 1
                lineEndings.crlf += 1
                lastBreakWasCR = false
                return
            }
            let blank = line
            countBreak(terminator)
            do { try onBlankLine(blank) } catch { stop(error) }
            return
        }
        guard let bytes = arena.pointee.bytes else { return }
        let record = RawRecord(
            line: recordLine, base: UnsafeRawPointer(bytes),
            ends: UnsafeBufferPointer(start: arena.pointee.ends, count: fields))
        do { try onRecord(record) } catch { stop(error) }
        recordLine += arena.pointee.line_breaks
        shnor_field_arena_clear(arena)
        countBreak(terminator)
    }

    /// Keeps `error` to throw once libcsv returns, and makes the arena ignore the fields until then.
    private func stop(_ error: any Error) {
        failure = error
        shnor_field_arena_stop(arena)
    }

    @inline(__always)
    private func countBreak(_ terminator: Int32) {
        switch terminator {
        case 0x0D: lineEndings.cr += 1; lastBreakWasCR = true; recordLine += 1
        case 0x0A: lineEndings.lf += 1; lastBreakWasCR = false; recordLine += 1
        default: lastBreakWasCR = false  // end of input, no line break
        }
        // A byte order mark opening a record below the file's first line is an error.
        if recordLine > 1 { arena.pointee.mark_is_fault = 1 }
    }
}
