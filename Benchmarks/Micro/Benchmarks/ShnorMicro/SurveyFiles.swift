import Clean
import Foundation
import Yams

/// The instrument and the school register the tool cleans results with, read from the
/// repository's Surveys/ folder as the tool reads them.
enum SurveyFiles {
    /// Surveys/ beside the package this one benchmarks (found from this file's place).
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ShnorMicro
        .deletingLastPathComponent()  // Benchmarks
        .deletingLastPathComponent()  // Micro
        .deletingLastPathComponent()  // Benchmarks
        .deletingLastPathComponent()  // the repository
        .appendingPathComponent("Surveys")

    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return try YAMLDecoder().decode(type, from: text)
    }

    /// Results in two points, both in one row.
    static func instrument() throws -> Instrument {
        let instrument = try decode(Instrument.self, "student-results-both-points.yaml")
        try instrument.check()
        return instrument
    }

    static func register() throws -> SchoolRegister {
        try decode(SchoolRegister.self, "schools.yaml")
    }
}
