import GRDB
import VoltModel

/// What a write did to the store.
public enum WriteOutcome: Sendable, Equatable {
    /// A new record.
    case added
    /// A record already held, now changed (an alteration).
    case updated
    /// The same record was already held: nothing changed (re-imports are idempotent).
    case unchanged
}

/// Writes inside one store transaction. Obtained from `Store.change` or `Store.write`; it must
/// not escape the closure. Entity ids are resolved to the store's internal row numbers once and
/// cached, so links, sightings and episodes are inserted by number.
public final class StoreWriter {
    let db: Database
    private var resolved: [String: (n: Int64, kind: EntityKind)] = [:]
    private var lookupStatement: FastStatement?
    private var linkStatement: FastStatement?
    private var sightingStatement: FastStatement?
    private var missingStatement: FastStatement?

    init(_ db: Database) { self.db = db }

    /// A read view of the same transaction.
    public var reader: StoreReader { StoreReader(db) }

    /// The internal number and kind of an entity id, or nil when the store has none.
    public func resolve(_ id: String) throws -> (n: Int64, kind: EntityKind)? {
        if let hit = resolved[id] { return hit }
        if lookupStatement == nil {
            lookupStatement = try FastStatement(db, sql: """
                SELECT n * 4 + CASE kind WHEN 'person' THEN 0 WHEN 'location' THEN 1 ELSE 2 END
                FROM entity WHERE id = ?
                """)
        }
        let s = lookupStatement!
        s.reset()
        s.bind(id)
        guard let packed = try s.firstInt() else { return nil }
        let kind: EntityKind = [.person, .location, .theme][Int(packed & 3)]
        let hit = (n: packed >> 2, kind: kind)
        resolved[id] = hit
        return hit
    }

    /// Adds an entity, or merges it into the stored one with the same id (roles are added,
    /// never removed; details given replace those held). Refuses to change an entity's kind.
    public func upsert(_ entity: Entity) throws -> WriteOutcome {
        let reader = StoreReader(db)
        if let (n, old) = try reader.entityRow(id: entity.id) {
            guard old.kind == entity.kind else {
                throw StoreError.corrupt("entity \(entity.id) is a \(old.kind.rawValue) in the store and cannot become a \(entity.kind.rawValue)")
            }
            var merged = old
            merged.merge(entity)
            if merged == old { return .unchanged }
            try db.execute(sql: """
                UPDATE entity SET name = ?, is_victim = ?, victim_since = ?, is_offender = ?, offender_since = ?,
                  date_of_birth = ?, age_band = ?, gender = ?, ethnicity = ?, category = ?, latitude = ?,
                  longitude = ?, area = ?, review_date = ? WHERE n = ?
                """, arguments: Self.detailArguments(merged) + [n])
            try writeReferences(n: n, merged.references)
            return .updated
        }
        try db.execute(sql: """
            INSERT INTO entity(id, kind, name, is_victim, victim_since, is_offender, offender_since,
              date_of_birth, age_band, gender, ethnicity, category, latitude, longitude, area, review_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [entity.id, entity.kind.rawValue] + Self.detailArguments(entity))
        let n = db.lastInsertedRowID
        try writeReferences(n: n, entity.references)
        resolved[entity.id] = (n, entity.kind)
        return .added
    }

    private static func detailArguments(_ e: Entity) -> StatementArguments {
        [e.name, e.isVictim, e.victimSince?.seconds, e.isOffender, e.offenderSince?.seconds,
         e.dateOfBirth?.text, e.ageBand, e.gender, e.ethnicity, e.category?.rawValue, e.latitude,
         e.longitude, e.area, e.reviewDate?.text]
    }

    private func writeReferences(n: Int64, _ refs: [AgencyReference]) throws {
        for r in refs {
            try db.execute(sql: "INSERT OR IGNORE INTO entity_ref(entity, agency, reference) VALUES (?, ?, ?)",
                           arguments: [n, r.agency, r.reference])
        }
    }

    /// Adds a link between two resolved entities. The same link (same ends, type, times, source
    /// and reference) is found and only its grading, weight or record time updated.
    public func insert(_ link: Link, from: Int64, to: Int64) throws -> WriteOutcome {
        if linkStatement == nil {
            linkStatement = try FastStatement(db, sql: """
                INSERT INTO link(src, dst, type, start_time, end_time, source, ref, recorded_at,
                                 grade_source, grade_intel, grade_handling, weight)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(src, dst, type, start_time, end_time, source, ref) DO UPDATE SET
                  recorded_at = excluded.recorded_at, grade_source = excluded.grade_source,
                  grade_intel = excluded.grade_intel, grade_handling = excluded.grade_handling,
                  weight = excluded.weight
                WHERE link.recorded_at IS NOT excluded.recorded_at
                   OR link.grade_source IS NOT excluded.grade_source
                   OR link.grade_intel IS NOT excluded.grade_intel
                   OR link.grade_handling IS NOT excluded.grade_handling
                   OR link.weight IS NOT excluded.weight
                """)
        }
        let s = linkStatement!
        s.reset()
        s.bind(from)
        s.bind(to)
        s.bind(link.type.rawValue)
        s.bind(link.start.seconds)
        s.bind(link.end?.seconds ?? Schema.openEnd)
        bindProvenance(s, link.provenance)
        bindGrading(s, link.grading)
        s.bind(link.weight)
        return try outcome(of: s)
    }

    /// Adds a sighting of a resolved person at a resolved location.
    public func insert(_ sighting: Sighting, person: Int64, location: Int64) throws -> WriteOutcome {
        if sightingStatement == nil {
            sightingStatement = try FastStatement(db, sql: """
                INSERT INTO sighting(person, location, time, end_time, source, ref, recorded_at,
                                     grade_source, grade_intel, grade_handling)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(location, time, person, source, ref) DO UPDATE SET
                  end_time = excluded.end_time, recorded_at = excluded.recorded_at,
                  grade_source = excluded.grade_source, grade_intel = excluded.grade_intel,
                  grade_handling = excluded.grade_handling
                WHERE sighting.end_time IS NOT excluded.end_time
                   OR sighting.recorded_at IS NOT excluded.recorded_at
                   OR sighting.grade_source IS NOT excluded.grade_source
                   OR sighting.grade_intel IS NOT excluded.grade_intel
                   OR sighting.grade_handling IS NOT excluded.grade_handling
                """)
        }
        let s = sightingStatement!
        s.reset()
        s.bind(person)
        s.bind(location)
        s.bind(sighting.time.seconds)
        s.bind(sighting.end?.seconds)
        bindProvenance(s, sighting.provenance)
        bindGrading(s, sighting.grading)
        return try outcome(of: s)
    }

    /// Adds a missing episode of a resolved person; a re-import that now has an end (the child
    /// was found) updates the stored episode.
    public func insert(_ episode: MissingEpisode, person: Int64, foundAt: Int64?) throws -> WriteOutcome {
        if missingStatement == nil {
            missingStatement = try FastStatement(db, sql: """
                INSERT INTO missing(person, start_time, end_time, found_at, source, ref, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(person, start_time, source, ref) DO UPDATE SET
                  end_time = excluded.end_time, found_at = excluded.found_at, recorded_at = excluded.recorded_at
                WHERE missing.end_time IS NOT excluded.end_time
                   OR missing.found_at IS NOT excluded.found_at
                   OR missing.recorded_at IS NOT excluded.recorded_at
                """)
        }
        let s = missingStatement!
        s.reset()
        s.bind(person)
        s.bind(episode.start.seconds)
        s.bind(episode.end?.seconds)
        s.bind(foundAt)
        bindProvenance(s, episode.provenance)
        return try outcome(of: s)
    }

    private func bindProvenance(_ s: FastStatement, _ p: Provenance) {
        s.bind(p.source)
        s.bind(p.reference ?? "")
        s.bind(p.recordedAt?.seconds)
    }

    private func bindGrading(_ s: FastStatement, _ g: Grading?) {
        s.bind(g.map { Int64($0.source) })
        s.bind(g.map { String($0.intelligence) })
        s.bind(g.map { String($0.handling) })
    }

    // An upsert that changed nothing reports 0 changes; one that inserted moved the last
    // inserted row id; one that updated did neither.
    private func outcome(of s: FastStatement) throws -> WriteOutcome {
        let before = s.lastInsertedRowID
        let changed = try s.run()
        if changed == 0 { return .unchanged }
        return s.lastInsertedRowID != before ? .added : .updated
    }
}

extension StoreWriter {
    /// The highest internal entity number held: entities numbered above it were added later.
    public func highestEntityNumber() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM entity") ?? 0
    }
}
