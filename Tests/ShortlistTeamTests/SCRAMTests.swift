import Foundation
import Testing

@testable import ShortlistTeam

@Suite struct SCRAMTests {
  /// The verifier PostgreSQL stores, against one computed independently (Python's hashlib.pbkdf2_hmac and hmac over
  /// the same password, salt and iteration count: RFC 5802's SaltedPassword, ClientKey, StoredKey, ServerKey).
  @Test func matchesAnIndependentComputation() throws {
    let v = try SCRAM.verifier(password: "pencil", salt: Array(0..<16), iterations: 4096)
    #expect(
      v
        == "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$zHCdol2044/ZyWzPLi7oxApCkamKw9Z+E4U/QApd/5Y=:dd5peBOitVnLNFu7VmwP+HiDaaw4OUCv396eVCWhYiE="
    )
  }

  /// A fresh salt each time: two verifiers of one password differ, and neither contains the password.
  @Test func saltsAreFreshAndThePasswordNeverAppears() throws {
    let password = TeamSchema.generatedPassword()
    let a = try SCRAM.verifier(password: password)
    let b = try SCRAM.verifier(password: password)
    #expect(a != b)
    #expect(!a.contains(password) && !b.contains(password))
    let parts = a.split(separator: "$")
    #expect(parts.count == 3 && parts[0] == "SCRAM-SHA-256" && parts[1].hasPrefix("4096:"))
  }

  /// Generated passwords: long, from letters and digits only (SASLprep leaves them as they are).
  @Test func generatedPasswordsAreLongAndPlain() {
    let passwords = (0..<50).map { _ in TeamSchema.generatedPassword() }
    #expect(Set(passwords).count == passwords.count)
    for p in passwords {
      #expect(p.count >= 20)
      #expect(p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }
  }
}
