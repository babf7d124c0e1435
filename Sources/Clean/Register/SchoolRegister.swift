/// The district's schools with the spellings exports use for them, which are in the
/// programme and which is the partner school. Read from `Surveys/schools.yaml`.
public struct SchoolRegister: Sendable, Codable, Equatable {
    public struct School: Sendable, Codable, Equatable {
        public var id: String
        /// The official name, as notes print it.
        public var name: String
        /// A short name for tables and charts.
        public var short: String
        public var aliases: [String]
        /// In the programme of support (a ШНОР school).
        public var programme: Bool
        /// A successful school drawn in as a partner.
        public var partner: Bool

        enum CodingKeys: String, CodingKey { case id, name, short, aliases, programme, partner }

        public init(
            id: String, name: String, short: String? = nil, aliases: [String] = [], programme: Bool,
            partner: Bool = false
        ) {
            self.id = id
            self.name = name
            self.short = short ?? name
            self.aliases = aliases
            self.programme = programme
            self.partner = partner
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try container.decode(String.self, forKey: .id),
                name: try container.decode(String.self, forKey: .name),
                short: try container.decodeIfPresent(String.self, forKey: .short),
                aliases: try container.decodeIfPresent([String].self, forKey: .aliases) ?? [],
                programme: try container.decodeIfPresent(Bool.self, forKey: .programme) ?? false,
                partner: try container.decodeIfPresent(Bool.self, forKey: .partner) ?? false)
        }
    }

    public var title: String?
    public var schools: [School]

    public init(title: String? = nil, schools: [School]) {
        self.title = title
        self.schools = schools
    }

    /// A lookup from spellings to school positions; fails when the register lists no school or
    /// one spelling names two schools.
    public func lookup() throws -> Lookup {
        guard !schools.isEmpty else {
            throw InstrumentError("ключ «schools» пуст: в реестре нет ни одной школы")
        }
        var positions: [String: Int] = [:]
        var ids = Set<String>()
        for (index, school) in schools.enumerated() {
            guard ids.insert(school.id).inserted else {
                throw InstrumentError("школа «\(school.id)» описана в реестре дважды")
            }
            for spelling in [school.name, school.short] + school.aliases {
                let key = MatchKey.of(spelling)
                if let other = positions[key], other != index {
                    throw InstrumentError(
                        "написание «\(spelling)» относится и к «\(schools[other].name)», и к «\(school.name)»")
                }
                positions[key] = index
            }
        }
        return Lookup(positions: positions)
    }

    public struct Lookup: Sendable {
        let positions: [String: Int]

        /// The school's position in the register; nil when the spelling is not known.
        public func school(_ text: String) -> Int? { positions[MatchKey.of(text)] }
    }
}
