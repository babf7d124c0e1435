/// The codes of the first `count` invented students, ten ASCII bytes each, laid end to end as
/// an export's cells arrive: a key is a slice of one buffer, with no String per code.
struct StudentCodes {
    static let length = 10

    let bytes: [UInt8]
    var count: Int { bytes.count / Self.length }

    init(count: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * Self.length)
        for number in 0..<count { bytes += SyntheticStudent(number: number).code.utf8 }
        precondition(bytes.count == count * Self.length)
        self.bytes = bytes
    }

    /// Calls `body` with each code in turn, in the order of `position` (identity by default).
    func forEach(order position: (Int) -> Int = { $0 }, _ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { all in
            for index in 0..<count {
                let start = position(index) * Self.length
                body(UnsafeRawBufferPointer(rebasing: all[start..<(start + Self.length)]))
            }
        }
    }

    /// A fixed permutation of `0..<count` (i·7919 + 13 mod count), as a second export lists the
    /// same students in another order; `count` must not share a factor with 7919.
    static func shuffled(_ index: Int, count: Int) -> Int { (index &* 7_919 &+ 13) % count }
}
