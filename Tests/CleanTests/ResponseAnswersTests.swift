import Foundation
import Testing

@testable import Clean
@testable import Ingest

/// The compact answers of a response and the cache of spellings the survey cleaner reads through.
@Suite("Response answers and spelling caches")
struct ResponseAnswersTests {
    static func response(_ readings: [Scale.Reading]) -> Response {
        var answers = AnswerList(capacity: readings.count)
        for reading in readings { answers.append(reading) }
        return Response(
            origin: Origin(file: "анкета.csv", line: 2), timestamp: nil, respondentName: nil, respondentKey: nil,
            school: nil, position: nil, subject: nil, personId: nil, stage: nil, answers: answers, choices: [:],
            texts: [:])
    }

    @Test func everyReadingSurvivesItsByte() {
        let readings: [Scale.Reading] = [.category(0), .category(249), .nonSubstantive, .blank, .unknown, .category(3)]
        let response = Self.response(readings)
        #expect(response.answers == readings)
        #expect(response.answerCodes?.count == readings.count)
        #expect(readings.indices.allSatisfy { response.answer(at: $0) == readings[$0] })
    }

    @Test func aCategoryPastAByteKeepsEveryAnswerWide() {
        // A scale of 300 categories: the 251st category must not read as a blank.
        let readings: [Scale.Reading] = [.category(1), .blank, .category(251), .nonSubstantive, .category(299)]
        let response = Self.response(readings)
        #expect(response.answerCodes == nil)
        #expect(response.answers == readings)
        #expect(readings.indices.allSatisfy { response.answer(at: $0) == readings[$0] })
    }

    @Test func aContinuationKeepsTheAnswers() {
        var response = Self.response([.category(2), .blank, .category(260)])
        response.absorb(
            Response.Continuation(
                origin: Origin(file: "анкета.csv", line: 3), choices: [:], texts: ["t": "ещё"], cells: []))
        #expect(response.answers == [.category(2), .blank, .category(260)])
        #expect(response.texts["t"] == "ещё")
    }

    @Test func blankSubmissionsAreToldInEitherForm() {
        var compact = AnswerList(capacity: 2)
        compact.append(.blank)
        compact.append(.blank)
        #expect(compact.allBlank)
        var wide = compact
        wide.append(.category(400))
        #expect(!wide.allBlank)
        #expect(wide.codes.isEmpty && wide.wide == [.blank, .blank, .category(400)])
    }

    /// Spellings met in turn, again and again, and more of them than the cache keeps: each is
    /// read as its own, never as the spelling met before it or one kept at another place.
    @Test func theCacheReadsEachSpellingAsItsOwn() {
        var cache = SpellingCache<Int>()
        var reads = 0
        let spellings = (0..<(SpellingCache<Int>.limit + 500)).map { "ответ \($0)" }
        for round in 0..<2 {
            for (index, spelling) in spellings.enumerated() {
                var text = spelling
                let value = text.withUTF8 { bytes in
                    cache.reading(UnsafeRawBufferPointer(bytes), using: index) { expected, _ in
                        reads += 1
                        return expected
                    }
                }
                #expect(value == index, "раунд \(round), написание \(spelling)")
            }
        }
        // The first round reads every spelling; the second only those past the limit.
        #expect(reads == spellings.count + 500)
        // Two spellings in turn (a grid's columns): each found again without being read.
        reads = 0
        for _ in 0..<3 {
            for index in [0, 1, 0, 0, 1] {
                var text = spellings[index]
                let value = text.withUTF8 { bytes in
                    cache.reading(UnsafeRawBufferPointer(bytes), using: index) { expected, _ in
                        reads += 1
                        return expected
                    }
                }
                #expect(value == index)
            }
        }
        #expect(reads == 0)
    }
}
