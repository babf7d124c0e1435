/// Where a read in parallel cuts a file: at record starts near the targets a schedule gives,
/// moved past a run of one student's rows; and the books of the stretches added up.
extension TableReader {
    /// Files smaller than this per part are read on one thread: splitting would cost more than it saves.
    public static let minimumPartBytes = 8 << 20

    /// Stretches of at least this many bytes when read by stretch: each costs a parser, a header,
    /// a state and a merge, and the threads' last stretches should end close together.
    public static let stretchBytes = 8 << 20

    /// Where a read by `workers` cuts the file (each cut then moves on to the next record start):
    /// every `stretchBytes` while much is left, then closer — what is left over four times the
    /// workers, down to an eighth of `stretchBytes` — so that the stretch a worker takes last is
    /// short and the workers end close together. None when the file is under two stretches.
    static func stretchTargets(size: Int, workers: Int, stretchBytes: Int) -> [Int] {
        let stretchBytes = max(1, stretchBytes)
        guard size >= stretchBytes * 2 else { return [] }
        let shortest = max(1, stretchBytes / 8)
        var targets: [Int] = []
        var target = 0
        while targets.count < 4_095 {
            target += max(shortest, min(stretchBytes, (size - target) / (4 * workers)))
            guard size - target >= shortest else { break }
            targets.append(target)
        }
        return targets
    }

    /// The stretches a read in parts uses, cut at the first record start at or after each of
    /// `targets` (ascending), and the header; nil and the whole file when it is not cut. All
    /// at once: a read by stretch asks ``StretchFeed`` for them one by one instead.
    func split(at targets: [Int]) throws -> (header: Header?, list: [TableSource.Stretch]) {
        guard let feed = try StretchFeed(reader: self, targets: targets) else { return (nil, [.whole]) }
        var list: [TableSource.Stretch] = []
        while let stretch = try feed.stretch(list.count) { list.append(stretch) }
        return list.count > 1 ? (feed.header, list) : (nil, [.whole])
    }
}

extension TableReader {
    /// How far to move a cut at `cut` so that it does not fall inside a run of records that
    /// begin with the same first cell: the records, and their bytes, from `cut` on that begin
    /// as the record before the cut does.
    ///
    /// An export lists a student's rows one after another — every subject, and a row repeated
    /// by mistake — and a repeat whose two rows fall to two workers makes the run read the file
    /// again in one pass. Only plain records are passed over (one line each, no quote, no lone
    /// CR), within 64 KiB, so the lines of the moved cut are counted exactly; anything else
    /// leaves the cut where it was.
    func recordsOfOneRun(after cut: Int, in file: InputFile) throws -> (records: Int, bytes: Int) {
        let before = min(cut, 4_096)
        let window = UnsafeMutableRawBufferPointer.allocate(byteCount: before + 65_536, alignment: 8)
        defer { window.deallocate() }
        try file.seek(to: cut - before)
        var count = 0
        while count < window.count {
            let read = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: window[count...]))
            if read == 0 { break }
            count += read
        }
        let bytes = UnsafeRawBufferPointer(rebasing: window[..<count])
        let delimiter = dialect.delimiter, quote = dialect.quote
        /// The plain record `start..<end` (its line feed included)'s first cell; nil if it is not plain.
        func firstCell(_ start: Int, _ end: Int) -> Slice<UnsafeRawBufferPointer>? {
            let record = bytes[start..<end]
            guard !record.contains(quote),
                !zip(record, record.dropFirst()).contains(where: { $0 == 0x0D && $1 != 0x0A })
            else { return nil }
            let cellEnd = record.firstIndex { $0 == delimiter || $0 == 0x0D || $0 == 0x0A } ?? end
            return cellEnd > start ? bytes[start..<cellEnd] : nil
        }
        // The record before the cut: from the line feed before its own, which ends it.
        guard before >= 2, bytes[before - 1] == 0x0A,
            let previousStart = bytes[..<(before - 1)].lastIndex(of: 0x0A).map({ $0 + 1 }),
            let key = firstCell(previousStart, before)
        else { return (0, 0) }
        var records = 0
        var position = before
        while let lineFeed = bytes[position...].firstIndex(of: 0x0A), let cell = firstCell(position, lineFeed + 1),
            cell.elementsEqual(key)
        {
            records += 1
            position = lineFeed + 1
        }
        return (records, position - before)
    }
}

extension ReadSummary {
    /// Adds the books of the next part of the same file.
    mutating func append(_ later: ReadSummary) {
        rowsRead += later.rowsRead
        rowsPassed += later.rowsPassed
        rejectedByReason.merge(later.rejectedByReason, uniquingKeysWith: +)
        blankLines += later.blankLines
        blankLineNumbers = Array((blankLineNumbers + later.blankLineNumbers).prefix(Self.blankLinesListed))
        rowsWithTrailingEmptyCells += later.rowsWithTrailingEmptyCells
        lineEndings.lf += later.lineEndings.lf
        lineEndings.crlf += later.lineEndings.crlf
        lineEndings.cr += later.lineEndings.cr
        quotesInsideUnquotedFields += later.quotesInsideUnquotedFields
        quoteRepairs += later.quoteRepairs
        quoteRepairLines = Array((quoteRepairLines + later.quoteRepairLines).prefix(Self.blankLinesListed))
        preambleLines += later.preambleLines
        preambleLineNumbers = Array((preambleLineNumbers + later.preambleLineNumbers).prefix(Self.blankLinesListed))
    }
}
