import Foundation
import Testing

@testable import Ingest

/// The survey rows every `enc-*.csv` fixture carries (see generate.py).
let surveyHeader = ["ФИО", "Школа", "Должность", "Удовлетворённость"]
let surveyRows = [
    ["Иванова Анна Петровна", "МАОУ СОШ 1 п. Сосьва", "учитель", "Полностью удовлетворена"],
    ["Ёлкин Пётр Ильич", "СОШ 2", "заместитель директора", "Скорее удовлетворён"],
    ["Яковлева Юлия", "школа 3", "учитель-предметник", "Затрудняюсь ответить"],
]

@Suite("Encodings")
struct EncodingTests {
    @Test(
        "each encoding is detected and read into the same rows",
        arguments: [
            ("enc-utf8.csv", TextEncoding.utf8, DetectedEncoding.Method.utf8Structure),
            ("enc-utf8-bom.csv", .utf8, .byteOrderMark),
            ("enc-utf16le-bom.csv", .utf16LE, .byteOrderMark),
            ("enc-utf16be-bom.csv", .utf16BE, .byteOrderMark),
            ("enc-windows-1251.csv", .windows1251, .uchardet),
            ("enc-koi8-r.csv", .koi8R, .uchardet),
            ("enc-cp866.csv", .cp866, .uchardet),
            ("enc-x-mac-cyrillic.csv", .macCyrillic, .uchardet),
        ])
    func detectsAndReads(file: String, encoding: TextEncoding, method: DetectedEncoding.Method) throws {
        let result = try readFixture(file)
        #expect(result.summary.encoding.encoding == encoding)
        #expect(result.summary.encoding.method == method)
        #expect(result.summary.encoding.confidence >= DetectedEncoding.trustworthyConfidence)
        #expect(result.header == surveyHeader)
        #expect(result.rows == surveyRows)
        #expect(result.lines == [2, 3, 4])
    }

    @Test func declaredEncodingOverridesDetection() throws {
        let declared = try readFixture("enc-windows-1251.csv", options: .init(encoding: .koi8R))
        #expect(declared.summary.encoding == DetectedEncoding(encoding: .koi8R, confidence: 1, method: .declared))
        #expect(declared.rows.count == 3)
        #expect(declared.rows != surveyRows, "windows-1251 bytes read as KOI8-R give other letters")
        #expect(CyrillicPlausibility.score(declared.rows.flatMap { $0 }.joined(separator: " ")) < 0.5)
    }

    @Test func declaredUTF8StillSkipsTheByteOrderMark() throws {
        let result = try readFixture("enc-utf8-bom.csv", options: .init(encoding: .utf8))
        #expect(result.header.first == "ФИО")
    }

    @Test func invalidUTF8IsAnErrorNamingLineAndColumn() throws {
        let error = ingestError { _ = try readFixture("invalid-utf8.csv") }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
        #expect(error?.description.contains("invalid-utf8.csv, строка 3, столбец 2: байт 0xFF") == true)
    }

    @Test func invalidUTF8InsideAMultiLineFieldNamesItsOwnLine() throws {
        let bytes = Array("Код;Текст\n1;\"первая\nвторая ".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        let error = ingestError { _ = try readTable(temporaryFile(bytes), options: .init(encoding: .utf8)) }
        #expect(error?.kind == .invalidUTF8)
        #expect(error?.line == 3)
    }

    @Test func byteInvalidInTheCodePageIsAnError() throws {
        // 0x98 is the one byte windows-1251 leaves undefined.
        let bytes = Array("a;b\n1;2\n".utf8) + [0x33, 0x3B, 0x98, 0x0A]
        let error = ingestError { _ = try readTable(temporaryFile(bytes), options: .init(encoding: .windows1251)) }
        #expect(error?.kind == .undecodableBytes)
        #expect(error?.line == 3)
        #expect(error?.column == 2)
    }

    @Test func utf16WithoutByteOrderMarkIsRecognised() throws {
        var bytes: [UInt8] = []
        for unit in "Школа;Балл\nСОШ 1;4\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = try readTable(temporaryFile(bytes))
        #expect(result.summary.encoding.encoding == .utf16LE)
        #expect(result.summary.encoding.method == .zeroBytePattern)
        #expect(result.rows == [["СОШ 1", "4"]])
    }

    @Test func asciiIsReadAsUTF8WithFullConfidence() {
        let detected = EncodingDetector.detect(Array("a,b\n1,2\n".utf8), sampleIsWholeFile: true)
        #expect(detected == DetectedEncoding(encoding: .utf8, confidence: 1, method: .asciiOnly))
    }

    @Test("a few short rows are enough to tell the code pages apart", arguments: TextEncoding.cyrillicCodePages)
    func shortSamples(encoding: TextEncoding) throws {
        let text = "Школа;Ответ\nСОШ 1;Скорее удовлетворена\n"
        let bytes = try #require(Transcoder.encodeForTest(text, to: encoding))
        let detected = EncodingDetector.detect(bytes, sampleIsWholeFile: true)
        #expect(detected.encoding == encoding)
    }

    @Test func plausibilityTellsRightFromWrongDecoding() {
        #expect(CyrillicPlausibility.score("Полностью удовлетворена, СОШ") > 0.8)
        #expect(CyrillicPlausibility.score("пОЛНОСТЬЮ уДОВЛЕТВОРЕНА") == 0, "case swapped inside words")
        // «школа полностью удовлетворена» in KOI8-R, read as windows-1251: upper case, so the right shape, but the wrong letters.
        let koi8AsWindows = "ЫЛПМБ РПМОПУФША ХДПЧМЕФЧПТЕОБ"
        #expect(CyrillicPlausibility.wordShapeScore(koi8AsWindows) == 1)
        #expect(CyrillicPlausibility.score(koi8AsWindows) < 0.6)
        #expect(CyrillicPlausibility.score("ascii only") == 1)
    }

    @Test func namesAnalystsTypeAreUnderstood() {
        #expect(TextEncoding(name: "CP1251") == .windows1251)
        #expect(TextEncoding(name: "windows-1251") == .windows1251)
        #expect(TextEncoding(name: "IBM866") == .cp866)
        #expect(TextEncoding(name: "MAC-CYRILLIC") == .macCyrillic)
        #expect(TextEncoding(name: "x-mac-cyrillic") == .macCyrillic)
        #expect(TextEncoding(name: "KOI8-R") == .koi8R)
        #expect(TextEncoding(name: "latin1") == .iso88591)
        #expect(TextEncoding(name: "cp1252") == .windows1252)
        #expect(TextEncoding(name: "ISO-8859-2")?.iconvName == "ISO-8859-2")
        #expect(TextEncoding(name: "no-such-code") == nil)
    }
}

extension Transcoder {
    /// Encodes UTF-8 text into `encoding` with iconv, for building test input.
    static func encodeForTest(_ text: String, to encoding: TextEncoding) -> [UInt8]? {
        guard let descriptor = iconv_open(encoding.iconvName, "UTF-8"), descriptor != iconv_t(bitPattern: -1) else {
            return nil
        }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4)
        var inLeft = input.count
        var outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer = inBuffer.baseAddress
                var outPointer = outBuffer.baseAddress
                return iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        guard result != -1 else { return nil }
        return output[..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
    }
}
