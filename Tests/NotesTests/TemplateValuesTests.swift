import Foundation
import Testing

@testable import Notes

/// Typed template contexts reach Mustache as the dictionaries it always read: numbers stay
/// numbers, booleans open sections, an absent optional is a missing key.
@Suite("Typed template contexts")
struct TemplateValuesTests {
    struct Row: Encodable {
        let label: String
        let count: Int
    }

    struct Context: Encodable {
        let title: String
        let k: Int
        let share: Double
        let shown: Bool
        let hidden: Bool
        let targetText: String?
        let rows: [Row]
        let tables: [String: String]

        enum CodingKeys: String, CodingKey {
            case title, k, share, shown, hidden, targetText = "target_text", rows, tables
        }
    }

    struct Extra: Encodable {
        let gapText: String

        enum CodingKeys: String, CodingKey { case gapText = "gap_text" }
    }

    static let context = Context(
        title: "Справка", k: 5, share: 0.25, shown: true, hidden: false, targetText: nil,
        rows: [Row(label: "А", count: 1), Row(label: "Б", count: 2)], tables: ["likert_a": "| x |"])

    @Test func valuesKeepTheirSwiftTypes() throws {
        let values = try TemplateValues.of(Self.context)
        #expect(values["title"] as? String == "Справка")
        #expect(values["k"] as? Int == 5)
        #expect(values["share"] as? Double == 0.25)
        #expect(values["shown"] as? Bool == true)
        #expect(values["hidden"] as? Bool == false)
        #expect(values.keys.contains("target_text") == false)
        let rows = try #require(values["rows"] as? [Any])
        #expect((rows.first as? [String: Any])?["count"] as? Int == 1)
        #expect((values["tables"] as? [String: Any])?["likert_a"] as? String == "| x |")
    }

    @Test func aJoinHasTheKeysOfBoth() throws {
        let values = try TemplateValues.of(TemplateJoin(Self.context, Extra(gapText: "3,0 п. п.")))
        #expect(values["gap_text"] as? String == "3,0 п. п.")
        #expect(values["title"] as? String == "Справка")
    }

    @Test func keyPathsNameEveryKeyOfTheValue() throws {
        let paths = try TemplateValues.keyPaths(of: Self.context)
        #expect(
            paths == [
                "title", "k", "share", "shown", "hidden", "rows", "rows.label", "rows.count", "tables",
                "tables.likert_a",
            ])
    }

    /// The same template renders the typed context as it rendered the dictionary it replaces.
    @Test func aTypedContextRendersAsItsDictionary() throws {
        let template = try NoteTemplate(
            path: "t.md",
            text: """
                # {{title}} (k = {{k}})
                {{#shown}}видно{{/shown}}{{#hidden}}скрыто{{/hidden}}{{^target_text}} без цели{{/target_text}}
                {{#rows}}- {{label}}: {{count}}
                {{/rows}}{{{tables.likert_a}}}
                """)
        let dictionary: [String: Any] = [
            "title": "Справка", "k": 5, "share": 0.25, "shown": true, "hidden": false,
            "rows": [["label": "А", "count": 1], ["label": "Б", "count": 2]] as [[String: Any]],
            "tables": ["likert_a": "| x |"],
        ]
        let typed = try NoteRenderer(template: template).render(title: "Справка", context: Self.context, charts: [:])
        let untyped = try NoteRenderer(template: template).render(title: "Справка", context: dictionary, charts: [:])
        #expect(typed.markdown == untyped.markdown)
        #expect(typed.html == untyped.html)
        #expect(typed.markdown.contains("- Б: 2"))
        #expect(typed.markdown.contains("видно без цели"))
    }
}
