/// The column names of a table, normalised and made unique.
///
/// Exports carry header cells with non-breaking spaces, line breaks (a long Google Forms
/// question wraps), blanks and repeats. Each change made to a name is kept as a ``Note``
/// so the analyst is told about it.
public struct Header: Sendable, Equatable {
    /// A change made to the header, for the report.
    public enum Note: Sendable, Equatable {
        /// Spaces or line breaks inside the name were normalised.
        case normalised(column: Int, from: String, to: String)
        /// A blank name got a generated one.
        case blankNamed(column: Int, as: String)
        /// A repeated name got a suffix.
        case duplicateRenamed(column: Int, from: String, to: String)
        /// Blank names at the end of the header row (Excel's trailing `;;;`) were dropped.
        case trailingBlankColumnsDropped(count: Int)
        /// A blank name no value stands under (a stray delimiter in the header row) was dropped.
        case unbackedBlankColumnDropped(column: Int)

        /// The note in Russian.
        public var message: String {
            switch self {
            case let .normalised(column, from, to):
                "столбец \(column): название нормализовано (\(Header.whitespaceFound(in: from))) — «\(to)»"
            case let .blankNamed(column, name):
                "столбец \(column): пустое название заменено на «\(name)»"
            case let .duplicateRenamed(column, from, to):
                "столбец \(column): название «\(from)» повторяется, переименовано в «\(to)»"
            case let .unbackedBlankColumnDropped(column):
                "столбец \(column) заголовка пуст, а в строках данных на одно значение меньше — лишний разделитель в заголовке не учитывается"
            case let .trailingBlankColumnsDropped(count):
                "в конце заголовка \(RussianPlural("пустой столбец", "пустых столбца", "пустых столбцов")(count)) — не учитываются"
            }
        }
    }

    /// Names as they will be used: normalised, non-blank, unique.
    public var names: [String] { storage.names }
    /// Names as they were in the file.
    public var original: [String] { storage.original }
    public var notes: [Note] { storage.notes }

    public var count: Int { storage.names.count }

    /// The three lists behind one reference: every row carries its header, and a copy then
    /// costs one reference count instead of three.
    private final class Storage: Sendable {
        let names: [String]
        let original: [String]
        let notes: [Note]

        init(names: [String], original: [String], notes: [Note]) {
            self.names = names
            self.original = original
            self.notes = notes
        }
    }

    private let storage: Storage

    public static func == (left: Header, right: Header) -> Bool {
        left.storage === right.storage
            || (left.names == right.names && left.original == right.original && left.notes == right.notes)
    }

    /// - Parameter keepingColumns: blank names up to this many columns are kept as «Столбец N»
    ///   (the data fills them); blank names beyond are dropped as Excel's trailing `;;;`.
    public init(cells: [String], keepingColumns: Int = 0, droppingBlank dropped: [Int] = []) {
        var cells = cells
        var notes: [Note] = []
        for index in dropped.reversed() where index < cells.count && Self.normalise(cells[index]).isEmpty {
            cells.remove(at: index)
        }
        notes += dropped.map { .unbackedBlankColumnDropped(column: $0 + 1) }
        var trailing = 0
        while cells.count > max(1, keepingColumns), let last = cells.last, Self.normalise(last).isEmpty {
            cells.removeLast()
            trailing += 1
        }
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, raw) in cells.enumerated() {
            let column = index + 1
            var name = Self.normalise(raw)
            if name.isEmpty {
                name = "Столбец \(column)"
                notes.append(.blankNamed(column: column, as: name))
            } else if name != raw {
                notes.append(.normalised(column: column, from: raw, to: name))
            }
            let key = Self.matchKey(name)
            if let count = seen[key] {
                var suffix = count + 1
                while seen[Self.matchKey("\(name) (\(suffix))")] != nil { suffix += 1 }
                let renamed = "\(name) (\(suffix))"
                seen[key] = suffix
                seen[Self.matchKey(renamed)] = 1
                notes.append(.duplicateRenamed(column: column, from: name, to: renamed))
                name = renamed
            } else {
                seen[key] = 1
            }
            names.append(name)
        }
        if trailing > 0 { notes.append(.trailingBlankColumnsDropped(count: trailing)) }
        storage = Storage(names: names, original: cells, notes: notes)
    }

    /// The header of a file without one: «Столбец 1» … «Столбец N».
    public static func generated(columns: Int) -> Header {
        Header(cells: (1...max(1, columns)).map { "Столбец \($0)" })
    }

    /// A two-row header: each group name (carried right over the blank cells of a merged
    /// Excel cell) joined with the column name below it, «Математика / Балл»; a column
    /// without a group keeps its own name.
    public static func joined(groups: [String], names: [String], keepingColumns: Int = 0) -> Header {
        var group = ""
        var cells: [String] = []
        for index in 0..<max(groups.count, names.count) {
            let above = index < groups.count ? normalise(groups[index]) : ""
            if !above.isEmpty { group = above }
            let name = index < names.count ? normalise(names[index]) : ""
            if group.isEmpty || name.isEmpty || name == group {
                cells.append(name.isEmpty ? (above.isEmpty ? "" : above) : name)
            } else {
                cells.append("\(group) / \(name)")
            }
        }
        return Header(cells: cells, keepingColumns: keepingColumns)
    }

    /// Collapses every run of white space (non-breaking and line breaks included) to one space and trims.
    public static func normalise(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value == 0xFEFF || scalar.value == 0x200B {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" ") }
            pendingSpace = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// Names the kinds of white space the analyst cannot see in a name: «неразрывный пробел, перевод строки».
    static func whitespaceFound(in raw: String) -> String {
        var kinds: [String] = []
        let scalars = raw.unicodeScalars
        if scalars.contains(where: { [0x00A0, 0x202F, 0x2007].contains($0.value) }) {
            kinds.append("неразрывный пробел")
        }
        if scalars.contains(where: { $0 == "\n" || $0 == "\r" }) { kinds.append("перевод строки") }
        if scalars.contains(where: { $0 == "\t" }) { kinds.append("табуляция") }
        if scalars.contains(where: { [0xFEFF, 0x200B].contains($0.value) }) { kinds.append("невидимый символ") }
        if raw.hasPrefix(" ") || raw.hasSuffix(" ") || raw.contains("  ") { kinds.append("лишние пробелы") }
        return kinds.isEmpty ? "пробелы" : kinds.joined(separator: ", ")
    }

    /// Repeats are found case-insensitively and with ё read as е, as the analyst would.
    static func matchKey(_ name: String) -> String {
        String(name.lowercased().map { $0 == "ё" ? "е" : $0 })
    }
}
