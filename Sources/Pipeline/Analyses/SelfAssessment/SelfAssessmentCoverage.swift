import Clean
import Ingest

/// How many of «педагоги ШНОР» each wave reached (DESIGN.md §5): the one denominator is the
/// staff register — the programme schools' people on it, the register's `not_staff` positions
/// left out (наставники-кураторы are written under the school they support but are not its staff). A count from a complete register: a
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
    /// The register's `not_staff` positions, left out; empty when it names none.
    let leftOut: [String]
    /// Per programme school, in the register's order: its «педагоги ШНОР» on the register and
    /// how many of them each wave reached.
    let bySchool: [(school: String, staff: Int, before: Int, after: Int)]

    init(roster: InputResult, analysis: SelfAssessmentAnalysis, register: SchoolRegister) {
        self.init(roster: roster, before: analysis.pre, after: analysis.post, register: register)
    }

    /// The coverage of two waves of any kind of record of teachers (answers, observed
    /// lessons, one record per teacher) against the register.
    init(roster: InputResult, before first: [Response], after second: [Response], register: SchoolRegister) {
        func inProgramme(_ person: Response) -> Bool { person.school.map { register.schools[$0].programme } ?? false }
        let isSchoolStaff = roster.isSchoolStaff
        let staffRows = roster.responses.filter { inProgramme($0) && isSchoolStaff($0) }
        let before = RosterLink(roster: staffRows, responses: first.filter(inProgramme))
        let after = RosterLink(roster: staffRows, responses: second.filter(inProgramme))
        let schools = register.schools.indices.filter { register.schools[$0].programme }
        staff = staffRows.count
        self.before = schools.reduce(0) { $0 + before.matchedCount(school: $1) }
        self.after = schools.reduce(0) { $0 + after.matchedCount(school: $1) }
        notOnRegisterBefore = before.unmatched.count
        notOnRegisterAfter = after.unmatched.count
        leftOut = roster.binding.instrument.notStaff
        bySchool = schools.map { school in
            (
                register.schools[school].name, staffRows.filter { $0.school == school }.count,
                before.matchedCount(school: school), after.matchedCount(school: school)
            )
        }
    }
}
