import Notes

/// The template values every note has: what the pipeline file says about the note, when its
/// data are from, the disclosure threshold and what the run could not count.
/// An analysis's context joins them with its own (``TemplateJoin``).
struct NoteHeading: Codable {
    let title: String
    /// Empty when the pipeline names none, so `{{#organisation}}` skips it.
    let organisation: String
    /// «ноябрь 2023 г.»: the month of the data's last answer when the answers carry dates (a
    /// two-wave note is dated by its second wave), else the pipeline's `period`.
    let period: String
    /// «20–28 ноября 2023 г.»: when the (last) wave was collected; empty without dates.
    let collected: String
    let basis: String
    /// Groups below k are suppressed.
    let k: Int
    /// The run's warnings (``RunWarning``), one sentence each; empty when there were none.
    let warnings: [String]
    let hasWarnings: Bool

    enum CodingKeys: String, CodingKey {
        case title, organisation, period, collected, basis, k, warnings, hasWarnings = "has_warnings"
    }

    /// - Parameter dated: the dates of the wave that dates the note (the last one).
    init(_ spec: PipelineSpec, dated: WaveDates? = nil, warnings: [RunWarning] = []) {
        title = spec.title
        organisation = spec.organisation ?? ""
        period = dated?.monthText ?? RussianFormat.period(spec.period)
        collected = dated?.text ?? ""
        basis = spec.basis ?? ""
        k = spec.disclosure.k
        self.warnings = warnings.map(\.message)
        hasWarnings = !warnings.isEmpty
    }
}
