/// What one count of a measure is (DESIGN.md §4 `unit`): the thing its numerator and
/// denominator count, which decides how the note words them and whether it has an interval.
public enum CountingUnit: String, Sendable, Codable, CaseIterable {
    /// A teacher or another staff member (one per person, however many answers).
    case person
    /// A student (one per student, however many subjects).
    case student
    /// A student and a subject, compared between two points.
    case pair
    /// A school.
    case school
    /// A school's management team.
    case team
}
