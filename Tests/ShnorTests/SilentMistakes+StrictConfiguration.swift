import Foundation

extension SilentMistake {
    /// The configuration mistakes of ``StrictConfigurationTests`` (misspelt keys, `period:
    /// 2023-13`, a value of the wrong kind, a template key the context lacks): `shnor validate`
    /// exits with status 2 naming the file, the line and the nearest valid key.
    static let strictConfiguration: [SilentMistake] = StrictConfigurationTests.mistakes.map { mistake in
        let line = (try? StrictConfigurationTests.line(of: mistake)).map { "строка \($0)" } ?? "строка "
        let place = "\(mistake.file.rawValue), " + (mistake.line ? line : "строка ")
        return SilentMistake(
            name: "strict configuration: \(mistake.name)",
            setUp: { folder in
                let (pipeline, _) = try StrictConfigurationTests.fixture(mistake.file, in: folder) { text in
                    text.replacingOccurrences(of: mistake.find, with: mistake.replace)
                }
                return ["validate", pipeline.path]
            }, status: 2, messages: [place, mistake.message])
    }
}
