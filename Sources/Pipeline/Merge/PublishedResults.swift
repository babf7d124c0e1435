import Foundation
import Ingest

/// A `results.json` (schema `shnor.results/1`) as another run published it: what roll-ups and
/// the indicators report read. Suppressed groups come with null figures.
struct PublishedResults: Decodable {
    struct Measure: Decodable {
        let id: String
        let label: String
        let definition: String?
        let definitionSHA256: String?
        let numerator: Int
        let denominator: Int
        let target: Double?
        let groups: [Group]?

        enum CodingKeys: String, CodingKey {
            case id, label, definition, definitionSHA256 = "definition_sha256", numerator, denominator, target, groups
        }

        /// The definition's hash as published, or computed from its text for files written before the hash was.
        var definitionKey: String { definitionSHA256 ?? Digest.sha256(Data((definition ?? "").utf8)) }
    }

    struct Group: Decodable {
        let by: [String: String]
        let numerator: Int?
        let denominator: Int?
        let suppressed: Bool
    }

    let schema: String
    let pipeline: String
    let title: String
    let period: String
    let measures: [Measure]

    /// Reads and checks a results.json; a fault is an input error naming the file.
    static func read(_ path: String) throws -> PublishedResults {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(.cannotOpen, file: path, detail: "нет файла результатов — сначала запустите конвейер, который его пишет")
        }
        let published: PublishedResults
        do { published = try JSONDecoder().decode(PublishedResults.self, from: data) } catch {
            throw IngestError(.cannotRead, file: path, detail: "это не results.json shnor: \(error)")
        }
        guard published.schema == "shnor.results/1" else {
            throw IngestError(.cannotRead, file: path, detail: "схема «\(published.schema)», а читается shnor.results/1")
        }
        for measure in published.measures where measure.numerator < 0 || measure.numerator > measure.denominator {
            throw IngestError(.cannotRead, file: path, detail: "показатель «\(measure.id)»: числитель \(measure.numerator) вне знаменателя \(measure.denominator)")
        }
        return published
    }
}
