import Foundation
import Ingest
import Testing

@testable import Pipeline

/// The books of a run: every row that enters a stage is passed on or rejected with a reason.
@Suite("Ledger")
struct LedgerTests {
    @Test func anEntryBalancesWhenRowsInArePassedOnOrRejected() {
        var ledger = Ledger()
        ledger.record(
            input: "survey", stage: "ingest", rowsIn: 10, rowsOut: 7, rejected: [.tooFewCells: 2, .tooManyCells: 1])
        #expect(ledger.entries[0].balances)
        #expect(ledger.entries[0].rejected == ["too_few_cells": 2, "too_many_cells": 1])
        ledger.record(input: "survey", stage: "clean", rowsIn: 7, rowsOut: 7, rejected: [.tooFewCells: 1])
        #expect(!ledger.entries[1].balances, "7 in, 7 out and 1 rejected")
        #expect(!ledger.balances)
    }

    @Test func eachStageTakesInWhatThePreviousOneOfTheSameInputPassedOn() {
        var ledger = Ledger()
        ledger.record(input: "survey", stage: "ingest", rowsIn: 10, rowsOut: 9, rejected: [.tooFewCells: 1])
        ledger.record(input: "roster", stage: "ingest", rowsIn: 4, rowsOut: 4)
        ledger.record(input: "survey", stage: "clean", rowsIn: 9, rowsOut: 6, rejected: [.tooManyCells: 3])
        ledger.record(input: "roster", stage: "clean", rowsIn: 4, rowsOut: 4)
        #expect(ledger.balances)
        var lost = ledger
        lost.record(input: "survey", stage: "link", rowsIn: 5, rowsOut: 5)
        #expect(lost.entries.allSatisfy { $0.balances })
        #expect(!lost.balances, "a stage took in 5 rows where the previous one passed on 6")
    }

    @Test func entriesKeepTheOrderTheyWereRecordedIn() {
        var ledger = Ledger()
        for (input, stage) in [("b", "ingest"), ("a", "ingest"), ("b", "clean"), ("a", "clean")] {
            ledger.record(input: input, stage: stage, rowsIn: 1, rowsOut: 1)
        }
        #expect(ledger.entries.map { "\($0.input)/\($0.stage)" } == ["b/ingest", "a/ingest", "b/clean", "a/clean"])
    }

    @Test func notesAddToTheLatestEntryOfTheirInputAndStage() {
        var ledger = Ledger()
        ledger.record(input: "survey", stage: "link", rowsIn: 5, rowsOut: 5, noted: ["unmatched": 1])
        ledger.record(input: "roster", stage: "link", rowsIn: 3, rowsOut: 3)
        ledger.note(input: "survey", stage: "link", ["unmatched": 2, "by_name": 4])
        ledger.note(input: "survey", stage: "nowhere", ["unmatched": 9])
        #expect(ledger.entries[0].noted == ["unmatched": 3, "by_name": 4])
        #expect(ledger.entries[1].noted.isEmpty)
        #expect(ledger.entries.count == 2, "a note for a stage never recorded adds no entry")
    }

    @Test func rejectedSumsTheReasonsOfEveryStageOfOneInput() {
        var ledger = Ledger()
        ledger.record(input: "survey", stage: "ingest", rowsIn: 10, rowsOut: 8, rejected: [.tooFewCells: 2])
        ledger.record(
            input: "survey", stage: "clean", rowsIn: 8, rowsOut: 5, rejected: [.tooFewCells: 1, .tooManyCells: 2])
        ledger.record(input: "roster", stage: "ingest", rowsIn: 4, rowsOut: 3, rejected: [.tooManyCells: 1])
        #expect(ledger.rejected(input: "survey") == ["too_few_cells": 3, "too_many_cells": 2])
        #expect(ledger.rejected(input: "roster") == ["too_many_cells": 1])
        #expect(ledger.rejected(input: "absent").isEmpty)
    }

    /// manifest.json carries the ledger under these keys; readers of old manifests rely on them.
    @Test func anEntryIsWrittenWithSnakeCaseKeys() throws {
        var ledger = Ledger()
        ledger.record(input: "survey", stage: "ingest", rowsIn: 2, rowsOut: 1, rejected: [.tooFewCells: 1])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(ledger.entries[0]), as: UTF8.self)
        #expect(
            json
                == #"{"input":"survey","noted":{},"rejected":{"too_few_cells":1},"rows_in":2,"rows_out":1,"stage":"ingest"}"#
        )
        #expect(try JSONDecoder().decode(Ledger.self, from: try JSONEncoder().encode(ledger)) == ledger)
    }
}
