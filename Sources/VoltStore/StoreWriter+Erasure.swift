import Foundation
import GRDB
import VoltModel

/// What an erasure removed: counts only, never the erased values.
public struct ErasureReport: Sendable, Hashable, Codable {
    /// The erased entity's id.
    public let id: String
    /// Its kind.
    public let kind: EntityKind
    /// Links removed (from or to it).
    public let links: Int
    /// Sightings removed (of the person, or at the location).
    public let sightings: Int
    /// Missing episodes removed (the person's).
    public let missing: Int
    /// Other children's episodes that no longer say where they were found (the place was erased).
    public let episodesUnlinked: Int
    /// Casework about it removed: referrals, status spells, actions, outcomes, group memberships.
    public var casework = 0
    /// Whether it was a named group rather than an entity.
    public var isGroup = false
    /// Earlier audit entries whose purpose or summary held the erased name, now replaced by
    /// `[erased]` (their sequence numbers, listed in this erasure's own entry so that
    /// `verify` accepts exactly these changes).
    public var redacted: [Int64] = []
    /// Each redacted entry as the erasure's entry lists it (`seq:digest`, the digest of its text after redaction).
    public var redactionList = ""
    /// Entries written before redaction existed (signed over their text) that still hold the name.
    public var unredactable = 0

    /// A report of counts.
    public init(id: String, kind: EntityKind, links: Int, sightings: Int, missing: Int, episodesUnlinked: Int) {
        self.id = id
        self.kind = kind
        self.links = links
        self.sightings = sightings
        self.missing = missing
        self.episodesUnlinked = episodesUnlinked
    }

    /// The audit summary: metadata only.
    public var summary: String {
        if isGroup { return "erased group \(id) with \(casework) casework records and memberships" }
        return "erased entity \(id) (\(kind.rawValue)) with \(links) links, \(sightings) sightings, \(missing) missing episodes"
            + (casework > 0 ? ", \(casework) casework records" : "")
            + (episodesUnlinked > 0 ? "; \(episodesUnlinked) episodes no longer name where they were found" : "")
            + (unredactable > 0 ? "; \(unredactable) entries from before redaction still hold the name" : "")
            + (redacted.isEmpty ? "" : "; the name replaced by [erased] in \(redacted.count) earlier audit entries (\(redacted.map(String.init).joined(separator: ", ")))")
    }
}

extension StoreWriter {
    /// Erases an entity and every record about it: its links, sightings and missing episodes,
    /// and its agency references. Episodes of other children found at an erased location keep
    /// the episode but lose the place. Its casework goes with it: referrals, status spells,
    /// actions and outcomes about it, and its group memberships. A named group's id erases the
    /// group, its memberships and its casework. Throws `StoreError.unknownEntity` when there is none.
    public func erase(id: String) throws -> ErasureReport {
        guard let (n, kind) = try resolve(id) else {
            guard let g = try resolveGroup(id) else { throw StoreError.unknownEntity(id) }
            var removed = 0
            for table in ["referral", "panel_action", "outcome"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE subject_group = ?", arguments: [g])
                removed += db.changesCount
            }
            try db.execute(sql: "DELETE FROM group_member WHERE grp = ?", arguments: [g])
            removed += db.changesCount
            try db.execute(sql: "DELETE FROM group_track WHERE grp = ?", arguments: [g])
            try db.execute(sql: "DELETE FROM subject_group WHERE n = ?", arguments: [g])
            try db.execute(sql: "INSERT OR REPLACE INTO erased(id, at) VALUES (?, ?)", arguments: [id, Timestamp.now.seconds])
            emptyTables[Lookup.erased.rawValue] = false
            groupNumbers[id] = nil
            var report = ErasureReport(id: id, kind: .person, links: 0, sightings: 0, missing: 0, episodesUnlinked: 0)
            report.casework = removed
            report.isGroup = true
            return report
        }
        var casework = 0
        for sql in ["DELETE FROM referral WHERE subject = ?", "DELETE FROM panel_action WHERE subject = ?",
                    "DELETE FROM outcome WHERE subject = ?", "DELETE FROM case_status WHERE person = ?",
                    "DELETE FROM group_member WHERE member = ?", "DELETE FROM group_track WHERE member = ?",
                    "DELETE FROM match_judgement WHERE a = ?1 OR b = ?1"] {
            try db.execute(sql: sql, arguments: [n])
            casework += db.changesCount
        }
        try db.execute(sql: "DELETE FROM link WHERE src = ? OR dst = ?", arguments: [n, n])
        let links = db.changesCount
        try db.execute(sql: "DELETE FROM sighting WHERE person = ? OR location = ?", arguments: [n, n])
        let sightings = db.changesCount
        try db.execute(sql: "DELETE FROM missing WHERE person = ?", arguments: [n])
        let missing = db.changesCount
        try db.execute(sql: "UPDATE missing SET found_at = NULL WHERE found_at = ?", arguments: [n])
        let unlinked = db.changesCount
        let name = try String.fetchOne(db, sql: "SELECT name FROM entity WHERE n = ?", arguments: [n]) ?? ""
        try db.execute(sql: "DELETE FROM entity_ref WHERE entity = ?", arguments: [n])
        try db.execute(sql: "DELETE FROM entity WHERE n = ?", arguments: [n])
        try db.execute(sql: "INSERT OR REPLACE INTO erased(id, at) VALUES (?, ?)", arguments: [id, Timestamp.now.seconds])
        emptyTables[Lookup.erased.rawValue] = false
        forget(id)
        var report = ErasureReport(id: id, kind: kind, links: links, sightings: sightings, missing: missing,
                                   episodesUnlinked: unlinked)
        report.casework = casework
        if kind == .person { (report.redacted, report.redactionList, report.unredactable) = try redactAuditText(name: name) }
        return report
    }

    /// Replaces an erased person's name in earlier entries' purposes and summaries with
    /// `[erased]`: the whole name anywhere, and each part of it (three letters or more) in
    /// search terms. Only entries that signed their text's digest can be redacted and still
    /// verify; the others are counted.
    func redactAuditText(name: String) throws -> (redacted: [Int64], list: String, unredactable: Int) {
        let whole = name.trimmingSpaces
        guard whole.count >= 3 else { return ([], "", 0) }
        let parts = whole.split(whereSeparator: { !$0.isLetter && $0 != "'" && $0 != "-" }).map(String.init).filter { $0.count >= 3 }
        var changed: [(seq: Int64, purpose: String, summary: String)] = []
        var unredactable = 0
        let like = ([whole] + parts).map { _ in "(instr(lower(summary), lower(?)) > 0 OR instr(lower(purpose), lower(?)) > 0)" }.joined(separator: " OR ")
        let args = ([whole] + parts).flatMap { [$0, $0] }
        for row in try Row.fetchAll(db, sql: "SELECT seq, purpose, summary, text_digest FROM audit_log WHERE \(like) ORDER BY seq",
                                    arguments: StatementArguments(args)) {
            let purpose: String = row["purpose"], summary: String = row["summary"]
            let isSearch = summary.hasPrefix("search ")
            let p = Self.redact(purpose, whole: whole, parts: []), s = Self.redact(summary, whole: whole, parts: isSearch ? parts : [])
            guard p != purpose || s != summary else { continue }
            if (row["text_digest"] as String?) == nil { unredactable += 1; continue }
            changed.append((row["seq"], p, s))
        }
        guard !changed.isEmpty else { return ([], "", unredactable) }
        // The log refuses updates; this one change, listed in the erasure's own signed entry, is let through.
        try db.execute(sql: "DROP TRIGGER audit_log_no_update")
        for c in changed {
            try db.execute(sql: "UPDATE audit_log SET purpose = ?, summary = ? WHERE seq = ?", arguments: [c.purpose, c.summary, c.seq])
        }
        try db.execute(sql: Schema.noUpdateTrigger)
        let list = changed.map { AuditLog.redactionItem(seq: $0.seq, purpose: $0.purpose, summary: $0.summary) }.joined(separator: ",")
        return (changed.map(\.seq), list, unredactable)
    }

    /// `text` with `whole` (any case) and each of `parts` as a whole word replaced by `[erased]`.
    static func redact(_ text: String, whole: String, parts: [String]) -> String {
        var out = text
        while let r = out.range(of: whole, options: .caseInsensitive) { out.replaceSubrange(r, with: "[erased]") }
        for part in parts {
            var from = out.startIndex
            while let r = out.range(of: part, options: .caseInsensitive, range: from..<out.endIndex) {
                let before = r.lowerBound == out.startIndex ? nil : out[out.index(before: r.lowerBound)]
                let after = r.upperBound == out.endIndex ? nil : out[r.upperBound]
                if before?.isLetter != true && after?.isLetter != true {
                    out.replaceSubrange(r, with: "[erased]")
                    from = out.startIndex
                } else {
                    from = r.upperBound
                }
            }
        }
        return out
    }
}

extension StoreWriter {
    /// When `id` was erased, if it was: an import that would bring it back is refused unless
    /// the user says so (`volt import --allow-erased`).
    public func erasedAt(_ id: String) throws -> Timestamp? {
        try lookUp(.erased, id).map(Timestamp.init(seconds:))
    }

    /// Forgets that `id` was erased (it is being brought back on purpose).
    public func clearErased(_ id: String) throws {
        try db.execute(sql: "DELETE FROM erased WHERE id = ?", arguments: [id])
    }
}
