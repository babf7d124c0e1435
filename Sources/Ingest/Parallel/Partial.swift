/// What a fold makes of the records of one stretch of a file, to be merged with what it makes
/// of the next stretch: the «combine» half of a read in parallel (``TableReader/fold(_:threads:schedule:)``).
///
/// A state never learns which stretch it holds nor on which thread it was made: the executor
/// hands each stretch a fresh state and merges the states in file order, so merging must give
/// what one pass over both stretches gives. Groups inside a state are best keyed by what they
/// are (a school's id, a class's label), so that two states meet without renumbering.
public protocol Partial {
    /// Takes in the state of the records that follow this state's own in the file.
    ///
    /// Throws ``StretchesOverlap`` when `later` holds what one pass would have read differently
    /// given this state's records (a record repeating one of them, which one pass turns away):
    /// the executor then reads the file again in one pass. Any other error is the read's.
    mutating func merge(_ later: consuming Self) throws
}

/// Thrown by ``Partial/merge(_:)``: the later state repeats a record of the earlier one, so the
/// two cannot simply be merged; the file is read again in one pass, which gives the same outputs.
public struct StretchesOverlap: Error, Equatable {
    public init() {}
}
