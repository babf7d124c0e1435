import Clean
import Ingest

/// How many of «педагоги ШНОР» each wave reached (DESIGN.md §5): the one denominator is the
/// staff register — the programme schools' people on it, the mentors left out (they are written
/// under the school they support but are not its staff). A count from a complete register: a
/// census, no interval.
struct SelfAssessmentCoverage {
    /// «Педагоги ШНОР» on the register.
    let staff: Int
    /// Programme-school answers of each wave found on the register (same ФИО and school).
    let before: Int
    let after: Int
    /// Programme-school answers of each wave not found there (another spelling, a newcomer).
    let notOnRegisterBefore: Int
    let notOnRegisterAfter: Int
    /// Whether mentors were named and left out.
    let mentorsLeftOut: Bool

    init(
        roster: InputResult, settings: PipelineSpec.SelfAssessment, analysis: SelfAssessmentAnalysis,
        register: SchoolRegister
    ) {
        let instrument = roster.binding.instrument
        let positions = instrument.column(role: .position)?.scale.flatMap { instrument.scales[$0] }
        let named = Set(settings.mentors.map(MatchKey.of))
        let mentorCategories = Set(
            (positions?.categories ?? []).indices.filter {
                named.contains(MatchKey.of(positions?.categories[$0].label ?? ""))
            })
        func inProgramme(_ person: Response) -> Bool { person.school.map { register.schools[$0].programme } ?? false }
        let staffRows = roster.responses.filter { person in
            inProgramme(person) && !(person.position.map(mentorCategories.contains) ?? false)
        }
        let before = RosterLink(roster: staffRows, responses: analysis.pre.filter(inProgramme))
        let after = RosterLink(roster: staffRows, responses: analysis.post.filter(inProgramme))
        let schools = register.schools.indices.filter { register.schools[$0].programme }
        staff = staffRows.count
        self.before = schools.reduce(0) { $0 + before.matchedCount(school: $1) }
        self.after = schools.reduce(0) { $0 + after.matchedCount(school: $1) }
        notOnRegisterBefore = before.unmatched.count
        notOnRegisterAfter = after.unmatched.count
        mentorsLeftOut = !mentorCategories.isEmpty
    }
}
