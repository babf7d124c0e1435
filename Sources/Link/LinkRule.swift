/// The rule that pairs a record of the baseline with one of the follow-up — by code, else by a
/// name unique at both points — as decisions on what is known of the two records, apart from
/// how ``PointLink`` finds and holds them and from how a file is read.
///
/// Records pair by code within their subject first. A name (normalised ФИО, within school, class
/// and subject) links two records only where one of them lacks a code, only when no other kept
/// record has that name, and only once the follow-up has ended: when no other follow-up record
/// has it either and the kept record found no partner by code meanwhile.
public enum LinkRule {
    /// Whether a streamed record may be linked by name to the kept record of that name, as the
    /// follow-up streams: the name is on no other kept record, and the two do not both have a
    /// code (two codes that differ are two people, whatever their names).
    @inlinable
    public static func nameMayLink(keptNameIsUnique: Bool, keptHasCode: Bool, streamedHasCode: Bool) -> Bool {
        keptNameIsUnique && (!keptHasCode || !streamedHasCode)
    }

    /// Whether a link by name, proposed while the follow-up streamed, stands once it has ended:
    /// the name was on exactly one follow-up record, and the kept record found no partner by code.
    @inlinable
    public static func nameLinkStands(streamedWithName: Int, keptPairedByCode: Bool) -> Bool {
        streamedWithName == 1 && !keptPairedByCode
    }
}
