/// The stretches of a read by stretch, found as the threads ask for them rather than all before
/// any thread starts.
///
/// Where a stretch ends (a record start, and its line) takes a quote-aware scan of every byte
/// before it (``RecordBoundaryScan``); the scan reads memory at several gigabytes a second and
/// the parsers at a few hundred megabytes, so a thread that asks for the next stretch scans on
/// to its end (a few milliseconds for 8 MB), under the feed's lock, and the other threads go on
/// parsing meanwhile. ``TableReader/split(at:)`` takes them all at once. The first stretch
/// begins at the file's start and reads the header itself.
final class StretchFeed: @unchecked Sendable {
    private let lock = ThreadLock()
    private let reader: TableReader
    private let size: Int
    private let targets: [Int]
    private let lastHeaderLine: Int
    private let file: InputFile
    private let piece: UnsafeMutableRawBufferPointer
    private var scan: RecordBoundaryScan
    private var nextTarget = 0
    /// Stretches whose end is known, in file order; then the one being scanned.
    private var found: [TableSource.Stretch] = []
    private var open = TableSource.Stretch.whole
    private var ended = false
    private var failure: (any Error)?

    /// The header, read here as a stretch after the first needs it.
    let header: Header

    /// Most stretches the targets can give.
    var capacity: Int { targets.count + 1 }

    /// A feed for `reader` cut near `targets`; nil when the file is read in one pass instead (no
    /// target, an encoding whose line breaks are not single ASCII bytes, no header found).
    init?(reader: TableReader, targets: [Int]) throws {
        guard !targets.isEmpty, Transcoder.isASCIICompatible(reader.encoding.encoding) else { return nil }
        let opening = try reader.source.read(
            .whole, header: nil, stopAfterHeader: true, onRow: { _ in }, onReject: { _ in })
        guard let header = opening.summary.header, let headerLine = opening.summary.headerLine else { return nil }
        self.reader = reader
        self.header = header
        self.targets = targets
        size = reader.fileSize
        lastHeaderLine = headerLine + reader.layout.headerRows - 1
        scan = RecordBoundaryScan(
            delimiter: reader.dialect.delimiter, quote: reader.dialect.quote,
            startingAt: reader.encoding.byteOrderMarkLength)
        file = try InputFile(path: reader.path)
        piece = .allocate(byteCount: TableReader.pieceSize, alignment: 8)
    }

    deinit { piece.deallocate() }

    /// The stretch `index` (0 is the file's first), scanning on as far as it takes; nil past the
    /// last. A scan that failed fails every later call the same way.
    func stretch(_ index: Int) throws -> TableSource.Stretch? {
        try lock.withLock {
            while found.count <= index && !ended {
                if let failure { throw failure }
                do { try advance() } catch {
                    failure = error
                    throw error
                }
            }
            return index < found.count ? found[index] : nil
        }
    }

    /// How many stretches the file has, once a call of ``stretch(_:)`` returned nil; after a
    /// failed scan, one more than were found: the stretch whose end the scan did not find, whose
    /// read stands for the failure.
    var count: Int { lock.withLock { found.count + (failure == nil ? 0 : 1) } }

    /// Scans to the record start at or after the next target and cuts there (unless the cut
    /// would fall in the header or at the end); at the end of the file or of the targets, the
    /// open stretch is the last.
    private func advance() throws {
        guard nextTarget < targets.count else { return end() }
        let target = targets[nextTarget]
        nextTarget += 1
        try file.seek(to: scan.offset)
        while true {
            let count = try file.read(into: piece)
            if count == 0 { return end() }
            guard var boundary = scan.boundary(atOrAfter: target, in: UnsafeRawBufferPointer(rebasing: piece[..<count]))
            else { continue }
            let moved = try reader.recordsOfOneRun(after: boundary.offset, in: file)
            if moved.records > 0 {
                boundary = RecordBoundaryScan.Boundary(
                    offset: boundary.offset + moved.bytes, line: boundary.line + moved.records)
                scan.resume(at: boundary, records: moved.records)
            }
            if boundary.line > lastHeaderLine && boundary.offset < size {
                var stretch = open
                stretch.end = boundary.offset
                found.append(stretch)
                open = TableSource.Stretch(start: boundary.offset, end: nil, line: boundary.line)
            }
            return
        }
    }

    private func end() {
        found.append(open)
        ended = true
    }
}
