import Ingest
import Measures
import Testing

@testable import Clean
@testable import Pipeline

/// The survey's answers counted per school (``SchoolAnswerTally``): every sum over schools is
/// what counting the same responses one by one gives.
@Suite("Answers tallied per school")
struct SchoolAnswerTallyTests {
    static let slots = 4
    static let schools = 5
    static let categories = 6

    /// Responses with every kind of answer, some without a school, from a fixed seed.
    static func responses(count: Int, seed: UInt64) -> [Response] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { line in
            var answers = AnswerList(capacity: slots)
            for _ in 0..<slots {
                switch next(10) {
                case 0: answers.append(.nonSubstantive)
                case 1: answers.append(.blank)
                case 2: answers.append(.unknown)
                default: answers.append(.category(next(categories)))
                }
            }
            let school = next(schools + 1)
            return Response(
                origin: Origin(file: "анкета.csv", line: line + 2), timestamp: nil, respondentName: nil,
                respondentKey: nil, school: school == schools ? nil : school, position: nil, subject: nil,
                personId: nil, stage: nil, answers: answers, choices: [:], texts: [:])
        }
    }

    /// Adds every response; false when one could not be tallied.
    static func add(_ responses: some Sequence<Response>, to tally: inout SchoolAnswerTally) -> Bool {
        responses.allSatisfy { tally.add($0) }
    }

    static func inBuckets(_ responses: [Response], _ buckets: [Int]) -> [Response] {
        responses.filter { buckets.contains($0.school ?? schools) }
    }

    @Test func sumsOverSchoolsAreTheCountsOfTheirResponses() throws {
        let responses = Self.responses(count: 500, seed: 7)
        var tally = try #require(
            SchoolAnswerTally(slots: Self.slots, categories: Self.categories, schools: Self.schools))
        #expect(Self.add(responses, to: &tally))
        #expect(tally.total == responses.count)
        for buckets in [[0], [1, 3], [0, 1, 2, 3, 4], [5], [0, 1, 2, 3, 4, 5], []] {
            let members = Self.inBuckets(responses, buckets)
            #expect(tally.respondents(in: buckets) == members.count)
            for slot in 0..<Self.slots {
                // A table reads every slot on its first slot's scale: fewer categories than the most.
                for categories in [Self.categories, 3, 0] {
                    #expect(
                        tally.distribution(slot: slot, categories: categories, in: buckets)
                            == SurveyAnalysis.distributions(slots: [slot], categories: categories, members)[0])
                }
                let answered = members.filter {
                    if case .category = $0.answer(at: slot) { return true }
                    return false
                }
                #expect(tally.answeredWithCategory(slot: slot, in: buckets) == answered.count)
                #expect(tally.unreadable(slot: slot, in: buckets) == members.filter { $0.unreadableAnswer(slot) }.count)
            }
        }
    }

    @Test func partsAddUpToTheWhole() throws {
        let responses = Self.responses(count: 300, seed: 11)
        var whole = try #require(
            SchoolAnswerTally(slots: Self.slots, categories: Self.categories, schools: Self.schools))
        var first = whole
        var second = whole
        #expect(Self.add(responses, to: &whole))
        #expect(Self.add(responses.prefix(120), to: &first))
        #expect(Self.add(responses.dropFirst(120), to: &second))
        first.add(second)
        let everyBucket = Array(0...Self.schools)
        #expect(first.total == whole.total)
        for slot in 0..<Self.slots {
            #expect(
                first.distribution(slot: slot, categories: Self.categories, in: everyBucket)
                    == whole.distribution(slot: slot, categories: Self.categories, in: everyBucket))
        }
    }

    @Test func wideAnswersCannotBeTallied() throws {
        var tally = try #require(SchoolAnswerTally(slots: 2, categories: 3, schools: 1))
        var answers = AnswerList(capacity: 2)
        answers.append(.category(1))
        answers.append(.category(300))
        let wide = Response(
            origin: Origin(file: "анкета.csv", line: 2), timestamp: nil, respondentName: nil, respondentKey: nil,
            school: 0, position: nil, subject: nil, personId: nil, stage: nil, answers: answers, choices: [:],
            texts: [:])
        let added = tally.add(wide)
        #expect(!added)
        #expect(tally.total == 0)
        #expect(SchoolAnswerTally(slots: 2, categories: 250, schools: 1) == nil)
    }
}

extension Response {
    /// True when the answer to `slot` is off its scale.
    fileprivate func unreadableAnswer(_ slot: Int) -> Bool { answer(at: slot) == .unknown }
}
