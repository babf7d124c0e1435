import Clean
import Foundation
import Ingest

/// Writes the registers the indicators report counts: the staff register of 2024 (the staff the
/// November survey draws from, and the mentors), course completions (КПК), three attendance lists with columns of their own, and the
/// consultation journal — with names respelled, people repeated on a list, a course outside the
/// target programmes and attendees who are not on the register.
///
/// Deterministic for a seed. Every person is invented.
public struct SampleRegisters {
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    public static let files = (
        staff: "staff-register-2024.csv", courses: "courses-2023-2024.csv",
        seminar: "seminar-2023-10.csv", webinar: "webinar-2024-02.csv",
        network: "network-day-2024-03.csv", consultations: "consultations-2023-2024.csv"
    )
    static let management = "Управление школой с низкими образовательными результатами"
    static let mentoring = "Наставничество в системе поддержки школ с низкими результатами"
    static let teaching = "Преодоление факторов низких образовательных результатов на уроке"
    static let other = "Оказание первой помощи"

    /// What was planted; the README states these numbers.
    public struct Plan: Sendable, Equatable {
        public var staff = 0
        public var mentors = 0
        public var courseRows = 0
        public var otherCourseRows = 0
        public var notOnRegister = 0
        public var initials = 0
        public var capitals = 0
        public var repeatedOnList = 0
        public var attendanceRows = 0
    }

    public func write(to folder: String) throws -> (files: [String], plan: Plan, readme: String) {
        var random = SplitMix64(seed: seed &+ 909)
        func roll(_ percent: Int) -> Bool { Int(random.next() % 100) < percent }
        var plan = Plan()
        // The school staff the November survey draws from, then the mentors written under the schools they support.
        var staff = SampleSurvey.staff(seed: seed)
        let mentorNames = [
            "Григорьева Ольга Викторовна", "Данилов Сергей Петрович", "Захарова Ирина Николаевна",
            "Лазарева Татьяна Андреевна", "Миронов Андрей Олегович",
        ]
        for (index, name) in mentorNames.enumerated() {
            staff.append(SampleSurvey.Person(name: name, school: index + 1, position: "наставник-куратор"))
        }
        plan.staff = staff.count
        plan.mentors = mentorNames.count
        let schoolNames = SampleSurvey.schools.map(\.name)
        var staffRows = [["ФИО", "ОО", "Должность", "Предмет"]]
        for person in staff { staffRows.append([person.name, schoolNames[person.school], person.position, ""]) }
        try write(staffRows, to: folder + "/" + Self.files.staff)

        /// «Иванова А. П.» for «Иванова Анна Петровна».
        func initials(_ name: String) -> String {
            let words = name.split(separator: " ")
            return words.count == 3 ? "\(words[0]) \(words[1].prefix(1)). \(words[2].prefix(1))." : name
        }
        func spelled(_ name: String) -> String {
            if roll(6) {
                plan.capitals += 1
                return name.uppercased()
            }
            return name
        }

        // Course completions: the management, the mentors and the teachers of programme schools.
        var courses = [["ФИО", "ОО", "Должность", "Программа КПК", "Дата окончания", "Часы"]]
        for person in staff where person.school > 0 {
            let course: String?
            switch person.position {
            case "директор", "заместитель директора по УВР": course = roll(65) ? Self.management : nil
            case "наставник-куратор": course = Self.mentoring
            case "учитель": course = roll(80) ? Self.teaching : (roll(50) ? Self.other : nil)
            default: course = roll(30) ? Self.other : nil
            }
            guard let course else { continue }
            var name = spelled(person.name)
            if person.position == "наставник-куратор" && person.school == 3 {
                name = initials(person.name)
                plan.initials += 1
            }
            if course == Self.other { plan.otherCourseRows += 1 }
            courses.append([
                name, schoolNames[person.school], person.position, course, "\(10 + Int(random.next() % 18)).03.2024",
                "36",
            ])
        }
        courses.append(["Тарасова Нина Павловна", schoolNames[2], "учитель", Self.teaching, "15.03.2024", "36"])
        plan.notOnRegister += 1
        plan.courseRows = courses.count - 1
        try write(courses, to: folder + "/" + Self.files.courses)

        // Attendance: each list with the columns its organiser chose.
        let teachers = staff.filter { $0.school > 0 && $0.position != "наставник-куратор" }
        func list(
            _ header: [String], _ share: Int, _ row: (SampleSurvey.Person, Int) -> [String], extra: [String]? = nil
        ) -> [[String]] {
            var rows = [header]
            for person in teachers where roll(share) {
                rows.append(row(person, rows.count))
                if roll(4) {
                    rows.append(row(person, rows.count))
                    plan.repeatedOnList += 1
                }
            }
            if let extra {
                rows.append(extra)
                plan.notOnRegister += 1
            }
            plan.attendanceRows += rows.count - 1
            return rows
        }
        try write(
            list(["№", "Фамилия Имя Отчество", "Школа", "Должность"], 45) { person, number in
                [String(number), spelled(person.name), schoolNames[person.school], person.position]
            }, to: folder + "/" + Self.files.seminar)
        try write(
            list(
                ["Участник", "Организация"], 35,
                { person, _ in [spelled(person.name), SampleSurvey.schools[person.school].spellings[1]] },
                extra: ["Гостева Вера Ивановна", SampleSurvey.schools[1].spellings[1]]),
            to: folder + "/" + Self.files.webinar)
        try write(
            list(["ФИО участника", "ОО"], 30) { person, _ in [spelled(person.name), schoolNames[person.school]] },
            to: folder + "/" + Self.files.network)
        try write(
            list(["Дата", "ФИО педагога", "ОО", "Тема консультации"], 25) { person, _ in
                [
                    "\(1 + Int(random.next() % 28)).1\(Int(random.next() % 3)).2023", spelled(person.name),
                    schoolNames[person.school],
                    ["Формирующее оценивание", "Работа с обучающимися с ОВЗ", "Функциональная грамотность"][
                        Int(random.next() % 3)],
                ]
            }, to: folder + "/" + Self.files.consultations)

        let files = [
            Self.files.staff, Self.files.courses, Self.files.seminar, Self.files.webinar, Self.files.network,
            Self.files.consultations,
        ]
        return (files, plan, readme(plan))
    }

    private func write(_ rows: [[String]], to path: String) throws {
        try Data(("\u{FEFF}" + SampleSurvey.csv(rows, delimiter: ";", newline: "\r\n")).utf8).write(
            to: URL(fileURLWithPath: path))
    }

    private func readme(_ plan: Plan) -> String {
        """
        ## Registers for the programme's indicators

        UTF-8 with BOM, `;`, CRLF, as Excel saves «CSV UTF-8».

        - `\(Self.files.staff)` — the staff register: \(plan.staff) people of the six schools — the staff the
          November survey's respondents are drawn from and \(plan.mentors) mentors (наставник-куратор) attached to the programme
          schools, whom the instrument declares `not_staff`. The one denominator of «педагоги ШНОР»: the
          November survey's, the self-assessment's and the indicators' coverage are counted against it.
        - `\(Self.files.courses)` — course completions (КПК): \(plan.courseRows) rows; the target programmes are
          «\(Self.management)», «\(Self.mentoring)», «\(Self.teaching)»; \(plan.otherCourseRows) rows are
          «\(Self.other)», which counts for no indicator.
        - `\(Self.files.seminar)`, `\(Self.files.webinar)`, `\(Self.files.consultations)` — targeted help
          (a seminar, a webinar, the consultation journal); `\(Self.files.network)` — a network day with the
          partner school. Each list has columns of its own; \(plan.attendanceRows) rows in all.

        | kind | how many | expected handling |
        |---|---:|---|
        | names in capitals | \(plan.capitals) | linked to the register all the same |
        | a mentor written «Фамилия И. О.» | \(plan.initials) | linked by surname and initials |
        | a person twice on one list | \(plan.repeatedOnList) | rejected: `duplicate_submission`, counted once |
        | people on a list who are not on the register | \(plan.notOnRegister) | listed in `private/unmatched.csv`, counted nowhere |

        """
    }
}
