import Notes

/// The template values every note has: what the pipeline file says about the note and the
/// disclosure threshold. An analysis's context joins them with its own (``TemplateJoin``).
struct NoteHeading: Codable {
    let title: String
    /// Empty when the pipeline names none, so `{{#organisation}}` skips it.
    let organisation: String
    /// «ноябрь 2023 г.»
    let period: String
    let basis: String
    /// Groups below k are suppressed.
    let k: Int

    init(_ spec: PipelineSpec) {
        title = spec.title
        organisation = spec.organisation ?? ""
        period = RussianFormat.period(spec.period)
        basis = spec.basis ?? ""
        k = spec.disclosure.k
    }
}
