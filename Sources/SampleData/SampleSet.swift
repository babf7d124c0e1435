import Foundation

/// All the sample data of `Surveys/samples/`, with one README that counts what was planted.
public enum SampleSet {
    public static func write(to folder: String, seed: UInt64) throws -> [String] {
        let survey = try SampleSurvey(seed: seed).write(to: folder)
        let selfAssessment = try SampleSelfAssessment(seed: seed).write(to: folder)
        let results = try SampleResults(seed: seed).write(to: folder)
        let registers = try SampleRegisters(seed: seed).write(to: folder)
        let observation = try SampleObservation(seed: seed).write(to: folder)
        let readme = """
            # Sample data

            Written by `shnor generate samples --seed \(seed) --out Surveys/samples` (deterministic: the same
            seed writes the same bytes). Every person is invented.

            \(survey.readme)
            \(selfAssessment.readme)
            \(results.readme)
            \(registers.readme)
            \(observation.readme)
            """
        try Data(readme.utf8).write(to: URL(fileURLWithPath: folder + "/README.md"))
        var files: [String] = survey.files + selfAssessment.files
        files += results.files + registers.files
        return files + observation.files + ["README.md"]
    }
}
