import Foundation
import GRDB
import Ingest

/// Every run's figures, kept in one SQLite database beside the output folders
/// (`<root>/history.sqlite`, where root is the folder that holds `--out`), keyed by pipeline and
/// period: what the indicators report compares with the previous wave, and `shnor history` lists.
///
/// A rerun of a period replaces that period's figures. Notes read only earlier periods, so a
/// rerun still writes the same bytes.
public struct History: Sendable {
    public struct Wave: Sendable, Equatable {
        public let pipeline: String
        public let period: String
        public let measures: Int
    }

    /// A measure as a wave recorded it.
    public struct Figure: Sendable, Equatable {
        public let id: String
        public let label: String
        public let numerator: Int
        public let denominator: Int
        /// The hash of the measure's definition that period: figures of one definition compare.
        public var definitionSHA256: String? = nil

        public var share: Double? { denominator > 0 ? Double(numerator) / Double(denominator) : nil }
    }

    public let path: String
    private let queue: DatabaseQueue

    /// How long a run waits for another run's write to the history before giving up.
    static let busyTimeout: TimeInterval = 60

    /// The history of the output folders under `root`; created on first use.
    public init(root: String) throws {
        path = (root.isEmpty ? "." : root) + "/history.sqlite"
        do {
            // Runs into sibling folders share this database: a writer waits for another's
            // transaction instead of failing with «database is locked».
            var configuration = GRDB.Configuration()
            configuration.busyMode = .timeout(Self.busyTimeout)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("figures") { db in
                try db.create(table: "figure") { table in
                    table.column("pipeline", .text).notNull()
                    table.column("period", .text).notNull()
                    table.column("measure", .text).notNull()
                    table.column("label", .text).notNull()
                    table.column("numerator", .integer).notNull()
                    table.column("denominator", .integer).notNull()
                    table.column("target", .double)
                    table.column("definition_sha256", .text).notNull()
                    table.primaryKey(["pipeline", "period", "measure"])
                }
            }
            // Two runs creating a new history at once: the one that lost the race finds the
            // table made by the other, and a second pass sees the migration recorded.
            do { try migrator.migrate(queue) } catch { try migrator.migrate(queue) }
        } catch {
            throw IngestError(.cannotOpen, file: path, detail: "не удалось открыть базу истории результатов: \(error)")
        }
    }

    /// The history under `root` if there is one; nil (and nothing created) when there is none,
    /// so reading the history never leaves a file behind a run that then fails.
    public static func existing(root: String) throws -> History? {
        let path = (root.isEmpty ? "." : root) + "/history.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try History(root: root)
    }

    /// Root of an output folder: the folder that holds it.
    public static func root(of outputFolder: String) -> String {
        OutputFolder.split(PipelineConfiguration.normalised(outputFolder)).parent
    }

    func record(_ document: ResultsDocument) throws {
        do {
            try queue.write { db in
                try db.execute(
                    sql: "DELETE FROM figure WHERE pipeline = ? AND period = ?",
                    arguments: [document.pipeline, document.period])
                for measure in document.measures {
                    try db.execute(
                        sql:
                            "INSERT INTO figure (pipeline, period, measure, label, numerator, denominator, target, definition_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        arguments: [
                            document.pipeline, document.period, measure.id, measure.label, measure.numerator,
                            measure.denominator,
                            measure.target, measure.definitionSHA256,
                        ])
                }
            }
        } catch {
            throw IngestError(.cannotOpen, file: path, detail: "не удалось записать результаты в историю: \(error)")
        }
    }

    /// The latest period of the pipeline before `period`, with its figures; nil when there is none.
    public func previous(pipeline: String, before period: String) throws -> (period: String, figures: [Figure])? {
        do {
            return try queue.read { db in
                guard
                    let last = try String.fetchOne(
                        db, sql: "SELECT max(period) FROM figure WHERE pipeline = ? AND period < ?",
                        arguments: [pipeline, period])
                else { return nil }
                let figures = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT measure, label, numerator, denominator FROM figure WHERE pipeline = ? AND period = ? ORDER BY rowid",
                    arguments: [pipeline, last]
                ).map { row in
                    Figure(
                        id: row["measure"], label: row["label"], numerator: row["numerator"],
                        denominator: row["denominator"])
                }
                return (last, figures)
            }
        } catch {
            throw IngestError(.cannotRead, file: path, detail: "не удалось прочитать историю результатов: \(error)")
        }
    }

    /// Every pipeline and period stored, with how many measures each has.
    public func waves() throws -> [Wave] {
        do {
            return try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT pipeline, period, count(*) AS measures FROM figure GROUP BY pipeline, period ORDER BY pipeline, period"
                )
                .map { Wave(pipeline: $0["pipeline"], period: $0["period"], measures: $0["measures"]) }
            }
        } catch {
            throw IngestError(.cannotRead, file: path, detail: "не удалось прочитать историю результатов: \(error)")
        }
    }

    /// A measure's figures across the stored periods of a pipeline, earliest first.
    public func series(pipeline: String, measure: String) throws -> [(period: String, figure: Figure)] {
        do {
            return try queue.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT period, measure, label, numerator, denominator, definition_sha256 FROM figure WHERE pipeline = ? AND measure = ? ORDER BY period",
                    arguments: [pipeline, measure]
                ).map { row in
                    (
                        row["period"],
                        Figure(
                            id: row["measure"], label: row["label"], numerator: row["numerator"],
                            denominator: row["denominator"], definitionSHA256: row["definition_sha256"])
                    )
                }
            }
        } catch {
            throw IngestError(.cannotRead, file: path, detail: "не удалось прочитать историю результатов: \(error)")
        }
    }
}
