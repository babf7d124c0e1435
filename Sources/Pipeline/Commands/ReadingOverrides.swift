import Ingest

/// What the analyst says about an export when detection errs (`--encoding`, `--delimiter`).
public struct ReadingOverrides: Sendable {
    public var encoding: String?
    public var delimiter: String?
    /// `--strict-quotes`: refuse a stray quote inside a quoted value instead of keeping it as text.
    public var strictQuotes: Bool
    /// `--header-row`, `--header-rows`, `--no-header`: what the instrument's keys say in a pipeline.
    public var header: DeclaredHeader

    /// `--escape`: the escape character inside quoted values (`backslash`).
    public var escape: String?
    /// `--sheet`: the sheet of a workbook (.xlsx, .xls), by name or number from 1.
    public var sheet: String?

    public init(
        encoding: String? = nil, delimiter: String? = nil, strictQuotes: Bool = false, headerRow: Int? = nil,
        headerRows: Int? = nil, noHeader: Bool = false, escape: String? = nil, sheet: String? = nil
    ) {
        self.sheet = sheet
        self.escape = escape
        self.encoding = encoding
        self.delimiter = delimiter
        self.strictQuotes = strictQuotes
        header = DeclaredHeader(line: headerRow, rows: headerRows, absent: noHeader)
    }

    /// The encoding names `--encoding` accepts, for the help text.
    public static var acceptedEncodings: String { TextEncoding.acceptedNames }

    /// The reader's options for `file`; an unknown encoding, a delimiter that is not one
    /// character, an option of text exports given for a workbook, or `--sheet` for a text export,
    /// is a usage error (exit status 2).
    func readerOptions(for file: String) throws -> TableReader.Options {
        if let conflict = try conflict(for: file) { throw CommandError.usage(conflict) }
        var options = TableReader.Options(header: header, strictQuotes: strictQuotes, sheet: sheet)
        if let encoding {
            guard let known = TextEncoding(name: encoding) else {
                throw CommandError.usage(
                    "неизвестная кодировка «\(encoding)». Допустимо: \(TextEncoding.acceptedNames)")
            }
            options.encoding = known
        }
        if let delimiter {
            options.delimiter = try Self.delimiter(delimiter)
        }
        if let escape {
            guard let byte = Dialect.escape(named: escape) else {
                throw CommandError.usage("экранирование «\(escape)» не подходит: допустимо backslash (\\)")
            }
            options.escape = byte
        }
        return options
    }

    /// Why these options do not fit `file`: an option of text exports for a workbook, `--sheet`
    /// for a text export; nil when they fit.
    public func conflict(for file: String) throws -> String? {
        let textOptions = [
            ("--encoding", encoding != nil), ("--delimiter", delimiter != nil), ("--escape", escape != nil),
            ("--strict-quotes", strictQuotes),
        ].filter(\.1).map(\.0)
        return try WorkbookOptions.conflict(
            file: file, sheetGiven: sheet != nil, sheetName: "--sheet", textOptions: textOptions)
    }

    /// The byte of a delimiter named on the command line (`;`, `tab`, …).
    static func delimiter(_ name: String) throws -> UInt8 {
        guard let byte = Dialect.delimiter(named: name) else {
            throw CommandError.usage("разделитель «\(name)» не подходит: нужен один символ, например ; , | или tab")
        }
        return byte
    }
}

/// What a workbook's reading refuses: options of text exports for a workbook, a sheet for a
/// text export. The one check the commands (`--sheet`) and pipelines (`sheet:`) share.
enum WorkbookOptions {
    /// The message when the options do not fit the file at `file`; nil when they do.
    static func conflict(file: String, sheetGiven: Bool, sheetName: String, textOptions: [String]) throws -> String? {
        let format: WorkbookFormat?
        do {
            format = try TableReader.workbookFormat(of: file)
        } catch {
            // A file that cannot be read: opening it says why, not a word about options.
            return nil
        }
        if let format, !textOptions.isEmpty {
            let list = textOptions.joined(separator: ", ")
            return
                "\(file) — \(format.title): у книги нет кодировки, разделителя и кавычек, \(list) к ней не применим\(textOptions.count > 1 ? "ы" : "") (лист выбирают \(sheetName))"
        }
        if format == nil, sheetGiven {
            return "\(sheetName) — только для книг Excel (.xlsx, .xls), а \(file) — текстовая выгрузка (CSV)"
        }
        return nil
    }
}
