import ArgumentParser
import Pipeline

/// `--threads` and `--stretch-mb` of `run` and `validate`: how many threads read one large
/// export, and in stretches of what size. Neither changes a figure.
struct ReadThreads: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Сколько потоков читают большую выгрузку (по умолчанию — число ядер); результаты от этого не зависят.",
            valueName: "число"))
    var threads: Int?

    @Option(
        name: .customLong("stretch-mb"),
        help: ArgumentHelp(
            "По скольку мегабайт потоки берут большую выгрузку результатов (по умолчанию 8); результаты от этого не зависят.",
            valueName: "МБ"))
    var stretchMegabytes: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads: нужно целое число от 1") }
        if let stretchMegabytes, !(1...1_024).contains(stretchMegabytes) {
            throw ValidationError("--stretch-mb: нужно целое число от 1 до 1024")
        }
    }

    /// The configuration as the options set it.
    func apply(to configuration: inout PipelineConfiguration) {
        if let threads { configuration.threads = threads }
        if let stretchMegabytes { configuration.stretchBytes = stretchMegabytes << 20 }
    }
}
