import Foundation
import GRDB
import VoltModel

/// One entity in the immediate context of a set of subjects: linked to one of them, or (a
/// place) where one of them was seen.
public struct ContextEntity: Sendable, Hashable, Codable {
    public let id: String
    public let type: VoltType
    /// Links (or, for a place, sightings) with the subjects.
    public let ties: Int
    /// The latest of them.
    public let last: Timestamp
    /// The subjects it is tied to.
    public let subjects: [String]
}

extension StoreReader {
    /// The entities one step from `subjects` (people linked to them, places they were seen
    /// at, and for a place, the people seen there), the subjects themselves left out: a forum's immediate context, in two queries.
    public func context(of subjects: Set<String>) throws -> [ContextEntity] {
        guard !subjects.isEmpty else { return [] }
        let list = String(decoding: try JSONEncoder().encode(subjects.sorted()), as: UTF8.self)
        let rows = try Row.fetchAll(db, sql: """
            WITH s(n, id) AS (SELECT e.n, e.id FROM entity e JOIN json_each(?) j ON e.id = j.value),
            tie(other, subject, t) AS (
                SELECT l.dst, s.id, l.start_time FROM link l JOIN s ON l.src = s.n
                UNION ALL SELECT l.src, s.id, l.start_time FROM link l JOIN s ON l.dst = s.n
                UNION ALL SELECT g.location, s.id, g.time FROM sighting g JOIN s ON g.person = s.n
                UNION ALL SELECT g.person, s.id, g.time FROM sighting g JOIN s ON g.location = s.n)
            SELECT e.id, e.kind, e.is_victim, e.is_offender, COUNT(*) AS ties, MAX(t.t) AS last,
                   group_concat(DISTINCT t.subject) AS subjects
            FROM tie t JOIN entity e ON e.n = t.other
            WHERE e.n NOT IN (SELECT n FROM s)
            GROUP BY e.n ORDER BY e.id
            """, arguments: [list])
        return rows.map { r in
            let kind = EntityKind(rawValue: r["kind"]) ?? .person
            let v = (r["is_victim"] as Int64? ?? 0) != 0, o = (r["is_offender"] as Int64? ?? 0) != 0
            let type: VoltType = kind == .location ? .location : kind == .theme ? .theme : v && o ? .victimOffender : v ? .victim : o ? .offender : .person
            let subjects = ((r["subjects"] as String?) ?? "").split(separator: ",").map(String.init).sorted()
            return ContextEntity(id: r["id"], type: type, ties: r["ties"], last: Timestamp(seconds: r["last"]), subjects: subjects)
        }
    }
}
