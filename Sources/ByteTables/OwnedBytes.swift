/// Bytes in memory of their own, freed with their owner: appended to and read through a pointer,
/// with no reference to count on the way (unlike an array's).
///
/// For layouts written millions of times (a clean table's rows): a cell laid out once and
/// copied into each row costs a `memcpy`, not a retain and release. Noncopyable, so exactly one
/// owner frees the memory; a ``bytes`` view or a subscript is valid only until the next append.
public struct OwnedBytes: ~Copyable {
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var length = 0
    @usableFromInline var capacity: Int

    public init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// How many bytes have been appended.
    @inlinable
    public var count: Int { length }

    /// The bytes appended so far (valid until the next append).
    @inlinable
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Bytes `range` of those appended (valid until the next append).
    @inlinable
    public subscript(range: Range<Int>) -> UnsafeRawBufferPointer {
        // Checked in debug builds only: the clean table reads cells this way per row.
        assert(range.lowerBound >= 0 && range.upperBound <= count, "OwnedBytes: range beyond the bytes appended")
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Forgets the bytes, keeping the memory for the next ones.
    @inlinable
    public mutating func removeAll() { length = 0 }

    /// Room for `extra` more bytes, so that the appends up to them move nothing.
    @inlinable
    public mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        grow(to: max(capacity * 2, count + extra))
    }

    @usableFromInline
    mutating func grow(to newCapacity: Int) {
        let larger = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        larger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = larger
        capacity = newCapacity
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
        length += bytes.count
    }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        length += 1
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// Traps unless the bytes appended fit the memory held (for tests and debug builds).
    public func checkInvariants() {
        precondition(count >= 0 && count <= capacity, "OwnedBytes: \(count) bytes in a capacity of \(capacity)")
        precondition(capacity >= 16, "OwnedBytes: capacity \(capacity) below the least")
    }
}
