import Foundation
import Measures
import Testing

@testable import Pipeline

/// `results.json`: the one model writes what readers take back, hides suppressed figures unless
/// asked, and its reader refuses what is not a results file of this schema.
@Suite("results.json")
struct ResultsDocumentTests {
    static let document = ResultsDocument(
        pipeline: "november", title: "Удовлетворённость", period: "2023-11",
        measures: [
            ResultsDocument.measure(
                id: "overall", label: "Удовлетворены", definition: "доля «скорее» и «полностью»",
                share: Share(numerator: 40, denominator: 50), target: 0.7, unit: .person, population: "programme",
                groups: [
                    (["school": "СОШ № 1"], Share(numerator: 30, denominator: 35), false),
                    (["school": "ООШ Пасынок"], Share(numerator: 3, denominator: 4), true),
                ])
        ],
        tables: [
            .init(
                id: "t", label: "Таблица", columns: ["a", "b", "c", "d"],
                rows: [[.text("x"), .integer(3), .number(0.25), .null]])
        ])

    static func encoded(_ document: ResultsDocument, revealing: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if revealing { encoder.userInfo[ResultsDocument.revealing] = true }
        return try encoder.encode(document)
    }

    @Test func whatIsWrittenReadsBack() throws {
        let read = try ResultsDocument.decode(try Self.encoded(Self.document), file: "results.json")
        #expect(read.schema == "shnor.results/1" && read.pipeline == "november" && read.period == "2023-11")
        let measure = try #require(read.measures.first)
        #expect(
            measure.numerator == 40 && measure.denominator == 50 && measure.target == 0.7
                && measure.status == .achievedWithinMargin
        )
        #expect(measure.definitionSHA256 == Self.document.measures[0].definitionSHA256)
        #expect(measure.groups.map(\.numerator) == [30, nil], "the suppressed group's figures are not published")
        #expect(measure.groups.map(\.suppressed) == [false, true])
        #expect(read.tables.first?.rows == [[.text("x"), .integer(3), .number(0.25), .null]])
        // Written again, the bytes are the same.
        #expect(try Self.encoded(read) == Self.encoded(Self.document))
    }

    @Test func revealingWritesTheSuppressedFigures() throws {
        let read = try ResultsDocument.decode(try Self.encoded(Self.document, revealing: true), file: "x")
        #expect(read.measures.first?.groups.map(\.numerator) == [30, 3])
        #expect(read.measures.first?.groups.last?.suppressed == true)
    }

    @Test func olderFilesWithoutDefinitionHashOrTablesAreRead() throws {
        let json =
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 1, "denominator": 2}]}"#
        let read = try ResultsDocument.decode(Data(json.utf8), file: "old.json")
        #expect(read.tables.isEmpty)
        #expect(read.measures.first?.definition == nil)
        #expect(read.measures.first?.definitionSHA256 == Digest.sha256(Data()))
        #expect(read.measures.first?.groups.isEmpty == true)
    }

    @Test(arguments: [
        (
            #"{"schema": "shnor.results/2", "pipeline": "p", "title": "t", "period": "2024", "measures": []}"#,
            "схема «shnor.results/2»"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 3, "denominator": 2}]}"#,
            "числитель 3 вне знаменателя 2"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 3, "denominator": 9, "groups": [{"by": {"school": "А"}, "numerator": -1, "denominator": 4, "suppressed": false}]}]}"#,
            "группа «school = А»: число -1 вне допустимого"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 3, "denominator": 9, "groups": [{"by": {"school": "А"}, "numerator": 5, "denominator": 12, "suppressed": false}]}]}"#,
            "группа «school = А»: знаменатель 12 больше знаменателя показателя 9"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 3, "denominator": 9, "groups": [{"by": {"school": "А"}, "numerator": 5, "denominator": 4, "suppressed": false}]}]}"#,
            "группа «school = А»: числитель 5 вне знаменателя 4"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 3, "denominator": 9, "groups": [{"by": {"school": "А"}, "numerator": 5, "denominator": null, "suppressed": false}]}]}"#,
            "указан только числитель или только знаменатель"
        ),
        (
            #"{"schema": "shnor.results/1", "pipeline": "p", "title": "t", "period": "2024", "measures": [{"id": "m", "label": "М", "numerator": 9007199254740993, "denominator": 9007199254740993}]}"#,
            "число 9007199254740993 вне допустимого (от 0 до 9007199254740992)"
        ),
        (#"{"schema": "shnor.results/1", "title": "t"}"#, "это не results.json"),
        ("[1, 2]", "это не results.json"),
    ])
    func faultsAreInputErrorsNamingTheFile(json: String, expected: String) throws {
        do {
            _ = try ResultsDocument.decode(Data(json.utf8), file: "district/results.json")
            Issue.record("accepted: \(json)")
        } catch {
            let message = String(describing: error)
            #expect(message.contains(expected) && message.contains("district/results.json"), "\(message)")
        }
    }

    @Test func aMissingFileIsAnInputError() {
        #expect(throws: (any Error).self) { try ResultsDocument.read("/nonexistent/results.json") }
    }

    @Test func anOverflowingSumNamesTheFile() {
        #expect(throws: (any Error).self) {
            try ResultsMerge.total([("a.json", Int.max - 1), ("b.json", 2)], of: "m")
        }
        do {
            _ = try ResultsMerge.total([("a.json", Int.max - 1), ("b.json", 2)], of: "m")
        } catch {
            #expect(String(describing: error).contains("b.json"), "\(error)")
        }
        #expect((try? ResultsMerge.total([("a.json", 2), ("b.json", 3)], of: "m")) == 5)
    }
}
