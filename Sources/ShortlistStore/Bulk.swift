import Foundation
import GRDB
import ShortlistCore

/// Bulk writes: imports and the demo data set, each in one transaction with cached statements.
extension AppDatabase {
  /// Existing emails (lowercased) and names (lowercased) with their ids, to find duplicates before an import.
  public func identityIndex() throws -> (emails: [String: (Int64, String)], names: [String: (Int64, String)]) {
    try read { db in
      var emails: [String: (Int64, String)] = [:]
      var names: [String: (Int64, String)] = [:]
      let cursor = try Row.fetchCursor(db, sql: "SELECT id, name, email FROM candidate")
      while let row = try cursor.next() {
        let id: Int64 = row[0]
        let name: String = row[1]
        names[name.lowercased()] = (id, name)
        if let email: String = row[2] { emails[email.lowercased()] = (id, name) }
      }
      return (emails, names)
    }
  }

  /// Inserts candidates in one transaction: all of them or none.
  public func importCandidates(_ candidates: [Candidate], roleIds: [Int64], provenance: [String]) throws {
    try write { db in
      let insert = try db.cachedStatement(
        sql: """
          INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at, provenance)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let history = try db.cachedStatement(
        sql: "INSERT INTO status_change(candidate_id, from_status, to_status, at, note) VALUES (?, NULL, ?, ?, ?)")
      let link = try db.cachedStatement(sql: "INSERT INTO candidate_link(candidate_id, position, url) VALUES (?, ?, ?)")
      let tag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate_tag(candidate_id, tag) VALUES (?, ?)")
      let role = try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate_role(candidate_id, role_id) VALUES (?, ?)")
      for (i, c) in candidates.enumerated() {
        let at = c.createdAt.timeIntervalSince1970
        try insert.execute(arguments: [
          c.uuid, c.name, c.email, c.tier.rawValue, c.source, c.rate, c.status.rawValue, at,
          i < provenance.count ? provenance[i] : nil,
        ])
        let id = db.lastInsertedRowID
        try history.execute(arguments: [id, c.status.rawValue, at, "imported"])
        for (p, url) in c.links.enumerated() { try link.execute(arguments: [id, p, url]) }
        for t in c.tags { try tag.execute(arguments: [id, t]) }
        for r in roleIds { try role.execute(arguments: [id, r]) }
      }
    }
  }

  /// Writes a demo plan in one transaction. Returns (candidates, interviews) added.
  @discardableResult
  public func insertDemo(_ plan: DemoPlan) throws -> (Int, Int) {
    try write { db in
      var roleIds: [Int64] = []
      for role in plan.roles {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM role WHERE title = ?", arguments: [role.title]) {
          roleIds.append(existing)
          continue
        }
        roleIds.append(try Self.insertRole(db, role))
      }
      var taken = Set(try String.fetchAll(db, sql: "SELECT lower(name) FROM candidate"))
      let insert = try db.cachedStatement(
        sql: """
          INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
      let history = try db.cachedStatement(
        sql: "INSERT INTO status_change(candidate_id, from_status, to_status, at, note) VALUES (?, ?, ?, ?, NULL)")
      let status = try db.cachedStatement(sql: "UPDATE candidate SET status = ? WHERE id = ?")
      let link = try db.cachedStatement(sql: "INSERT INTO candidate_link(candidate_id, position, url) VALUES (?, ?, ?)")
      let tag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate_tag(candidate_id, tag) VALUES (?, ?)")
      let crole = try db.cachedStatement(sql: "INSERT OR IGNORE INTO candidate_role(candidate_id, role_id) VALUES (?, ?)")
      let interview = try db.cachedStatement(
        sql: """
          INSERT INTO interview(uuid, candidate_id, role_id, snapshot_id, interviewer, started_at, finished_at, state,
            current_question, recommendation) VALUES (?, ?, ?, ?, ?, ?, ?, 'finished', 0, ?)
          """)
      let note = try db.cachedStatement(sql: "INSERT INTO note(uuid, interview_id, question_id, text, at) VALUES (?, ?, ?, ?, ?)")
      let answer = try db.cachedStatement(
        sql: "INSERT INTO answer(interview_id, question_id, score, comment, skipped, skip_reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      let signal = try db.cachedStatement(
        sql: "INSERT INTO signal_mark(interview_id, question_id, signal_index, value, at) VALUES (?, ?, ?, ?, ?)")
      var snapshots: [String: Int64] = [:]
      var candidates = 0
      var interviews = 0
      func uuid() -> String { UUID().uuidString.lowercased() }
      for person in plan.people {
        var c = person.candidate
        if taken.contains(c.name.lowercased()) {
          var k = 2
          while taken.contains("\(c.name) (\(k))".lowercased()) { k += 1 }
          c.name = "\(c.name) (\(k))"
          c.uuid = UUID().uuidString.lowercased()
        }
        taken.insert(c.name.lowercased())
        let created = c.createdAt.timeIntervalSince1970
        try insert.execute(arguments: [c.uuid, c.name, c.email, c.tier.rawValue, c.source, c.rate, "sourced", created])
        let id = db.lastInsertedRowID
        candidates += 1
        try history.execute(arguments: [id, nil as String?, "sourced", created])
        for (p, url) in c.links.enumerated() { try link.execute(arguments: [id, p, url]) }
        for t in c.tags { try tag.execute(arguments: [id, t]) }
        let roleId = roleIds.isEmpty ? nil : roleIds[person.roleIndex % roleIds.count]
        if let roleId { try crole.execute(arguments: [id, roleId]) }
        var current = "sourced"
        var moves = person.moves.makeIterator()
        var pending = moves.next()
        func applyMoves(until limit: Date?) throws {
          while let (s, at) = pending, limit == nil || at <= limit! {
            try history.execute(arguments: [id, current, s.rawValue, at.timeIntervalSince1970])
            current = s.rawValue
            pending = moves.next()
          }
        }
        for iv in person.interviews {
          try applyMoves(until: iv.started)
          let sid: Int64
          if let known = snapshots[iv.bank.id] {
            sid = known
          } else {
            sid = try Self.snapshot(db, iv.bank)
            snapshots[iv.bank.id] = sid
          }
          try interview.execute(arguments: [
            uuid(), id, roleId, sid, iv.interviewer, iv.started.timeIntervalSince1970, iv.finished.timeIntervalSince1970,
            iv.recommendation.rawValue,
          ])
          let iid = db.lastInsertedRowID
          interviews += 1
          for s in iv.scores {
            try answer.execute(arguments: [
              iid, s.question, s.score, s.comment, s.score == nil ? 1 : 0, s.score == nil ? "out of time" : nil,
              iv.finished.timeIntervalSince1970,
            ])
          }
          for n in iv.notes { try note.execute(arguments: [uuid(), iid, n.question, n.text, n.at.timeIntervalSince1970]) }
          for g in iv.signals {
            try signal.execute(arguments: [iid, g.question, g.index, g.mark.rawValue, iv.finished.timeIntervalSince1970])
          }
        }
        try applyMoves(until: nil)
        if current != "sourced" { try status.execute(arguments: [current, id]) }
      }
      return (candidates, interviews)
    }
  }
}
