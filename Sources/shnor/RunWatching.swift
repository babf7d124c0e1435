import ArgumentParser
import Pipeline

/// `--timings` and `--quiet` of `shnor run` and `shnor validate`: what the terminal shows of a
/// run besides its results.
struct RunWatching: ParsableArguments {
    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Напечатать в stderr время каждой стадии (чтение, очистка, сопоставление, подсчёт, справка, запись): по часам и процессорное."
        ))
    var timings = false

    @Flag(name: .long, help: "Не показывать ход долгой работы в терминале.")
    var quiet = false

    /// Seconds before the progress line first shows (tests set 0 to see that a run whose
    /// standard error is no terminal shows none however long it takes).
    @Option(name: .customLong("progress-after"), help: .hidden)
    var progressAfter = ProgressDisplay.delay

    func validate() throws {
        guard progressAfter >= 0 else { throw ValidationError("--progress-after: нужно число секунд от 0") }
    }

    /// Runs the pipeline with an observer, the progress line shown meanwhile (wiped before the
    /// caller prints the results); then ``printTimings(of:)`` when the run has printed them.
    func run(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> (
        summary: PipelineRun.Summary, observer: RunObserver
    ) {
        var configuration = configuration
        let observer = RunObserver(timings: timings)
        configuration.observer = observer
        let display = ProgressDisplay.start(observing: observer, quiet: quiet, after: progressAfter)
        defer { display?.stop() }
        return (try PipelineRun.run(configuration, outputFolder: outputFolder), observer)
    }

    /// Prints the stages' times (`--timings`), after everything else the run printed.
    func printTimings(of observer: RunObserver) {
        if timings { Terminal.timings(observer) }
    }
}
