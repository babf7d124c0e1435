import Benchmark

/// The suite: every benchmark of the tool's hot functions. The BenchmarkPlugin's generated
/// `main` calls this in each benchmark's own process.
let benchmarks: @Sendable () -> Void = {
    IngestBenchmarks.register()
    ResultCleanerBenchmarks.register()
    MatchKeyBenchmarks.register()
    CompactKeyTableBenchmarks.register()
    PointLinkBenchmarks.register()
    PseudonymBenchmarks.register()
}

extension Benchmark.Configuration {
    /// Figures per row (per cell, per key): each iteration handles a million of them and the
    /// scaling factor divides every figure by a million. Time in nanoseconds per row.
    static func perRow(
        maxDuration: Duration = .seconds(3), maxIterations: Int = 20,
        teardown: Benchmark.BenchmarkTeardownHook? = nil
    ) -> Self {
        .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .instructions], timeUnits: .nanoseconds,
            warmupIterations: 1, scalingFactor: .mega, maxDuration: maxDuration, maxIterations: maxIterations,
            teardown: teardown)
    }
}
