import Crypto
import KeyedHashing
import Testing

/// The prepared states give Crypto's `HMAC<SHA256>`, for keys shorter than a block, of a block
/// and longer (hashed first), and messages from empty to several blocks, across SHA-256's
/// padding boundaries (55, 56, 64 bytes).
@Suite("PreparedHMAC")
struct PreparedHMACTests {
    static func bytes(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &+ seed) &* 2_654_435_761 >> 11) }
    }

    @Test(arguments: [0, 1, 32, 63, 64, 65, 200])
    func isHMACSHA256(keyLength: Int) {
        let key = Self.bytes(keyLength, seed: keyLength)
        let prepared = PreparedHMAC(key: key)
        for messageLength in [0, 1, 20, 55, 56, 63, 64, 65, 119, 120, 300] {
            let message = Self.bytes(messageLength, seed: 1_000 + messageLength)
            let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
            #expect(
                message.withUnsafeBytes { Array(prepared.authenticationCode($0)) } == expected,
                "key of \(keyLength) bytes, message of \(messageLength)")
        }
    }

    /// One prepared value serves many messages: none leaves state behind for the next.
    @Test func messagesDoNotAffectEachOther() {
        let prepared = PreparedHMAC(key: Array("секрет".utf8))
        let first = Array("code:1".utf8).withUnsafeBytes { Array(prepared.authenticationCode($0)) }
        _ = Array("code:2".utf8).withUnsafeBytes { prepared.authenticationCode($0) }
        #expect(Array("code:1".utf8).withUnsafeBytes { Array(prepared.authenticationCode($0)) } == first)
    }
}
