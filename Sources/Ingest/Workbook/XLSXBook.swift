import Foundation
import ZIPFoundation

/// An .xlsx workbook opened for reading: its sheets, date system, cell formats and shared
/// strings, read once; a sheet's cells are streamed by ``streamSheet(_:width:limits:onRecord:onGap:)``.
///
/// Everything is read through ZIPFoundation's inflater in pieces and libxml2's push parser, so a
/// sheet of any length reads in flat memory. Held in memory are only the shared strings (their
/// bytes counted against ``IngestLimits/maxSharedStringBytes``) and the styles' formats.
final class XLSXBook: Sendable {
    struct Sheet: Sendable {
        let name: String
        /// The sheet's part in the archive (`xl/worksheets/sheet1.xml`).
        let part: String
    }

    let path: String
    let sheets: [Sheet]
    /// The book counts days from 1904-01-01 (old Mac books) instead of 1900-01-00.
    let date1904: Bool
    /// Cell formats by style index (`s=`).
    let formats: [CellFormat]
    let strings: SharedStrings

    init(path: String, limits: IngestLimits) throws {
        self.path = path
        let archive = try Self.open(path)
        if archive["xl/workbook.bin"] != nil {
            throw IngestError(
                .badWorkbook, file: path,
                detail: "это двоичная книга Excel (XLSB): она не читается — сохраните её как книгу Excel (.xlsx)")
        }
        let book = WorkbookPartHandler()
        try Self.parse(archive, part: "xl/workbook.xml", file: path, limits: limits, sheet: nil, into: book)
        let relations = RelationsHandler()
        try Self.parse(
            archive, part: "xl/_rels/workbook.xml.rels", file: path, limits: limits, sheet: nil, into: relations)
        func target(_ id: String) -> String? {
            relations.targets[id].map { $0.hasPrefix("/") ? String($0.dropFirst()) : "xl/" + $0 }
        }
        sheets = book.sheets.compactMap { entry in target(entry.relation).map { Sheet(name: entry.name, part: $0) } }
        date1904 = book.date1904
        let styles = StylesHandler()
        let stylesPart = relations.typed("/styles").flatMap(target) ?? "xl/styles.xml"
        if archive[stylesPart] != nil {
            try Self.parse(archive, part: stylesPart, file: path, limits: limits, sheet: nil, into: styles)
        }
        formats = styles.formats
        let shared = SharedStringsHandler(file: path, limits: limits)
        let stringsPart = relations.typed("/sharedStrings").flatMap(target) ?? "xl/sharedStrings.xml"
        if archive[stringsPart] != nil {
            try Self.parse(archive, part: stringsPart, file: path, limits: limits, sheet: nil, into: shared)
        }
        strings = shared.strings
        guard !sheets.isEmpty else {
            throw IngestError(.badWorkbook, file: path, detail: "в книге Excel нет ни одного листа")
        }
    }

    /// Streams the rows of `sheet`: each row a record padded with empty cells to `width`, its
    /// line the sheet's row number; `onGap` gets the numbers of rows the sheet leaves out.
    func streamSheet(
        _ sheet: Sheet, width: Int, limits: IngestLimits, onRecord: (RawRecord) throws -> Void,
        onGap: (Range<Int>) -> Void
    ) throws {
        let archive = try Self.open(path)
        try withoutActuallyEscaping(onRecord) { onRecord in
            try withoutActuallyEscaping(onGap) { onGap in
                let handler = SheetHandler(
                    book: self, sheet: sheet.name, width: width, limits: limits, onRecord: onRecord, onGap: onGap)
                try Self.parse(archive, part: sheet.part, file: path, limits: limits, sheet: sheet.name, into: handler)
            }
        }
    }

    /// Bytes a part may inflate to before its ratio is judged: small parts compress freely.
    static let ratioGrace = 1 << 20

    private static func open(_ path: String) throws -> Archive {
        do {
            return try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw IngestError(
                .badWorkbook, file: path,
                detail:
                    "книга Excel повреждена: это не читаемый ZIP-архив (\(error)). Откройте её в Excel или LibreOffice и сохраните заново"
            )
        }
    }

    /// Inflates `part` in pieces into a push parser over `handler`. A part larger than the ingest
    /// limit, or inflating more than ``IngestLimits/maxInflationRatio`` times its compressed size
    /// (past the first MiB), is refused as a ZIP bomb before or while it is read.
    private static func parse(
        _ archive: Archive, part: String, file: String, limits: IngestLimits, sheet: String?, into handler: XMLHandler
    ) throws {
        // The location already names the sheet; a part outside the sheets is named by its path.
        let place = sheet == nil ? "часть книги \(part)" : "XML листа"
        guard let entry = archive[part] else {
            throw IngestError(
                .badWorkbook, file: file, sheet: sheet,
                detail: "в книге Excel нет части \(part): файл повреждён или это не книга Excel")
        }
        let compressed = max(1, Int(clamping: entry.compressedSize))
        let declared = Int(clamping: entry.uncompressedSize)
        func bomb(_ size: Int) -> IngestError? {
            if size > limits.maxFileBytes {
                return IngestError(
                    .badWorkbook, file: file, sheet: sheet,
                    detail:
                        "\(place): больше \(limits.maxFileBytes >> 30) ГиБ после распаковки — это больше допустимого (ZIP-бомба?)"
                )
            }
            if size > Self.ratioGrace && size / compressed > limits.maxInflationRatio {
                return IngestError(
                    .badWorkbook, file: file, sheet: sheet,
                    detail:
                        "\(place): сжатие в \(size / compressed) раз (\(compressed) байт → \(size) байт) — больше чем в \(limits.maxInflationRatio) раз сжимается только ZIP-бомба; книга не прочитана"
                )
            }
            return nil
        }
        if let refusal = bomb(declared) { throw refusal }
        let parser = XMLPushParser(handler: handler)
        var inflated = 0
        do {
            _ = try archive.extract(entry, bufferSize: 256 * 1024, skipCRC32: false) { data in
                inflated += data.count
                if inflated > declared {
                    throw IngestError(
                        .badWorkbook, file: file, sheet: sheet,
                        detail:
                            "\(place): после распаковки больше заявленных \(declared) байт — архив повреждён или подделан"
                    )
                }
                if let refusal = bomb(inflated) { throw refusal }
                try data.withUnsafeBytes { try parser.feed($0) }
            }
            try parser.finish()
        } catch let error as IngestError {
            throw error
        } catch XMLPushParser.Failure.handler(let error) {
            throw error
        } catch XMLPushParser.Failure.documentType {
            throw IngestError(
                .badWorkbook, file: file, sheet: sheet,
                detail:
                    "\(place): объявление типа документа (<!DOCTYPE>, сущности) — в книгах Excel его не бывает; такие файлы не читаются (XXE, «billion laughs»)"
            )
        } catch XMLPushParser.Failure.malformed(let message, let line) {
            throw IngestError(
                .badWorkbook, file: file, sheet: sheet,
                detail: "\(place): разметка повреждена (строка XML \(line): \(message))")
        } catch {
            throw IngestError(
                .badWorkbook, file: file, sheet: sheet,
                detail: "\(place) не распаковывается: архив повреждён (\(error))")
        }
    }
}

/// The shared strings of a book: their UTF-8 bytes end to end and where each ends.
struct SharedStrings: Sendable {
    var bytes: [UInt8] = []
    var ends: [Int] = []

    var count: Int { ends.count }

    func bytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]]
    }
}

/// `xl/workbook.xml`: the sheets in order with their relation ids, and the date system.
private final class WorkbookPartHandler: XMLHandler {
    var sheets: [(name: String, relation: String)] = []
    var date1904 = false

    override func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
        if name.is("sheet"), let sheet = attributes.string("name"), let relation = attributes.string("id") {
            sheets.append((sheet, relation))
        } else if name.is("workbookPr"), let value = attributes.string("date1904") {
            date1904 = value == "1" || value == "true"
        }
    }
}

/// `xl/_rels/workbook.xml.rels`: where each relation id points.
private final class RelationsHandler: XMLHandler {
    var targets: [String: String] = [:]
    var types: [(type: String, id: String)] = []

    override func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
        guard name.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target")
        else { return }
        targets[id] = target
        if let type = attributes.string("Type") { types.append((type, id)) }
    }

    /// The relation id of the part whose type ends with `suffix`.
    func typed(_ suffix: String) -> String? { types.first { $0.type.hasSuffix(suffix) }?.id }
}

/// `xl/styles.xml`: the number format of every cell style (`cellXfs`), by index.
private final class StylesHandler: XMLHandler {
    private var codes: [Int: String] = [:]
    private var formatIds: [Int] = []
    private var inCellFormats = false

    var formats: [CellFormat] {
        formatIds.map { id in CellFormat.builtIn(id) ?? codes[id].map(CellFormat.init(code:)) ?? .general }
    }

    override func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
        if name.is("numFmt"), let id = attributes.string("numFmtId").flatMap(Int.init),
            let code = attributes.string("formatCode")
        {
            codes[id] = code
        } else if name.is("cellXfs") {
            inCellFormats = true
        } else if inCellFormats && name.is("xf") {
            formatIds.append(attributes.string("numFmtId").flatMap(Int.init) ?? 0)
        }
    }

    override func end(_ name: XMLName) throws {
        if name.is("cellXfs") { inCellFormats = false }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text (rich runs joined, phonetic runs left out).
private final class SharedStringsHandler: XMLHandler {
    var strings = SharedStrings()
    private let file: String
    private let limits: IngestLimits
    private var inText = false
    private var inPhonetic = false
    private var current: [UInt8] = []

    init(file: String, limits: IngestLimits) {
        self.file = file
        self.limits = limits
    }

    override func start(_ name: XMLName, _ attributes: XMLAttributes) throws {
        if name.is("t") {
            inText = !inPhonetic
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("si") {
            current.removeAll(keepingCapacity: true)
        }
    }

    override func end(_ name: XMLName) throws {
        if name.is("t") {
            inText = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("si") {
            strings.bytes += OOXMLText.unescaped(current)
            strings.ends.append(strings.bytes.count)
            if strings.bytes.count + strings.ends.count * 16 > limits.maxSharedStringBytes {
                throw IngestError(
                    .badWorkbook, file: file,
                    detail:
                        "общие строки книги (sharedStrings.xml) занимают больше \(limits.maxSharedStringBytes >> 20) МиБ — это больше допустимого"
                )
            }
        }
    }

    override func text(_ bytes: UnsafeRawBufferPointer) throws {
        guard inText else { return }
        current.append(contentsOf: bytes)
        if current.count > limits.maxFieldBytes {
            throw IngestError(
                .fieldTooLong, file: file,
                detail:
                    "общая строка № \(strings.count + 1) книги длиннее \(limits.maxFieldBytes) байт — это больше допустимого"
            )
        }
    }
}

/// OOXML's escapes of characters XML cannot carry: `_x000D_` is a carriage return,
/// `_x005F_` a literal underscore.
enum OOXMLText {
    static func unescaped(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "_")) else { return bytes }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == UInt8(ascii: "_"),
                let code = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result += Array(String(Character(scalar)).utf8)
                index += 7
                continue
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }
}
