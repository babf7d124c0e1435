import Foundation
import Testing

extension SilentMistake {
    static let resultsRoot = ShnorProcess.packageRoot.path

    /// The shipped March 2024 results pipeline with absolute paths, changed by `change`, in `folder`.
    static func resultsPipeline(in folder: URL, _ change: (String) -> String = { $0 }) throws -> String {
        let text = try String(contentsOfFile: resultsRoot + "/Pipelines/march-2024-results.yaml", encoding: .utf8)
            .replacingOccurrences(of: "../Surveys/", with: resultsRoot + "/Surveys/")
            .replacingOccurrences(
                of: "template: march-2024-results.note.md",
                with: "template: \(resultsRoot)/Pipelines/march-2024-results.note.md")
        let url = folder.appendingPathComponent("pipeline.yaml")
        try Data(change(text).utf8).write(to: url)
        return url.path
    }

    /// The March sample with `edit` applied to every data row's cells (header kept), in `folder`.
    static func marchExport(in folder: URL, _ edit: ([String]) -> [String]) throws -> String {
        let text = try String(contentsOfFile: resultsRoot + "/Surveys/samples/results-march-2024.csv", encoding: .utf8)
        let rows = referenceRows(text, delimiter: ",")
        let edited = [rows[0]] + rows.dropFirst().map(edit)
        let url = folder.appendingPathComponent("results-march.csv")
        try Data((edited.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    /// The arguments of a run of the results pipeline whose March export has `value` in every
    /// row's `column`, the pipeline changed by `change`.
    static func marchRun(in folder: URL, column: Int, value: String, _ change: (String) -> String) throws
        -> [String]
    {
        let export = try marchExport(in: folder) { row in
            var row = row
            row[column] = value
            return row
        }
        let pipeline = try resultsPipeline(in: folder) {
            change($0.replacingOccurrences(of: resultsRoot + "/Surveys/samples/results-march-2024.csv", with: export))
        }
        return ["run", pipeline, "--out", folder.appendingPathComponent("out").path]
    }

    static let studentResults: [SilentMistake] = [
        SilentMistake(
            name: "a results export whose school column matches no school of the register",
            setUp: { folder in
                try marchRun(in: folder, column: 2, value: "Гимназия № 99") {
                    $0.replacingOccurrences(of: "max_reject_rate: 0.05", with: "max_reject_rate: 1")
                }
            }, status: 1,
            messages: ["ни одно значение столбца школы не совпало со школами реестра", "знаменатель пуст"],
            files: [("out/note.md", "ни одно значение столбца школы не совпало")]),
        SilentMistake(
            name: "a class breakdown over exports whose class cells are all blank",
            setUp: { folder in try marchRun(in: folder, column: 3, value: "") { $0 } }, status: 1,
            messages: ["разбивка results.breakdowns: class пуста"],
            files: [("out/manifest.json", "empty_column"), ("out/note.md", "разбивка results.breakdowns: class пуста")]),
        SilentMistake(
            name: "a register that marks no school as a programme school (the headline would count every school)",
            setUp: { folder in
                let register = folder.appendingPathComponent("schools.yaml")
                try Data(
                    try String(contentsOfFile: resultsRoot + "/Surveys/schools.yaml", encoding: .utf8)
                        .replacingOccurrences(of: "programme: true", with: "programme: false").utf8
                ).write(to: register)
                let pipeline = try resultsPipeline(in: folder) {
                    $0.replacingOccurrences(of: resultsRoot + "/Surveys/schools.yaml", with: register.path)
                }
                return ["run", pipeline, "--out", folder.appendingPathComponent("out").path]
            }, status: 1,
            messages: ["«Доля обучающихся ШНОР, повысивших образовательные результаты»: знаменатель пуст"],
            files: [("out/note.md", "знаменатель пуст")]),
    ]
}
