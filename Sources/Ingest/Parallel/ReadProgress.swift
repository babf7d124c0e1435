import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far the reads of a run have got, for another thread to look at while they go on: bytes
/// of the files read, rows met, and — when asked — the time spent folding rows.
///
/// The readers add to the counters once per piece of the file they read (256 KiB), never per
/// row, and without a lock: a look at the counters costs the read nothing. One instance may
/// count several files read one after another; the counters only grow (a file read again in
/// one pass counts its bytes again).
public final class ReadProgress: Sendable {
    /// Whether the readers time every call of a fold (``foldSeconds``): a clock read twice a
    /// row, so only when the caller asks for timings.
    public let timesFolds: Bool
    private let bytes = Atomic<Int>(0)
    private let rows = Atomic<Int>(0)
    private let foldNanoseconds = Atomic<Int>(0)

    public init(timesFolds: Bool = false) {
        self.timesFolds = timesFolds
    }

    /// Bytes of the files read so far (as stored, before decoding).
    public var bytesRead: Int { bytes.load(ordering: .relaxed) }

    /// Rows met so far, header and blank lines not counted.
    public var rowsRead: Int { rows.load(ordering: .relaxed) }

    /// Seconds spent inside ``RecordFold/fold(_:into:)`` and ``RecordFold/reject(_:into:)``,
    /// summed over the threads; zero unless ``timesFolds``.
    public var foldSeconds: Double { Double(foldNanoseconds.load(ordering: .relaxed)) / 1e9 }

    func add(bytes count: Int, rows met: Int) {
        bytes.add(count, ordering: .relaxed)
        if met > 0 { rows.add(met, ordering: .relaxed) }
    }

    func add(foldNanoseconds spent: Int) {
        foldNanoseconds.add(spent, ordering: .relaxed)
    }

    /// A monotonic clock in nanoseconds, for timing folds.
    static func now() -> Int { nanoseconds(CLOCK_MONOTONIC) }

    /// The calling thread's processor time in nanoseconds.
    static func threadProcessorTime() -> Int { nanoseconds(CLOCK_THREAD_CPUTIME_ID) }

    private static func nanoseconds(_ clock: clockid_t) -> Int {
        var time = timespec()
        clock_gettime(clock, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }
}
