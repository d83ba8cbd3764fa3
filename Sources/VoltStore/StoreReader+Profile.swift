import Foundation
import GRDB
import VoltModel

/// One link as seen from an entity: the other end, and the evidence.
public struct LinkView: Sendable, Hashable, Codable {
    /// The link.
    public let link: Link
    /// The entity at the other end.
    public let other: String
    /// The other end's name.
    public let otherName: String
    /// The other end's VOLT type.
    public let otherType: VoltType
    /// True when the profiled entity is the link's `from`.
    public let outgoing: Bool
}

/// An entity and everything recorded about it, in time order: what `volt show` prints.
public struct EntityProfile: Sendable, Hashable, Codable {
    /// The entity.
    public let entity: Entity
    /// Its links, oldest first.
    public let links: [LinkView]
    /// Sightings of the person, or at the location, oldest first.
    public let sightings: [Sighting]
    /// The person's missing episodes (or episodes found at the location), oldest first.
    public let missing: [MissingEpisode]

    /// A profile from its parts (several records of one person make one profile).
    public init(entity: Entity, links: [LinkView], sightings: [Sighting], missing: [MissingEpisode]) {
        self.entity = entity
        self.links = links
        self.sightings = sightings
        self.missing = missing
    }
}

extension StoreReader {
    /// The profile of one entity; throws `StoreError.unknownEntity` when there is none.
    public func profile(id: String) throws -> EntityProfile {
        guard let (n, entity) = try entityRow(id: id) else { throw StoreError.unknownEntity(id) }
        let linkRows = try Row.fetchAll(db, sql: """
            SELECT a.id AS from_id, b.id AS to_id, l.type, l.start_time, l.end_time, l.source, l.ref,
                   l.recorded_at, l.grade_source, l.grade_intel, l.grade_handling, l.weight,
                   o.id AS other_id, o.name AS other_name, o.kind AS other_kind,
                   o.is_victim AS ov, o.is_offender AS oo, l.src = ? AS outgoing
            FROM link l JOIN entity a ON a.n = l.src JOIN entity b ON b.n = l.dst
              JOIN entity o ON o.n = CASE WHEN l.src = ? THEN l.dst ELSE l.src END
            WHERE l.src = ? OR l.dst = ?
            ORDER BY l.start_time, l.type, o.id
            """, arguments: [n, n, n, n])
        let links = try linkRows.map { row -> LinkView in
            var other = Entity(id: row["other_id"], kind: EntityKind(rawValue: row["other_kind"]) ?? .person,
                               name: row["other_name"])
            other.isVictim = row["ov"]
            other.isOffender = row["oo"]
            return LinkView(link: try Self.link(row), other: other.id, otherName: other.name,
                            otherType: other.voltType, outgoing: row["outgoing"])
        }
        let sightings = try Row.fetchAll(db, sql: """
            SELECT p.id AS person_id, l.id AS location_id, s.time, s.end_time, s.source, s.ref,
                   s.recorded_at, s.grade_source, s.grade_intel, s.grade_handling
            FROM sighting s JOIN entity p ON p.n = s.person JOIN entity l ON l.n = s.location
            WHERE s.person = ? OR s.location = ? ORDER BY s.time, p.id
            """, arguments: [n, n]).map { row in
            Sighting(person: row["person_id"], location: row["location_id"], time: Timestamp(seconds: row["time"]),
                     end: (row["end_time"] as Int64?).map(Timestamp.init),
                     provenance: Self.provenance(row), grading: Self.grading(row))
        }
        let missing = try Row.fetchAll(db, sql: """
            SELECT \(Self.missingColumns)
            FROM missing m JOIN entity p ON p.n = m.person LEFT JOIN entity f ON f.n = m.found_at
            WHERE m.person = ? OR m.found_at = ? ORDER BY m.start_time
            """, arguments: [n, n]).map { row in
            Self.missingEpisode(row)
        }
        return EntityProfile(entity: entity, links: links, sightings: sightings, missing: missing)
    }

    /// Entities whose id, name, area or agency reference contains `text` (case-insensitive),
    /// ordered by name then id, at most `limit`.
    public func search(_ text: String, limit: Int = 50) throws -> [Entity] {
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(Self.entityColumns) FROM entity
            WHERE id LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' OR area LIKE ?1 ESCAPE '\\'
               OR n IN (SELECT entity FROM entity_ref WHERE reference LIKE ?1 ESCAPE '\\')
            ORDER BY name, id LIMIT ?2
            """, arguments: [pattern, limit])
        return try rows.map { row in
            var e = try Self.entity(row)
            e.references = try references(of: row["n"])
            return e
        }
    }
}

extension StoreReader {
    /// Every link between two entities, in either direction, oldest first: the evidence behind
    /// one step of a path.
    public func links(between a: String, and b: String) throws -> [Link] {
        try Row.fetchAll(db, sql: """
            SELECT x.id AS from_id, y.id AS to_id, l.type, l.start_time, l.end_time, l.source, l.ref,
                   l.recorded_at, l.grade_source, l.grade_intel, l.grade_handling, l.weight
            FROM link l JOIN entity x ON x.n = l.src JOIN entity y ON y.n = l.dst
            WHERE (x.id = ?1 AND y.id = ?2) OR (x.id = ?2 AND y.id = ?1)
            ORDER BY l.start_time, l.type
            """, arguments: [a, b]).map(Self.link)
    }
}
