import Foundation
import Ingest
import Measures

/// `manifest.json`: what a run read (paths, sizes, hashes, how each file was decoded), the
/// configuration's hash, the ledger, and the tool's version. No wall-clock time, so the same
/// inputs and configuration give the same bytes.
struct Manifest: Encodable {
    let schema = "shnor.manifest/1"
    let tool: Tool
    let pipeline: String
    let period: String
    let configuration: Configuration
    let inputs: [Input]
    let ledger: [Ledger.Entry]
    let balanced: Bool
    let outputs: [String]
    /// A roll-up: the results.json files it added up.
    var merged: [File]? = nil
    /// The indicators report: the other runs' results.json files it took figures from.
    var sources: [File]? = nil
    /// What the run could not count or read as asked (``RunWarning``); absent when nothing.
    var warnings: [RunWarning]? = nil
    /// Values a scale's `fallback:` read as one of its categories, by input and column (the
    /// ledger's count; empty when no fallback fired). Added in 0.2.0 without a schema change:
    /// readers of `shnor.manifest/1` that do not know the key lose nothing they relied on.
    var fallbackReadings: [Ledger.FallbackReading] = []
    /// What disclosure control hid and what its auditor could still recover (always 0 in a
    /// published run) over every linked table of the run (DESIGN.md §6). Added in 0.3.0 without
    /// a schema change, like `fallback_readings`.
    var disclosureAudit: DisclosureLog.Summary? = nil
    /// Why clean/ was not written (`clean_table:`); absent when it was.
    var cleanTableSkipped: String? = nil

    enum CodingKeys: String, CodingKey {
        case schema, tool, pipeline, period, configuration, inputs, ledger, balanced, outputs, merged, sources
        case warnings, fallbackReadings = "fallback_readings", disclosureAudit = "disclosure_audit"
        case cleanTableSkipped = "clean_table_skipped"
    }

    struct Tool: Encodable {
        let name = "shnor"
        let version: String
    }

    struct Configuration: Encodable {
        let sha256: String
        let files: [File]
    }

    struct File: Encodable {
        let path: String
        let bytes: Int
        let sha256: String
    }

    struct Input: Encodable {
        let id: String
        let kind: String
        let path: String
        let bytes: Int
        let sha256: String
        let encoding: String
        let encodingConfidence: Double
        let encodingMethod: String
        let delimiter: String
        let lineEndings: String
        let headerLine: Int?
        let unusedColumns: [String]
        /// Lines above the header that were skipped (the first 20); absent when none.
        let preambleLines: [Int]?
        /// Lines of the stray quotes repaired (the first 20); absent when none.
        let quoteRepairLines: [Int]?
        /// The workbook sheet read (.xlsx, .xls); absent for a text export.
        var sheet: String? = nil

        enum CodingKeys: String, CodingKey {
            case id, kind, path, bytes, sha256, encoding, encodingConfidence = "encoding_confidence"
            case encodingMethod = "encoding_method", delimiter, lineEndings = "line_endings", headerLine = "header_line"
            case unusedColumns = "unused_columns", preambleLines = "preamble_lines"
            case quoteRepairLines = "quote_repair_lines", sheet
        }
    }
}

/// The tool's version, written into manifests and shown by `--version`.
public let shnorVersion = "0.2.0"

extension Manifest.File {
    /// The file at `path` as the manifest lists a source: its size and SHA-256.
    init(reading path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw IngestError(
                .cannotRead, file: path, detail: "не удалось прочитать файл: \(error.localizedDescription)")
        }
        self.init(path: path, bytes: data.count, sha256: Digest.sha256(data))
    }
}
