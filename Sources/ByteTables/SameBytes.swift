#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// True when both texts have the same UTF-8 bytes.
    ///
    /// What equality means for values read from one export, without the Unicode normalisation
    /// `==` goes through for Cyrillic text (and the element-by-element walk `elementsEqual`
    /// takes): a run compares a record's code, class and subject with the last one's millions
    /// of times.
    @inlinable
    public func hasSameUTF8(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        return utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                guard let mine = mine.baseAddress, let theirs = theirs.baseAddress else { return true }
                return memcmp(mine, theirs, count) == 0
            }
        }.flatMap { $0 } ?? utf8.elementsEqual(other.utf8)
    }
}

extension UnsafeRawBufferPointer {
    /// True when both hold the same bytes (memcmp, not an element-by-element walk).
    @inlinable
    public func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        guard count == other.count else { return false }
        guard let mine = baseAddress, let theirs = other.baseAddress else { return true }
        return memcmp(mine, theirs, count) == 0
    }
}
