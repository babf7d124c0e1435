import Clean

/// Schools too small to publish, shown together as one named group instead of hidden one by
/// one (DESIGN.md §6: pooling small schools is preferred to hiding the one school a conclusion
/// is about).
///
/// A school with fewer than k respondents (but some) joins the pool; while the pool holds fewer
/// than k, the smallest school still shown joins it too. A pool that would take in every school
/// is no group at all: then nothing is pooled and suppression hides what it must.
enum SmallSchools {
    static let label = "Малочисленные школы"

    /// The schools to pool, in the order given, from each school's respondents.
    static func pooled(_ sizes: [(school: Int, size: Int)], threshold: Int) -> [Int] {
        var pooled = Set(sizes.filter { $0.size > 0 && $0.size < threshold }.map(\.school))
        guard !pooled.isEmpty else { return [] }
        func total() -> Int { sizes.filter { pooled.contains($0.school) }.reduce(0) { $0 + $1.size } }
        while total() < threshold {
            guard
                let next = sizes.filter({ $0.size > 0 && !pooled.contains($0.school) })
                    .min(by: { ($0.size, $0.school) < ($1.size, $1.school) })
            else { break }
            pooled.insert(next.school)
        }
        let shown = sizes.filter { $0.size > 0 && !pooled.contains($0.school) }
        guard !shown.isEmpty else { return [] }
        return sizes.map(\.school).filter(pooled.contains)
    }

    /// The group's label: «Малочисленные школы (СОШ с. Романово, ООШ п. Пасынок)».
    static func label(_ names: [String]) -> String {
        "\(label) (\(names.joined(separator: ", ")))"
    }

    /// Groups by school of `members` among `schools` (register order), the small ones pooled
    /// into one group at the end when `pool` is on.
    static func groups(
        _ members: [Response], schools: [Int], register: SchoolRegister, threshold: Int, pool: Bool,
        keepEmpty: Bool
    ) -> [(label: String, members: [Response])] {
        // One pass over the members, not one per school: a region has hundreds of schools.
        var bySchool = [[Response]](repeating: [], count: register.schools.count)
        for member in members {
            if let school = member.school, school < bySchool.count { bySchool[school].append(member) }
        }
        return schoolGroups(
            sizes: bySchool.map(\.count), schools: schools, register: register, threshold: threshold, pool: pool,
            keepEmpty: keepEmpty
        ).map { group in
            (
                group.label,
                group.schools.count == 1 ? bySchool[group.schools[0]] : group.schools.flatMap { bySchool[$0] }
            )
        }
    }

    /// The groups of ``groups(_:schools:register:threshold:pool:keepEmpty:)`` as the schools
    /// each holds (register order), from each register school's members (`sizes`, by place in
    /// the register): for figures counted per school once.
    static func schoolGroups(
        sizes: [Int], schools: [Int], register: SchoolRegister, threshold: Int, pool: Bool, keepEmpty: Bool
    ) -> [(label: String, schools: [Int])] {
        let pooled = pool ? Set(Self.pooled(schools.map { ($0, sizes[$0]) }, threshold: threshold)) : []
        var list = schools.filter { !pooled.contains($0) && (keepEmpty || sizes[$0] > 0) }.map {
            (register.schools[$0].short, [$0])
        }
        if !pooled.isEmpty {
            let members = schools.filter(pooled.contains)
            list.append((label(members.map { register.schools[$0].short }), members))
        }
        return list
    }
}
