import Foundation
import Ingest
import Measures
import Notes

/// Adds up the results of several districts into a regional note (DESIGN.md §4: regional
/// roll-ups read results.json).
///
/// Numerators and denominators are summed, never shares averaged; intervals are recomputed;
/// disclosure control runs again on the merged groups. Files of different pipelines or periods,
/// or a measure whose definition differs between files (same id, different definition hash),
/// are refused, and so is one district's results given twice (the same file, the same bytes or
/// the same figures). Sums are checked for overflow. A group hidden in a district's results.json stays hidden, its figures never
/// published; merging the districts' `private/results-unsuppressed.json` instead (exchanged
/// between offices as personal-data-adjacent files) gives exactly the figures of a run on the
/// whole, with disclosure control applied once, on the merged groups.
public enum ResultsMerge {
    public static func run(paths: [String], outputFolder: String, k: Int, templatePath: String?) throws
        -> PipelineRun.Summary
    {
        guard paths.count >= 2 else {
            throw ConfigurationError(file: paths.first ?? "", "для свода нужны хотя бы два файла results.json")
        }
        guard k >= 5 else {
            throw ConfigurationError(file: paths[0], "--k \(k): порог подавления малых групп не может быть ниже 5")
        }
        let files = try paths.map { (path: $0, results: try ResultsDocument.read($0)) }
        let first = files[0].results
        for (path, results) in files.dropFirst() {
            guard results.pipeline == first.pipeline, results.period == first.period else {
                throw IngestError(
                    .cannotRead, file: path,
                    detail:
                        "это результаты «\(results.pipeline)» за \(results.period), а сводятся «\(first.pipeline)» за \(first.period)"
                )
            }
        }
        let digests = try paths.map { try Digest.sha256(file: $0) }
        try refuseRepeats(files, digests: digests)
        var order: [String] = []
        var parts: [String: [(path: String, measure: ResultsDocument.MeasureResult)]] = [:]
        for (path, results) in files {
            for measure in results.measures {
                if parts[measure.id] == nil { order.append(measure.id) }
                parts[measure.id, default: []].append((path, measure))
            }
        }
        let disclosure = DisclosureControl(threshold: k)
        var measures: [ResultsDocument.MeasureResult] = []
        for id in order {
            let found = parts[id] ?? []
            guard let reference = found.first else { continue }
            for (path, measure) in found where measure.definitionSHA256 != reference.measure.definitionSHA256 {
                throw IngestError(
                    .cannotRead, file: path,
                    detail:
                        "показатель «\(id)» определён иначе, чем в \(reference.path) (другой хеш определения) — такие показатели не складываются"
                )
            }
            guard found.count == files.count else {
                throw IngestError(
                    .cannotRead,
                    file: files.first { file in !found.contains { $0.path == file.path } }?.path ?? paths[0],
                    detail: "нет показателя «\(id)», который есть в \(reference.path)")
            }
            let share = Share(
                numerator: try total(found.map { ($0.path, $0.measure.numerator) }, of: id),
                denominator: try total(found.map { ($0.path, $0.measure.denominator) }, of: id))
            measures.append(
                ResultsDocument.measure(
                    id: id, label: reference.measure.label, definition: reference.measure.definition ?? "",
                    share: share, target: reference.measure.target, unit: reference.measure.unit,
                    population: reference.measure.population, census: reference.measure.census,
                    // Rows left uncounted add up like the figures, when every file tracks them.
                    uncounted: found.allSatisfy { $0.measure.uncounted != nil }
                        ? found.reduce(0) { $0 + ($1.measure.uncounted ?? 0) } : nil,
                    groups: try mergedGroups(
                        found.map { (path: $0.path, groups: $0.measure.groups) }, of: id, disclosure: disclosure)))
        }
        let sources = ResultsDocument.TableResult(
            id: "sources", label: "Сложенные результаты",
            columns: ["file", "title", "measure", "numerator", "denominator", "share"],
            rows: files.flatMap { path, results in
                results.measures.map { measure -> [ResultsDocument.Cell] in
                    [
                        .text(
                            (path as NSString).lastPathComponent == "results.json"
                                ? path : (path as NSString).lastPathComponent), .text(results.title),
                        .text(measure.id), .integer(measure.numerator), .integer(measure.denominator),
                        measure.denominator > 0
                            ? .number(Double(measure.numerator) / Double(measure.denominator)) : .null,
                    ]
                }
            })
        let document = ResultsDocument(
            pipeline: first.pipeline, title: first.title, period: first.period, measures: measures, tables: [sources])
        let template =
            try templatePath.map { ($0, try YAMLFile.readText($0)) } ?? (
                "встроенный шаблон свода", Self.defaultTemplate
            )
        let parsed = try NoteTemplate(path: template.0, text: template.1)
        try PipelineConfiguration.checkTemplateKeys(
            path: template.0, text: template.1, keys: try TemplateKeys.of(Context.self))
        let note = try NoteRenderer(template: parsed, period: first.period)
            .render(
                title: first.title, context: context(document, paths: paths, files: files.map(\.results), k: k),
                charts: [:])
        let lines = measures.map {
            "\($0.label): \(RussianFormat.percent($0.share)) (\($0.numerator) из \($0.denominator))"
        }

        let folder = try OutputFolder(path: outputFolder)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try folder.write("note.md", note.markdown)
            try folder.write("note.html", note.html)
            try folder.write("note.docx", note.docx)
            try folder.write("results.json", String(decoding: try encoder.encode(document), as: UTF8.self) + "\n")
            let merged = zip(paths, digests).map { path, sha256 in
                Manifest.File(
                    path: path, bytes: (try? Data(contentsOf: URL(fileURLWithPath: path)).count) ?? 0, sha256: sha256)
            }
            let outputs = ["note.md", "note.html", "note.docx", "results.json", "manifest.json"]
            let templateBytes = Data(template.1.utf8)
            let manifest = Manifest(
                tool: .init(version: shnorVersion), pipeline: first.pipeline, period: first.period,
                configuration: .init(
                    sha256: Digest.sha256(templateBytes),
                    files: [.init(path: template.0, bytes: templateBytes.count, sha256: Digest.sha256(templateBytes))]),
                inputs: [], ledger: [], balanced: true, outputs: outputs, merged: merged)
            try folder.write("manifest.json", String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n")
            try folder.commit()
            return PipelineRun.Summary(outputs: outputs, lines: lines, warnings: [])
        } catch {
            folder.discard()
            throw error
        }
    }

    /// Refuses one district's results given twice: the same file under two names, the same
    /// bytes, or the same figures (see ``sameFigures(_:_:)``). results.json names no district,
    /// so these are what tells two districts apart.
    static func refuseRepeats(_ files: [(path: String, results: ResultsDocument)], digests: [String]) throws {
        func refuse(_ path: String, _ reason: String, _ earlier: String) -> IngestError {
            IngestError(
                .cannotRead, file: path,
                detail:
                    "\(reason) \(earlier) — результаты одной территории в своде дважды; каждую территорию дайте один раз"
            )
        }
        var places: [String: String] = [:]
        var contents: [String: String] = [:]
        for (index, file) in files.enumerated() {
            let place = URL(fileURLWithPath: file.path).resolvingSymlinksInPath().standardizedFileURL.path
            if let earlier = places[place] { throw refuse(file.path, "это тот же файл, что и", earlier) }
            places[place] = file.path
            if let earlier = contents[digests[index]] {
                throw refuse(file.path, "файл совпадает байт в байт с", earlier)
            }
            contents[digests[index]] = file.path
            if let earlier = files[..<index].first(where: { sameFigures($0.results, file.results) }) {
                throw refuse(file.path, "те же показатели и группы с теми же числами, что в", earlier.path)
            }
        }
    }

    /// Two documents are one district's results — its results.json and its
    /// private/results-unsuppressed.json, say — when they have the same measures (id, definition,
    /// counts), the same groups, at least one group, and the same figures in every group both show.
    /// Without groups equal counts may be chance, so such files are told apart by bytes only.
    static func sameFigures(_ first: ResultsDocument, _ second: ResultsDocument) -> Bool {
        guard first.measures.count == second.measures.count, first.measures.contains(where: { !$0.groups.isEmpty })
        else { return false }
        return zip(first.measures, second.measures).allSatisfy { a, b in
            a.id == b.id && a.definitionSHA256 == b.definitionSHA256 && a.numerator == b.numerator
                && a.denominator == b.denominator && a.groups.count == b.groups.count
                && zip(a.groups, b.groups).allSatisfy { x, y in
                    x.by == y.by
                        && (x.numerator == nil || y.numerator == nil
                            || (x.numerator == y.numerator && x.denominator == y.denominator))
                }
        }
    }

    /// The sum of one count over the files; an overflow is an error naming the file that causes it.
    static func total(_ counts: [(path: String, count: Int)], of measure: String) throws -> Int {
        var sum = 0
        for (path, count) in counts {
            let (next, overflow) = sum.addingReportingOverflow(count)
            guard !overflow else {
                throw IngestError(
                    .cannotRead, file: path,
                    detail: "показатель «\(measure)»: сумма чисел по территориям не помещается в 64 бита")
            }
            sum = next
        }
        return sum
    }

    /// Groups of the same breakdown and label are summed; one hidden anywhere stays hidden; then
    /// disclosure control runs on each merged breakdown.
    static func mergedGroups(
        _ lists: [(path: String, groups: [ResultsDocument.GroupResult])], of measure: String,
        disclosure: DisclosureControl
    ) throws -> [(by: [String: String], share: Share, suppressed: Bool)] {
        var order: [[String: String]] = []
        var sums: [[String: String]: (numerator: Int, denominator: Int, hidden: Bool)] = [:]
        for (path, list) in lists {
            for group in list {
                if sums[group.by] == nil { order.append(group.by) }
                var sum = sums[group.by] ?? (0, 0, false)
                // A file from private/results-unsuppressed.json carries the figures of its hidden groups.
                if let numerator = group.numerator, let denominator = group.denominator {
                    sum.numerator = try total([(path, sum.numerator), (path, numerator)], of: measure)
                    sum.denominator = try total([(path, sum.denominator), (path, denominator)], of: measure)
                } else {
                    sum.hidden = true
                }
                sums[group.by] = sum
            }
        }
        var merged: [(by: [String: String], share: Share, suppressed: Bool)] = []
        let dimensions = order.map { $0.keys.sorted().joined(separator: ",") }
        let distinct = dimensions.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for dimension in distinct {
            let members = order.filter { $0.keys.sorted().joined(separator: ",") == dimension }
            let values = members.map { sums[$0] ?? (0, 0, true) }
            // A group already hidden counts as a small non-empty group, so the complementary rule
            // sees it (a size of 0 would read as an empty group, which hides nothing).
            let hidden = disclosure.suppressed(denominators: values.map { $0.hidden ? 1 : $0.denominator })
            for (index, by) in members.enumerated() {
                let value = values[index]
                let share =
                    value.hidden || value.numerator > value.denominator
                    ? Share(numerator: 0, denominator: 0)
                    : Share(numerator: value.numerator, denominator: value.denominator)
                merged.append((by, share, hidden[index]))
            }
        }
        return merged
    }

    /// What the regional note's template names (the built-in one, or `--template`).
    struct Context: Codable {
        struct Tables: Codable {
            /// The summed measures, as a Markdown table.
            let measures: String
            /// The files summed, with the first measure's figures of each, as a Markdown table.
            let sources: String
        }

        let title: String
        let period: String
        let k: Int
        /// How many results files were summed.
        let parts: Int
        let tables: Tables
    }

    static func context(_ document: ResultsDocument, paths: [String], files: [ResultsDocument], k: Int) -> Context {
        let rows = document.measures.map { measure -> [String] in
            [
                measure.label, "\(measure.numerator) из \(measure.denominator)", RussianFormat.percent(measure.share),
                measure.ci95.map { RussianFormat.percentRange($0[0], $0[1]) } ?? "—",
                measure.target.map { RussianFormat.percent($0, decimals: 0) } ?? "—",
                measure.status.map(MeasureValues.words) ?? "—",
            ]
        }
        let sources = zip(paths, files).enumerated().map { index, file -> [String] in
            let (path, results) = file
            return [String(index + 1), path]
                + document.measures.prefix(1).map { measure in
                    let part = results.measures.first { $0.id == measure.id }
                    return part.map { "\($0.numerator) из \($0.denominator)" } ?? "—"
                }
        }
        return Context(
            title: document.title, period: RussianFormat.period(document.period), k: k, parts: files.count,
            tables: Context.Tables(
                measures: MarkdownTable(
                    columns: ["Показатель", "Числитель и знаменатель", "Доля", "95 % интервал", "Цель", "Итог"],
                    rightAligned: [1, 2, 3, 4], rows: rows
                ).markdown,
                sources: MarkdownTable(
                    columns: ["№", "Файл результатов", document.measures.first?.label ?? ""], rightAligned: [0, 2],
                    rows: sources
                ).markdown))
    }

    /// The regional note's wording when no `--template` is given.
    static let defaultTemplate = """
        # Аналитическая справка

        **{{title}}**

        Свод результатов территорий (файлов результатов: {{parts}})

        {{period}}

        ## 1. Показатели

        Числители и знаменатели результатов территорий сложены (доли не усредняются), доверительные интервалы пересчитаны по методу Уилсона; группы меньше {{k}} человек и группы, скрытые в результатах территорий, не показываются.

        {{{tables.measures}}}

        ## 2. Сложенные результаты

        {{{tables.sources}}}
        """
}
