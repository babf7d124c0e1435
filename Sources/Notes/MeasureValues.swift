import Measures

/// The template values of one headline measure (a share against its target), written the
/// Russian way: every analysis's note words its measures with these keys.
///
/// The verdict is never stronger than its evidence (DESIGN.md §5): a census has no interval and
/// a two-way verdict; a share of answers has the four-way one of ``TargetStatus``, the number of
/// answers deciding it when that is one or two, and the bounds the uncounted rows allow.
/// An analysis that adds keys of its own to a measure joins them with ``TemplateJoin``.
public struct MeasureValues: Codable, Sendable {
    public let label: String
    public let definition: String
    public let numerator: Int
    public let denominator: Int
    /// What one count is: `person`, `student`, `pair`, `school`, `team`.
    public let unit: String
    /// «57 из 72 педагогических работников».
    public let countText: String
    public let shareText: String
    /// False for a census (a complete register): it has no interval.
    public let hasInterval: Bool
    /// «68,4–86,9 %»; «—» for a census or an empty denominator.
    public let intervalText: String
    public let hasTarget: Bool
    /// The raw ``TargetStatus`` (as in results.json); absent without a target or a value.
    public let status: String?
    /// «достигнут», «достигнут, но в пределах погрешности», «не достигнут, в пределах
    /// погрешности», «не достигнут»; «—» without a target or a value.
    public let statusText: String
    public let achieved: Bool
    public let achievedWithinMargin: Bool
    public let notAchievedWithinMargin: Bool
    public let notAchieved: Bool
    /// The sentence giving the verdict with everything that weakens it: the interval that
    /// contains the target, the one or two answers that decide it, the uncounted rows that could
    /// flip it. Empty without a target or a value.
    public let verdictText: String
    /// The same verdict in the words of the note's main text, for the built-in справка: no
    /// «95 % доверительный интервал», no p-value (those are the appendix's), «вывод», not
    /// «вердикт»; the change's test as `plainQualifier` words it.
    public let plainVerdictText: String
    /// Absent without a target.
    public let targetText: String?
    /// Absent without a target or without a value.
    public let gapText: String?
    /// How many answers counted the other way would turn the verdict; absent when it is more
    /// than two (or for a census, or without a target).
    public let decidingAnswers: Int?
    /// The share's range had every uncounted row been counted either way: «77,0–79,7 %».
    public let boundsText: String?
    /// How many rows that range is over.
    public let uncounted: Int?
    /// True when that range lies on both sides of the target.
    public let boundsCrossTarget: Bool

    enum CodingKeys: String, CodingKey {
        case label, definition, numerator, denominator, unit
        case countText = "count_text", shareText = "share_text", hasInterval = "has_interval"
        case intervalText = "interval_text", hasTarget = "has_target", status, statusText = "status_text"
        case achieved, achievedWithinMargin = "achieved_within_margin"
        case notAchievedWithinMargin = "not_achieved_within_margin", notAchieved = "not_achieved"
        case verdictText = "verdict_text", plainVerdictText = "plain_verdict_text", targetText = "target_text",
            gapText = "gap_text"
        case decidingAnswers = "deciding_answers", boundsText = "bounds_text", uncounted
        case boundsCrossTarget = "bounds_cross_target"
    }

    /// - Parameters:
    ///   - census: the share is counted from a complete register: no interval, two-way verdict.
    ///   - wording: the noun of the unit after «из N»; the unit's own when nil.
    ///   - uncounted: rows left out for a reason other than a duplicate or a test submission
    ///     (nil when the analysis does not track them, as for a census).
    ///   - qualifier: a clause the verdict sentence itself carries after a semicolon, such as a
    ///     change's test («изменение статистически незначимо (p = 0,585): …»), so that nobody
    ///     quotes the verdict without it.
    ///   - plainQualifier: that clause without the test's statistics, for `plain_verdict_text`;
    ///     `qualifier` when nil.
    public init(
        label: String, definition: String, share: Share, target: Double?, unit: CountingUnit,
        census: Bool = false, wording: UnitWording? = nil, uncounted: Int? = nil, qualifier: String? = nil,
        plainQualifier: String? = nil
    ) {
        let status =
            census ? TargetStatus(census: share.value, target: target) : TargetStatus(share: share, target: target)
        let interval = census ? nil : share.interval
        let bounds = uncounted.flatMap { UncountedBounds(share: share, uncounted: $0) }
        self.label = label
        self.definition = definition
        numerator = share.numerator
        denominator = share.denominator
        self.unit = unit.rawValue
        countText =
            "\(RussianFormat.integer(share.numerator)) " + (wording ?? UnitWording(unit)).from(share.denominator)
        shareText = RussianFormat.percent(share.value)
        hasInterval = interval != nil
        intervalText = interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—"
        hasTarget = target != nil
        self.status = status?.rawValue
        statusText = status.map(Self.words) ?? "—"
        achieved = status == .achieved
        achievedWithinMargin = status == .achievedWithinMargin
        notAchievedWithinMargin = status == .notAchievedWithinMargin
        notAchieved = status == .notAchieved
        targetText = target.map { RussianFormat.percent($0, decimals: 0) }
        gapText = target.flatMap { target in
            share.value.map { RussianFormat.decimal(abs($0 - target) * 100, decimals: 1) + "\u{00A0}п.\u{00A0}п." }
        }
        let deciding =
            census ? nil : target.flatMap { share.answersDeciding(target: $0) }.flatMap { $0 <= 2 ? $0 : nil }
        decidingAnswers = deciding
        boundsText = bounds.map { RussianFormat.percentRange($0.lower, $0.upper) }
        self.uncounted = bounds?.uncounted
        boundsCrossTarget = target.map { bounds?.cross($0) ?? false } ?? false
        verdictText = Self.verdict(
            status: status, share: share, target: target, interval: interval, gap: gapText, deciding: deciding,
            bounds: boundsCrossTarget ? bounds : nil, qualifier: qualifier)
        plainVerdictText = Self.verdict(
            status: status, share: share, target: target, interval: interval, gap: gapText, deciding: deciding,
            bounds: boundsCrossTarget ? bounds : nil, qualifier: plainQualifier ?? qualifier, plain: true)
    }

    /// The Russian words of a status, as the notes and the run summary print it.
    public static func words(_ status: TargetStatus) -> String {
        switch status {
        case .achieved: "достигнут"
        case .achievedWithinMargin: "достигнут, но в пределах погрешности"
        case .notAchievedWithinMargin: "не достигнут, в пределах погрешности"
        case .notAchieved: "не достигнут"
        }
    }

    private static func verdict(
        status: TargetStatus?, share: Share, target: Double?, interval: WilsonInterval?, gap: String?,
        deciding: Int?, bounds: UncountedBounds?, qualifier: String?, plain: Bool = false
    ) -> String {
        guard let status, target != nil, let gap else { return "" }
        // The interval's figures stand just before the verdict in every note: named, not repeated.
        // In plain words they are «с учётом погрешности — в пределах …», printed just before:
        // the verdict says only which way the share may lie.
        let range =
            interval == nil ? "" : plain ? "доля может" : "95\u{00A0}% доверительный интервал"
        var text: String
        switch status {
        case .achieved:
            text = "Целевой показатель достигнут."
        case .achievedWithinMargin:
            text =
                plain
                ? "Целевой показатель достигнут, но в пределах погрешности: \(range) оказаться и ниже целевого значения."
                : "Целевой показатель достигнут, но в пределах погрешности: \(range) содержит целевое значение."
        case .notAchievedWithinMargin:
            text =
                plain
                ? "Целевой показатель не достигнут (до цели недостаёт \(gap)), но в пределах погрешности: \(range) и достигать целевого значения."
                : "Целевой показатель не достигнут (до цели недостаёт \(gap)), но в пределах погрешности: \(range) содержит целевое значение."
        case .notAchieved:
            text = "Целевой показатель не достигнут (до цели недостаёт \(gap))."
        }
        if let qualifier { text = String(text.dropLast()) + "; \(qualifier)." }
        if let deciding {
            let answers = deciding == 1 ? "одном ответе" : "двух ответах"
            let other =
                status.reached
                ? Double(share.numerator - deciding) / Double(share.denominator)
                : Double(share.numerator + deciding) / Double(share.denominator)
            text +=
                status.reached
                ? " Вывод держится на \(answers): \(deciding == 1 ? "будь один ответ иным" : "будь два ответа иными"), доля составила бы \(RussianFormat.percent(other)) — ниже цели."
                : " До цели недостаёт \(deciding == 1 ? "одного ответа" : "двух ответов"): с ними доля составила бы \(RussianFormat.percent(other))."
        }
        if let bounds {
            text +=
                (plain
                    ? " Вывод под сомнением: если бы неучтённые строки (\(bounds.uncounted), кроме повторных и тестовых) засчитали"
                    : " Вердикт под сомнением: если бы неучтённые строки (\(bounds.uncounted): отклонённые не как повторные или тестовые, и ответы не по шкале) засчитали")
                + " в ту или другую сторону, доля лежала бы в пределах \(RussianFormat.percentRange(bounds.lower, bounds.upper)) — по обе стороны от цели."
        }
        return text
    }
}

/// Two template values encoded as one: the keys of `base` and then those of `extra`.
///
/// Lets an analysis add its keys to a shared set (``MeasureValues``) without copying it.
public struct TemplateJoin<Base: Encodable, Extra: Encodable>: Encodable {
    public let base: Base
    public let extra: Extra

    public init(_ base: Base, _ extra: Extra) {
        self.base = base
        self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        try base.encode(to: encoder)
        try extra.encode(to: encoder)
    }
}

extension TemplateJoin: Decodable where Base: Decodable, Extra: Decodable {
    /// Both read from the same keys, so ``TemplateKeys`` lists a join's keys from its type.
    public init(from decoder: any Decoder) throws {
        base = try Base(from: decoder)
        extra = try Extra(from: decoder)
    }
}
