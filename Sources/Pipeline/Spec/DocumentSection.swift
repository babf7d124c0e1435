extension PipelineSpec {
    /// `document:` as the note `id` prints it: that note's own `date` and `due` over the
    /// pipeline's; with `id` nil, the first (or only) note's. Nil without `document:`.
    public func document(forNote id: String?) -> Document? {
        guard var document else { return nil }
        let note = id.flatMap { id in notes.first { $0.id == id } } ?? notes.first
        if let date = note?.date { document.date = date }
        if let due = note?.due { document.due = due }
        return document
    }

    /// The fixed parts of an аналитическая справка (`document:` of a pipeline file): to whom it is
    /// addressed, the road-map item it answers, who prepared it and when, and who carries out the
    /// management decisions by when. The note's template prints them; every key is required
    /// except `date`, and an unknown key is an error like any other key of the file.
    public struct Document: Sendable, Decodable, Equatable {
        /// «Начальнику Отраслевого органа … С. А. Кураковой»: the addressee block, as printed.
        public var addressee: String
        /// The road-map item the note answers and its decisions belong to: «13», «14, 16».
        public var roadmapItem: String
        /// Who prepared the note: printed in the signature block.
        public var executor: Executor
        /// The note's date, «ДД.ММ.ГГГГ» (the output carries no wall-clock time); without it the
        /// signature block leaves a line for the date.
        public var date: String?
        /// Who carries out the decisions the note proposes («А. В. Спицина, МКУ «ИМЦ СГО»»); a
        /// school's row adds its head.
        public var responsible: String
        /// By when: «до 25.12.2023», «в течение 2024 года».
        public var due: String

        public struct Executor: Sendable, Decodable, Equatable {
            public var name: String
            public var position: String
            public var phone: String
        }

        enum CodingKeys: String, CodingKey {
            case addressee, roadmapItem = "roadmap_item", executor, date, responsible, due
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            addressee = try c.decode(String.self, forKey: .addressee)
            roadmapItem = try c.decode(String.self, forKey: .roadmapItem)
            executor = try c.decode(Executor.self, forKey: .executor)
            date = try c.decodeIfPresent(String.self, forKey: .date)
            responsible = try c.decode(String.self, forKey: .responsible)
            due = try c.decode(String.self, forKey: .due)
            if let date, !Self.isDate(date) {
                throw SpecFault(
                    codingPath: c.codingPath + [CodingKeys.date],
                    "document.date: «\(date)» — нужна дата в виде ДД.ММ.ГГГГ (например, 01.12.2023)")
            }
        }

        /// True for «01.12.2023»: a day 01–31, a month 01–12, four digits of the year.
        static func isDate(_ text: String) -> Bool {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let day = Int(parts[0]), let month = Int(parts[1])
            else { return false }
            return (1...31).contains(day) && (1...12).contains(month)
        }
    }
}
