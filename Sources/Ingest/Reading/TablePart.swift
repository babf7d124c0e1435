import Dispatch
import Synchronization

/// What reads the rows of one part of a file split across threads.
///
/// Read by stretch (``TableReader/read(threads:minimumPartBytes:restart:make:)``), a part gets
/// the rows of its stretch in order, on one thread. Read by worker
/// (``TableReader/read(workers:stretchBytes:restart:make:)``), a part gets the rows of several
/// stretches, each begun and ended with ``begin(stretch:)`` and ``end(stretch:)``, in file order
/// but with the other workers' stretches in between. Either way the caller merges the parts
/// afterwards so that what it reports is what one pass over the file reports.
public protocol TablePart: SendableMetatype {
    mutating func row(_ row: Row) throws
    mutating func reject(_ rejection: Rejection) throws
    /// Before the first row of stretch `index` (0 for a file read in one pass).
    mutating func begin(stretch index: Int) throws
    /// After the last row of stretch `index`.
    mutating func end(stretch index: Int) throws
}

extension TablePart {
    public mutating func begin(stretch index: Int) throws {}
    public mutating func end(stretch index: Int) throws {}
}

extension TableReader {
    /// Files smaller than this per part are read on one thread: splitting would cost more than it saves.
    public static let minimumPartBytes = 8 << 20

    /// Reads the file in up to `threads` parts at once, each into a part made by `make` (given
    /// the part's index and how many parts there are).
    ///
    /// Parts begin where records begin (found by a quote-aware scan, so never inside a quoted
    /// field) and their rows carry the file's own line numbers. A file in UTF-16, smaller than
    /// `minimumPartBytes` per part, or with a header longer than its first part is one part.
    /// An error is the one a single pass would meet first. Should a part not end between records
    /// (the scan and libcsv disagreeing), the parts are dropped and the file is read in one pass.
    ///
    /// - Parameter restart: undoes what the parts' makers set going (rows a part wrote to a
    ///   shared file) before the file is read again in one pass.
    public func read<Part: TablePart>(threads: Int, minimumPartBytes: Int = TableReader.minimumPartBytes,
                                      restart: () throws -> Void = {},
                                      make: (_ index: Int, _ count: Int) throws -> Part) throws -> (summary: ReadSummary, parts: [Part]) {
        let parts = min(threads, fileSize / max(1, minimumPartBytes))
        let stretches = try split(at: parts < 2 ? [] : (1..<parts).map { fileSize / parts * $0 })
        guard let header = stretches.header, stretches.list.count > 1 else { return try readWhole(make) }
        // Part `index` reads stretch `index`, and nothing else.
        return try read(stretches.list, header: header, parts: stretches.list.count, restart: restart, make: make) { worker, previous in
            previous == nil ? worker : nil
        }
    }

    /// Stretches of at least this many bytes when read by worker: each costs a parser, a header
    /// and a hand-over, and the workers' last stretches should end close together.
    public static let stretchBytes = 8 << 20

    /// Reads the file by `workers` parts at once, each made by `make` (given the worker's index
    /// and how many there are), that take the file's stretches of about `stretchBytes` one after
    /// another, the next free one each time: a worker slowed down reads fewer of them, so the
    /// workers end together.
    ///
    /// Each part sees its stretches in file order, framed by ``TablePart/begin(stretch:)`` and
    /// ``TablePart/end(stretch:)`` (a file read in one pass is stretch 0). Splitting, line
    /// numbers, errors and the fallback to one pass are those of
    /// ``read(threads:minimumPartBytes:restart:make:)``.
    public func read<Part: TablePart>(workers: Int, stretchBytes: Int = TableReader.stretchBytes,
                                      restart: () throws -> Void = {},
                                      make: (_ worker: Int, _ count: Int) throws -> Part) throws -> (summary: ReadSummary, parts: [Part]) {
        guard workers > 1 else { return try readWhole(make) }
        let stretches = try split(at: Self.stretchTargets(size: fileSize, workers: workers, stretchBytes: stretchBytes))
        guard let header = stretches.header, stretches.list.count > 1 else { return try readWhole(make) }
        let list = stretches.list
        let next = Atomic<Int>(0)
        return try read(list, header: header, parts: min(workers, list.count), restart: restart, make: make) { _, _ in
            let index = next.add(1, ordering: .relaxed).oldValue
            return index < list.count ? index : nil
        }
    }

    /// Reads `list` by `count` parts at once, each taking the stretches `next` gives it (given
    /// the part and the stretch it read last) until it gives none; the first failure in file
    /// order is thrown; a stretch but the last that did not end between records (or was never
    /// read) has the file read again in one pass, after `restart`.
    private func read<Part: TablePart>(_ list: [TableSource.Stretch], header: Header, parts count: Int, restart: () throws -> Void,
                                       make: (Int, Int) throws -> Part,
                                       next: @Sendable (_ part: Int, _ previous: Int?) -> Int?) throws -> (summary: ReadSummary, parts: [Part]) {
        let parts = UnsafeMutableBufferPointer<Part>.allocate(capacity: count)
        var made = 0
        defer {
            UnsafeMutableBufferPointer(rebasing: parts[..<made]).deinitialize()
            parts.deallocate()
        }
        for index in 0..<count {
            parts.initializeElement(at: index, to: try make(index, count))
            made += 1
        }
        let outcomes = UnsafeMutableBufferPointer<Result<(summary: ReadSummary, atRecordStart: Bool), any Error>?>.allocate(capacity: list.count)
        outcomes.initialize(repeating: nil)
        defer {
            outcomes.deinitialize()
            outcomes.deallocate()
        }
        let shared = Threads(parts: parts, outcomes: outcomes)
        let source = self.source
        DispatchQueue.concurrentPerform(iterations: count) { worker in
            var previous: Int?
            while let index = next(worker, previous) {
                previous = index
                let outcome = Result {
                    try shared.parts[worker].begin(stretch: index)
                    let read = try source.read(list[index], header: index == 0 ? nil : header,
                                               onRow: { try shared.parts[worker].row($0) }, onReject: { try shared.parts[worker].reject($0) })
                    try shared.parts[worker].end(stretch: index)
                    return read
                }
                shared.outcomes[index] = outcome
                // The part is not to be trusted after a failure: the other parts read on, so
                // that an error earlier in the file is still met.
                if case .failure = outcome { return }
            }
        }
        if let joined = try joined(outcomes) { return (joined, Array(parts)) }
        try restart()
        return try readWhole(make)
    }

    /// The stretches' books added up in file order; the first error in file order is thrown;
    /// nil when a stretch but the last did not end between records, or was not read.
    private func joined(_ outcomes: UnsafeMutableBufferPointer<Result<(summary: ReadSummary, atRecordStart: Bool), any Error>?>) throws -> ReadSummary? {
        var joined: ReadSummary?
        for index in outcomes.indices {
            guard let outcome = outcomes[index] else { return nil }
            let read = try outcome.get()
            if index < outcomes.count - 1 && !read.atRecordStart { return nil }
            if joined == nil { joined = read.summary } else { joined?.append(read.summary) }
        }
        return joined
    }

    private func readWhole<Part: TablePart>(_ make: (Int, Int) throws -> Part) throws -> (summary: ReadSummary, parts: [Part]) {
        var part = try make(0, 1)
        try part.begin(stretch: 0)
        let summary = try read(onRow: { try part.row($0) }, onReject: { try part.reject($0) })
        try part.end(stretch: 0)
        return (summary, [part])
    }

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
    /// `targets` (ascending), and the header; nil and the whole file when it is not cut.
    func split(at targets: [Int]) throws -> (header: Header?, list: [TableSource.Stretch]) {
        let size = fileSize
        let ascii = encoding.encoding != .utf16LE && encoding.encoding != .utf16BE
        guard !targets.isEmpty, ascii else { return (nil, [.whole]) }
        let opening = try source.read(.whole, header: nil, stopAfterHeader: true, onRow: { _ in }, onReject: { _ in })
        guard let header = opening.summary.header, let headerLine = opening.summary.headerLine else { return (nil, [.whole]) }
        var scan = RecordBoundaryScan(delimiter: dialect.delimiter, quote: dialect.quote, startingAt: encoding.byteOrderMarkLength)
        let reading = try InputFile(path: path)
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { piece.deallocate() }
        var boundaries: [RecordBoundaryScan.Boundary] = []
        targets: for target in targets {
            try reading.seek(to: scan.offset)
            while true {
                let count = try reading.read(into: piece)
                if count == 0 { break targets }
                if var boundary = scan.boundary(atOrAfter: target, in: UnsafeRawBufferPointer(rebasing: piece[..<count])) {
                    let moved = try recordsOfOneRun(after: boundary.offset, in: reading)
                    if moved.records > 0 {
                        boundary = RecordBoundaryScan.Boundary(offset: boundary.offset + moved.bytes, line: boundary.line + moved.records)
                        scan.resume(at: boundary, records: moved.records)
                    }
                    if boundary.line > headerLine && boundary.offset < size { boundaries.append(boundary) }
                    continue targets
                }
            }
        }
        guard !boundaries.isEmpty else { return (nil, [.whole]) }
        var list: [TableSource.Stretch] = []
        var previous = TableSource.Stretch.whole
        for boundary in boundaries {
            previous.end = boundary.offset
            list.append(previous)
            previous = TableSource.Stretch(start: boundary.offset, end: nil, line: boundary.line)
        }
        list.append(previous)
        return (header, list)
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
            guard !record.contains(quote), !zip(record, record.dropFirst()).contains(where: { $0 == 0x0D && $1 != 0x0A }) else { return nil }
            let cellEnd = record.firstIndex { $0 == delimiter || $0 == 0x0D || $0 == 0x0A } ?? end
            return cellEnd > start ? bytes[start..<cellEnd] : nil
        }
        // The record before the cut: from the line feed before its own, which ends it.
        guard before >= 2, bytes[before - 1] == 0x0A, let previousStart = bytes[..<(before - 1)].lastIndex(of: 0x0A).map({ $0 + 1 }),
              let key = firstCell(previousStart, before) else { return (0, 0) }
        var records = 0
        var position = before
        while let lineFeed = bytes[position...].firstIndex(of: 0x0A), let cell = firstCell(position, lineFeed + 1), cell.elementsEqual(key) {
            records += 1
            position = lineFeed + 1
        }
        return (records, position - before)
    }
}

/// The parts and outcomes the threads of one read share: each thread touches only its own
/// index, and the caller reads them only after every thread has finished.
private struct Threads<Part>: @unchecked Sendable {
    let parts: UnsafeMutableBufferPointer<Part>
    let outcomes: UnsafeMutableBufferPointer<Result<(summary: ReadSummary, atRecordStart: Bool), any Error>?>
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
    }
}
