import Clean
import Foundation
import Ingest
import Measures
import Notes

extension PipelineRun {
    /// A questionnaire: measures and tables of one wave, coverage against the roster.
    static func runSurvey(_ configuration: PipelineConfiguration, outputFolder: String?) throws -> Summary {
        let spec = configuration.spec
        var ledger = Ledger()
        var (survey, kept) = try readResponses(configuration.responsesInput, configuration, ledger: &ledger)
        for measure in spec.measures where measure.kind == .topBox {
            guard survey.binding.slots.contains(where: { $0.id == measure.item }) else {
                throw ConfigurationError(
                    file: survey.path,
                    "в выгрузке нет столбца вопроса «\(measure.item ?? "")», по которому считается показатель «\(measure.id)»"
                )
            }
        }
        let roster = try readRoster(configuration, ledger: &ledger)
        var link: RosterLink?
        if let roster {
            let made = configuration.stage(.link) {
                RosterLink(roster: roster.responses, responses: kept, isStaff: roster.isSchoolStaff)
            }
            link = made
            ledger.record(
                input: survey.input.id, stage: "link", rowsIn: kept.count, rowsOut: kept.count,
                noted: ["not_on_roster": made.unmatched.count])
        }
        let analysis = configuration.stage(.count) {
            SurveyAnalysis(configuration: configuration, survey: survey, kept: kept, link: link)
        }
        var measured = ["in_programme_schools": analysis.programmeRespondents]
        if !analysis.freeTexts.isEmpty {
            measured["masked_names"] = analysis.masked.names
            measured["masked_emails"] = analysis.masked.emails
            measured["masked_phones"] = analysis.masked.phones
        }
        ledger.record(
            input: survey.input.id, stage: "measure", rowsIn: kept.count, rowsOut: kept.count, noted: measured)
        try checkLedger(ledger, configuration)

        // Continuation rows joined to a submission are not submissions: not read, not lost.
        let rowsRead = survey.submissionsRead
        let warnings =
            [tolerance(configuration, read: rowsRead, kept: kept.count)].compactMap { $0 }
            + analysis.warnings(configuration, survey: survey)
        let dated = WaveDates(kept.map(\.timestamp))
        let context = SurveyContext(
            configuration: configuration, analysis: analysis, ledger: ledger, survey: survey, dated: dated,
            warnings: warnings)
        let results = configuration.stage(.count) { ResultsDocument(configuration: configuration, analysis: analysis) }
        let notes = try renderNotes(configuration, results: results, outputFolder: outputFolder) { _ in
            (context.values, context.charts)
        }
        var lines = analysis.measures.map { figure in
            "\(figure.spec.label): \(RussianFormat.percent(figure.share.value)) (\(figure.share.numerator) из \(figure.share.denominator))"
                + (figure.spec.target.map { target in
                    let status =
                        figure.spec.kind == .coverage
                        ? TargetStatus(census: figure.share.value, target: target)
                        : TargetStatus(share: figure.share, target: target)
                    return " при цели \(RussianFormat.percent(target, decimals: 0))"
                        + (status.map { " — \(MeasureValues.words($0))" } ?? "")
                } ?? "")
                + (figure.uncounted.flatMap { UncountedBounds(share: figure.share, uncounted: $0) }.map {
                    "; с неучтёнными строками (\($0.uncounted)) доля лежала бы в пределах \(RussianFormat.percentRange($0.lower, $0.upper))"
                } ?? "")
        }
        lines.append("анкет прочитано \(rowsRead), учтено \(kept.count), не учтено \(rowsRead - kept.count)")
        lines += ledger.fallbackLines
        if !analysis.freeTexts.isEmpty {
            let masked = analysis.masked
            lines.append(
                "в свободных ответах скрыто: имён \(masked.names), e-mail \(masked.emails), телефонов \(masked.phones)")
        }
        if let dated { lines.append("ответы собраны: \(dated.text)") }
        let workingSet = WorkingSet(responses: [survey.responses, kept] + (roster.map { [$0.responses] } ?? []))
        guard let outputFolder else {
            return Summary(outputs: [], lines: lines, warnings: warnings, workingSet: workingSet)
        }

        survey.responses = kept
        let clean = configuration.stage(.write) {
            cleanTable(
                kept.map { ($0, nil) }, binding: survey.binding, register: configuration.register,
                threshold: configuration.spec.disclosure.k)
        }
        let unmatched = (link?.unmatched ?? []).map { response in
            [
                response.respondentName ?? "", response.school.map { configuration.register.schools[$0].name } ?? "",
                response.origin.file, String(response.origin.line),
            ]
        }
        let emission = Emission(
            notes: notes, results: results,
            inputs: [survey] + (roster.map { [$0] } ?? []), ledger: ledger,
            cleanHeader: clean.header, cleanRows: clean.rows,
            privateTables: [
                ("unmatched.csv", ["ФИО", "школа", "файл", "строка"], unmatched),
                (
                    "unreadable.csv", ["файл", "строка", "вопрос", "ответ"],
                    unreadableCells(kept, binding: survey.binding)
                ),
            ],
            warnings: warnings)
        let outputs = try write(emission, to: outputFolder, configuration: configuration)
        return Summary(outputs: outputs, lines: lines, warnings: warnings, workingSet: workingSet)
    }

    /// Every answer read as off its scale, with its place: the analyst's list to fix the
    /// instrument's synonyms or the export (under private/: the rows carry the respondent's line).
    static func unreadableCells(_ responses: [Response], binding: InstrumentBinding) -> [[String]] {
        responses.flatMap { response in
            response.unreadable.sorted { $0.key < $1.key }.map { slot, text in
                [response.origin.file, String(response.origin.line), binding.slots[slot].label, text]
            }
        }
    }
}
