import Testing

@testable import Ingest

/// The one escaping of CSV cells, in its two quotings.
@Suite("CSV quoting")
struct CSVQuotingTests {
    func cell(_ text: String, _ quoting: CSVTableWriter.Quoting, delimiter: Character = ";") -> String {
        String(
            decoding: CSVTableWriter.cell(text, delimiter: delimiter.asciiValue ?? 0, quoting: quoting), as: UTF8.self)
    }

    @Test func spreadsheetCellsAreQuotedAndNeutralisedAsNeeded() {
        #expect(cell("Иванов", .spreadsheet) == "Иванов")
        #expect(cell("a;b", .spreadsheet) == "\"a;b\"")
        #expect(cell("a,b", .spreadsheet) == "a,b")
        #expect(cell("a,b", .spreadsheet, delimiter: ",") == "\"a,b\"")
        #expect(cell("say \"hi\"", .spreadsheet) == "\"say \"\"hi\"\"\"")
        #expect(cell("two\nlines", .spreadsheet) == "\"two\nlines\"")
        #expect(cell(" edge", .spreadsheet) == "\" edge\"" && cell("edge ", .spreadsheet) == "\"edge \"")
        #expect(cell("=1+1", .spreadsheet) == "'=1+1")
        #expect(cell("@cmd", .spreadsheet) == "'@cmd")
        #expect(cell("\tx", .spreadsheet) == "'\tx")
        #expect(cell("\rx", .spreadsheet) == "\"'\rx\"")
        #expect(cell("-5", .spreadsheet) == "-5" && cell("+3,5", .spreadsheet) == "+3,5")
        #expect(cell("-x", .spreadsheet) == "'-x")
        #expect(cell("", .spreadsheet) == "")
    }

    /// Issue 18, class 6: full-width signs, and signs after spaces of any kind, run as formulas too.
    /// The writer's byte-by-byte spaces are exactly Unicode's space separators (and U+FEFF): every
    /// scalar of the Basic Multilingual Plane, and the ones past it, checked against the tables.
    @Test func leadingSpacesAreTheUnicodeSpaceSeparators() {
        var wrong: [String] = []
        for value in UInt32(0x20)...UInt32(0x10FFFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let bytes = Array(String(scalar).utf8)
            let expected = scalar.properties.generalCategory == .spaceSeparator || scalar == "\u{FEFF}"
            let width = bytes.withUnsafeBytes { CSVTableWriter.leadingSpaceWidth($0, at: 0) }
            if (width != nil) != expected || width.map({ $0 != bytes.count }) == true {
                wrong.append("U+\(String(value, radix: 16, uppercase: true))")
            }
        }
        #expect(wrong.isEmpty, "\(wrong)")
    }

    @Test func fullWidthSignsAndSignsAfterSpacesAreNeutralised() {
        #expect(cell("＝1+1", .spreadsheet) == "'＝1+1")
        #expect(cell("＋x", .spreadsheet) == "'＋x" && cell("－x", .spreadsheet) == "'－x")
        #expect(cell("＠cmd", .spreadsheet) == "'＠cmd")
        #expect(cell("\u{00A0}=1+1", .spreadsheet) == "'\u{00A0}=1+1")
        #expect(cell("\u{3000}\u{2003}@x", .spreadsheet) == "'\u{3000}\u{2003}@x")
        #expect(cell(" =1+1", .spreadsheet) == "\"' =1+1\"")
        #expect(cell("\u{202F}-x", .spreadsheet) == "'\u{202F}-x")
        #expect(cell("\u{00A0}-5", .spreadsheet) == "\u{00A0}-5" && cell("\u{00A0}", .spreadsheet) == "\u{00A0}")
        #expect(cell("a\u{00A0}=b", .spreadsheet) == "a\u{00A0}=b" && cell("５", .spreadsheet) == "５")
    }

    /// As other systems export: quotes only where the cell needs them, nothing neutralised.
    @Test func exportCellsAreOnlyQuoted() {
        #expect(cell("=1+1", .export) == "=1+1")
        #expect(cell("-x", .export) == "-x")
        #expect(cell(" edge ", .export) == " edge ")
        #expect(cell("a;b", .export) == "\"a;b\"")
        #expect(cell("a\r\nb", .export) == "\"a\r\nb\"")
        #expect(cell("say \"hi\"", .export) == "\"say \"\"hi\"\"\"")
    }
}
