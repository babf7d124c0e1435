import Testing

@testable import Clean

/// A scale's `fallback:` is for lists the survey cleaner reads and counts (positions): never on
/// a result export's subjects, whose cleaner does not count it.
@Suite("Scale fallback")
struct ScaleFallbackTests {
    @Test func aFallbackOnTheSubjectsOfAResultExportIsRefused() throws {
        let subjects = Scale(
            categories: [Category(label: "Математика"), Category(label: "Другие")], ordered: false, fallback: "Другие")
        let instrument = Instrument(
            id: "results", title: "results", scales: ["subjects": subjects],
            columns: [
                Column(id: "subject", role: .subject, header: HeaderPattern(text: "Предмет"), scale: "subjects"),
                Column(id: "mark", role: .mark, header: HeaderPattern(text: "Отметка")),
            ])
        #expect(throws: InstrumentError.self) { try instrument.check() }
        var listed = instrument
        listed.scales["subjects"]?.fallback = nil
        try listed.check()
        // A survey reads a subject off its scale as «другое» (counted): its fallback is allowed.
        var survey = instrument
        survey.columns.removeLast()
        try survey.check()
    }

    /// Only a value the scale does not list counts as read by the fallback; the fallback
    /// category's own spelling does not.
    @Test func onlyUnlistedValuesAreReadByTheFallback() throws {
        let positions = try Scale(
            categories: [Category(label: "Учитель"), Category(label: "Другие")], ordered: false, fallback: "Другие"
        ).lookup()
        #expect(positions.read("методист") == .category(1))
        #expect(positions.readsByFallback("методист"))
        #expect(!positions.readsByFallback("Другие"))
        #expect(!positions.readsByFallback("учитель"))
        #expect(!positions.readsByFallback(" "))
    }
}
