import CXLSXWriter
import Foundation

/// `results.xlsx`: each table of a note as a sheet — its title, its header, and its figures as
/// numbers (shares as percents, counts as integers), so the analyst's next step in Excel starts
/// from the note's own tables.
///
/// Written by libxlsxwriter in constant-memory mode. A cell the note hides («—¹») stays the
/// note's dash, a text cell stays text; a sheet is named after the table's title (Excel's 31
/// characters, without `[]:*?/\`, made unique).
struct NoteWorkbook {
    /// One table of the note: the line before it as its title, then its rows as printed.
    struct Sheet {
        var title: String
        /// What the sheet's tab says: the table's own line, else its heading.
        var name: String
        var header: [String]
        var rows: [[String]]
    }

    let sheets: [Sheet]
    /// The workbook's creation time: the first day of the note's period, so the same data give
    /// the same bytes (libxlsxwriter stamps the current time otherwise, in the properties and in
    /// every ZIP entry).
    var created: time_t = 946_684_800  // 2000-01-01, when no period is known

    /// The first day of `period` (`2023-11`), as the workbook's creation time.
    static func created(period: String?) -> time_t? {
        guard let parts = period?.split(separator: "-"), parts.count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]), (1...12).contains(month), (1970...9999).contains(year)
        else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = 1
        components.timeZone = TimeZone(identifier: "UTC")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components).map { time_t($0.timeIntervalSince1970) }
    }

    /// The tables of a note's blocks, each titled by the heading above it and the line that
    /// introduces it («По школам:»), and named by that line when there is one.
    init(blocks: [NoteBlock]) {
        var sheets: [Sheet] = []
        var heading = ""
        var intro: String?
        func plain(_ inlines: [NoteBlock.Inline]) -> String {
            inlines.map(\.text).joined().replacingOccurrences(of: "\n", with: " ")
                .trimmingCharacters(in: .whitespaces)
        }
        for block in blocks {
            switch block {
            case .heading(_, let text):
                heading = plain(text)
                intro = nil
            case .paragraph(let text):
                let line = plain(text)
                intro = line.hasSuffix(":") ? String(line.dropLast()) : nil
            case .table(let header, _, let rows):
                let title = [heading, intro].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
                sheets.append(
                    Sheet(
                        title: title, name: intro ?? heading, header: header.map(plain),
                        rows: rows.map { $0.map(plain) }))
                intro = nil
            default: intro = nil
            }
        }
        self.sheets = sheets
    }

    /// A printed cell as a spreadsheet value: «79,2 %» → 0.792 as a percent, «1 234» → 1234,
    /// «57» → 57; anything else (a dash, «12 (17 %)», «+3,2 п. п.») stays text.
    enum Value: Equatable {
        case number(Double)
        case percent(Double)
        case text(String)

        init(_ printed: String) {
            let squeezed = printed.filter { !$0.isWhitespace && $0 != "\u{2009}" && $0 != "\u{00A0}" }
            let minus = squeezed.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: ",", with: ".")
            if minus.hasSuffix("%"), let value = Double(minus.dropLast()), value.isFinite {
                // 81,3 % is 0.813, not 0.8129999999999999: the printed digits, not binary noise.
                self = .percent((value / 100 * 1e10).rounded() / 1e10)
            } else if !minus.isEmpty, minus.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }),
                let value = Double(minus), value.isFinite
            {
                self = .number(value)
            } else {
                self = .text(printed)
            }
        }
    }

    /// The workbook's bytes. Throws ``NoteWorkbookError`` when libxlsxwriter fails.
    func data() throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "shnor-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("results.xlsx").path
        try write(to: path, temporaryFolder: folder.path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private func write(to path: String, temporaryFolder: String) throws {
        var options = lxw_workbook_options()
        options.constant_memory = UInt8(LXW_TRUE.rawValue)
        let made: UnsafeMutablePointer<lxw_workbook>? = temporaryFolder.withCString { tmp in
            options.tmpdir = UnsafeMutablePointer(mutating: tmp)
            return workbook_new_opt(path, &options)
        }
        guard let workbook = made else { throw NoteWorkbookError(message: "не удалось создать книгу Excel") }
        var properties = lxw_doc_properties()
        properties.created = created
        workbook_set_properties(workbook, &properties)
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let percent = workbook_add_format(workbook)
        format_set_num_format(percent, "0.0%")
        let wrap = workbook_add_format(workbook)
        format_set_text_wrap(wrap)
        format_set_bold(wrap)
        var names = Set<String>()
        for sheet in sheets {
            let name = Self.sheetName(sheet.name, taken: &names)
            guard let worksheet = workbook_add_worksheet(workbook, name) else {
                workbook_close(workbook)
                throw NoteWorkbookError(message: "не удалось добавить лист «\(name)»")
            }
            worksheet_write_string(worksheet, 0, 0, sheet.title, bold)
            for (column, text) in sheet.header.enumerated() {
                worksheet_write_string(worksheet, 2, lxw_col_t(column), text, wrap)
            }
            for (index, row) in sheet.rows.enumerated() {
                let line = lxw_row_t(3 + index)
                for (column, printed) in row.enumerated() {
                    let column = lxw_col_t(column)
                    switch Value(printed) {
                    case .number(let value): worksheet_write_number(worksheet, line, column, value, nil)
                    case .percent(let value): worksheet_write_number(worksheet, line, column, value, percent)
                    case .text(let text): worksheet_write_string(worksheet, line, column, text, nil)
                    }
                }
            }
            worksheet_set_column(worksheet, 0, 0, 40, nil)
            if sheet.header.count > 1 {
                worksheet_set_column(worksheet, 1, lxw_col_t(sheet.header.count - 1), 14, nil)
            }
        }
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            throw NoteWorkbookError(message: "книга Excel не записана: \(String(cString: lxw_strerror(status)))")
        }
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
    static func sheetName(_ title: String, taken: inout Set<String>) -> String {
        let forbidden = Set("[]:*?/\\")
        var base = String(title.filter { !forbidden.contains($0) }.trimmingCharacters(in: .whitespaces).prefix(28))
        if base.isEmpty { base = "Таблица" }
        var name = base
        var suffix = 2
        while taken.contains(name.lowercased()) {
            name = String(base.prefix(26)) + " \(suffix)"
            suffix += 1
        }
        taken.insert(name.lowercased())
        return name
    }
}

/// libxlsxwriter could not write the workbook.
public struct NoteWorkbookError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
