import Crypto
import Foundation

/// SHA-256 and keyed pseudonyms, through swift-crypto.
enum Digest {
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in String(byte, radix: 16).leftPadded(2) }.joined()
    }

    /// SHA-256 of a file, read in pieces so large exports are not loaded whole.
    static func sha256(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().map { String($0, radix: 16).leftPadded(2) }.joined()
    }

    /// A stable pseudonymous identifier: HMAC-SHA-256 of the key under the run's secret.
    static func pseudonym(_ key: String, secret: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(key.utf8), using: SymmetricKey(data: secret))
        return "R-" + code.prefix(5).map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
