/// Recognises files that are neither text exports nor workbooks (``WorkbookFormat``), so the
/// analyst hears what they are.
enum FileSignature {
    /// A Russian explanation when `sample` starts like a known binary format; nil for text.
    static func binaryFormat(of sample: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { sample.starts(with: magic) }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            return "это ZIP-архив (или документ Office), а не CSV: распакуйте его или выгрузите данные в CSV"
        }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "это изображение PNG, а не CSV" }
        if starts([0xFF, 0xD8, 0xFF]) { return "это изображение JPEG, а не CSV" }
        if starts(Array("%PDF".utf8)) { return "это документ PDF, а не CSV: нужна выгрузка данных в CSV" }
        if starts([0x1F, 0x8B]) { return "это сжатый файл gzip, а не CSV: распакуйте его" }
        return nil
    }

    /// True when more than 1 % of the sample are control bytes no text export holds
    /// (NUL and the C0 controls other than tab, line breaks, form feed and escape).
    static func isBinary(_ sample: [UInt8]) -> Bool {
        guard !sample.isEmpty else { return false }
        let controls = sample.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains($0) }.count
        return controls * 100 > sample.count
    }
}
