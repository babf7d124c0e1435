import Measures

/// The template values of one headline measure (a share against its target), written the
/// Russian way: every analysis's note words its measures with these keys.
///
/// An analysis that adds keys of its own to a measure joins them with ``TemplateJoin``.
public struct MeasureValues: Codable, Sendable {
    public let label: String
    public let definition: String
    public let numerator: Int
    public let denominator: Int
    public let shareText: String
    public let intervalText: String
    public let hasTarget: Bool
    public let achieved: Bool
    public let notAchieved: Bool
    /// Absent without a target.
    public let targetText: String?
    /// Absent without a target or without a value.
    public let gapText: String?

    enum CodingKeys: String, CodingKey {
        case label, definition, numerator, denominator
        case shareText = "share_text", intervalText = "interval_text", hasTarget = "has_target"
        case achieved, notAchieved = "not_achieved", targetText = "target_text", gapText = "gap_text"
    }

    public init(label: String, definition: String, share: Share, target: Double?) {
        let status = TargetStatus(share: share.value, target: target)
        self.label = label
        self.definition = definition
        numerator = share.numerator
        denominator = share.denominator
        shareText = RussianFormat.percent(share.value)
        intervalText = share.interval.map { RussianFormat.percentRange($0.lower, $0.upper) } ?? "—"
        hasTarget = target != nil
        achieved = status == .achieved
        notAchieved = status == .notAchieved
        targetText = target.map { RussianFormat.percent($0, decimals: 0) }
        gapText = target.flatMap { target in
            share.value.map { RussianFormat.decimal(abs($0 - target) * 100, decimals: 1) + "\u{00A0}п.\u{00A0}п." }
        }
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
