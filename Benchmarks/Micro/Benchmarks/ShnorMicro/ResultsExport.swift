import Foundation

/// A results export with both points in each row (Surveys/student-results-both-points.yaml),
/// written to a temporary file: UTF-8, commas, one row per student and subject.
///
/// Each benchmark runs in a process of its own, which writes the file in its setup (unmeasured)
/// and removes it in its teardown.
struct ResultsExport {
    static let header = [
        "Код обучающегося", "ФИО обучающегося", "ОО", "Класс", "Предмет", "Отметка (осень)", "Отметка (март)",
    ]
    /// Rows of the file: a benchmark's figures are per row when its scaling factor is this.
    static let rows = 1_000_000

    /// The file of this process.
    static var path: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shnor-micro-\(getpid()).csv").path
    }

    /// Writes the file (the same bytes on every run) and returns its path.
    static func write() throws -> String {
        let path = Self.path
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? file.close() }
        var chunk = Data()
        func append(_ cells: [String]) throws {
            chunk.append(contentsOf: cells.joined(separator: ",").utf8)
            chunk.append(0x0A)
            if chunk.count >= 1 << 20 {
                try file.write(contentsOf: chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        try append(header)
        for number in 0..<rows / 2 {
            let student = SyntheticStudent(number: number)
            for result in student.results {
                try append([
                    student.code, student.name, student.school, student.schoolClass, result.subject, result.before,
                    result.after,
                ])
            }
        }
        try file.write(contentsOf: chunk)
        return path
    }

    static func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
