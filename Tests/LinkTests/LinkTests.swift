import Testing

@testable import Link

@Suite("Linking people across waves")
struct LinkTests {
    @Test(
        "names read in every usual spelling",
        arguments: [
            ("Иванова Анна Петровна", "иванова|анна|петровна"),
            ("  ИВАНОВА   анна петровна ", "иванова|анна|петровна"),
            ("Иванова А.П.", "иванова|а|п"),
            ("Иванова А. П.", "иванова|а|п"),
            ("Иванова АП", "иванова|а|п"),
            ("Ёлкина Алёна", "елкина|алена|"),
            ("Римский-Корсакова Мария", "римский корсакова|мария|"),
        ])
    func names(text: String, key: String) throws {
        #expect(try #require(PersonName(text)).key == key)
    }

    @Test func initialsAreCompatibleWithFullNamesButNotWithOtherNames() throws {
        let full = try #require(PersonName("Иванова Анна Петровна"))
        #expect(full.isCompatible(with: try #require(PersonName("Иванова А.П."))))
        #expect(full.isCompatible(with: try #require(PersonName("иванова анна"))))
        #expect(!full.isCompatible(with: try #require(PersonName("Иванова Алла Петровна"))))
        #expect(!full.isCompatible(with: try #require(PersonName("Иванова Б.П."))))
        #expect(!full.isCompatible(with: try #require(PersonName("Петрова Анна Петровна"))))
    }

    func person(_ name: String, _ school: Int, id: String? = nil) -> WaveLink.Person {
        WaveLink.Person(id: id, name: PersonName(name), school: school)
    }

    @Test func linksByIdThenNameThenInitialsAndLeavesTheRest() {
        let before = [
            person("Иванова Анна Петровна", 1),
            person("Петров Пётр", 1, id: "T-7"),
            person("Сидорова Ольга Ивановна", 2),
            person("Кузнецова А.В.", 2),
            person("Кузнецова Анастасия Викторовна", 2),
            person("Орлова Нина", 3),
        ]
        let after = [
            person("ИВАНОВА  АННА ПЕТРОВНА", 1),
            person("Петров Пётр Сергеевич", 1, id: "T-7"),
            person("Сидорова О.И.", 2),
            person("Кузнецова Алла Викторовна", 2),
            person("Орлова Нина", 4),
            person("Новикова Елена", 3),
        ]
        let link = WaveLink(before: before, after: after)
        #expect(
            link.pairs == [
                .init(before: 0, after: 0, method: .name),
                .init(before: 1, after: 1, method: .id),
                .init(before: 2, after: 2, method: .initials),
            ])
        // «Кузнецова А.В.» fits «Алла Викторовна» of the second wave, but could as well be
        // «Анастасия Викторовна» of its own wave: ambiguous, so nothing is guessed. Орлова moved
        // school: not linked by name alone.
        #expect(link.unmatchedBefore == [3, 4, 5])
        #expect(link.unmatchedAfter == [3, 4, 5])
    }
}

@Suite("Linking two points")
struct PointLinkTests {
    @Test func codesFirstThenNamesUniqueAtBothPoints() {
        var link = PointLink()
        // Kept side: the baseline.
        #expect(link.keep(code: "A1", name: "Иванов Иван", codeScope: "math", nameScope: "s|5А|math") == .kept(0))
        #expect(link.keep(code: "A1", name: "Иванов Иван", codeScope: "rus", nameScope: "s|5А|rus") == .kept(1))
        #expect(
            link.keep(code: "a1", name: "Иванов Иван", codeScope: "math", nameScope: "s|5А|math") == .duplicate(of: 0),
            "codes compare as match keys: case does not matter")
        #expect(link.keep(code: nil, name: "Петрова Анна", codeScope: "math", nameScope: "s|5А|math") == .kept(2))
        #expect(link.keep(code: nil, name: "Сидоров Олег", codeScope: "math", nameScope: "s|5Б|math") == .kept(3))
        #expect(link.keep(code: nil, name: "СИДОРОВ  олег", codeScope: "math", nameScope: "s|5Б|math") == .kept(4))
        #expect(link.ambiguousNames == 1)
        #expect(link.keep(code: "B2", name: "Орлова Ёлка", codeScope: "math", nameScope: "s|6А|math") == .kept(5))
        #expect(link.keep(code: nil, name: "Белов Пётр", codeScope: "math", nameScope: "s|7А|math") == .kept(6))

        // Streamed side: the follow-up.
        #expect(link.match(code: "A1", name: nil, codeScope: "math", nameScope: "", line: 2) == .partner(0, .code))
        #expect(link.match(code: "A1", name: nil, codeScope: "math", nameScope: "", line: 3) == .duplicateOfKept(0))
        #expect(
            link.match(code: nil, name: "ПЕТРОВА  анна", codeScope: "math", nameScope: "s|5А|math", line: 4)
                == .pending(ticket: 0))
        #expect(
            link.match(code: nil, name: "Сидоров Олег", codeScope: "math", nameScope: "s|5Б|math", line: 5) == .none,
            "a name two kept records share links neither")
        #expect(
            link.match(code: "C3", name: "Орлова Елка", codeScope: "math", nameScope: "s|6А|math", line: 6) == .none,
            "both have codes and they differ: the name does not overrule them")
        #expect(
            link.match(code: nil, name: "Орлова Елка", codeScope: "math", nameScope: "s|6А|math", line: 7)
                == .pending(ticket: 1))
        #expect(
            link.match(code: "C3", name: nil, codeScope: "math", nameScope: "", line: 8)
                == .duplicateOfStreamed(line: 6))
        #expect(link.match(code: "A1", name: nil, codeScope: "rus", nameScope: "", line: 9) == .partner(1, .code))
        #expect(
            link.match(code: nil, name: "Белов Пётр", codeScope: "math", nameScope: "s|7А|math", line: 10)
                == .pending(ticket: 2))
        #expect(
            link.match(code: "D4", name: "Белов Петр", codeScope: "math", nameScope: "s|7А|math", line: 11)
                == .pending(ticket: 3),
            "the kept record has no code, so the name may link it")
        // Орлова Ёлка's name is on two follow-up records (lines 6 and 7), Белов Пётр's too (10, 11):
        // only Петрова Анна's link stands.
        #expect(link.settle() == [2, nil, nil, nil])
        #expect((link.linkedByCode, link.linkedByName) == (2, 1))
        #expect((0..<link.count).filter { !link.isPaired($0) } == [3, 4, 5, 6])
        #expect(link.code(of: 0) == "a1" && link.code(of: 2) == nil)
    }

    /// Codes of digits are held as words: they link, repeat and list as codes as bytes do.
    @Test func codesOfDigitsLinkAsTheirMatchKeys() {
        var link = PointLink()
        #expect(link.keep(code: "0012", name: nil, codeScope: "math", nameScope: "") == .kept(0))
        #expect(
            link.keep(code: "12", name: nil, codeScope: "math", nameScope: "") == .kept(1),
            "leading zeros make another code")
        #expect(
            link.keep(code: "12.", name: nil, codeScope: "math", nameScope: "") == .duplicate(of: 1),
            "«12.» keys as «12»")
        #expect(link.keep(code: "12", name: nil, codeScope: "rus", nameScope: "") == .kept(2))
        #expect(
            link.keep(code: "123456789012345678", name: nil, codeScope: "math", nameScope: "") == .kept(3),
            "too long for a word")
        #expect(link.keep(code: nil, name: "Котов Кирилл", codeScope: "math", nameScope: "s|5А|math") == .kept(4))
        #expect(link.code(of: 0) == "0012" && link.code(of: 2) == "12" && link.code(of: 3) == "123456789012345678")

        // Another part of the same file numbers the scopes the other way round.
        var later = PointLink()
        #expect(later.keep(code: "77", name: nil, codeScope: "rus", nameScope: "") == .kept(0))
        #expect(later.keep(code: "0012", name: nil, codeScope: "rus", nameScope: "") == .kept(1))
        #expect(!later.sharesCode(with: link) && !link.sharesCode(with: later))
        var joined = link
        let joinedAll = joined.append(kept: later)
        #expect(joinedAll && joined.count == 7)
        #expect(joined.code(of: 6) == "0012")
        #expect(later.keep(code: "12", name: nil, codeScope: "rus", nameScope: "") == .kept(2))
        #expect(later.sharesCode(with: link) && link.sharesCode(with: later), "«12» in «rus» is in both")
        var repeated = link
        let appended = repeated.append(kept: later)
        #expect(!appended)

        #expect(joined.match(code: "012", name: nil, codeScope: "math", nameScope: "", line: 2) == .none)
        #expect(joined.match(code: "0012", name: nil, codeScope: "rus", nameScope: "", line: 3) == .partner(6, .code))
        #expect(joined.match(code: " 12 ", name: nil, codeScope: "math", nameScope: "", line: 4) == .partner(1, .code))
        #expect(
            joined.match(code: "12", name: nil, codeScope: "history", nameScope: "", line: 5) == .none,
            "a scope the kept side never had")
        #expect(
            joined.match(code: "12", name: nil, codeScope: "history", nameScope: "", line: 6)
                == .duplicateOfStreamed(line: 5))
        #expect(
            joined.match(code: "012.", name: nil, codeScope: "math", nameScope: "", line: 7)
                == .duplicateOfStreamed(line: 2))
        #expect(
            joined.match(code: "123456789012345678", name: nil, codeScope: "math", nameScope: "", line: 8)
                == .partner(3, .code))
        #expect(
            joined.match(code: "77", name: "Котов Кирилл", codeScope: "rus", nameScope: "s|5А|math", line: 9)
                == .partner(5, .code))
    }

    typealias Record = (code: String?, name: String?, scope: String)

    static let keptRecords: [Record] = [
        ("101", "Иванов Иван", "math"), ("101", "Иванов Иван", "rus"), (nil, "Петрова Анна", "math"),
        ("X-7", nil, "math"),
        (nil, "Сидоров Олег", "math"), ("202", "Орлова Ёлка", "math"), (nil, "Белов Пётр", "rus"), ("303", nil, "rus"),
    ]
    static let streamedRecords: [Record] = [
        ("101", nil, "math"), (nil, "петрова анна", "math"), ("x-7", nil, "math"), ("999", "Сидоров Олег", "math"),
        ("101", nil, "rus"), (nil, "Белов Петр", "rus"), ("404", nil, "rus"), ("202", "Орлова Елка", "math"),
    ]

    /// Links by code and by unique name as one pass over both sides finds them.
    static func links(kept: [[Record]], streamed: [[Record]]) -> (
        settled: [Int?], byCode: Int, byName: Int, paired: [Bool]
    )? {
        var link = PointLink()
        for part in kept {
            var partLink = PointLink()
            for record in part {
                _ = partLink.keep(
                    code: record.code, name: record.name, codeScope: record.scope, nameScope: "s|" + record.scope)
            }
            if kept.count == 1 { link = partLink } else if !link.append(kept: partLink) { return nil }
        }
        let before = link
        var line = 1
        for part in streamed {
            var partLink = before
            for record in part {
                line += 1
                _ = partLink.match(
                    code: record.code, name: record.name, codeScope: record.scope, nameScope: "s|" + record.scope,
                    line: line)
            }
            if streamed.count == 1 {
                link = partLink
            } else if !link.absorb(streamed: partLink, from: before) {
                return nil
            }
        }
        let settled = link.settle()
        return (settled, link.linkedByCode, link.linkedByName, (0..<link.count).map(link.isPaired))
    }

    /// The kept side kept in two parts, and the streamed side matched in two parts, then joined
    /// in file order, link what one pass links, wherever the parts are cut.
    @Test func partsJoinedInFileOrderLinkAsOnePass() throws {
        let whole = try #require(Self.links(kept: [Self.keptRecords], streamed: [Self.streamedRecords]))
        #expect(whole.byCode == 4 && whole.byName == 3, "\(whole)")
        for keptCut in 0...Self.keptRecords.count {
            for streamedCut in 0...Self.streamedRecords.count {
                let kept = [Array(Self.keptRecords[..<keptCut]), Array(Self.keptRecords[keptCut...])]
                let streamed = [
                    Array(Self.streamedRecords[..<streamedCut]), Array(Self.streamedRecords[streamedCut...]),
                ]
                let parts = try #require(Self.links(kept: kept, streamed: streamed))
                #expect(
                    parts.settled == whole.settled && parts.paired == whole.paired, "cut at \(keptCut), \(streamedCut)")
                #expect(parts.byCode == whole.byCode && parts.byName == whole.byName)
            }
        }
    }

    /// A record repeated across two parts — kept twice, paired twice, or an unmatched code met
    /// twice — cannot simply be joined: one pass would turn the second away.
    @Test func aRepeatAcrossPartsIsNotJoined() {
        #expect(Self.links(kept: [[("101", nil, "math")], [("101", nil, "math")]], streamed: [[]]) == nil)
        #expect(
            Self.links(kept: [[("101", nil, "math")]], streamed: [[("101", nil, "math")], [("101", nil, "math")]])
                == nil)
        #expect(
            Self.links(kept: [[("101", nil, "math")]], streamed: [[("555", nil, "math")], [("555", nil, "math")]])
                == nil)
        #expect(
            Self.links(kept: [[("101", nil, "math")]], streamed: [[("101", nil, "math")], [("101", nil, "rus")]]) != nil
        )
    }
}

@Suite("The linking rule")
struct LinkRuleTests {
    /// A name links only where one side lacks a code, and only a name no other kept record has.
    @Test func aNameMayLinkOnlyWhereACodeIsMissing() {
        #expect(LinkRule.nameMayLink(keptNameIsUnique: true, keptHasCode: false, streamedHasCode: false))
        #expect(LinkRule.nameMayLink(keptNameIsUnique: true, keptHasCode: true, streamedHasCode: false))
        #expect(LinkRule.nameMayLink(keptNameIsUnique: true, keptHasCode: false, streamedHasCode: true))
        #expect(
            !LinkRule.nameMayLink(keptNameIsUnique: true, keptHasCode: true, streamedHasCode: true),
            "two codes: two people")
        #expect(
            !LinkRule.nameMayLink(keptNameIsUnique: false, keptHasCode: false, streamedHasCode: false),
            "a name two kept records share")
    }

    /// A proposed link by name stands when the name was on one follow-up record and the kept
    /// record found no partner by code.
    @Test func aLinkByNameStandsWhenTheNameIsUniqueAtTheFollowUp() {
        #expect(LinkRule.nameLinkStands(streamedWithName: 1, keptPairedByCode: false))
        #expect(!LinkRule.nameLinkStands(streamedWithName: 2, keptPairedByCode: false))
        #expect(!LinkRule.nameLinkStands(streamedWithName: 1, keptPairedByCode: true))
    }
}
