import Foundation
import Testing

@testable import Clean
@testable import Ingest

/// Result exports read through their instrument: marks, scores, the empty values real exports
/// carry, classes, subjects, and the rows turned away with the cell at fault.
@Suite("Result cleaning")
struct ResultCleanerTests {
    static let register = SchoolRegister(schools: [
        .init(id: "a", name: "МКОУ СОШ № 2", aliases: ["СОШ №2"], programme: true),
        .init(id: "b", name: "МКОУ ООШ п. Пасынок", programme: true),
    ])

    static let instrument = Instrument(
        id: "results", title: "results",
        scales: [
            "subjects": Scale(
                categories: [
                    Category(label: "Математика"), Category(label: "Русский язык", synonyms: ["Русский яз."]),
                ],
                ordered: false)
        ],
        columns: [
            Column(id: "code", role: .personId, header: HeaderPattern(text: "Код")),
            Column(id: "name", role: .respondent, header: HeaderPattern(text: "ФИО"), required: false),
            Column(id: "school", role: .school, header: HeaderPattern(text: "ОО")),
            Column(id: "class", role: .schoolClass, header: HeaderPattern(text: "Класс")),
            Column(id: "subject", role: .subject, header: HeaderPattern(text: "Предмет"), scale: "subjects"),
            Column(id: "mark", role: .mark, header: HeaderPattern(text: "Отметка")),
            Column(
                id: "journal", role: .journalMark, header: HeaderPattern(text: "Отметка по журналу"), required: false),
            Column(id: "tasks", role: .tasks, header: HeaderPattern(pattern: #"^\d+( \d+)?$"#), required: false),
        ])

    /// Each fixture row and what it must become: a mark (0 = «н/а», nil = no value) or a rejection.
    static let rows: [(line: String, expected: Expected)] = [
        (
            "101,Иванов Иван,СОШ №2,5 а,Математика,5,4,1,2",
            .record(mark: 5, journal: 4, schoolClass: "5А", subject: "Математика", tasks: [1, 2])
        ),
        (
            "102,,мкоу сош № 2,5-А,русский яз.,н/а,нет отметки,Х,Х",
            .record(mark: 0, journal: nil, schoolClass: "5А", subject: "Русский язык", tasks: [nil, nil])
        ),
        (
            "103,,МКОУ ООШ п. Пасынок,6б, Математика , - ,-,0,\"1,5\"",
            .record(mark: nil, journal: nil, schoolClass: "6Б", subject: "Математика", tasks: [0, 1.5])
        ),
        ("104,,СОШ №2,5А,Математика,7,4,1,1", .rejected(.badMark, column: 6)),
        ("105,,СОШ №2,5А,Математика,4,отл,1,1", .rejected(.badMark, column: 7)),
        ("106,,СОШ №2,5А,Математика,4,4,много,1", .rejected(.badScore, column: 8)),
        ("107,,СОШ № 7 г. Серова,5А,Математика,4,4,1,1", .rejected(.unknownSchool, column: 3)),
        ("108,,СОШ №2,5А,Физика,4,4,1,1", .rejected(.unknownAnswer, column: 5)),
        (",,СОШ №2,5А,Математика,4,4,1,1", .rejected(.missingIdentity, column: 1)),
        ("110,,,5А,Математика,4,4,1,1", .rejected(.missingSchool, column: 3)),
        ("111,,СОШ №2,5А,,4,4,1,1", .rejected(.missingSubject, column: 5)),
    ]

    enum Expected {
        case record(mark: Int?, journal: Int?, schoolClass: String, subject: String, tasks: [Double?])
        case rejected(Rejection.Reason, column: Int)
    }

    @Test func everyFixtureRowBecomesWhatItShould() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shnor-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("results.csv")
        let text =
            (["Код,ФИО,ОО,Класс,Предмет,Отметка,Отметка по журналу,1,2"] + Self.rows.map(\.line)).joined(
                separator: "\n") + "\n"
        try Data(text.utf8).write(to: file)
        let reader = try TableReader(path: file.path)
        var cleaner: ResultCleaner?
        var outcomes: [ResultCleaner.Outcome] = []
        try reader.read(onRow: { row in
            if cleaner == nil {
                cleaner = try ResultCleaner(
                    binding: InstrumentBinding(instrument: Self.instrument, header: row.header, file: file.path),
                    register: Self.register, point: .post)
            }
            if let outcome = cleaner?.clean(row) { outcomes.append(outcome) }
        })
        #expect(outcomes.count == Self.rows.count)
        for (outcome, (line, expected)) in zip(outcomes, Self.rows) {
            switch (outcome, expected) {
            case let (.record(record), .record(mark, journal, schoolClass, subject, tasks)):
                let read: Int? =
                    switch record.points[1].mark {
                    case .mark(let value): value
                    case .notAssessed: 0
                    case nil: nil
                    }
                #expect(read == mark, "\(line)")
                #expect(record.points[0].isEmpty, "a file of one point fills only that point")
                #expect(record.journalMark == journal, "\(line)")
                #expect(record.schoolClass == schoolClass && record.grade == Int(schoolClass.prefix(1)), "\(line)")
                #expect(record.subject == subject, "\(line)")
                #expect(record.taskScores == tasks, "\(line)")
            case let (.rejected(rejection), .rejected(reason, column)):
                #expect(rejection.reason == reason, "\(line)")
                #expect(rejection.detail.hasPrefix("столбец \(column) "), "\(line): \(rejection.detail)")
            default:
                Issue.record("\(line): got \(outcome)")
            }
        }
    }

    @Test(
        "numbers with a decimal comma or point, and nothing else",
        arguments: [
            ("12", 12.0), (" 3,5 ", 3.5), ("0.25", 0.25), ("-2", -2.0), ("", nil), ("1,", nil), (",5", nil),
            ("1.2.3", nil), ("12б", nil),
        ] as [(String, Double?)])
    func numbers(text: String, value: Double?) {
        var bytes = Array(text.utf8)
        let parsed = bytes.withUnsafeMutableBytes { ResultCleaner.number(UnsafeRawBufferPointer($0)) }
        #expect(parsed == value)
    }

    @Test(
        "classes",
        arguments: [
            ("5 а", "5А", 5), ("11-Б", "11Б", 11), ("5ё", "5Е", 5), ("5 «А»", "5А", 5), ("7", "7", 7), ("5a", "5А", 5),
            ("10 B", "10В", 10), ("коррекционный", nil, nil), ("=1+1", nil, nil), ("11Иванов", nil, nil),
            ("0А", nil, nil),
            ("12А", nil, nil), ("05А", nil, nil), ("5АБ", nil, nil), ("5 а б", nil, nil), ("5q", nil, nil),
        ] as [(String, String?, Int?)])
    func classes(text: String, label: String?, grade: Int?) {
        let read = ResultCleaner.readClass(text)
        #expect(read?.label == label && read?.grade == grade, "\(text)")
    }

    /// The fast path for ASCII and basic Cyrillic must give the general path's key, character for
    /// character; it leaves only words mixing Latin and Cyrillic letters (look-alikes to fold) to it.
    @Test func theFastMatchKeyAgreesWithTheGeneralOne() {
        let alphabet = Array("АБВЁЖЯабвёжяЀЏѐџAZaz09 .,;:-–—«»„“”’№()\u{00A0}\t\r\n/\\\"'")
        var state: UInt64 = 0x5EED
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let fast = MatchKey.fast(text)
            let mixed = text.split { !$0.isLetter && !$0.isNumber && $0 != "(" && $0 != ")" }.contains { word in
                word.contains { $0.isASCII && $0.isLetter } && word.contains { !$0.isASCII && $0.isLetter }
            }
            #expect(fast != nil || mixed, "«\(text)»")
            #expect(fast == nil || fast == MatchKey.general(text), "«\(text)»")
        }
        // Every letter the Cyrillic table holds, and the ones past it, alone and between others.
        for scalar in 0x0400...0x047F {
            let letter = String(Character(Unicode.Scalar(UInt32(scalar))!))
            for text in [letter, "Ж" + letter + " я", "(" + letter + ")"] {
                #expect(MatchKey.of(text) == MatchKey.general(text), "U+\(String(scalar, radix: 16)) in «\(text)»")
            }
        }
        #expect(MatchKey.fast("Ελλάδα") == nil, "other scripts take the general path")
        #expect(MatchKey.of("Ελλάδα") == "ελλάδα")
    }
}
