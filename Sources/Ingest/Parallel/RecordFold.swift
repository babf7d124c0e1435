/// Folds the records of a file into a ``Partial`` state: the «map» half of a read in parallel
/// (``TableReader/fold(_:threads:schedule:)``).
///
/// A fold is shared by every thread of a read: it holds only what does not change (settings,
/// a register, closures that prepare a cleaner) and keeps all it learns in the state. Rows
/// and rejections reach a state in file order; a state sees one stretch of the file, or the
/// whole of it, never knowing which.
public protocol RecordFold: SendableMetatype {
    associatedtype State: Partial

    /// Where the states' bytes go, in file order (a clean table); nil when they write none.
    var output: OrderedOutput? { get }

    /// A fresh state. `output` (given when ``output`` is) is where the state writes its bytes.
    func start(writing output: PartialOutput?) throws -> State

    /// Takes a row that matches the header.
    func fold(_ row: Row, into state: inout State) throws

    /// Takes a row turned away by ingest (its cells do not line up with the header).
    func reject(_ rejection: Rejection, into state: inout State) throws
}

extension RecordFold {
    public var output: OrderedOutput? { nil }
}
