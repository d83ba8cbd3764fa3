import Crypto
import Foundation
import GRDB
import VoltModel

/// The kinds of processing DPA 2018 s.62 says must be logged.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    /// Records added (an import).
    case collection
    /// Stored records changed.
    case alteration
    /// Records read: a query or a view.
    case consultation
    /// Records sent out: an export or a report.
    case disclosure
    /// Records linked to records already held.
    case combination
    /// Records removed (the entry keeps metadata only, never the erased values).
    case erasure
}

/// Who is acting and why. Every query, export and change carries one; a missing purpose is
/// refused before anything is read or written.
public struct AuditContext: Sendable, Hashable {
    /// The person or service acting.
    public let actor: String
    /// The stated purpose of the processing.
    public let purpose: String

    /// A context; throws when the actor or purpose is empty.
    public init(actor: String, purpose: String?) throws(StoreError) {
        let a = actor.trimmingSpaces, p = (purpose ?? "").trimmingSpaces
        guard !a.isEmpty else { throw .missingActor }
        guard !p.isEmpty else { throw .missingPurpose }
        self.actor = a
        self.purpose = p
    }
}

/// One line of the audit log.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// Position in the chain, from 1.
    public let seq: Int64
    /// When, ISO 8601 UTC.
    public let at: String
    /// Who.
    public let actor: String
    /// Why.
    public let purpose: String
    /// What kind of processing.
    public let action: String
    /// What was touched (counts, ids queried, files read): never erased values.
    public let summary: String
    /// The hash of the entry before.
    public let prevHash: String
    /// SHA-256 over this entry's fields and `prevHash`.
    public let hash: String

    /// The hash this entry should carry, recomputed from its fields.
    public var expectedHash: String {
        AuditLog.hash(seq: seq, at: at, actor: actor, purpose: purpose, action: action,
                      summary: summary, prevHash: prevHash)
    }
}

/// What `verify` found.
public enum AuditVerdict: Sendable, Equatable {
    /// Every entry's hash and link to the one before holds, and the head matches the newest.
    case intact(entries: Int64)
    /// The first entry that fails, and why.
    case broken(seq: Int64, reason: String)
}

/// The hash-chained, append-only audit log (DPA 2018 s.62).
///
/// Each entry's hash covers its sequence number, time, actor, purpose, action, summary and the
/// previous entry's hash, so an edited, deleted or reordered entry breaks the chain at that entry.
/// The newest sequence number and hash are also kept in a separate head row, so deleting the
/// newest entries shows too. Triggers refuse UPDATE and DELETE on the log.
public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(seq: Int64, at: String, actor: String, purpose: String, action: String,
                     summary: String, prevHash: String) -> String {
        // Unit separators keep field boundaries unambiguous.
        let text = [String(seq), at, actor, purpose, action, summary, prevHash].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Appends an entry inside the caller's transaction.
    static func append(_ db: Database, context: AuditContext, action: AuditAction, summary: String,
                       at: Timestamp = Timestamp.now) throws {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE one = 1")
        guard let head else { throw StoreError.corrupt("the audit head row is missing") }
        let seq: Int64 = head["seq"] + 1
        let prev: String = head["hash"]
        let time = at.iso8601
        let h = hash(seq: seq, at: time, actor: context.actor, purpose: context.purpose,
                     action: action.rawValue, summary: summary, prevHash: prev)
        try db.execute(
            sql: """
                INSERT INTO audit_log(seq, at, actor, purpose, action, summary, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [seq, time, context.actor, context.purpose, action.rawValue, summary, prev, h])
        try db.execute(sql: "UPDATE audit_head SET seq = ?, hash = ? WHERE one = 1", arguments: [seq, h])
    }

    static func entries(_ db: Database, last: Int?) throws -> [AuditEntry] {
        let sql = "SELECT seq, at, actor, purpose, action, summary, prev_hash, hash FROM audit_log"
        let rows: [Row]
        if let last {
            rows = try Row.fetchAll(db, sql: sql + " ORDER BY seq DESC LIMIT ?", arguments: [last]).reversed()
        } else {
            rows = try Row.fetchAll(db, sql: sql + " ORDER BY seq")
        }
        return rows.map(entry)
    }

    static func verify(_ db: Database) throws -> AuditVerdict {
        var expectedSeq: Int64 = 1
        var prev = genesis
        let cursor = try Row.fetchCursor(
            db, sql: "SELECT seq, at, actor, purpose, action, summary, prev_hash, hash FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let e = entry(row)
            if e.seq != expectedSeq {
                return .broken(seq: expectedSeq, reason: "entry \(expectedSeq) is missing (next present is \(e.seq))")
            }
            if e.prevHash != prev {
                return .broken(seq: e.seq, reason: "entry \(e.seq) does not follow the entry before it (previous hash differs)")
            }
            if e.hash != e.expectedHash {
                return .broken(seq: e.seq, reason: "entry \(e.seq) was altered (its hash does not match its content)")
            }
            prev = e.hash
            expectedSeq += 1
        }
        let last = expectedSeq - 1
        guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE one = 1") else {
            return .broken(seq: last + 1, reason: "the audit head row is missing")
        }
        let headSeq: Int64 = head["seq"], headHash: String = head["hash"]
        if headSeq != last {
            return .broken(seq: last + 1,
                           reason: "entry \(last + 1) is missing: the log ends at \(last) but the head records \(headSeq)")
        }
        if headHash != prev {
            return .broken(seq: last, reason: "entry \(last) was altered (it differs from the recorded head)")
        }
        return .intact(entries: last)
    }

    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], purpose: row["purpose"],
                   action: row["action"], summary: row["summary"], prevHash: row["prev_hash"], hash: row["hash"])
    }
}
