import Foundation
import Hummingbird
import Notes
import Pipeline

/// A project's notes as a page: each note.html inline (as the run wrote it), the downloads
/// beside it, and each measure's history as a bar chart drawn by the notes' own chart code.
struct NotePage {
    let folder: WorkbenchFolder
    let id: String

    func response() throws -> Response {
        let output = folder.outputFolder(id)
        var notes: [[String: String]] = []
        if FileManager.default.fileExists(atPath: output + "/note.html") {
            notes.append(["name": "Справка", "folder": id + "/"])
        }
        let subfolders = ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).sorted()
        for name in subfolders where name != "private" && WorkbenchFolder.isPlainName(name) {
            if FileManager.default.fileExists(atPath: output + "/" + name + "/note.html") {
                notes.append(["name": name, "folder": id + "/" + name + "/"])
            }
        }
        return Pages.response(
            Pages.render(
                "note", ["id": id, "notes": notes, "charts": charts(output)], title: "Справка \(id)", csrf: nil))
    }

    /// One chart per measure of results.json that the history holds, a bar per period.
    func charts(_ output: String) -> [[String: String]] {
        guard let data = FileManager.default.contents(atPath: output + "/results.json"),
            let results = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let pipeline = results["pipeline"] as? String,
            let history = try? History.existing(root: History.root(of: output))
        else { return [] }
        return ProjectSummary.measures(in: output + "/results.json").compactMap { measure in
            guard let measureID = measure["id"] as? String,
                let series = try? history.series(pipeline: pipeline, measure: measureID), !series.isEmpty
            else { return nil }
            let label = measure["label"] as? String ?? measureID
            let bars = series.map { Charts.Bar(label: $0.period, share: $0.figure.share) }
            return ["svg": Charts.barsWithTarget(title: label, bars: bars, target: measure["target"] as? Double)]
        }
    }
}
