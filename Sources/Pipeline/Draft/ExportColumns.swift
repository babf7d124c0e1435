import Clean
import Ingest

/// The columns of one export as a draft sees them: each header with its distinct values,
/// how often each occurs, and how many read as dates and times.
struct ExportColumns {
    /// One column as the export has it.
    struct Column {
        let index: Int
        let header: String
        var values: [String: Int] = [:]
        /// Distinct values in the order first met.
        var order: [String] = []
        var nonEmpty = 0
        var timestamps = 0

        mutating func add(_ value: String) {
            let value = value.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { return }
            nonEmpty += 1
            if Timestamp(value) != nil { timestamps += 1 }
            // A free-text column may have a value per row: the first few thousand tell its kind.
            guard values.count < 5_000 || values[value] != nil else { return }
            if values[value] == nil { order.append(value) }
            values[value, default: 0] += 1
        }

        /// The part of the filled cells for which `test` holds (0 for an empty column).
        func share(where test: (String) -> Bool) -> Double {
            guard nonEmpty > 0 else { return 0 }
            return Double(values.reduce(0) { $0 + (test($1.key) ? $1.value : 0) }) / Double(nonEmpty)
        }

        /// The part of the filled cells `count` of them make.
        func share(_ count: Int) -> Double { nonEmpty == 0 ? 0 : Double(count) / Double(nonEmpty) }
    }

    let path: String
    let columns: [Column]
    /// Data rows read.
    let rows: Int

    /// Reads the export at `path` (any encoding and delimiter `inspect` reads, or a workbook's
    /// `sheet`); throws ``IngestError`` when no data row is in it.
    init(path: String, sheet: String? = nil) throws {
        let reader = try TableReader(path: path, options: .init(sheet: sheet))
        var columns: [Column] = []
        var rows = 0
        var firstRejection: Rejection?
        let summary = try reader.read { row in
            if columns.isEmpty {
                columns = row.header.original.enumerated().map { Column(index: $0.offset, header: $0.element) }
            }
            rows += 1
            for index in columns.indices where index < row.count { columns[index].add(row.string(at: index)) }
        } onReject: { rejection in
            if firstRejection == nil { firstRejection = rejection }
        }
        // An empty file, a header alone: nothing to draft from (exit status 3, as every command).
        if let refusal = summary.noRowSurvived(firstRejection: firstRejection) { throw refusal }
        self.path = path
        self.columns = columns
        self.rows = rows
    }

    /// Google Forms grids («Вопрос [строка]»): each question with its row columns, in order.
    var grids: [(question: String, members: [Int], rows: [String])] {
        var grids: [String: [Int]] = [:]
        var order: [String] = []
        for column in columns {
            if let open = column.header.lastIndex(of: "["), column.header.hasSuffix("]") {
                let question = column.header[..<open].trimmingCharacters(in: .whitespaces)
                if grids[question] == nil { order.append(question) }
                grids[question, default: []].append(column.index)
            }
        }
        return order.compactMap { question in
            guard let members = grids[question], members.count > 1 else { return nil }
            let rows = members.map { index in
                let header = columns[index].header
                let open = header.lastIndex(of: "[") ?? header.startIndex
                return String(header[header.index(after: open)..<header.index(before: header.endIndex)])
            }
            return (question, members, rows)
        }
    }
}
