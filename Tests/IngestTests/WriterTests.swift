import Foundation
import Testing
@testable import Ingest

@Suite("Writers")
struct WriterTests {
    func written(_ body: (OutputFile) throws -> Void) throws -> [UInt8] {
        let path = try temporaryFile([], name: "out.csv")
        let output = try OutputFile(path: path)
        try body(output)
        try output.commit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func csvIsExcelFriendlyAndFormulaSafe() throws {
        let bytes = try written { output in
            let writer = try CSVTableWriter(output: output)
            try writer.writeRow(["ФИО", "Балл", "Комментарий"])
            try writer.writeRow(["=СУММ(A1:A9)", "-5", "+7 (912) 000"])
            try writer.writeRow(["@cmd", "4,5", "с ; точкой\nи \"кавычкой\""])
        }
        let expected = [0xEF, 0xBB, 0xBF] + Array((
            "ФИО;Балл;Комментарий\r\n"
            + "'=СУММ(A1:A9);-5;'+7 (912) 000\r\n"
            + "'@cmd;4,5;\"с ; точкой\nи \"\"кавычкой\"\"\"\r\n").utf8)
        #expect(bytes == expected)
    }

    @Test func commitReplacesAndAbandonedOutputLeavesNoTrace() throws {
        let path = try temporaryFile(Array("старое".utf8), name: "out.csv")
        do {
            let output = try OutputFile(path: path)
            try output.write("новое, но не завершённое")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "старое")
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.csv"])
        let output = try OutputFile(path: path)
        try output.write("новое")
        try output.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "новое")
    }

    @Test func jsonEscapesControlCharacters() {
        var out: [UInt8] = []
        let text = "a\"b\\c\nd\te\u{1}ё"
        Array(text.utf8).withUnsafeBytes { JSONRowsWriter.appendString($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\te\u0001ё""#)
    }
}
