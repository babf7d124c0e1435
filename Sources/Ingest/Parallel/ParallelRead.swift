import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TableReader {
    /// How a read in parallel cuts the file and hands it to threads.
    public enum Schedule: Sendable {
        /// As many equal parts as threads, one each; a file under `minimumPartBytes` per part is one.
        case parts(minimumPartBytes: Int)
        /// Stretches of about `bytes`, each taken by the next free thread: a thread slowed down
        /// reads fewer of them, so the threads end together (see ``stretchTargets(size:workers:stretchBytes:)``).
        case stretches(bytes: Int)
    }

    /// Folds every record of the file into one state, reading on up to `threads` threads.
    ///
    /// The file is cut where records begin (a quote-aware scan, never inside a quoted field);
    /// each stretch is folded into a fresh state from `fold`, on one thread, its rows carrying
    /// the file's own line numbers; the states are merged in file order as soon as every earlier
    /// one is (so what they write reaches ``RecordFold/output`` in file order, and early stretches
    /// wait in memory only until then). The result is what one pass gives: the books, the
    /// state, the first error in file order. The file is read in one pass instead when it is in
    /// UTF-16, small, or has a header longer than its first stretch; and read again in one pass
    /// (what the states wrote cut off first) when a stretch did not end between records (the
    /// scan and libcsv disagreeing) or a merge threw ``StretchesOverlap``. `progress`, when
    /// given, counts the bytes and rows read as the threads go (and times the fold's calls if
    /// it asks to).
    public func fold<Fold: RecordFold>(
        _ fold: Fold, threads: Int, schedule: Schedule, progress: ReadProgress? = nil
    ) throws -> (
        summary: ReadSummary, state: Fold.State
    ) {
        // A workbook's sheet is read in one pass: its rows are not byte ranges of the file.
        if workbook != nil { return try foldWhole(fold, progress: progress) }
        let written = fold.output?.length ?? 0
        let folded: (summary: ReadSummary, state: Fold.State)?
        switch schedule {
        case .parts(let minimumPartBytes):
            let parts = min(threads, fileSize / max(1, minimumPartBytes))
            let stretches = try split(at: parts < 2 ? [] : (1..<parts).map { fileSize / parts * $0 })
            guard let header = stretches.header, stretches.list.count > 1 else {
                return try foldWhole(fold, progress: progress)
            }
            let list = stretches.list
            folded = try foldStretches(
                capacity: list.count, header: header, workers: list.count, with: fold, progress: progress
            ) { index in
                index < list.count ? list[index] : nil
            } count: {
                list.count
            }
        case .stretches(let bytes):
            // The stretches are found as the threads ask for them (``StretchFeed``): no thread
            // waits for a scan of the whole file before it starts.
            guard threads > 1,
                let feed = try StretchFeed(
                    reader: self, targets: Self.stretchTargets(size: fileSize, workers: threads, stretchBytes: bytes))
            else { return try foldWhole(fold, progress: progress) }
            folded = try foldStretches(
                capacity: feed.capacity, header: feed.header, workers: min(threads, feed.capacity), with: fold,
                progress: progress, stretch: feed.stretch
            ) { feed.count }
        }
        if let folded { return folded }
        try fold.output?.truncate(to: written)
        return try foldWhole(fold, progress: progress)
    }

    /// One pass over the whole file into one state.
    private func foldWhole<Fold: RecordFold>(_ fold: Fold, progress: ReadProgress?) throws -> (
        summary: ReadSummary, state: Fold.State
    ) {
        let output = fold.output.map { PartialOutput(passingTo: $0) }
        var state = try fold.start(writing: output)
        let summary = try Self.timingFolds(progress) { timed in
            try read(
                progress: progress,
                onRow: { row in try timed { try fold.fold(row, into: &state) } },
                onReject: { rejection in try timed { try fold.reject(rejection, into: &state) } })
        }
        try output?.finish()
        return (summary, state)
    }

    /// Runs `body` with a wrapper for the fold's calls: one that times each call and adds the
    /// time to `progress` at the end when it ``ReadProgress/timesFolds``, else one that only calls.
    /// The calls are timed by the wall clock (cheap), and the sum scaled by the share of the
    /// stretch's wall time the thread was on a processor (its own processor clock, read twice),
    /// so that a thread waiting for a busy machine does not count its waiting as folding.
    @inline(__always)
    private static func timingFolds<Result>(
        _ progress: ReadProgress?, _ body: (_ timed: (() throws -> Void) throws -> Void) throws -> Result
    ) rethrows -> Result {
        guard let progress, progress.timesFolds else { return try body { try $0() } }
        var spent = 0
        let (wall, processor) = (ReadProgress.now(), ReadProgress.threadProcessorTime())
        defer {
            let (wallSpent, processorSpent) = (
                ReadProgress.now() - wall, ReadProgress.threadProcessorTime() - processor
            )
            let onProcessor = wallSpent > 0 ? min(1, Double(processorSpent) / Double(wallSpent)) : 1
            progress.add(foldNanoseconds: Int(Double(spent) * onProcessor))
        }
        return try body { call in
            let start = ReadProgress.now()
            defer { spent += ReadProgress.now() - start }
            try call()
        }
    }

    /// Reads the stretches `stretch` gives (at most `capacity`; nil past the last) on `workers`
    /// threads, each taking the next stretch not yet taken; nil when the file must be read again
    /// in one pass. `count` tells, once every thread has finished, how many stretches there were.
    private func foldStretches<Fold: RecordFold>(
        capacity: Int, header: Header, workers: Int, with fold: Fold, progress: ReadProgress?,
        stretch: @Sendable (Int) throws -> TableSource.Stretch?, count: () -> Int
    ) throws -> (summary: ReadSummary, state: Fold.State)? {
        let merging = InOrder<Fold.State>(count: capacity, output: fold.output)
        let next = Atomic<Int>(0)
        let source = self.source
        let shared = SharedFold(fold: fold)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let fold = shared.fold
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < capacity else { return }
                let part: TableSource.Stretch
                do {
                    guard let found = try stretch(index) else { return }
                    part = found
                } catch {
                    // The scan for this stretch's end failed: the error stands where the stretch would.
                    merging.finished(index, .failure(error), output: nil)
                    return
                }
                let output = fold.output.map { _ in PartialOutput(bytes: merging.spareBuffer(), passingTo: nil) }
                let outcome = Result {
                    () throws -> (read: (summary: ReadSummary, atRecordStart: Bool), state: Fold.State) in
                    var state = try fold.start(writing: output)
                    let read = try Self.timingFolds(progress) { timed in
                        try source.read(
                            part, header: index == 0 ? nil : header, progress: progress,
                            onRow: { row in try timed { try fold.fold(row, into: &state) } },
                            onReject: { rejection in try timed { try fold.reject(rejection, into: &state) } })
                    }
                    return (read, state)
                }
                merging.finished(index, outcome, output: output)
                // A thread's later stretches need not be read after a failure, but the other
                // threads read on, so that an error earlier in the file is still met.
                if case .failure = outcome { return }
            }
        }
        return try merging.result(count: min(capacity, max(1, count())))
    }
}

/// The fold as the threads of a read share it: a fold holds only what does not change while
/// the file is read (``RecordFold``), and each thread folds into states of its own.
private struct SharedFold<Fold: RecordFold>: @unchecked Sendable {
    let fold: Fold
}

/// The states of a read in parallel, merged in file order as they arrive: a stretch's state
/// waits only for those of earlier stretches. One thread merges at a time, outside the lock.
private final class InOrder<State: Partial>: @unchecked Sendable {
    typealias Read = (summary: ReadSummary, atRecordStart: Bool)
    private let lock = ThreadLock()
    private let output: OrderedOutput?
    /// Per stretch: how its read ended (nil: not read).
    private var reads: [Result<Read, any Error>?]
    /// States of stretches read but not yet merged, by stretch.
    private var waiting: [Int: (state: State, output: PartialOutput?)] = [:]
    /// The next stretch to merge; whether a thread is merging.
    private var next = 0
    private var merging = false
    /// Touched only by the thread merging (and, once every thread has finished, the caller).
    private var merged: State?
    /// The stretch whose merge (or write) failed, and how.
    private var failed: (index: Int, error: any Error)?

    init(count: Int, output: OrderedOutput?) {
        self.output = output
        reads = Array(repeating: nil, count: count)
    }

    func spareBuffer() -> [UInt8] { lock.withLock { output?.spareBuffer() ?? [] } }

    /// A stretch has been read: its state waits for the earlier ones, or is merged with them now.
    func finished(_ index: Int, _ outcome: Result<(read: Read, state: State), any Error>, output: PartialOutput?) {
        let mergesNow = lock.withLock { () -> Bool in
            reads[index] = outcome.map(\.read)
            if case .success(let read) = outcome { waiting[index] = (read.state, output) }
            guard !merging else { return false }
            merging = true
            return true
        }
        guard mergesNow else { return }
        while true {
            let ready = lock.withLock { () -> [(index: Int, state: State, output: PartialOutput?)] in
                var ready: [(index: Int, state: State, output: PartialOutput?)] = []
                while failed == nil, let entry = waiting.removeValue(forKey: next) {
                    ready.append((next, entry.state, entry.output))
                    next += 1
                }
                if ready.isEmpty { merging = false }
                return ready
            }
            if ready.isEmpty { return }
            for (index, state, output) in ready where failed == nil {
                do {
                    if merged == nil { merged = state } else { try merged?.merge(state) }
                    if let output { try lock.withLock { try self.output?.write(output) } }
                } catch {
                    failed = (index, error)
                }
            }
        }
    }

    /// Once every thread has finished: the books of the first `count` stretches added up and the
    /// merged state; the first error in file order thrown; nil when the file must be read again
    /// in one pass.
    func result(count: Int) throws -> (summary: ReadSummary, state: State)? {
        var joined: ReadSummary?
        for index in 0..<count {
            guard let outcome = reads[index] else { return nil }
            let read = try outcome.get()
            if index < count - 1 && !read.atRecordStart { return nil }
            if let failed, failed.index == index {
                if failed.error is StretchesOverlap { return nil }
                throw failed.error
            }
            if joined == nil { joined = read.summary } else { joined?.append(read.summary) }
        }
        guard let joined, let merged else { return nil }
        return (joined, merged)
    }
}

/// A mutex for the few moments threads of a read touch what they share.
final class ThreadLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
