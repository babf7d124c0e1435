/// A profile of every column of a table, built row by row while the file streams.
public struct TableProfile: Sendable {
    public private(set) var columns: [ColumnProfile]

    public init(header: Header) {
        columns = header.names.map(ColumnProfile.init(name:))
    }

    public mutating func add(_ row: Row) {
        for index in columns.indices {
            columns[index].add(row[index])
        }
    }
}
