import VoltDigest
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
    /// Signing in to and out of the workspace, and refused sign-ins.
    case access

    /// Whether entries of this kind go with a change of the records (and so of any answer).
    public var changesRecords: Bool { ![.consultation, .disclosure, .access].contains(self) }
}

/// Who is acting and why. Every query, export and change carries one; a missing purpose is
/// refused before anything is read or written.
public struct AuditContext: Sendable, Hashable {
    /// The person or service acting, as the log records it: a named analyst as
    /// `NAME (login LOGIN)`, so the entry says both who was named and who was logged in.
    public let actor: String
    /// The stated purpose of the processing.
    public let purpose: String
    /// The operating system login, when the actor was named by the person at the keyboard
    /// (`--actor`) and differs from it; a named actor is allowed only where the store's
    /// configuration allows named analysts (`StoreConfiguration.namedAnalysts`).
    public let login: String?

    /// The fewest characters a purpose may have: "x" or "test" says nothing an IG officer can check.
    public static let minimumPurpose = 8

    /// A context; throws when the actor is empty or the purpose empty or shorter than
    /// `minimumPurpose`. `login` is the login name when `actor` was typed rather than taken from it.
    public init(actor: String, purpose: String?, login: String? = nil) throws(StoreError) {
        let a = actor.trimmingSpaces, p = (purpose ?? "").trimmingSpaces
        guard !a.isEmpty else { throw .missingActor }
        guard !p.isEmpty else { throw .missingPurpose }
        guard p.count >= Self.minimumPurpose else { throw .purposeTooShort(minimum: Self.minimumPurpose) }
        let l = login?.trimmingSpaces
        if let l, !l.isEmpty, l != a {
            self.actor = "\(a) (login \(l))"
            self.login = l
        } else {
            self.actor = a
            self.login = nil
        }
        self.purpose = p
        self.named = self.login == nil ? nil : a
    }

    /// The name typed for a named analyst (nil when the actor is the login or a service).
    public let named: String?
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
    /// HMAC-SHA-256 (with the store's audit key) over this entry's fields, `prevHash` and
    /// `content`; plain SHA-256 for entries written before the store had keys.
    public let hash: String
    /// For an entry that changed data: each table's row count and digest after the change
    /// (`table=count:digest;...`), so that `verify` can tell an edit made outside volt.
    public let content: String?
}

/// What `verify` found.
public enum AuditVerdict: Sendable, Equatable {
    /// Every entry's hash and link to the one before holds, and the head matches the newest.
    case intact(entries: Int64)
    /// The first entry that fails, and why.
    case broken(seq: Int64, reason: String)
}

/// A point of the chain kept elsewhere (`volt audit anchor`): with it, `verify` detects a log
/// that was wiped, truncated or rolled back to an older copy, which the chain alone cannot.
public struct AuditAnchor: Sendable, Hashable {
    public let storeID: String
    public let seq: Int64
    public let hash: String
    public let at: String

    /// `volt-anchor 1 store ID seq N hash H at TIME`.
    public var text: String { "volt-anchor 1 store \(storeID) seq \(seq) hash \(hash) at \(at)\n" }

    /// Reads an anchor's text; nil when it is not one.
    public init?(text: String) {
        let w = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard w.count == 10, w[0] == "volt-anchor", w[1] == "1", w[2] == "store", w[4] == "seq", w[6] == "hash", w[8] == "at",
              let seq = Int64(w[5]) else { return nil }
        (storeID, self.seq, hash, at) = (w[3], seq, w[7], w[9])
    }

    init(storeID: String, seq: Int64, hash: String, at: String) {
        (self.storeID, self.seq, self.hash, self.at) = (storeID, seq, hash, at)
    }
}

/// The hash-chained, append-only audit log (DPA 2018 s.62).
///
/// Each entry's hash is an HMAC with the store's audit key (kept outside the store) over its
/// sequence number, time, actor, purpose, action, summary, content digest and the previous
/// entry's hash: an edited, deleted, reordered or forged entry breaks the chain at that entry,
/// and without the key nobody can write one that `verify` accepts. The newest sequence number
/// and hash are also kept in a separate head row, so deleting the newest entries shows too.
/// Entries that change data carry each table's digest after the change, so data edited outside
/// volt shows as a difference from the newest such entry. Triggers refuse UPDATE and DELETE.
public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of an entry's purpose and summary as written. Entries since the store had
    /// redaction sign this digest rather than the text, so an erased name can later be replaced
    /// in the text (by a redaction entry that lists it) while the chain and its anchors hold.
    static func textDigest(purpose: String, summary: String) -> String {
        SHA256.hash(data: Data((purpose + "\u{1F}" + summary).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func hash(seq: Int64, at: String, actor: String, purpose: String, action: String,
                     summary: String, prevHash: String, content: String?, textDigest: String? = nil, keys: StoreKeys) -> String {
        if let textDigest, let key = keys.auditKey(for: seq) {
            let text = ["v2", String(seq), at, actor, action, prevHash, content ?? "", textDigest].joined(separator: "\u{1F}")
            return HMACSHA256.authenticationCode(for: Data(text.utf8), key: key).map { String(format: "%02x", $0) }.joined()
        }
        // Unit separators keep field boundaries unambiguous.
        let fields = [String(seq), at, actor, purpose, action, summary, prevHash]
        guard let key = keys.auditKey(for: seq) else {
            // Written before the store had keys: the unkeyed SHA-256 of then.
            return SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8)).map { String(format: "%02x", $0) }.joined()
        }
        let text = (fields + [content ?? ""]).joined(separator: "\u{1F}")
        return HMACSHA256.authenticationCode(for: Data(text.utf8), key: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Appends an entry inside the caller's transaction.
    /// The context is checked against the store's configuration (`admitting`: the one that held
    /// before a change of configuration, so that change is judged by the rules it replaces).
    static func append(_ db: Database, keys: StoreKeys, context: AuditContext, action: AuditAction, summary: String,
                       content: String? = nil, at: Timestamp = Timestamp.now, admitting: StoreConfiguration? = nil) throws {
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE one = 1")
        guard let head else { throw StoreError.corrupt("the audit head row is missing") }
        let seq: Int64 = head["seq"] + 1
        let prev: String = head["hash"]
        try (admitting ?? StoreConfiguration.read(db)).admit(context)
        let time = at.iso8601
        let td = textDigest(purpose: context.purpose, summary: summary)
        let h = hash(seq: seq, at: time, actor: context.actor, purpose: context.purpose,
                     action: action.rawValue, summary: summary, prevHash: prev, content: content, textDigest: td, keys: keys)
        try db.execute(
            sql: """
                INSERT INTO audit_log(seq, at, actor, purpose, action, summary, prev_hash, hash, content, text_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [seq, time, context.actor, context.purpose, action.rawValue, summary, prev, h, content, td])
        try db.execute(sql: "UPDATE audit_head SET seq = ?, hash = ? WHERE one = 1", arguments: [seq, h])
        if action.changesRecords { try db.execute(sql: "UPDATE audit_head SET changed_seq = ? WHERE one = 1", arguments: [seq]) }
    }

    static let columns = "seq, at, actor, purpose, action, summary, prev_hash, hash, content, text_digest"

    /// How a redacting entry (an erasure's) lists, in its own signed summary, the entries whose
    /// text it changed: `audit_redaction=10,11,12`.
    public static let redactionPrefix = "audit_redaction="

    static func entries(_ db: Database, last: Int?) throws -> [AuditEntry] {
        let sql = "SELECT \(columns) FROM audit_log"
        let rows: [Row]
        if let last {
            rows = try Row.fetchAll(db, sql: sql + " ORDER BY seq DESC LIMIT ?", arguments: [last]).reversed()
        } else {
            rows = try Row.fetchAll(db, sql: sql + " ORDER BY seq")
        }
        return rows.map(entry)
    }

    /// The newest entry's sequence number and hash, as an anchor to keep elsewhere.
    static func anchor(_ db: Database, keys: StoreKeys) throws -> AuditAnchor {
        guard let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE one = 1") else {
            throw StoreError.corrupt("the audit head row is missing")
        }
        return AuditAnchor(storeID: keys.storeID, seq: head["seq"], hash: head["hash"], at: Timestamp.now.iso8601)
    }

    /// Checks the chain with the keys, the head, the data against the newest change entry,
    /// and each anchor: the first thing that fails, in words.
    static func verify(_ db: Database, keys: StoreKeys, anchors: [AuditAnchor] = []) throws -> AuditVerdict {
        var expectedSeq: Int64 = 1
        var prev = genesis
        var lastContent: (seq: Int64, content: String)?
        var hashes: [Int64: String] = [:]
        var changedText: [(seq: Int64, digest: String)] = [], redacted: [Int64: String] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM audit_log ORDER BY seq")
        while let row = try cursor.next() {
            let e = entry(row)
            let td: String? = row["text_digest"]
            if e.seq != expectedSeq {
                return .broken(seq: expectedSeq, reason: "entry \(expectedSeq) is missing (next present is \(e.seq))")
            }
            if e.prevHash != prev {
                return .broken(seq: e.seq, reason: "entry \(e.seq) does not follow the entry before it (previous hash differs)")
            }
            let expected = hash(seq: e.seq, at: e.at, actor: e.actor, purpose: e.purpose, action: e.action, summary: e.summary,
                                prevHash: e.prevHash, content: e.content, textDigest: td, keys: keys)
            if e.hash != expected {
                let why = e.seq == keys.audit.first?.from && expectedSeq == 1
                    ? " or the key file is not this store's" : ""
                return .broken(seq: e.seq, reason: "entry \(e.seq) was altered or forged (its HMAC does not match its content with the store's key\(why))")
            }
            if let td {
                let now = textDigest(purpose: e.purpose, summary: e.summary)
                if td != now { changedText.append((e.seq, now)) }
            }
            // Only an erasure's own notes count: they follow its last "; " and hold no "; " of
            // their own, so a typed value cannot plant a list.
            if td != nil, e.action == AuditAction.erasure.rawValue, let semi = e.summary.range(of: "; ", options: .backwards) {
                let notes = e.summary[semi.upperBound...]
                if notes.hasPrefix(redactionPrefix) {
                    for (seq, digest) in redactions(String(notes.dropFirst(redactionPrefix.count))) where seq < e.seq { redacted[seq] = digest }
                }
            }
            if let c = e.content { lastContent = (e.seq, c) }
            hashes[e.seq] = e.hash
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
        // Text that differs from what was signed is an edit, unless a signed redaction lists it.
        if let c = changedText.first(where: { change in redacted[change.seq].map { !change.digest.hasPrefix($0) } ?? true }) {
            let why = redacted[c.seq] == nil ? "and no erasure lists it as redacted" : "nor the text its redaction left"
            return .broken(seq: c.seq, reason: "entry \(c.seq) was altered: its purpose or summary is not the text that was signed, \(why)")
        }
        for a in anchors {
            guard a.storeID == keys.storeID else { return .broken(seq: a.seq, reason: "the anchor is for another store (\(a.storeID))") }
            guard a.seq <= last else {
                return .broken(seq: last + 1, reason: "the log was wiped, truncated or rolled back: the anchor of \(a.at) records entry \(a.seq), but the log ends at entry \(last)")
            }
            guard hashes[a.seq] == a.hash else {
                return .broken(seq: a.seq, reason: "entry \(a.seq) is not the one anchored on \(a.at): the log was rewritten or replaced by another copy")
            }
        }
        // The data now against what the newest change left.
        let now = try ContentDigest.tables(db)
        if let (seq, recorded) = lastContent {
            let differences = ContentDigest.differences(recorded: recorded, now: now)
            if !differences.isEmpty {
                return .broken(seq: seq, reason: "the data was changed outside volt after entry \(seq): \(differences.joined(separator: "; "))")
            }
        } else if let held = ContentDigest.parse(now).first(where: { $0.value.count > 0 }) {
            return .broken(seq: last, reason: "the store holds data (\(held.value.count) rows in \(held.key)) that no entry of the log accounts for: the log was wiped or the data added outside volt")
        }
        return .intact(entries: last)
    }

    /// The entries an erasure redacted, `seq:digest` after `audit_redaction=` (up to the next
    /// space): each entry's sequence number and the start of its text digest after redaction.
    static func redactions(_ text: String) -> [(Int64, String)] {
        text.prefix { $0 != " " }.split(separator: ",").compactMap { item in
            let p = item.split(separator: ":")
            guard p.count == 2, let seq = Int64(p[0]), p[1].count >= 16 else { return nil }
            return (seq, String(p[1]))
        }
    }

    /// How an erasure lists an entry it redacted.
    static func redactionItem(seq: Int64, purpose: String, summary: String) -> String {
        "\(seq):\(textDigest(purpose: purpose, summary: summary).prefix(16))"
    }

    private static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(seq: row["seq"], at: row["at"], actor: row["actor"], purpose: row["purpose"],
                   action: row["action"], summary: row["summary"], prevHash: row["prev_hash"], hash: row["hash"], content: row["content"])
    }
}
