/// Pairs the records of one person across two waves (DESIGN.md §3, link).
///
/// In order: by a personal identifier when both records have one; by the same name spelling
/// (case, ё/е and spacing aside) within the same school; by compatible names within the same
/// school (initials against full names) when exactly one record on each side fits and neither
/// could be someone else of its own wave. Nothing else is guessed: what remains is returned as
/// unmatched on each side.
public struct WaveLink: Sendable {
    /// What a record brings to linking.
    public struct Person: Sendable {
        public let id: String?
        public let name: PersonName?
        public let school: Int?

        public init(id: String?, name: PersonName?, school: Int?) {
            self.id = id
            self.name = name
            self.school = school
        }
    }

    /// How a pair was found.
    public enum Method: String, Sendable {
        case id
        case name
        case initials
    }

    public struct Pair: Sendable, Equatable {
        public let before: Int
        public let after: Int
        public let method: Method
    }

    public let pairs: [Pair]
    public let unmatchedBefore: [Int]
    public let unmatchedAfter: [Int]

    public init(before: [Person], after: [Person]) {
        var pairs: [Pair] = []
        var freeBefore = Set(before.indices)
        var freeAfter = Set(after.indices)

        func pair(_ b: Int, _ a: Int, _ method: Method) {
            pairs.append(Pair(before: b, after: a, method: method))
            freeBefore.remove(b)
            freeAfter.remove(a)
        }

        // 1. Identifiers.
        var byId: [String: Int] = [:]
        for index in after.indices { if let id = after[index].id { byId[id] = byId[id] == nil ? index : -1 } }
        for index in before.indices.sorted() {
            guard let id = before[index].id, let match = byId[id], match >= 0, freeAfter.contains(match) else {
                continue
            }
            pair(index, match, .id)
        }
        // 2. The same spelling in the same school, unique on both sides.
        func key(_ person: Person) -> String? {
            guard let name = person.name else { return nil }
            return "\(person.school.map(String.init) ?? "-")|\(name.key)"
        }
        var afterByKey: [String: [Int]] = [:]
        for index in after.indices.sorted() where freeAfter.contains(index) {
            if let key = key(after[index]) { afterByKey[key, default: []].append(index) }
        }
        var beforeByKey: [String: [Int]] = [:]
        for index in before.indices.sorted() where freeBefore.contains(index) {
            if let key = key(before[index]) { beforeByKey[key, default: []].append(index) }
        }
        for (key, befores) in beforeByKey.sorted(by: { $0.key < $1.key }) {
            guard befores.count == 1, let afters = afterByKey[key], afters.count == 1 else { continue }
            pair(befores[0], afters[0], .name)
        }
        // 3. Compatible names (initials) in the same school, unique both ways — and not
        // compatible with anyone else of its own wave, where «А. В.» could be either of two people.
        func ambiguousWithinWave(_ people: [Person], _ index: Int) -> Bool {
            guard let name = people[index].name else { return true }
            return people.indices.contains { other in
                other != index && people[other].school == people[index].school
                    && people[other].name.map(name.isCompatible) == true
            }
        }
        for index in before.indices.sorted() where freeBefore.contains(index) {
            guard let name = before[index].name, !ambiguousWithinWave(before, index) else { continue }
            let candidates = freeAfter.sorted().filter { other in
                after[other].school == before[index].school && after[other].name.map(name.isCompatible) == true
            }
            guard candidates.count == 1, let match = candidates.first, let otherName = after[match].name,
                !ambiguousWithinWave(after, match)
            else { continue }
            let reverse = freeBefore.filter { other in
                before[other].school == after[match].school && before[other].name.map(otherName.isCompatible) == true
            }
            guard reverse.count == 1 else { continue }
            pair(index, match, .initials)
        }
        self.pairs = pairs.sorted { $0.before < $1.before }
        unmatchedBefore = freeBefore.sorted()
        unmatchedAfter = freeAfter.sorted()
    }
}
