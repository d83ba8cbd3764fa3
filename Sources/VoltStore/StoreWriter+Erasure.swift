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
            groupNumbers[id] = nil
            var report = ErasureReport(id: id, kind: .person, links: 0, sightings: 0, missing: 0, episodesUnlinked: 0)
            report.casework = removed
            report.isGroup = true
            return report
        }
        var casework = 0
        for sql in ["DELETE FROM referral WHERE subject = ?", "DELETE FROM panel_action WHERE subject = ?",
                    "DELETE FROM outcome WHERE subject = ?", "DELETE FROM case_status WHERE person = ?",
                    "DELETE FROM group_member WHERE member = ?", "DELETE FROM group_track WHERE member = ?"] {
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
        try db.execute(sql: "DELETE FROM entity_ref WHERE entity = ?", arguments: [n])
        try db.execute(sql: "DELETE FROM entity WHERE n = ?", arguments: [n])
        try db.execute(sql: "INSERT OR REPLACE INTO erased(id, at) VALUES (?, ?)", arguments: [id, Timestamp.now.seconds])
        forget(id)
        var report = ErasureReport(id: id, kind: kind, links: links, sightings: sightings, missing: missing,
                                   episodesUnlinked: unlinked)
        report.casework = casework
        return report
    }
}

extension StoreWriter {
    /// When `id` was erased, if it was: an import that would bring it back is refused unless
    /// the user says so (`volt import --allow-erased`).
    public func erasedAt(_ id: String) throws -> Timestamp? {
        try Int64.fetchOne(db, sql: "SELECT at FROM erased WHERE id = ?", arguments: [id]).map(Timestamp.init(seconds:))
    }

    /// Forgets that `id` was erased (it is being brought back on purpose).
    public func clearErased(_ id: String) throws {
        try db.execute(sql: "DELETE FROM erased WHERE id = ?", arguments: [id])
    }
}
