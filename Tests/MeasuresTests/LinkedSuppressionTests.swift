import Testing

@testable import Measures

/// Disclosure control over linked breakdowns (DESIGN.md §6): nested and crossed breakdowns are
/// one table, complementary cells are chosen inside the same parent, and the auditor recovers
/// whatever a weaker suppression leaves open.
@Suite struct LinkedSuppressionTests {
    /// A district: schools → classes (each class in one school and one grade), crossed by grade.
    struct District {
        /// (school, grade, size) per class.
        let classes: [(school: Int, grade: Int, size: Int)]

        var schools: Int { (classes.map(\.school).max() ?? -1) + 1 }
        var grades: Int { (classes.map(\.grade).max() ?? -1) + 1 }

        /// The linked table: the whole, schools, grades, classes; one atom per class.
        func table(dimensions: Set<Int> = [1, 2, 3]) -> (
            table: LinkedTable, schools: [Int], grades: [Int], classes: [Int]
        ) {
            var table = LinkedTable()
            let total = table.addCell(dimension: 0, size: classes.reduce(0) { $0 + $1.size }, isTotal: true)
            let schoolCells = (0..<schools).map { school in
                table.addCell(
                    dimension: 1, size: classes.filter { $0.school == school }.reduce(0) { $0 + $1.size })
            }
            let gradeCells = (0..<grades).map { grade in
                table.addCell(dimension: 2, size: classes.filter { $0.grade == grade }.reduce(0) { $0 + $1.size })
            }
            let classCells = classes.map { table.addCell(dimension: 3, size: $0.size) }
            for (index, item) in classes.enumerated() where item.size > 0 {
                var atom = [total]
                if dimensions.contains(1) { atom.append(schoolCells[item.school]) }
                if dimensions.contains(2) { atom.append(gradeCells[item.grade]) }
                if dimensions.contains(3) { atom.append(classCells[index]) }
                table.addAtom(in: atom)
            }
            return (table, schoolCells, gradeCells, classCells)
        }
    }

    /// School A: 5А (18) and 5Б (3); school B: 5В (10), 6А (12); school C: 6Б (7). Suppressed
    /// breakdown by breakdown, 5Б's complement is the smallest class anywhere (6Б, another
    /// school), and 5Б is school A minus 5А. The auditor finds it; the linked control does not
    /// leave it.
    @Test func classWithinSchoolIsNotRecoveredFromTheSchoolTotal() {
        let district = District(classes: [(0, 0, 18), (0, 0, 3), (1, 0, 10), (1, 1, 12), (2, 1, 7)])
        let (table, schools, _, classes) = district.table(dimensions: [1, 3])
        let control = DisclosureControl(threshold: 5)

        // The weakened control: each breakdown on its own.
        let bySchool = control.suppressed(denominators: [21, 22, 7])
        let byClass = control.suppressed(denominators: [18, 3, 10, 12, 7])
        #expect(bySchool == [false, false, false])
        #expect(byClass == [false, true, false, false, true])
        var weakened = [Bool](repeating: false, count: table.cells.count)
        for (cell, hidden) in zip(schools, bySchool) { weakened[cell] = hidden }
        for (cell, hidden) in zip(classes, byClass) { weakened[cell] = hidden }
        let caught = DisclosureAudit(table, hidden: weakened)
        #expect(caught.recovered.contains(classes[1]), "5Б = школа A − 5А")
        #expect(caught.recovered.contains(classes[4]), "6Б = школа C, её единственный класс")

        // The linked control hides 5А beside 5Б (same parent), and leaves 6Б alone.
        let hidden = control.suppressed(table)
        #expect(classes.map { hidden[$0] } == [true, true, false, false, false])
        #expect(schools.map { hidden[$0] } == [false, false, false])
        #expect(DisclosureAudit(table, hidden: hidden).recovered.isEmpty)
    }

    /// With grades published too, a class hidden inside its school can come back as its grade's
    /// total minus the grade's other classes: the control follows until nothing does.
    @Test func gradesCrossingSchoolsAreFollowed() {
        let district = District(classes: [(0, 0, 18), (0, 1, 3), (1, 0, 10), (1, 1, 12), (2, 1, 7)])
        let (table, _, _, classes) = district.table()
        let hidden = DisclosureControl(threshold: 5).suppressed(table)
        #expect(hidden[classes[1]])
        #expect(DisclosureAudit(table, hidden: hidden).recovered.isEmpty)
        // Both audits agree that the weakened pattern leaks.
        var weakened = [Bool](repeating: false, count: table.cells.count)
        weakened[classes[1]] = true
        weakened[classes[0]] = true  // its school sibling only: grade 6 still gives it away
        let audit = DisclosureAudit(table, hidden: weakened)
        #expect(audit.method == .combinations)
        #expect(audit.recovered.contains(classes[1]))
        let bySubtraction = DisclosureAudit(table, hidden: weakened, method: .subtractions)
        #expect(bySubtraction.method == .subtractions)
        #expect(bySubtraction.recovered.contains(classes[1]))
    }

    /// A hidden cell found only by combining several equations (no one subtraction gives it):
    /// the audit by combinations sees it.
    @Test func combinationsFindWhatNoSingleSubtractionDoes() {
        // Cells a+b, b+c, a+c shown as «cells» of three dimensions over three atoms; a hidden.
        var table = LinkedTable()
        let total = table.addCell(dimension: 0, size: 30, isTotal: true)
        let a = table.addCell(dimension: 1, size: 10)
        let ab = table.addCell(dimension: 2, size: 20)
        let bc = table.addCell(dimension: 3, size: 20)
        let ac = table.addCell(dimension: 4, size: 20)
        table.addAtom(in: [total, a, ab, ac])
        table.addAtom(in: [total, ab, bc])
        table.addAtom(in: [total, bc, ac])
        var hidden = [Bool](repeating: false, count: table.cells.count)
        hidden[a] = true
        #expect(DisclosureAudit(table, hidden: hidden).recovered == [a])
        #expect(DisclosureAudit(table, hidden: hidden, method: .subtractions).recovered.isEmpty)
    }

    /// Random districts: whatever the linked control leaves shown gives no hidden cell away, every
    /// cell below k is hidden, and the single-breakdown form agrees with the linked table of one
    /// breakdown.
    @Test func randomDistrictsLeakNothing() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let count = Int.random(in: 1...12, using: &generator)
            let schools = Int.random(in: 1...4, using: &generator)
            let classes = (0..<count).map { _ in
                (
                    school: Int.random(in: 0..<schools, using: &generator),
                    grade: Int.random(in: 0..<3, using: &generator),
                    size: Int.random(in: 0...25, using: &generator)
                )
            }
            let district = District(classes: classes)
            let (table, _, _, _) = district.table()
            let control = DisclosureControl(threshold: 5)
            let hidden = control.suppressed(table)
            #expect(DisclosureAudit(table, hidden: hidden).recovered.isEmpty, "\(classes)")
            // Subtractions never find more than combinations: they are some of them.
            var weakened = hidden
            for index in weakened.indices where Bool.random(using: &generator) { weakened[index] = false }
            let exact = Set(DisclosureAudit(table, hidden: weakened).recovered)
            #expect(Set(DisclosureAudit(table, hidden: weakened, method: .subtractions).recovered).isSubset(of: exact))
            let everyone = table.atoms.count
            let atomsOfCell = table.atomsOfCell
            for (index, cell) in table.cells.enumerated()
            where cell.size > 0 && cell.size < 5 && !cell.isTotal && atomsOfCell[index].count < everyone {
                #expect(hidden[index], "\(classes)")
            }
        }
    }

    /// The breakdowns-by-units form links two breakdowns of one population: a position hidden in
    /// the position breakdown is not left to be read off the school breakdown.
    @Test func breakdownsLinkedThroughTheirUnits() {
        // School 0: 9 at position 0 and 1 at position 1; school 1: 8 at position 0; school 2: 7
        // at position 2. Position 1 (1) is below 3; position 2 is all of school 2.
        let schools: [Int?] =
            Array(repeating: 0, count: 10) + Array(repeating: 1, count: 8) + Array(repeating: 2, count: 7)
        let positions: [Int?] =
            Array(repeating: 0, count: 9) + [1] + Array(repeating: 0, count: 8) + Array(repeating: 2, count: 7)
        let hidden = DisclosureControl(threshold: 3).suppressed(groupCounts: [3, 3], unitGroups: [schools, positions])
        #expect(hidden[1][1])
        // Position 1 = total − position 0 − position 2: one of them hides too.
        #expect(hidden[1][0] || hidden[1][2])
        // And whichever it is, it is not then given away by school 2 (= position 2).
        if hidden[1][2] { #expect(hidden[0][2] || hidden[1][0]) }
    }
}

extension LinkedSuppressionTests {
    /// A group published twice — a grade that is all of one test — is hidden in both places,
    /// rather than a third group hidden to cover the copy.
    @Test func aCopyUnderAnotherBreakdownIsHiddenWithItsOriginal() {
        var table = LinkedTable()
        let total = table.addCell(dimension: 0, size: 38, isTotal: true)
        let school = table.addCell(dimension: 1, size: 38)
        let grades = [20, 3, 15].map { table.addCell(dimension: 2, size: $0) }
        let tests = [20, 3, 15].map { table.addCell(dimension: 5, size: $0) }
        for index in 0..<3 { table.addAtom(in: [total, school, grades[index], tests[index]]) }
        let hidden = DisclosureControl(threshold: 5).suppressed(table)
        #expect(grades.map { hidden[$0] } == [false, true, true])
        #expect(tests.map { hidden[$0] } == [false, true, true])
    }
}
