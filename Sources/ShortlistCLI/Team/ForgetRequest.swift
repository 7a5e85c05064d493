import ArgumentParser
import Foundation
import ShortlistCore
import ShortlistReports
import ShortlistStore
import ShortlistTeam

/// A member's request that the leads forget a candidate, as the last sync saw it.
struct ForgetRequest: Decodable {
  var candidate_uuid: String
  var requested_by: String
  var note: String
  var at: Double

  static func parse(_ text: String?) -> [ForgetRequest] {
    guard let text, !text.isEmpty else { return [] }
    return (try? JSONDecoder().decode([ForgetRequest].self, from: Data(text.utf8))) ?? []
  }
}
