import Notes
import Testing

@testable import Pipeline

/// The recording decoder behind strict configuration: the keys a type asks for are the only
/// keys a file may have, at any depth, through lists, dictionaries, custom decoders and merges.
@Suite("Keys asked of a configuration file")
struct AskedKeysTests {
    struct Item: Decodable, Equatable {
        var name: String
        var weight: Double?
    }

    /// A bare string or `{name, weight}`, as a scale's category is written.
    struct Flexible: Decodable, Equatable {
        var name: String

        enum CodingKeys: String, CodingKey { case name }

        init(name: String) { self.name = name }

        init(from decoder: any Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self.name = name
                return
            }
            name = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .name)
        }
    }

    struct Document: Decodable, Equatable {
        var title: String
        var items: [Item]
        var groups: [String: [Flexible]]?
    }

    func decode(_ text: String) throws -> Document {
        try YAMLFile.decode(Document.self, text: text, path: "x.yaml")
    }

    @Test func everyKeyTheTypesAskForIsAccepted() throws {
        let document = try decode(
            """
            title: T
            items:
              - {name: a, weight: 1}
              - name: b
            groups:
              any key at all: [one, {name: two}]
            """)
        #expect(document.items == [Item(name: "a", weight: 1), Item(name: "b")])
        #expect(document.groups?["any key at all"] == [Flexible(name: "one"), Flexible(name: "two")])
    }

    @Test(
        arguments: [
            ("title: T\nitems:\n  - {name: a, wieght: 1}\n", 3, "«wieght» в «items[0]» — может быть, «weight»?"),
            ("title: T\ntitel: U\nitems: []\n", 2, "«titel» на верхнем уровне файла — может быть, «title»?"),
            (
                "title: T\nitems: []\ngroups:\n  g: [{name: x, nmae: y}]\n", 4,
                "«nmae» в «groups.g[0]» — может быть, «name»?"
            ),
            (
                "title: T\nitems: []\nzzz: 1\n", 3,
                "«zzz» на верхнем уровне файла; здесь допустимы: title, items, groups"
            ),
        ])
    func anUnaskedKeyIsNamedWithItsLine(text: String, line: Int, message: String) throws {
        #expect {
            try decode(text)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.line == line && error.message.contains("неизвестный ключ " + message)
        }
    }

    @Test func mergedKeysAreReadAndCheckedAtTheAnchor() throws {
        let document = try decode(
            "title: T\nitems:\n  - &base {name: a, weight: 2}\n  - <<: *base\n    name: b\n")
        #expect(document.items == [Item(name: "a", weight: 2), Item(name: "b", weight: 2)])
        #expect {
            try decode("title: T\nitems:\n  - &base {name: a, wieght: 2}\n  - <<: *base\n    name: b\n")
        } throws: { error in
            (error as? ConfigurationError)?.line == 3
        }
    }

    @Test func aValueOfTheWrongKindSaysWhatWasWanted() throws {
        #expect {
            try decode("title: T\nitems:\n  - {name: a, weight: тяжёлый}\n")
        } throws: { error in
            (error as? ConfigurationError)?.message == "ключ «items[0].weight»: нужно число, а записано «тяжёлый»"
        }
    }

    @Test func nearestNamesByOptimalStringAlignment() {
        #expect(NearestName.distance("scael", "scale") == 1)
        #expect(NearestName.distance("targt", "target") == 1)
        #expect(NearestName.distance("max_reject_rat", "max_reject_rate") == 1)
        #expect(NearestName.distance("", "abc") == 3)
        #expect(NearestName.nearest(to: "synonym", in: ["label", "synonyms"]) == "synonyms")
        #expect(NearestName.nearest(to: "k", in: ["id"]) == nil)
    }
}
