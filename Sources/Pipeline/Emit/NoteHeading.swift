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
    /// The справка's fixed parts from the pipeline's `document:`; absent without it, so
    /// `{{#document}}` skips the addressee, the decisions' columns and the signature block.
    let document: DocumentValues?
    let hasDocument: Bool
    /// Groups below k are suppressed.
    let k: Int
    /// The run's warnings (``RunWarning``), one sentence each; empty when there were none.
    let warnings: [String]
    let hasWarnings: Bool

    enum CodingKeys: String, CodingKey {
        case title, organisation, period, collected, basis, document, hasDocument = "has_document", k, warnings
        case hasWarnings = "has_warnings"
    }

    /// `document:` as the template reads it: `document.addressee`, `document.executor_name`, …
    struct DocumentValues: Codable {
        let addressee: String
        let roadmapItem: String
        let executorName: String
        let executorPosition: String
        let executorPhone: String
        /// The date the pipeline gives, in words («1 декабря 2023 г.»), or a line to write it by hand.
        let date: String
        let responsible: String
        let due: String

        enum CodingKeys: String, CodingKey {
            case addressee, roadmapItem = "roadmap_item", executorName = "executor_name"
            case executorPosition = "executor_position", executorPhone = "executor_phone", date, responsible, due
        }

        init(_ document: PipelineSpec.Document) {
            addressee = document.addressee
            roadmapItem = document.roadmapItem
            executorName = document.executor.name
            executorPosition = document.executor.position
            executorPhone = document.executor.phone
            date =
                document.date.flatMap(Self.spelled)
                ?? "«\u{00A0}\u{00A0}\u{00A0}\u{00A0}» ____________ 20\u{00A0}\u{00A0}\u{00A0} г."
            responsible = document.responsible
            due = document.due
        }

        /// «01.12.2023» (checked when the pipeline was read) as «1 декабря 2023 г.».
        static func spelled(_ date: String) -> String? {
            let parts = date.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            return RussianFormat.date(year: parts[2], month: parts[1], day: parts[0])
        }
    }

    /// - Parameters:
    ///   - dated: the dates of the wave that dates the note (the last one).
    ///   - note: the id of the note among several (`notes:`), for its own date and due date.
    init(_ spec: PipelineSpec, dated: WaveDates? = nil, warnings: [RunWarning] = [], note: String? = nil) {
        title = spec.title
        organisation = spec.organisation ?? ""
        period = dated?.monthText ?? RussianFormat.period(spec.period)
        collected = dated?.text ?? ""
        basis = spec.basis ?? ""
        document = spec.document(forNote: note).map(DocumentValues.init)
        hasDocument = spec.document != nil
        k = spec.disclosure.k
        self.warnings = warnings.map(\.message)
        hasWarnings = !warnings.isEmpty
    }
}
