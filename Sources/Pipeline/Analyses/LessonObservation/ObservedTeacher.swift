import Clean
import Ingest

/// One teacher's observed lessons in one wave, combined by the pipeline's `repeated`: the mean
/// of the protocols' shares of the maximum, or the latest protocol's.
struct ObservedTeacher {
    /// The protocols counted, in file order.
    let protocols: [Response]
    /// The latest protocol (by date, then line): its name, school and id stand for the teacher.
    let latest: Response
    /// Share of the maximum per block of ``LessonProtocol/blocks``; nil where nothing was scored.
    let blocks: [Double?]
    let overall: Double?

    /// The teachers of one wave, in the order of their first protocol, and the protocols the
    /// rule `latest` leaves out (with the line of the one counted).
    ///
    /// Protocols are one teacher's when they share the personal id or, without one, the
    /// normalised ФИО and school; a protocol without either is a teacher of its own.
    static func combine(
        _ protocols: [Response], design: LessonProtocol, repeated: PipelineSpec.LessonObservation.Repeated
    ) -> (teachers: [ObservedTeacher], dropped: [(protocol: Response, keptLine: Int)]) {
        var order: [String] = []
        var groups: [String: [Response]] = [:]
        for item in protocols {
            let person = item.personId.map { "id:\($0)" } ?? item.respondentKey.map { "name:\($0)" }
            let key = person.map { "\($0)|\(item.school.map(String.init) ?? "-")" } ?? "line:\(item.origin)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        var teachers: [ObservedTeacher] = []
        var dropped: [(protocol: Response, keptLine: Int)] = []
        for key in order {
            let members = groups[key] ?? []
            guard
                let latest = members.max(by: { a, b in
                    let (x, y) = (a.timestamp, b.timestamp)
                    if let x, let y, x != y { return x < y }
                    return a.origin.line < b.origin.line
                })
            else { continue }
            let counted = repeated == .latest ? [latest] : members
            if repeated == .latest {
                dropped += members.filter { $0.origin.line != latest.origin.line }.map { ($0, latest.origin.line) }
            }
            let shares = counted.map { design.shares($0.scores) }
            func mean(_ values: [Double?]) -> Double? {
                let present = values.compactMap { $0 }
                return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
            }
            teachers.append(
                ObservedTeacher(
                    protocols: counted, latest: latest,
                    blocks: design.blocks.indices.map { block in mean(shares.map { $0.blocks[block] }) },
                    overall: mean(shares.map(\.overall))))
        }
        return (teachers, dropped.sorted { $0.protocol.origin.line < $1.protocol.origin.line })
    }
}
