import Foundation
import GRDB
import ShortlistCore
import ShortlistSupport

/// What a merge did (or would do, with a dry run).
public struct MergeReport: Sendable {
  public var rolesAdded = 0
  public var rolesMatched = 0
  public var candidatesAdded = 0
  public var candidatesMatched = 0
  /// Candidates matched by email or exact name rather than UUID: worth a look.
  public var matchedLoosely: [String] = []
  public var snapshotsAdded = 0
  public var interviewsAdded = 0
  public var interviewsAlreadyHere = 0
  public var notesAdded = 0
  public var statusRowsAdded = 0
  /// Scorecards voided there and not here: voided here too.
  public var voidsApplied = 0
  public var abortsAdded = 0
  public var engagementsAdded = 0
  /// People of the other file who were forgotten here (or there): never brought back, with nothing of theirs.
  public var forgottenSkipped = 0
  /// People here whom the other file had forgotten: erased here too.
  public var forgottenHere = 0
  public var conflicts: [String] = []
  /// Candidates and roles updated to a newer edit (by clock) from the other side.
  public var rowsUpdated = 0
  /// Other members' interviews brought up to the team's copy (finished, voided, content unsealed).
  public var interviewsUpdated = 0
  /// Edits of one field on two sides (a sync's last-writer-wins conflicts), newly seen.
  public var syncConflicts: [SyncConflict] = []
  /// A first pull into a file that held nothing, written straight into it (no exchange file, no merge).
  public var wroteDirectly = false

  /// Rows this merge wrote or changed.
  public var rowsChanged: Int {
    rolesAdded + candidatesAdded + snapshotsAdded + interviewsAdded + notesAdded + statusRowsAdded + forgottenHere
      + voidsApplied + abortsAdded + engagementsAdded + rowsUpdated + interviewsUpdated
  }

  public var changed: Bool {
    rolesAdded + candidatesAdded + snapshotsAdded + interviewsAdded + notesAdded + statusRowsAdded + forgottenHere
      + voidsApplied
      + abortsAdded + engagementsAdded + rowsUpdated + interviewsUpdated > 0
  }
}

/// What the other database is: another Shortlist file (`merge`), or the team server's rows this member may read,
/// written into an exchange file (`sync`). One mechanism; the differences are named here.
public enum MergeMode: Sendable, Equatable {
  /// Another file: candidates match by UUID, email or exact name; its rows arrive as local changes (pushed by the
  /// next sync when this database is in a team).
  case file
  /// The team's copy: rows match by UUID only and arrive marked as exchanged; other members' interviews take the
  /// server's state and content; conflicting edits of a candidate or role are reported from `member`'s side.
  case sync(member: String)

  var member: String? {
    if case .sync(let m) = self { return m }
    return nil
  }
}

extension AppDatabase {
  /// Brings another Shortlist database's roles, candidates, bank snapshots, interviews, notes, signals and scores
  /// into this one, in one transaction. Candidates match by UUID, then email, then exact name; everything else by
  /// UUID (snapshots by content hash). Merging the same file twice changes nothing. A scorecard with the same UUID
  /// but different content is a conflict: reported, skipped, never overwritten.
  public func merge(
    from path: String, dryRun: Bool, mode: MergeMode = .file, settings: [String: String] = [:]
  ) throws -> MergeReport {
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw StoreError.unreadable(path, "no such readable file")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw StoreError.unreadable(path, "it is a folder; merge takes another Shortlist database file")
    }
    if let p = self.path,
      URL(fileURLWithPath: p).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL
        || OutputFile.sameFile(p, path)
    {
      throw StoreError.invalid("cannot merge a database into itself")
    }
    // Check the other file the same way `open` does, read-only.
    do {
      var config = Configuration()
      config.readonly = true
      let probe = try DatabaseQueue(path: Self.readOnlyURI(path), configuration: config)
      defer { try? probe.close() }
      let (tables, foreign) = try probe.read {
        (
          try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
          try Schema.foreignObjects($0)
        )
      }
      if !foreign.isEmpty { throw StoreError.foreignObjects(path: path, objects: foreign) }
      guard tables.contains("grdb_migrations"), tables.contains("candidate") else {
        throw StoreError.invalid("'\(path)' is not a Shortlist database; merge takes another Shortlist database file")
      }
      let applied = Set(try probe.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") })
      let known = Set(Schema.migrations.map(\.0))
      guard applied.isSubset(of: known) else {
        throw StoreError.newerSchema(path: path, found: applied.count, known: known.count)
      }
      guard applied == known else {
        throw StoreError.invalid(
          "'\(path)' has an older schema; open it once with this shortlist (`shortlist --db \(path) role list`) to migrate it, then merge"
        )
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    let report: MergeReport
    do {
      report = try writer.writeWithoutTransaction { db in
        // Read-only (immutable when it has no WAL): a merge, dry or not, never changes the other file.
        try db.execute(sql: "ATTACH DATABASE ? AS other", arguments: [Self.readOnlyURI(path)])
        defer { try? db.execute(sql: "DETACH DATABASE other") }
        var report = MergeReport()
        try db.inTransaction {
          report = try Self.mergeRows(db, mode: mode, interruption: interruption)
          for (key, value) in settings { try SettingRecord(key: key, value: value).insertRow(db, .replace) }
          return dryRun ? .rollback : .commit
        }
        return report
      }
    } catch let e as StoreError {
      throw e
    } catch {
      throw StoreError.map(error, context: path)
    }
    // Text that named a forgotten person was redacted in the transaction: purge the old pages from the files.
    if !dryRun && (report.forgottenHere > 0 || report.forgottenSkipped > 0) { try purge() }
    return report
  }

  private static func mergeRows(
    _ db: Database, mode: MergeMode, interruption: Interruption = Interruption()
  ) throws -> MergeReport {
    let fromServer = mode != .file
    var report = MergeReport()
    // Forget tombstones: the other file's come here too. A person forgotten on either side is never brought back, and
    // one forgotten there is erased here.
    // The other file is read a row at a time (cursors), never whole: memory does not grow with its size.
    var theirs = Set<String>()
    let tombstones = try cursor(db, ForgottenRecord.self, "SELECT * FROM other.forgotten")
    while var t = try tombstones.next() {
      if !fromServer { t.synced = false }
      try t.insertRow(db, .ignore)
      if fromServer && db.changesCount == 0 {
        try db.execute(
          sql: "UPDATE main.forgotten SET synced = 1 WHERE uuid_hash = ? AND synced = 0", arguments: [t.uuidHash])
      }
      theirs.insert(t.uuidHash)
    }
    if !theirs.isEmpty {
      var erased: [Int64] = []
      let mine = try cursor(db, CandidateRecord.self, "SELECT * FROM main.candidate WHERE forgotten = 0")
      while let c = try mine.next() {
        if theirs.contains(ForgottenRecord.hash(uuid: c.uuid)) { erased.append(c.id ?? 0) }
      }
      for id in erased {
        try erase(db, candidateId: id)
        report.forgottenHere += 1
      }
    }
    // Who is forgotten here (the tombstones just merged included), looked up once per candidate of the other file.
    var forgottenHashes = Set<String>()
    let hashes = try cursor(db, ForgottenRecord.self, "SELECT * FROM main.forgotten")
    while let t = try hashes.next() { forgottenHashes.insert(t.uuidHash) }
    var skipped = Set<Int64>()
    var skippedMentions: [String] = []
    // Roles: by UUID, then by title.
    var roleMap: [Int64: Int64] = [:]
    let roles = try cursor(db, RoleRecord.self, "SELECT * FROM other.role ORDER BY id")
    while var r = try roles.next() {
      try interruption.check()
      let otherId = r.id ?? 0
      if let id: Int64 = try db.cachedValue(
        "SELECT id FROM main.role WHERE uuid = ? OR title = ? ORDER BY uuid = ? DESC LIMIT 1",
        [r.uuid, r.title, r.uuid])
      {
        roleMap[otherId] = id
        report.rolesMatched += 1
        try lastWriterWins(db, role: r, here: id, mode: mode, report: &report)
        continue
      }
      r.id = nil
      if !fromServer { r.syncedHlc = nil }
      try observe(db, stamp: r.hlc)
      let id = try r.insertRow(db)
      roleMap[otherId] = id
      report.rolesAdded += 1
      for var b: RoleBankRecord in try others(db, "SELECT * FROM other.role_bank WHERE role_id = ?", [otherId]) {
        b.roleId = id
        try b.insertRow(db, .ignore)
      }
    }
    // Candidates: by UUID, then email, then exact name.
    var candidateMap: [Int64: Int64] = [:]
    let candidates = try cursor(db, CandidateRecord.self, "SELECT * FROM other.candidate ORDER BY id")
    while var c = try candidates.next() {
      try interruption.check()
      let otherId = c.id ?? 0
      let name = c.name
      let email = c.email
      let forgotten = c.forgotten
      if !forgottenHashes.isEmpty && forgottenHashes.contains(ForgottenRecord.hash(uuid: c.uuid)) {
        skipped.insert(otherId)
        skippedMentions += [name] + (email.map { [$0] } ?? [])
        report.forgottenSkipped += 1
        continue
      }
      var match: Int64? = try db.cachedValue("SELECT id FROM main.candidate WHERE uuid = ?", [c.uuid])
      if match == nil, !fromServer, let email {
        match = try db.cachedValue("SELECT id FROM main.candidate WHERE email = ? COLLATE NOCASE", [email])
        if match != nil { report.matchedLoosely.append("\(name) (by email)") }
      }
      if match == nil, !fromServer, !forgotten {
        // The NOCASE unique index finds the row; the BINARY test keeps only an exact match (a BINARY test alone
        // cannot use that index: a scan per candidate, quadratic in a large merge).
        match = try db.cachedValue(
          "SELECT id FROM main.candidate WHERE name = ? AND name = ? COLLATE BINARY", [name, name])
        if match != nil { report.matchedLoosely.append("\(name) (by exact name)") }
      }
      if let id = match {
        candidateMap[otherId] = id
        report.candidatesMatched += 1
        try lastWriterWins(db, candidate: c, otherId: otherId, here: id, mode: mode, report: &report)
      } else {
        var newName = name
        if try db.cachedExists("SELECT 1 FROM main.candidate WHERE name = ?", [name]) {
          if !forgotten {
            report.conflicts.append(
              "candidate '\(name)' differs from the one here with that name (case); kept as '\(name) (merged)'")
          }
          newName = forgotten ? "Anonymised (merged \(UUID().uuidString.prefix(8)))" : "\(name) (merged)"
        }
        c.id = nil
        c.name = newName
        if !fromServer { c.syncedHlc = nil }
        try observe(db, stamp: c.hlc)
        let id = try c.insertRow(db)
        // The other file's name key is not trusted: it is computed here.
        try indexName(db, id: id, name: newName)
        if forgotten {
          try db.execute(sql: "UPDATE main.candidate SET name = 'Anonymised #' || id WHERE id = ?", arguments: [id])
          try indexName(db, id: id, name: "Anonymised #\(id)")
        }
        candidateMap[otherId] = id
        report.candidatesAdded += 1
        try copyChildren(db, CandidateLinkRecord.self, of: "candidate_id", otherId) { $0.candidateId = id }
        try copyChildren(db, CandidateTagRecord.self, of: "candidate_id", otherId, .ignore) { $0.candidateId = id }
      }
      guard let id = candidateMap[otherId] else { continue }
      // Applications: one per role here; their status comes from the merged history below.
      var moved = false
      for var a: CandidateRoleRecord in try others(
        db, "SELECT * FROM other.candidate_role WHERE candidate_id = ?", [otherId])
      {
        guard let mapped = roleMap[a.roleId] else { continue }
        a.candidateId = id
        a.roleId = mapped
        if !fromServer { a.synced = false }
        try a.insertRow(db, .ignore)
        if db.changesCount > 0 {
          moved = true
        } else if fromServer {
          try db.execute(
            sql: "UPDATE main.candidate_role SET synced = 1 WHERE candidate_id = ? AND role_id = ? AND synced = 0",
            arguments: [id, mapped])
        }
      }
      // Status history (forced moves included): rows not here yet (same role, same status at the same time) come
      // across; in each application, and for the candidate, the latest move wins.
      for var h: StatusChangeRecord in try others(
        db, "SELECT * FROM other.status_change WHERE candidate_id = ? ORDER BY at, id", [otherId])
      {
        if let r = h.roleId {
          guard let mapped = roleMap[r] else { continue }
          h.roleId = mapped
        }
        if try db.cachedExists(
          "SELECT 1 FROM main.status_change WHERE candidate_id = ? AND role_id IS ? AND to_status = ? AND at = ?",
          [id, h.roleId, h.toStatus, h.at])
        {
          if fromServer {
            try db.execute(
              sql: """
                UPDATE main.status_change SET synced = 1
                WHERE candidate_id = ? AND role_id IS ? AND to_status = ? AND at = ? AND synced = 0
                """, arguments: [id, h.roleId, h.toStatus, h.at])
          }
          continue
        }
        h.id = nil
        h.candidateId = id
        if !fromServer { h.synced = false }
        try h.insertRow(db)
        report.statusRowsAdded += 1
        moved = true
      }
      if moved { try settleStatuses(db, candidateId: id) }
      // Notes about the candidate, by UUID.
      for var n: CandidateNoteRecord in try others(
        db, "SELECT * FROM other.candidate_note WHERE candidate_id = ? ORDER BY id", [otherId])
      {
        n.id = nil
        n.candidateId = id
        if !fromServer { n.synced = false }
        try n.insertRow(db, .ignore)
        report.notesAdded += db.changesCount
        if fromServer && db.changesCount == 0 {
          try db.execute(
            sql: "UPDATE main.candidate_note SET synced = 1 WHERE uuid = ? AND synced = 0", arguments: [n.uuid])
        }
      }
    }
    // Bank snapshots: by content hash; the same id and version with other content is a conflict.
    var snapshotMap: [Int64: Int64] = [:]
    let snapshots = try cursor(db, BankSnapshotRecord.self, "SELECT * FROM other.bank_snapshot ORDER BY id")
    while var s = try snapshots.next() {
      let otherId = s.id ?? 0
      if let id: Int64 = try db.cachedValue("SELECT id FROM main.bank_snapshot WHERE sha256 = ?", [s.sha256]) {
        snapshotMap[otherId] = id
        continue
      }
      if try Int.fetchOne(
        db, sql: "SELECT 1 FROM main.bank_snapshot WHERE bank_id = ? AND version = ?",
        arguments: [s.bankId, s.version]) != nil
      {
        report.conflicts.append(
          "bank '\(s.bankId)' v\(s.version) has different content in the two databases; its interviews were skipped")
        continue
      }
      s.id = nil
      snapshotMap[otherId] = try s.insertRow(db)
      report.snapshotsAdded += 1
    }
    // Interviews by UUID, with their notes, answers and signals.
    let interviews = try cursor(db, InterviewRecord.self, "SELECT * FROM other.interview ORDER BY id")
    while var i = try interviews.next() {
      try interruption.check()
      let otherId = i.id ?? 0
      let uuid = i.uuid
      if skipped.contains(i.candidateId) { continue }
      if let here: Int64 = try db.cachedValue("SELECT id FROM main.interview WHERE uuid = ?", [uuid]) {
        // A void made there carries here (a void is never undone by a merge).
        if let voided = i.voidedAt {
          try db.execute(
            sql: """
              UPDATE main.interview SET voided_at = ?, void_note = ?,
                synced = CASE WHEN ? THEN synced ELSE NULL END
              WHERE id = ? AND voided_at IS NULL
              """,
            arguments: [voided, i.voidNote, fromServer, here])
          report.voidsApplied += db.changesCount
        }
        if try fingerprint(db, schema: "main", id: here) == fingerprint(db, schema: "other", id: otherId) {
          report.interviewsAlreadyHere += 1
        } else if let member = mode.member,
          try String.fetchOne(db, sql: "SELECT interviewer FROM main.interview WHERE id = ?", arguments: [here])
            != member
        {
          // Another member's scorecard: the team's copy is theirs (finished, voided, or unsealed for us now).
          try replaceInterview(db, here: here, with: i, otherId: otherId)
          report.interviewsUpdated += 1
        } else {
          report.conflicts.append(
            "scorecard \(uuid) (#\(here) here) differs between the two databases; skipped, nothing overwritten")
        }
        continue
      }
      guard let candidateId = candidateMap[i.candidateId], let snapshotId = snapshotMap[i.snapshotId] else {
        continue
      }
      i.id = nil
      i.candidateId = candidateId
      i.snapshotId = snapshotId
      i.synced = fromServer ? i.synced : nil
      i.roleId = i.roleId.flatMap { roleMap[$0] }
      let id = try i.insertRow(db)
      report.interviewsAdded += 1
      for var n: NoteRecord in try others(db, "SELECT * FROM other.note WHERE interview_id = ? ORDER BY id", [otherId])
      {
        n.id = nil
        n.interviewId = id
        try n.insertRow(db, .ignore)
        report.notesAdded += db.changesCount
      }
      try copyChildren(db, AnswerRecord.self, of: "interview_id", otherId) { $0.interviewId = id }
      try copyChildren(db, SignalMarkRecord.self, of: "interview_id", otherId) { $0.interviewId = id }
      try copyChildren(db, QuestionTimeRecord.self, of: "interview_id", otherId, .ignore) { $0.interviewId = id }
    }
    // Engagements by UUID, with their checklist, onboarding, reports and risks.
    let engagements = try cursor(db, EngagementRecord.self, "SELECT * FROM other.engagement ORDER BY id")
    while var e = try engagements.next() {
      try interruption.check()
      let otherId = e.id ?? 0
      guard let candidateId = candidateMap[e.candidateId] else { continue }
      if try db.cachedExists("SELECT 1 FROM main.engagement WHERE uuid = ?", [e.uuid]) {
        continue
      }
      e.id = nil
      e.candidateId = candidateId
      e.roleId = e.roleId.flatMap { roleMap[$0] }
      let id = try e.insertRow(db)
      report.engagementsAdded += 1
      try copyChildren(db, ContractCheckRecord.self, of: "engagement_id", otherId, .ignore) { $0.engagementId = id }
      try copyChildren(db, OnboardingItemRecord.self, of: "engagement_id", otherId, .ignore) { $0.engagementId = id }
      try copyChildren(db, WeeklyReportRecord.self, of: "engagement_id", otherId, .ignore) {
        $0.id = nil
        $0.engagementId = id
      }
      try copyChildren(db, CheckinRecord.self, of: "engagement_id", otherId, .ignore) {
        $0.id = nil
        $0.engagementId = id
      }
      try copyChildren(db, RiskRecord.self, of: "engagement_id", otherId, .ignore) {
        $0.id = nil
        $0.engagementId = id
      }
    }
    // Aborted interviews' audit rows, by UUID.
    let aborts = try cursor(db, InterviewAbortRecord.self, "SELECT * FROM other.interview_abort ORDER BY id")
    while var a = try aborts.next() {
      guard let candidateId = candidateMap[a.candidateId] else { continue }
      a.id = nil
      a.candidateId = candidateId
      a.roleId = a.roleId.flatMap { roleMap[$0] }
      try a.insertRow(db, .ignore)
      report.abortsAdded += db.changesCount
    }
    // Conflicts the team has seen, by UUID.
    let conflicts = try cursor(db, SyncConflictRecord.self, "SELECT * FROM other.sync_conflict")
    while let k = try conflicts.next() {
      try k.insertRow(db, .ignore)
      if db.changesCount > 0 {
        report.syncConflicts.append(
          SyncConflict(
            uuid: k.uuid, tbl: k.table, row_uuid: k.rowUUID, field: k.field, kept: k.kept, lost_by: k.lostBy,
            at: k.at))
      }
    }
    // Notes about others that the other file still holds may name a forgotten person.
    try redact(db, mentions: skippedMentions)
    return report
  }

  /// Another member's interview here takes the team's copy: state, times, void and recommendation, and its content
  /// (what the server lets this member read).
  private static func replaceInterview(_ db: Database, here: Int64, with i: InterviewRecord, otherId: Int64) throws {
    try db.execute(
      sql: """
        UPDATE main.interview SET state = ?, finished_at = ?, recommendation = ?, voided_at = ?, void_note = ?
        WHERE id = ?
        """, arguments: [i.state, i.finishedAt, i.recommendation, i.voidedAt, i.voidNote, here])
    for table in ["answer", "signal_mark", "note"] {
      try db.execute(sql: "DELETE FROM main.\(table) WHERE interview_id = ?", arguments: [here])
    }
    try copyChildren(db, AnswerRecord.self, of: "interview_id", otherId) { $0.interviewId = here }
    try copyChildren(db, SignalMarkRecord.self, of: "interview_id", otherId) { $0.interviewId = here }
    for var n: NoteRecord in try others(db, "SELECT * FROM other.note WHERE interview_id = ? ORDER BY id", [otherId]) {
      n.id = nil
      n.interviewId = here
      try n.insertRow(db, .ignore)
    }
  }

  /// A candidate matched by UUID takes the other side's edit when its clock stamp is later. When both sides edited
  /// it since they last exchanged (a sync whose local edit is not pushed yet), each differing field is a conflict,
  /// kept here and reported: the later stamp wins on every laptop, ties by member name.
  private static func lastWriterWins(
    _ db: Database, candidate c: CandidateRecord, otherId: Int64, here id: Int64, mode: MergeMode,
    report: inout MergeReport
  ) throws {
    guard let mine = try row(db, CandidateRecord.self, id: id), mine.uuid == c.uuid, !mine.forgotten,
      !c.forgotten
    else { return }
    // The same edit on both sides: from the server, it is exchanged already (a join never pushes back its pull).
    guard c.hlc != mine.hlc else {
      if mode != .file && mine.syncedHlc != mine.hlc {
        try db.execute(sql: "UPDATE main.candidate SET synced_hlc = hlc WHERE id = ?", arguments: [id])
      }
      return
    }
    let ours = try syncCandidate(db, mine)
    var theirs = ours
    theirs.name = c.name
    theirs.email = c.email
    theirs.tier = c.tier
    theirs.source = c.source
    theirs.rate = c.rate
    theirs.links = try String.fetchAll(
      db, sql: "SELECT url FROM other.candidate_link WHERE candidate_id = ? ORDER BY position", arguments: [otherId])
    theirs.tags = try String.fetchAll(
      db, sql: "SELECT tag FROM other.candidate_tag WHERE candidate_id = ? ORDER BY tag", arguments: [otherId])
    let fields: [(String, String?, String?)] = [
      ("name", ours.name, theirs.name), ("email", ours.email, theirs.email),
      ("tier", String(ours.tier), String(theirs.tier)), ("source", ours.source, theirs.source),
      ("rate", ours.rate.map { String($0) }, theirs.rate.map { String($0) }),
      ("links", ours.links.joined(separator: " "), theirs.links.joined(separator: " ")),
      ("tags", ours.tags.joined(separator: ","), theirs.tags.joined(separator: ",")),
    ]
    let theyWin = c.hlc > mine.hlc
    try noteConflicts(
      db, table: "candidate", uuid: c.uuid, fields: fields, theyWin: theyWin, mine: mine.hlc,
      minePending: mine.syncedHlc != mine.hlc, theirs: c.hlc, mode: mode, report: &report)
    try observe(db, stamp: c.hlc)
    guard theyWin else { return }
    var name = c.name
    if try Int.fetchOne(
      db, sql: "SELECT 1 FROM main.candidate WHERE name = ? AND id <> ?", arguments: [name, id]) != nil
    {
      name = mine.name
    }
    try db.execute(
      sql: """
        UPDATE main.candidate SET name = ?, email = ?, tier = ?, source = ?, rate = ?, hlc = ?,
          synced_hlc = CASE WHEN ? THEN ? ELSE synced_hlc END
        WHERE id = ?
        """,
      arguments: [name, c.email, c.tier, c.source, c.rate, c.hlc, mode != .file, c.hlc, id])
    try indexName(db, id: id, name: name)
    try saveLinksAndTags(db, id: id, links: theirs.links, tags: theirs.tags)
    report.rowsUpdated += 1
  }

  /// The same rule for a role matched by UUID.
  private static func lastWriterWins(
    _ db: Database, role r: RoleRecord, here id: Int64, mode: MergeMode, report: inout MergeReport
  ) throws {
    guard let mine = try row(db, RoleRecord.self, id: id), mine.uuid == r.uuid else { return }
    guard r.hlc != mine.hlc else {
      if mode != .file && mine.syncedHlc != mine.hlc {
        try db.execute(sql: "UPDATE main.role SET synced_hlc = hlc WHERE id = ?", arguments: [id])
      }
      return
    }
    let myBanks = try String.fetchAll(
      db, sql: "SELECT bank_id FROM main.role_bank WHERE role_id = ? ORDER BY position", arguments: [id])
    let theirBanks = try String.fetchAll(
      db, sql: "SELECT bank_id FROM other.role_bank WHERE role_id = ? ORDER BY position", arguments: [r.id ?? 0])
    func text(_ d: Double?) -> String? { d.map { String($0) } }
    let fields: [(String, String?, String?)] = [
      ("title", mine.title, r.title), ("goal", mine.goal, r.goal), ("metric", mine.metric, r.metric),
      ("stack", mine.stack, r.stack), ("milestone", mine.milestone, r.milestone), ("model", mine.model, r.model),
      ("budget_min", text(mine.budgetMin), text(r.budgetMin)), ("budget_max", text(mine.budgetMax), text(r.budgetMax)),
      ("archived", mine.archivedAt == nil ? "no" : "yes", r.archivedAt == nil ? "no" : "yes"),
      ("banks", myBanks.joined(separator: ","), theirBanks.joined(separator: ",")),
    ]
    let theyWin = r.hlc > mine.hlc
    try noteConflicts(
      db, table: "role", uuid: r.uuid, fields: fields, theyWin: theyWin, mine: mine.hlc,
      minePending: mine.syncedHlc != mine.hlc, theirs: r.hlc, mode: mode, report: &report)
    try observe(db, stamp: r.hlc)
    guard theyWin else { return }
    var title = r.title
    if try Int.fetchOne(db, sql: "SELECT 1 FROM main.role WHERE title = ? AND id <> ?", arguments: [title, id]) != nil {
      title = mine.title
    }
    try db.execute(
      sql: """
        UPDATE main.role SET title = ?, goal = ?, metric = ?, stack = ?, milestone = ?, model = ?, budget_min = ?,
          budget_max = ?, archived_at = ?, hlc = ?, synced_hlc = CASE WHEN ? THEN ? ELSE synced_hlc END
        WHERE id = ?
        """,
      arguments: [
        title, r.goal, r.metric, r.stack, r.milestone, r.model, r.budgetMin, r.budgetMax, r.archivedAt, r.hlc,
        mode != .file, r.hlc, id,
      ])
    try db.execute(sql: "DELETE FROM main.role_bank WHERE role_id = ?", arguments: [id])
    for (k, bank) in theirBanks.enumerated() {
      try RoleBankRecord(roleId: id, bankId: bank, position: k).insertRow(db, .ignore)
    }
    report.rowsUpdated += 1
  }

  /// In a sync, an edit here not yet pushed and a different edit from the team are a conflict on each field they set
  /// differently: kept here (and pushed with the sync), reported.
  private static func noteConflicts(
    _ db: Database, table: String, uuid: String, fields: [(String, String?, String?)], theyWin: Bool, mine: String,
    minePending: Bool, theirs: String, mode: MergeMode, report: inout MergeReport
  ) throws {
    guard mode != .file, minePending, !mine.isEmpty else { return }
    let loser = HLC(theyWin ? mine : theirs)?.node ?? (theyWin ? mode.member ?? "?" : "?")
    var ids = UUIDv7Generator()
    for (field, here, there) in fields where here != there {
      let k = SyncConflict(
        uuid: ids.next(), tbl: table, row_uuid: uuid, field: field, kept: theyWin ? there : here, lost_by: loser,
        at: now())
      try SyncConflictRecord(
        uuid: k.uuid, table: k.tbl, rowUUID: k.row_uuid, field: k.field, kept: k.kept, lostBy: k.lost_by, at: k.at
      ).insertRow(db, .ignore)
      report.syncConflicts.append(k)
    }
  }

  /// A `file:` URI that opens `path` read-only, and immutable when no WAL file is beside it (nothing of it is
  /// written, not even a checkpoint). Every byte outside the URI's unreserved set is percent-encoded.
  static func readOnlyURI(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var encoded = ""
    for b in absolute.utf8 {
      let c = Character(UnicodeScalar(b))
      if b < 0x80 && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
        encoded.append(c)
      } else {
        encoded += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
      }
    }
    let immutable = !FileManager.default.fileExists(atPath: path + "-wal")
    return "file:" + encoded + "?mode=ro" + (immutable ? "&immutable=1" : "")
  }

  /// Each application's status and since, and the candidate's, from the latest row of the history. (`+h.role_id`
  /// keeps SQLite on the candidate's index: by role it would read every move of the role, once per candidate.)
  static func settleStatuses(_ db: Database, candidateId id: Int64) throws {
    try db.cachedExecute(
      """
      UPDATE main.candidate_role SET (status, since) = (
        SELECT to_status, at FROM main.status_change h
        WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id
        ORDER BY at DESC, id DESC LIMIT 1)
      WHERE candidate_id = ? AND EXISTS (SELECT 1 FROM main.status_change h
        WHERE h.candidate_id = candidate_role.candidate_id AND +h.role_id = candidate_role.role_id)
      """, [id])
    try db.cachedExecute(
      """
      UPDATE main.candidate SET (status, since) = (
        SELECT to_status, at FROM main.status_change h WHERE h.candidate_id = candidate.id
        ORDER BY at DESC, id DESC LIMIT 1)
      WHERE id = ? AND EXISTS (SELECT 1 FROM main.status_change h WHERE h.candidate_id = candidate.id)
      """, [id])
  }

  /// The other file's rows of one table whose `column` (a constant of this file) is `otherId`, re-parented by
  /// `reparent` and inserted here through the table's insert path.
  private static func copyChildren<R: FetchableRecord & InsertableRecord>(
    _ db: Database, _ type: R.Type, of column: String, _ otherId: Int64, _ conflict: OnConflict = .abort,
    _ reparent: (inout R) -> Void
  ) throws {
    for var row: R in try others(db, "SELECT * FROM other.\(R.databaseTableName) WHERE \(column) = ?", [otherId]) {
      reparent(&row)
      try row.insertRow(db, conflict)
    }
  }

  /// The other file's rows of one parent (a few), each decoded into its record: a row that does not decode (a wrong
  /// type, a NULL where a value is required) is a `StoreError.damaged` naming the table and row, never a crash. The
  /// statement is prepared once per merge (it runs once per parent row).
  private static func others<R: FetchableRecord & TableRecord>(
    _ db: Database, _ sql: String, _ arguments: StatementArguments = []
  ) throws -> [R] {
    try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { try Decode.record($0) }
  }

  /// A row of this database by id, through the statement cache (looked up once per matched row).
  private static func row<R: FetchableRecord & TableRecord>(_ db: Database, _ type: R.Type, id: Int64) throws -> R? {
    try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM main.\(R.databaseTableName) WHERE id = ?"), arguments: [id])
      .map { try Decode.record($0) }
  }

  /// All rows of a query, decoded one at a time as the loop asks for them, with the same defensive decoding: memory
  /// stays flat however large the table. (A statement of its own, so the cached ones stay free for the loop's body.)
  private static func cursor<R: FetchableRecord & TableRecord>(_ db: Database, _ type: R.Type, _ sql: String) throws
    -> MapCursor<RowCursor, R>
  {
    try Row.fetchCursor(db, sql: sql).map { try Decode.record($0) }
  }

  /// The content of a scorecard, for telling "the same" from "a conflict": one string built by SQLite, every value
  /// `quote()`d as it is stored (never converted: a damaged value of the other file makes a difference, not a crash).
  private static func fingerprint(_ db: Database, schema: String, id: Int64) throws -> String {
    let sql = """
      SELECT
        (SELECT quote(interviewer) || '|' || quote(state) || '|' || quote(finished_at) || '|' || quote(recommendation)
          FROM \(schema).interview WHERE id = ?1)
        || char(10) || (SELECT coalesce(group_concat(v, char(10)), '') FROM (
          SELECT quote(question_id) || '|' || quote(score) || '|' || quote(comment) || '|' || quote(skipped) AS v
          FROM \(schema).answer WHERE interview_id = ?1 ORDER BY question_id))
        || char(10) || (SELECT coalesce(group_concat(v, char(10)), '') FROM (
          SELECT quote(question_id) || '|' || quote(signal_index) || '|' || quote(value) AS v
          FROM \(schema).signal_mark WHERE interview_id = ?1 ORDER BY question_id, signal_index))
        || char(10) || (SELECT coalesce(group_concat(v, char(10)), '') FROM (
          SELECT quote(uuid) || '|' || quote(text) AS v
          FROM \(schema).note WHERE interview_id = ?1 ORDER BY uuid))
      """
    return try db.cachedValue(sql, [id]) ?? ""
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
