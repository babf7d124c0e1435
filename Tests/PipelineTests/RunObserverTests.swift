import Testing

@testable import Pipeline

/// What a run's observer reports: the progress line, the timings' lines, stages inside stages.
@Suite struct RunObserverTests {
    @Test func progressLine() {
        let progress = RunObserver.Progress(
            stage: .read, bytesRead: 120_349_000, bytesTotal: 279_120_911, rows: 86_000, seconds: 2.14)
        #expect(progress.line == "чтение: 120,3 из 279,1 МБ (43 %), строк 86\u{2009}000, 2,1 с")
    }

    @Test func progressBeyondTheTotalShowsTheTotal() {
        // A file read again in one pass counts its bytes twice.
        let progress = RunObserver.Progress(stage: .count, bytesRead: 3_000, bytesTotal: 2_000, rows: 12, seconds: 0)
        #expect(progress.line == "подсчёт: 0,0 из 0,0 МБ (100 %), строк 12, 0,0 с")
    }

    @Test func progressBeforeTheFirstStageAndWithoutInputs() {
        let progress = RunObserver.Progress(stage: nil, bytesRead: 0, bytesTotal: 0, rows: 0, seconds: 0.5)
        #expect(progress.line == "подготовка, строк 0, 0,5 с")
    }

    @Test func timingLines() {
        let lines = StageTiming.lines(
            [
                StageTiming(stage: .read, wall: 1.5, cpu: 2.75, folding: 1.25),
                StageTiming(stage: .count, wall: 0.125, cpu: 0.125),
            ], wall: 2, cpu: 3.25)
        #expect(
            lines == [
                "время по стадиям, с:",
                "  стадия                   стена процессор",
                "  чтение                    1,50      2,75",
                "    разбор                            1,50",
                "    обработка строк                   1,25",
                "  подсчёт                   0,13      0,13",
                "  прочее                    0,38      0,38",
                "  всего                     2,00      3,25",
            ])
    }

    @Test func aStageInsideAnotherCountsInItsOwnLineOnly() {
        let observer = RunObserver(timings: true)
        observer.stage(.count) {
            #expect(observer.progress.stage == .count)
            observer.stage(.render) {
                #expect(observer.progress.stage == .render)
                spin(0.02)
            }
            #expect(observer.progress.stage == .count)
        }
        observer.stage(.count) {}
        #expect(observer.progress.stage == nil)
        let timings = observer.timings
        #expect(timings.map(\.stage) == [.count, .render], "in the order each first began")
        let count = timings[0].wall
        let render = timings[1].wall
        #expect(render >= 0.02)
        #expect(count < render, "the render stage's time is not counted again in count's")
        #expect(timings.allSatisfy { $0.folding == nil }, "only reading folds rows")
    }

    @Test func readingTimesFoldsOnlyWhenAsked() {
        let timed = RunObserver(timings: true)
        timed.stage(.read) {}
        #expect(timed.timings.first?.folding == 0)
        let untimed = RunObserver()
        untimed.stage(.read) {}
        #expect(untimed.timings.first?.folding == nil)
        #expect(!untimed.reading.timesFolds)
    }

    /// Keeps the thread busy for `seconds` of wall time.
    private func spin(_ seconds: Double) {
        let start = RunObserver.wallSeconds()
        while RunObserver.wallSeconds() - start < seconds {}
    }
}
