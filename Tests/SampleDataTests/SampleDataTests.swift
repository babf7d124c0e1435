import Foundation
import SampleData
import Testing

/// The samples are deterministic: committed files, benchmark inputs and tests rely on a seed
/// always giving the same numbers and the same bytes.
@Suite("Sample data")
struct SampleDataTests {
    /// SplitMix64's published sequence for seed 0: a changed generator would silently change
    /// every committed sample and benchmark input.
    @Test func theGeneratorKeepsItsSequence() {
        var random = SplitMix64(seed: 0)
        #expect(
            [random.next(), random.next(), random.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
        var first = SplitMix64(seed: 42)
        let peeked = first.peek
        #expect(first.next() == peeked, "peek does not advance")
    }

    @Test func boundedDrawsStayInBounds() {
        var random = SplitMix64(seed: 7)
        for bound in [1, 2, 3, 10, 1_000] {
            for _ in 0..<1_000 { #expect((0..<bound).contains(random.below(bound))) }
        }
        let never = (0..<1_000).filter { _ in random.percent(0) }.count
        let always = (0..<1_000).filter { _ in random.percent(100) }.count
        #expect(never == 0 && always == 1_000)
        #expect(Set((0..<200).map { _ in random.pick(["а", "б", "в"]) }) == ["а", "б", "в"])
    }

    /// The same seed writes the same bytes; another seed writes other bytes.
    @Test func aSeedWritesTheSameBytes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sample-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ name: String, seed: UInt64) throws -> [String: Data] {
            let folder = root.appendingPathComponent(name).path
            let (files, plan, _) = try SampleResults(seed: seed, students: 200, excelBaseline: false).write(to: folder)
            #expect(plan.baselineRows > 0 && plan.followUpRows > 0)
            let (survey, rows) = try SampleSurveyAtScale(seed: seed, respondents: 50, items: 3).write(to: folder)
            #expect(rows == 50)
            return try Dictionary(
                uniqueKeysWithValues: (files + [survey]).map {
                    ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)))
                })
        }
        let first = try write("a", seed: 11)
        #expect(try write("b", seed: 11) == first)
        let other = try write("c", seed: 12)
        #expect(other.keys == first.keys)
        #expect(other != first)
    }
}
