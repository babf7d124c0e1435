import Testing

@testable import Ingest

@Suite("Column profiles")
struct ProfileTests {
    func kind(_ text: String) -> ValueKind {
        var text = text
        return text.withUTF8 { ValueKind.of(UnsafeRawBufferPointer($0)) }
    }

    @Test(
        "cells read as their type",
        arguments: [
            ("42", ValueKind.integer), ("-5", .integer), (" 7 ", .integer),
            ("4,5", .decimalComma), ("4.5", .decimalPoint), ("-0,25", .decimalComma),
            ("25.11.2023", .date), ("2023-11-25", .date), ("25/11/2023", .date), ("2023/11/25", .date),
            ("25.11.2023 10:15:03", .dateTime), ("2023/11/25 10:15:03 AM GMT+5", .dateTime),
            ("2023-11-25T10:15", .dateTime),
            ("32.13.2023", .text), ("4,", .text), (",5", .text), ("5А", .text), ("СОШ 1", .text), ("1 234", .text),
            ("25.11.2023 25:00", .text),
        ])
    func kinds(text: String, expected: ValueKind) {
        #expect(kind(text) == expected)
    }

    func profile(_ values: [String]) -> ColumnProfile {
        var column = ColumnProfile(name: "x")
        for value in values {
            var value = value
            value.withUTF8 { column.add(UnsafeRawBufferPointer($0)) }
        }
        return column
    }

    @Test func countsFilledDistinctAndTopValues() {
        let column = profile(["5", "4", "", "5", " ", "3", "5", "4"])
        #expect(column.nonEmpty == 6)
        #expect(column.distinct == 3)
        #expect(column.isExact)
        #expect(column.topValues(2).map(\.value) == ["5", "4"])
        #expect(column.topValues(2).map(\.count) == [3, 2])
        #expect(column.inferredKind == .integer)
    }

    @Test func typesWidenAndMix() {
        #expect(profile(["4", "4,5"]).inferredKind == .decimalComma)
        #expect(profile(["25.11.2023", "25.11.2023 10:00"]).inferredKind == .dateTime)
        #expect(profile(["4", "нет"]).inferredKind == .text)
        #expect(profile([""]).inferredKind == nil)
    }

    @Test func distinctBeyondTheExactLimitIsEstimated() {
        let count = ColumnProfile.exactLimit * 3
        let column = profile((0..<count).map { "код-\($0)" })
        #expect(!column.isExact)
        let error = abs(Double(column.distinct - count)) / Double(count)
        #expect(error < 0.05, "HyperLogLog with 4096 registers: about 1.6 % standard error")
    }
}
