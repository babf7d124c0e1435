import CFreeXL

/// A legacy .xls workbook (BIFF5/BIFF8) read through FreeXL (Debian `libfreexl-dev`).
///
/// FreeXL reads the whole book into memory when it opens it; an .xls sheet holds at most
/// 65 536 rows, so that stays small. Cells come as FreeXL types them: integers, numbers (shown
/// by ``CellFormat/general(_:)``: FreeXL does not tell the number format, so a percent is the
/// fraction), text, and dates and times, which FreeXL already writes in ISO form.
final class XLSBook {
    let path: String
    let sheetNames: [String]
    private let handle: UnsafeRawPointer

    init(path: String) throws {
        self.path = path
        var opened: UnsafeRawPointer?
        let status = freexl_open(path, &opened)
        guard status == FREEXL_OK, let opened else {
            if let opened { freexl_close(opened) }
            throw IngestError(.badWorkbook, file: path, detail: Self.describe(status))
        }
        handle = opened
        var password: UInt32 = 0
        if freexl_get_info(opened, UInt16(FREEXL_BIFF_PASSWORD), &password) == FREEXL_OK,
            password == UInt32(FREEXL_BIFF_OBFUSCATED)
        {
            freexl_close(opened)
            throw IngestError(
                .badWorkbook, file: path,
                detail: "книга Excel защищена паролем: снимите защиту (Файл → Сведения) и сохраните заново")
        }
        var count: UInt32 = 0
        _ = freexl_get_info(opened, UInt16(FREEXL_BIFF_SHEET_COUNT), &count)
        var names: [String] = []
        for index in 0..<min(count, UInt32(UInt16.max)) {
            var name: UnsafePointer<CChar>?
            guard freexl_get_worksheet_name(opened, UInt16(index), &name) == FREEXL_OK, let name else {
                names.append("Лист\(index + 1)")
                continue
            }
            names.append(String(cString: name))
        }
        sheetNames = names
        guard !names.isEmpty else {
            freexl_close(opened)
            throw IngestError(.badWorkbook, file: path, detail: "в книге Excel нет ни одного листа")
        }
    }

    deinit { freexl_close(handle) }

    /// Streams sheet `index` (0-based) row by row; a row with no cell at all is a gap.
    func streamSheet(
        _ index: Int, width: Int, limits: IngestLimits, onRecord: (RawRecord) throws -> Void,
        onGap: (Range<Int>) -> Void
    ) throws {
        let sheet = sheetNames[index]
        guard freexl_select_active_worksheet(handle, UInt16(index)) == FREEXL_OK else {
            throw IngestError(.badWorkbook, file: path, sheet: sheet, detail: "лист не читается — книга повреждена")
        }
        var rows: UInt32 = 0
        var columns: UInt16 = 0
        guard freexl_worksheet_dimensions(handle, &rows, &columns) == FREEXL_OK else {
            throw IngestError(.badWorkbook, file: path, sheet: sheet, detail: "лист не читается — книга повреждена")
        }
        let readColumns = min(Int(columns), limits.maxCellsPerRow)
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for row in 0..<rows {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var filled = 0
            for column in 0..<readColumns {
                var value = FreeXL_CellValue()
                let status = freexl_get_cell_value(handle, row, UInt16(column), &value)
                guard status == FREEXL_OK else {
                    throw IngestError(
                        .badWorkbook, file: path, line: Int(row) + 1, sheet: sheet,
                        cell: CellReference.name(column: column, row: Int(row) + 1),
                        detail: "ячейка не читается — книга повреждена (\(Self.describe(status)))")
                }
                let text = Self.text(of: value)
                if text.count > limits.maxFieldBytes {
                    throw IngestError(
                        .fieldTooLong, file: path, line: Int(row) + 1, sheet: sheet,
                        cell: CellReference.name(column: column, row: Int(row) + 1),
                        detail: "значение ячейки длиннее \(limits.maxFieldBytes) байт — это больше допустимого")
                }
                bytes += text
                ends.append(bytes.count)
                if value.type != UInt8(FREEXL_CELL_NULL) { filled = ends.count }
            }
            guard filled > 0 else {
                onGap((Int(row) + 1)..<(Int(row) + 2))
                continue
            }
            ends.removeLast(ends.count - max(filled, min(width, ends.count)))
            while ends.count < width { ends.append(bytes.count) }
            if bytes.isEmpty { bytes.append(0) }
            try bytes.withUnsafeBytes { raw in
                try ends.withUnsafeBufferPointer { ends in
                    guard let base = raw.baseAddress else { return }
                    try onRecord(RawRecord(line: Int(row) + 1, base: base, ends: ends))
                }
            }
        }
    }

    private static func text(of value: FreeXL_CellValue) -> [UInt8] {
        switch Int32(value.type) {
        case FREEXL_CELL_INT:
            return Array(String(value.value.int_value).utf8)
        case FREEXL_CELL_DOUBLE:
            return Array(CellFormat.general(value.value.double_value).utf8)
        case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_DATE, FREEXL_CELL_DATETIME, FREEXL_CELL_TIME:
            guard let text = value.value.text_value else { return [] }
            return Array(String(cString: text).utf8)
        default:
            return []
        }
    }

    private static func describe(_ status: Int32) -> String {
        switch status {
        case FREEXL_INSUFFICIENT_MEMORY: "не хватило памяти, чтобы открыть книгу Excel"
        case FREEXL_CRAFTED_FILE: "книга Excel повреждена так, как портят файлы нарочно; она не читается"
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
            "в файле нет книги Excel старого формата: это другой документ Office или книга .xlsx, защищённая паролем (такие хранятся в том же контейнере) — снимите пароль и сохраните книгу заново"
        case FREEXL_UNSUPPORTED_CHARSET, FREEXL_INVALID_CHARACTER:
            "в книге Excel текст в неизвестной кодировке; сохраните её заново в Excel или LibreOffice"
        default:
            "книга Excel старого формата (XLS) повреждена и не читается (FreeXL, код \(status)); откройте её в Excel или LibreOffice и сохраните заново"
        }
    }
}
