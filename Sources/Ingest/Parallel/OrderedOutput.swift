/// A file that the states of a read in parallel write to: each state's bytes land after those of
/// every state of an earlier stretch, so the file holds what one pass writes.
///
/// The executor owns the order: a state writes into its ``PartialOutput`` and never sees when,
/// or whether, its bytes reach the file. Should the file be read again in one pass, the bytes of
/// the abandoned read are cut off first.
public final class OrderedOutput: @unchecked Sendable {
    private let file: OutputFile
    /// Buffers of stretches written, for the next stretches: megabytes each, so they go round
    /// rather than back to the allocator. Touched under the executor's lock.
    private var spare: [[UInt8]] = []

    public init(_ file: OutputFile) {
        self.file = file
    }

    var length: Int { file.length }

    func truncate(to length: Int) throws {
        spare = []
        try file.truncate(to: length)
    }

    /// Writes a stretch's bytes (called in file order by one thread at a time).
    func write(_ output: PartialOutput) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &output.bytes)
        try file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
        spare.append(bytes)
    }

    /// A buffer for the next stretch (called under the executor's lock).
    func spareBuffer() -> [UInt8] { spare.popLast() ?? [] }
}

/// Where one state writes its bytes: appended to ``bytes``, then ``appended()`` called.
///
/// Read in one pass, the bytes go to the file every ``passThreshold`` bytes; read by stretch,
/// they wait for the stretch to end and every earlier stretch to be written.
public final class PartialOutput {
    /// What the state wrote and the file has not yet got. Only its state touches it, on one
    /// thread, row by row: no access is checked at run time (that cost more than the append).
    @exclusivity(unchecked) public var bytes: [UInt8]
    /// Read in one pass: the file the bytes go straight to.
    private let passingTo: OutputFile?

    /// Bytes a read in one pass gathers before it hands them on: under the file's own buffer, so
    /// they go through it as a writer's rows do.
    @usableFromInline static let passThreshold = 64 * 1024

    init(bytes: [UInt8], passingTo file: OutputFile?) {
        self.bytes = bytes
        passingTo = file
    }

    convenience init(passingTo output: OrderedOutput) {
        self.init(bytes: [], passingTo: output.passThrough)
    }

    /// After the state has appended to ``bytes``: hands them on when a read in one pass has many.
    @inlinable
    public func appended() throws {
        if bytes.count >= Self.passThreshold { try handOver() }
    }

    @usableFromInline
    func handOver() throws {
        guard let passingTo else { return }
        try passingTo.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// What is left at the end of a read in one pass.
    func finish() throws { try handOver() }
}

extension OrderedOutput {
    fileprivate var passThrough: OutputFile { file }
}
