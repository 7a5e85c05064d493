import Crypto
import Foundation
import _CryptoExtras

/// A SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677; what psql's `\password` sends):
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, all base64. Computed on the laptop, so the server,
/// its statement log and anything between never see the password.
public enum SCRAM {
  public static func verifier(password: String, salt: [UInt8]? = nil, iterations: Int = 4096) throws -> String {
    let salt = salt ?? (0..<16).map { _ in UInt8.random(in: 0...255) }
    // Generated passwords are ASCII letters and digits, which SASLprep leaves as they are. PostgreSQL's own count
    // (scram_iterations, 4096) is below what the checked entry allows; a generated password has 139 bits of its own.
    let salted: SymmetricKey
    do {
      salted = try KDF.Insecure.PBKDF2.deriveKey(
        from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
    } catch {
      throw TeamError("cannot compute the new member's password verifier (\(error))")
    }
    let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Array("Client Key".utf8), using: salted))
    let storedKey = Data(SHA256.hash(data: clientKey))
    let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Array("Server Key".utf8), using: salted))
    return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
      + "\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
  }
}
