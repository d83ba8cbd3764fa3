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
    private var staged: [StagedLink] = []
    private var entityStatement: FastStatement?
    private var flushedBefore = false
    private var droppedSecondaryIndexes = false
    // Casework ids resolved to row numbers (-1: defined by a failing import, never written).
    var groupNumbers: [String: Int64] = [:]
    var meetingNumbers: [String: Int64] = [:]

    let keys: StoreKeys?

    init(_ db: Database, keys: StoreKeys? = nil) {
        self.db = db
        self.keys = keys
    }

    /// A read view of the same transaction.
    public var reader: StoreReader { StoreReader(db, keys: keys) }

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

    /// Drops a cached id (after an erasure).
    func forget(_ id: String) { resolved[id] = nil }

    /// Remembers that `id` will be defined by this import, without writing it (used once an
    /// import is known to fail, to keep checking the references that follow).
    public func expect(_ id: String, kind: EntityKind) {
        if resolved[id] == nil { resolved[id] = (n: -1, kind: kind) }
    }

    /// Adds an entity, or merges it into the stored one with the same id (roles are added,
    /// never removed; details given replace those held). Refuses to change an entity's kind.
    public func upsert(_ entity: Entity) throws -> WriteOutcome {
        let reader = StoreReader(db)
        if try resolve(entity.id) != nil, let (n, old) = try reader.entityRow(id: entity.id) {
            guard old.kind == entity.kind else {
                throw StoreError.corrupt("entity \(entity.id) is a \(old.kind.rawValue) in the store and cannot become a \(entity.kind.rawValue)")
            }
            var merged = old
            merged.merge(entity)
            if merged == old { return .unchanged }
            try db.cachedStatement(sql: """
                UPDATE entity SET name = ?, is_victim = ?, victim_since = ?, is_offender = ?, offender_since = ?,
                  date_of_birth = ?, age_band = ?, gender = ?, ethnicity = ?, category = ?, latitude = ?,
                  longitude = ?, area = ?, review_date = ?, address = ?, postcode = ?, source = ? WHERE n = ?
                """).execute(arguments: Self.detailArguments(merged) + [n])
            try writeReferences(n: n, merged.references)
            return .updated
        }
        // A new entity: the common case in a first load, bound straight through the C API.
        if entityStatement == nil {
            entityStatement = try FastStatement(db, sql: """
                INSERT INTO entity(id, kind, name, is_victim, victim_since, is_offender, offender_since,
                  date_of_birth, age_band, gender, ethnicity, category, latitude, longitude, area, review_date,
                  address, postcode, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        }
        let s = entityStatement!
        let e = entity
        s.reset()
        s.bind(e.id)
        s.bind(e.kind.rawValue)
        s.bind(e.name)
        s.bind(Int64(e.isVictim ? 1 : 0))
        s.bind(e.victimSince?.seconds)
        s.bind(Int64(e.isOffender ? 1 : 0))
        s.bind(e.offenderSince?.seconds)
        s.bind(e.dateOfBirth?.text)
        s.bind(e.ageBand)
        s.bind(e.gender)
        s.bind(e.ethnicity)
        s.bind(e.category?.rawValue)
        s.bind(e.latitude)
        s.bind(e.longitude)
        s.bind(e.area)
        s.bind(e.reviewDate?.text)
        s.bind(e.address)
        s.bind(e.postcode)
        s.bind(e.source)
        try s.run()
        let n = s.lastInsertedRowID
        try writeReferences(n: n, entity.references)
        resolved[entity.id] = (n, entity.kind)
        return .added
    }

    private static func detailArguments(_ e: Entity) -> StatementArguments {
        [e.name, e.isVictim, e.victimSince?.seconds, e.isOffender, e.offenderSince?.seconds,
         e.dateOfBirth?.text, e.ageBand, e.gender, e.ethnicity, e.category?.rawValue, e.latitude,
         e.longitude, e.area, e.reviewDate?.text, e.address, e.postcode, e.source]
    }

    private func writeReferences(n: Int64, _ refs: [AgencyReference]) throws {
        for r in refs {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO entity_ref(entity, agency, reference) VALUES (?, ?, ?)")
                .execute(arguments: [n, r.agency, r.reference])
        }
    }

    /// Stages a link between two resolved entities and returns how many are staged. Staged
    /// links reach the link table in `flushLinks`, sorted by their natural key: a million links
    /// inserted in key order touch each index page once, where inserts in file order would
    /// touch pages at random. The caller flushes every few hundred thousand, so memory stays flat.
    @discardableResult
    public func stage(_ link: Link, from: Int64, to: Int64) -> Int {
        staged.append(StagedLink(src: from, dst: to, start: link.start.seconds,
                                 end: link.end?.seconds ?? Schema.openEnd, link: link))
        return staged.count
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

    /// Writes the staged links in key order: new ones are added, held ones with a changed
    /// grading, weight or record time are updated, the rest counted as unchanged.
    /// `heldBefore` is the highest entity number held before the import, for counting links
    /// that combine new records with old ones.
    ///
    /// A bulk load into a store that holds few links drops the secondary link indexes on the
    /// first flush and builds them again on the `final` one.
    public func flushLinks(heldBefore: Int64, final: Bool = true) throws -> LinkFlush {
        var r = LinkFlush()
        if !staged.isEmpty && !flushedBefore {
            let held = try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM link") ?? 0
            if staged.count >= 100_000 && held < 4 * staged.count {
                for index in Schema.linkSecondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
                droppedSecondaryIndexes = true
            }
        }
        if !staged.isEmpty {
            flushedBefore = true
            // Key order by the integer columns is enough for locality: links of one pair
            // share index pages whatever their type or source. Sorting positions, not the
            // links themselves, moves 8 bytes per swap instead of a whole link.
            var order = staged.indices.map { i in (staged[i].src, staged[i].dst, staged[i].start, i) }
            order.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
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
            try staged.withUnsafeBufferPointer { links in
            for (_, _, _, i) in order {
                let x = links[i]
                s.reset()
                s.bind(x.src)
                s.bind(x.dst)
                s.bind(x.link.type.rawValue)
                s.bind(x.start)
                s.bind(x.end)
                bindProvenance(s, x.link.provenance)
                bindGrading(s, x.link.grading)
                s.bind(x.link.weight)
                switch try outcome(of: s) {
                case .added:
                    r.added += 1
                    if x.src <= heldBefore || x.dst <= heldBefore { r.combined += 1 }
                case .updated: r.updated += 1
                case .unchanged: r.unchanged += 1
                }
            }
            }
            staged.removeAll(keepingCapacity: !final)
        }
        if final {
            flushedBefore = false
            if droppedSecondaryIndexes {
                for index in Schema.linkSecondaryIndexes { try db.execute(sql: index.create) }
                droppedSecondaryIndexes = false
            }
        }
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
    /// was found) updates the stored episode. A return interview, once recorded, is kept by a
    /// feed that does not carry it.
    public func insert(_ episode: MissingEpisode, person: Int64, foundAt: Int64?) throws -> WriteOutcome {
        if missingStatement == nil {
            missingStatement = try FastStatement(db, sql: """
                INSERT INTO missing(person, start_time, end_time, found_at, source, ref, recorded_at,
                                    return_interview, return_interview_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(person, start_time, source, ref) DO UPDATE SET
                  end_time = excluded.end_time, found_at = excluded.found_at, recorded_at = excluded.recorded_at,
                  return_interview = IFNULL(excluded.return_interview, missing.return_interview),
                  return_interview_by = IFNULL(excluded.return_interview_by, missing.return_interview_by)
                WHERE missing.end_time IS NOT excluded.end_time
                   OR missing.found_at IS NOT excluded.found_at
                   OR missing.recorded_at IS NOT excluded.recorded_at
                   OR (excluded.return_interview IS NOT NULL AND missing.return_interview IS NOT excluded.return_interview)
                   OR (excluded.return_interview_by IS NOT NULL AND missing.return_interview_by IS NOT excluded.return_interview_by)
                """)
        }
        let s = missingStatement!
        s.reset()
        s.bind(person)
        s.bind(episode.start.seconds)
        s.bind(episode.end?.seconds)
        s.bind(foundAt)
        bindProvenance(s, episode.provenance)
        s.bind(episode.returnInterview?.seconds)
        s.bind(episode.returnInterviewBy)
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

    // An upsert that changed nothing reports 0 changes; one that inserted set the last
    // inserted row id (row ids start at 1); one that updated left it at 0.
    private func outcome(of s: FastStatement) throws -> WriteOutcome {
        s.lastInsertedRowID = 0
        let changed = try s.run()
        if changed == 0 { return .unchanged }
        return s.lastInsertedRowID != 0 ? .added : .updated
    }
}

extension StoreWriter {
    /// The highest internal entity number held: entities numbered above it were added later.
    public func highestEntityNumber() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM entity") ?? 0
    }
}

/// A link waiting to be written, with the integer parts of its natural key.
struct StagedLink {
    let src: Int64, dst: Int64, start: Int64, end: Int64
    let link: Link
}
