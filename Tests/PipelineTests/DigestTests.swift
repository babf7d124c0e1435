import Crypto
import Testing

@testable import Pipeline

@Suite("Pseudonyms")
struct DigestTests {
    /// The pseudonyms' HMAC is Crypto's `HMAC<SHA256>`, for keys shorter than a block, of a
    /// block, and longer (hashed first), and messages from empty to several blocks.
    @Test func pseudonymsAreHMACSHA256() {
        var generator = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 32, 63, 64, 65, 200] {
            let secret = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let pseudonyms = Digest.Pseudonyms(secret: secret)
            for messageLength in [0, 1, 20, 55, 56, 64, 119, 300] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let expected = Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
                let actual = message.withUnsafeBytes { Array(pseudonyms.authenticationCode($0)) }
                #expect(actual == expected, "key of \(keyLength) bytes, message of \(messageLength)")
            }
        }
    }

    /// 96 bits (issue 18, class 5): at 40 bits two million people gave about two collisions.
    @Test func aPseudonymIs24HexDigitsOfTheCode() {
        let secret = Array("секрет района".utf8)
        let expected = Array(
            HMAC<SHA256>.authenticationCode(
                for: Array("code:6660000001|ученик".utf8), using: SymmetricKey(data: secret)))
        let hex = expected.prefix(12).map { String($0, radix: 16).leftPadded(2) }.joined()
        #expect(Digest.pseudonym("code:6660000001|ученик", secret: secret) == "R-" + hex)
        #expect(hex.count == 24)
    }
}
