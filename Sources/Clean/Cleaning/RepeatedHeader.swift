import Ingest

extension Rejection.Reason {
    /// A row that repeats the header, as exports glued together from several downloads carry.
    public static let repeatedHeader = Rejection.Reason(rawValue: "repeated_header")
}

extension Row {
    /// True when every cell matches the header's cell in its column by match key (case, spaces,
    /// «ё» and punctuation aside). Cleaners ask only about rows they reject anyway, so clean rows
    /// cost nothing.
    var repeatsHeader: Bool {
        (0..<count).allSatisfy { MatchKey.of(string(at: $0)) == MatchKey.of(header.original[$0]) }
    }

    /// The rejection of a row that repeats the header, in place of what its cells were taken for.
    var repeatedHeaderRejection: Rejection {
        Rejection(
            origin: origin, reason: .repeatedHeader,
            detail: "строка повторяет заголовок — выгрузки склеены вместе с заголовком?",
            cells: strings())
    }
}
