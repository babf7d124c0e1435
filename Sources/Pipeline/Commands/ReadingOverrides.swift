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

    public init(
        encoding: String? = nil, delimiter: String? = nil, strictQuotes: Bool = false, headerRow: Int? = nil,
        headerRows: Int? = nil, noHeader: Bool = false, escape: String? = nil
    ) {
        self.escape = escape
        self.encoding = encoding
        self.delimiter = delimiter
        self.strictQuotes = strictQuotes
        header = DeclaredHeader(line: headerRow, rows: headerRows, absent: noHeader)
    }

    /// The encoding names `--encoding` accepts, for the help text.
    public static var acceptedEncodings: String { TextEncoding.acceptedNames }

    /// The reader's options; an unknown encoding or a delimiter that is not one character is a
    /// usage error (exit status 2).
    func readerOptions() throws -> TableReader.Options {
        var options = TableReader.Options(header: header, strictQuotes: strictQuotes)
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

    /// The byte of a delimiter named on the command line (`;`, `tab`, …).
    static func delimiter(_ name: String) throws -> UInt8 {
        guard let byte = Dialect.delimiter(named: name) else {
            throw CommandError.usage("разделитель «\(name)» не подходит: нужен один символ, например ; , | или tab")
        }
        return byte
    }
}
