import Dispatch
import Pipeline
import Synchronization

/// The line that shows a long run's progress on a terminal: stage, bytes read of all the
/// inputs, rows, seconds — redrawn four times a second once the run has taken two seconds,
/// and wiped when it ends, so what the run prints afterwards stands alone.
///
/// Only when standard error is a terminal: a run whose messages go to a file or a pipe (a
/// script, a test comparing them) gets none. It looks at the run's ``RunObserver`` from a
/// timer of its own; the run never waits for it. Unchecked: the timer is set up in `init` and
/// then touched only on `queue` (its handler, and `stop`).
final class ProgressDisplay: @unchecked Sendable {
    /// Seconds before the line first shows: a short run says nothing.
    static let delay = 2.0
    private let queue = DispatchQueue(label: "shnor.progress")
    private let timer: any DispatchSourceTimer
    private let observer: RunObserver
    /// Whether the line has been drawn (touched on `queue` only; a mutex for the compiler).
    private let shown = Mutex(false)

    /// Starts showing `observer`'s progress `after` seconds, or returns nil when standard error
    /// is not a terminal or the analyst asked for quiet.
    static func start(observing observer: RunObserver, quiet: Bool, after: Double) -> ProgressDisplay? {
        guard !quiet, Platform.standardErrorIsTerminal else { return nil }
        return ProgressDisplay(observer, after: after)
    }

    private init(_ observer: RunObserver, after: Double) {
        self.observer = observer
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + after, repeating: .milliseconds(250))
        timer.setEventHandler { [self] in
            Platform.writeStandardError("\rshnor: " + observer.progress.line + Terminal.clearToEndOfLine)
            shown.withLock { $0 = true }
        }
        timer.resume()
    }

    /// Stops the line and wipes it if it was shown; waits for a redraw under way to end.
    func stop() {
        queue.sync {
            timer.cancel()
            if shown.withLock({ $0 }) { Platform.writeStandardError("\r" + Terminal.clearToEndOfLine) }
        }
    }
}
