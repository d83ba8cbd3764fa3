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
    private var stagedLinks = 0

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
            try db.cachedStatement(sql: """
                UPDATE entity SET name = ?, is_victim = ?, victim_since = ?, is_offender = ?, offender_since = ?,
                  date_of_birth = ?, age_band = ?, gender = ?, ethnicity = ?, category = ?, latitude = ?,
                  longitude = ?, area = ?, review_date = ? WHERE n = ?
                """).execute(arguments: Self.detailArguments(merged) + [n])
            try writeReferences(n: n, merged.references)
            return .updated
        }
        try db.cachedStatement(sql: """
            INSERT INTO entity(id, kind, name, is_victim, victim_since, is_offender, offender_since,
              date_of_birth, age_band, gender, ethnicity, category, latitude, longitude, area, review_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entity.id, entity.kind.rawValue] + Self.detailArguments(entity))
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
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO entity_ref(entity, agency, reference) VALUES (?, ?, ?)")
                .execute(arguments: [n, r.agency, r.reference])
        }
    }

    /// Stages a link between two resolved entities. Staged links reach the link table in
    /// `flushLinks()`, sorted by the natural key: inserting a million links in key order touches
    /// each index page once, where row-by-row inserts in file order would touch pages at random.
    public func stage(_ link: Link, from: Int64, to: Int64) throws {
        if linkStatement == nil {
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS link_stage(
                  src INTEGER, dst INTEGER, type TEXT, start_time INTEGER, end_time INTEGER, source TEXT,
                  ref TEXT, recorded_at INTEGER, grade_source INTEGER, grade_intel TEXT, grade_handling TEXT,
                  weight REAL);
                DELETE FROM link_stage;
                """)
            linkStatement = try FastStatement(db, sql: """
                INSERT INTO link_stage(src, dst, type, start_time, end_time, source, ref, recorded_at,
                                       grade_source, grade_intel, grade_handling, weight)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
        try s.run()
        stagedLinks += 1
    }

    /// What a flush of staged links did.
    public struct LinkFlush: Sendable, Equatable {
        /// New links.
        public var added = 0
        /// Links already held whose grading, weight or record time changed.
        public var updated = 0
        /// Links already held exactly as given (or given twice).
        public var unchanged = 0
        /// New links with an end among the entities numbered up to `heldBefore`.
        public var combined = 0
    }

    /// Moves staged links into the link table: changed ones are updated, new ones inserted in
    /// key order, and the rest counted as unchanged. `heldBefore` is the highest entity number
    /// held before the import, for counting links that combine new records with old ones.
    public func flushLinks(heldBefore: Int64) throws -> LinkFlush {
        var r = LinkFlush()
        guard stagedLinks > 0 else { return r }
        let key = "s.src = link.src AND s.dst = link.dst AND s.type = link.type AND s.start_time = link.start_time AND s.end_time = link.end_time AND s.source = link.source AND s.ref = link.ref"
        if heldBefore > 0 {
            r.combined = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM link_stage s WHERE (s.src <= ?1 OR s.dst <= ?1)
                  AND NOT EXISTS (SELECT 1 FROM link WHERE \(key))
                """, arguments: [heldBefore]) ?? 0
            try db.execute(sql: """
                UPDATE link SET recorded_at = s.recorded_at, grade_source = s.grade_source,
                  grade_intel = s.grade_intel, grade_handling = s.grade_handling, weight = s.weight
                FROM link_stage s
                WHERE \(key) AND (link.recorded_at IS NOT s.recorded_at OR link.grade_source IS NOT s.grade_source
                   OR link.grade_intel IS NOT s.grade_intel OR link.grade_handling IS NOT s.grade_handling
                   OR link.weight IS NOT s.weight)
                """)
            r.updated = db.changesCount
        }
        try db.execute(sql: """
            INSERT INTO link(src, dst, type, start_time, end_time, source, ref, recorded_at,
                             grade_source, grade_intel, grade_handling, weight)
            SELECT src, dst, type, start_time, end_time, source, ref, recorded_at,
                   grade_source, grade_intel, grade_handling, weight
            FROM link_stage WHERE true
            ORDER BY src, dst, type, start_time, end_time, source, ref
            ON CONFLICT DO NOTHING
            """)
        r.added = db.changesCount
        r.unchanged = stagedLinks - r.added - r.updated
        try db.execute(sql: "DELETE FROM link_stage")
        stagedLinks = 0
        return r
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
