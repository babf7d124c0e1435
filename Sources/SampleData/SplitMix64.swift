/// A small, fast random generator with a fixed sequence for a seed (SplitMix64): the same seed
/// gives the same numbers on every platform, so generated files are reproducible byte for byte.
///
/// The one generator of the samples, the benchmarks' inputs and the tests' synthetic data. Its
/// sequence must never change: committed samples and benchmark inputs are written from it.
public struct SplitMix64: Sendable {
    @usableFromInline var state: UInt64

    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` > 0), by remainder: the bias is far below what samples notice.
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True with the given chance, in percent.
    @inlinable
    public mutating func percent(_ chance: Int) -> Bool {
        below(100) < chance
    }

    /// One of `items` (not empty), each as likely.
    @inlinable
    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// The next value without advancing: a seed for a derived generator.
    public var peek: UInt64 {
        var copy = self
        return copy.next()
    }
}
