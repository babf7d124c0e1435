/// How wide text prints in the note's table font (Times New Roman, which LibreOffice replaces by
/// the metric-compatible Liberation Serif), to size a table's columns before Word or LibreOffice
/// lays them out.
///
/// Advance widths in thousandths of an em, read from Liberation Serif 2.1 for printable ASCII and
/// Cyrillic А–я; any other character counts as a wide letter, so an estimate errs wide.
enum TextWidth {
    /// `text`'s width in twentieths of a point at `points` size, bold or regular.
    static func twips(_ text: some StringProtocol, points: Double, bold: Bool) -> Double {
        var thousandths = 0
        for scalar in text.unicodeScalars { thousandths += width(scalar, bold: bold) }
        return Double(thousandths) * points * 20 / 1000
    }

    private static func width(_ scalar: Unicode.Scalar, bold: Bool) -> Int {
        switch scalar.value {
        case 0x20..<0x7F: return (bold ? boldASCII : regularASCII)[Int(scalar.value - 0x20)]
        case 0x410..<0x450: return (bold ? boldCyrillic : regularCyrillic)[Int(scalar.value - 0x410)]
        case 0x401: return bold ? 666 : 610
        case 0x451: return 443
        case 0xAB, 0xBB: return 500
        case 0xA0: return 250
        case 0xB9, 0xB2, 0xB3: return 299
        case 0x2013: return 500
        case 0x2014: return 1000
        case 0x2116: return bold ? 1004 : 954
        default: return bold ? 1000 : 950
        }
    }

    private static let regularASCII: [Int] = [
        250, 333, 408, 500, 500, 833, 777, 180, 333, 333, 500, 563, 250, 333, 250, 277,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 277, 277, 563, 563, 563, 443,
        920, 722, 666, 666, 722, 610, 556, 722, 722, 333, 389, 722, 610, 889, 722, 722,
        556, 722, 666, 556, 610, 722, 722, 943, 722, 722, 610, 333, 277, 333, 469, 500,
        333, 443, 500, 443, 500, 443, 333, 500, 500, 277, 277, 500, 277, 777, 500, 500,
        500, 500, 333, 389, 277, 500, 500, 722, 500, 500, 443, 479, 200, 479, 541,
    ]
    private static let boldASCII: [Int] = [
        250, 333, 555, 500, 500, 1000, 833, 277, 333, 333, 500, 569, 250, 333, 250, 277,
        500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 569, 569, 569, 500,
        930, 722, 666, 722, 722, 666, 610, 777, 777, 389, 500, 777, 666, 943, 722, 777,
        610, 777, 722, 556, 666, 722, 722, 1000, 722, 722, 666, 333, 277, 333, 581, 500,
        333, 500, 556, 443, 556, 443, 333, 500, 556, 277, 333, 556, 277, 833, 556, 500,
        556, 556, 443, 389, 333, 556, 500, 722, 500, 500, 443, 394, 220, 394, 520,
    ]
    private static let regularCyrillic: [Int] = [
        722, 574, 666, 578, 682, 610, 895, 500, 722, 722, 666, 678, 889, 722, 722, 722,
        556, 666, 610, 708, 790, 722, 722, 649, 1008, 1008, 706, 872, 574, 660, 1027, 666,
        443, 508, 472, 410, 508, 443, 690, 395, 535, 535, 485, 499, 632, 535, 500, 535,
        500, 443, 437, 500, 647, 500, 535, 502, 770, 770, 517, 671, 456, 429, 747, 459,
    ]
    private static let boldCyrillic: [Int] = [
        722, 661, 666, 636, 687, 666, 988, 527, 777, 777, 725, 745, 943, 777, 777, 777,
        610, 722, 666, 733, 858, 722, 777, 733, 1098, 1098, 765, 981, 661, 678, 1125, 722,
        500, 500, 540, 454, 505, 443, 725, 401, 576, 576, 576, 561, 681, 576, 500, 576,
        556, 443, 491, 500, 691, 500, 576, 563, 844, 844, 583, 780, 528, 432, 764, 541,
    ]
}
