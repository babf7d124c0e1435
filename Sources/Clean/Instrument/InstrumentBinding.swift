import Ingest

/// Where each column of an instrument sits in one export's header.
///
/// Found by header text, so the columns may come in any order and their headers may differ by
/// case, spacing or ё/е. A required column that is missing, or a header that fits two
/// instrument columns, is a configuration error naming the file.
public final class InstrumentBinding: Sendable {
    /// One question slot the cleaner reads: an item, or one row of a grid.
    public struct Slot: Sendable, Equatable {
        public let id: String
        public let label: String
        public let scale: String
        public let fileColumn: Int
        /// For grid rows: the grid column's id.
        public let group: String?
    }

    public let instrument: Instrument
    /// Instrument column id → position in the file, for single columns.
    public let positions: [String: Int]
    /// Items and grid rows, in instrument order.
    public let slots: [Slot]
    /// A test's task columns (role `tasks`), in file order: the header as the task's name.
    public let tasks: [(label: String, fileColumn: Int)]
    /// Instrument columns not found in the file (optional ones only).
    public let missingOptional: [String]
    /// File columns that no instrument column describes (reported, then ignored).
    public let unused: [String]

    /// The file position of the instrument's column of `role`; nil when the instrument has
    /// none or the file lacks it.
    public func position(of role: Column.Role) -> Int? {
        instrument.column(role: role).flatMap { positions[$0.id] }
    }

    public init(instrument: Instrument, header: Header, file: String) throws {
        self.instrument = instrument
        let keys = header.names.map(MatchKey.of)
        var positions: [String: Int] = [:]
        var slots: [Slot] = []
        var missing: [String] = []
        var claimed = [String?](repeating: nil, count: keys.count)
        var tasks: [(label: String, fileColumn: Int)] = []

        func claim(_ index: Int, for id: String) throws {
            if let other = claimed[index] {
                throw InstrumentError(
                    "\(file): заголовок «\(header.names[index])» подходит и к столбцу «\(other)», и к «\(id)» инструмента — уточните заголовки в инструменте"
                )
            }
            claimed[index] = id
        }

        // Task columns take what is left, so a broad task pattern never steals a named column.
        for column in instrument.columns.filter({ $0.role != .tasks })
            + instrument.columns.filter({ $0.role == .tasks })
        {
            let matcher = try column.header.matcher()
            if column.role == .grid {
                var found: [(row: String, index: Int)] = []
                for (index, name) in header.names.enumerated() {
                    guard let (question, row) = Self.gridParts(name), matcher.matches(MatchKey.of(question)) else {
                        continue
                    }
                    found.append((row, index))
                }
                let rows = column.rows ?? found.map(\.row)
                for row in rows {
                    guard let hit = found.first(where: { MatchKey.of($0.row) == MatchKey.of(row) }) else {
                        if column.required {
                            throw InstrumentError(
                                "\(file): нет столбца «… [\(row)]» вопроса-сетки «\(column.id)» (заголовок \(column.header))"
                            )
                        }
                        missing.append("\(column.id) [\(row)]")
                        continue
                    }
                    try claim(hit.index, for: column.id)
                    slots.append(
                        Slot(
                            id: "\(column.id)[\(row)]", label: row, scale: column.scale ?? "",
                            fileColumn: hit.index, group: column.id))
                }
                if rows.isEmpty {
                    if column.required {
                        throw InstrumentError(
                            "\(file): нет столбцов вопроса-сетки «\(column.id)» (заголовок \(column.header))")
                    }
                    missing.append(column.id)
                }
                continue
            }
            if column.role == .tasks {
                for index in keys.indices where claimed[index] == nil && matcher.matches(keys[index]) {
                    try claim(index, for: column.id)
                    tasks.append((header.names[index], index))
                }
                if tasks.isEmpty {
                    if column.required {
                        throw InstrumentError(
                            "\(file): нет столбцов заданий «\(column.id)» (заголовок \(column.header))")
                    }
                    missing.append(column.id)
                }
                continue
            }
            let hits = keys.indices.filter { matcher.matches(keys[$0]) }
            guard let index = hits.first else {
                if column.required {
                    throw InstrumentError(
                        "\(file): нет столбца «\(column.label ?? column.id)» — ожидался заголовок \(column.header)")
                }
                missing.append(column.id)
                continue
            }
            if hits.count > 1 {
                let names = hits.map { "«\(header.names[$0])»" }.joined(separator: ", ")
                throw InstrumentError(
                    "\(file): к столбцу «\(column.id)» подходят несколько заголовков: \(names) — уточните заголовок в инструменте"
                )
            }
            try claim(index, for: column.id)
            positions[column.id] = index
            if column.role == .item {
                slots.append(
                    Slot(
                        id: column.id, label: column.label ?? header.names[index], scale: column.scale ?? "",
                        fileColumn: index, group: nil))
            }
        }
        self.positions = positions
        self.slots = slots
        self.tasks = tasks
        self.missingOptional = missing
        self.unused = header.names.indices.filter { claimed[$0] == nil }.map { header.names[$0] }
    }

    /// Splits a Google Forms grid header `Question [Row]` into its parts.
    static func gridParts(_ name: String) -> (question: String, row: String)? {
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "[") else { return nil }
        let question = name[..<open].trimmingCharacters(in: " ")
        let row = name[name.index(after: open)..<name.index(before: name.endIndex)].trimmingCharacters(in: " ")
        guard !question.isEmpty, !row.isEmpty else { return nil }
        return (String(question), String(row))
    }
}

extension StringProtocol {
    func trimmingCharacters(in characters: Character) -> Substring {
        var slice = self[...]
        while slice.first == characters { slice = slice.dropFirst() }
        while slice.last == characters { slice = slice.dropLast() }
        return Substring(slice)
    }
}
