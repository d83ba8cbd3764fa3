import GRDB
import GRDBSQLite
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
    /// Entity ids resolved so far, as `n << 2 | kind` (n is -1 for an entity an import will
    /// not write).
    private var resolved = IDTable()
    /// Whether `resolved` holds every entity the store holds: the entity table was empty when
    /// this writer first looked, and entities are added only by `upsert`, which caches each.
    /// A miss is then an answer, with no query (a first load of a million entities asked
    /// SQLite a million times for ids it had never seen). Nil until first asked.
    private var resolvesWhole: Bool?
    private var lookupStatement: FastStatement?
    private var linkStatement: FastStatement?
    private var sightingStatement: FastStatement?
    private var missingStatement: FastStatement?
    private var staged: [StagedLink] = []
    private var entityStatement: FastStatement?
    private var flushedBefore = false
    private var droppedSecondaryIndexes = false
    private var droppedKeyIndex = false
    private var appendStatement: FastStatement?
    /// The link table's digest, hashed row by row while a bulk load appends to an empty table
    /// (`flushLinks`), so the audit entry need not read every link back; nil when not kept, or
    /// once anything else has written a link.
    private var appendedLinks: ContentDigest.RowDigest?
    private var weightStatement: FastStatement?
    /// The entity table's digest, kept the same way while new entities are appended to an empty
    /// table; `entitiesHashed` says whether that was decided (nil: no entity written yet).
    private var appendedEntities: ContentDigest.RowDigest?
    private var entitiesHashed: Bool?
    private var coordinatesStatement: FastStatement?
    // Casework ids resolved to row numbers (-1: defined by a failing import, never written).
    var groupNumbers: [String: Int64] = [:]
    var meetingNumbers: [String: Int64] = [:]
    /// Lookups asked once per record, prepared once (preparing costs more than the lookup).
    private var lookups = [FastStatement?](repeating: nil, count: Lookup.allCases.count)
    /// Whether a lookup's table held no rows when first asked; cleared by whatever writes to it.
    var emptyTables = [Bool?](repeating: nil, count: Lookup.allCases.count)
    /// The last id `resolve` did not find: the importer asks twice for each new entity.
    private var lastMiss: String?

    let keys: StoreKeys?

    init(_ db: Database, keys: StoreKeys? = nil) {
        self.db = db
        self.keys = keys
    }

    /// A read view of the same transaction.
    public var reader: StoreReader { StoreReader(db, keys: keys) }

    /// The internal number and kind of an entity id, or nil when the store has none. `hash`,
    /// when not 0, is the id's `IDTable.hash(of:)`, computed already (by a reading thread).
    public func resolve(_ id: String, hash: UInt32 = 0) throws -> (n: Int64, kind: EntityKind)? {
        // The importer asks twice for each new entity: the second time without a lookup.
        if lastMiss == id { return nil }
        if let p = hash == 0 ? resolved.findInPlace(id) : resolved.findInPlace(id, hash: hash) { return Self.unpack(p) }
        if resolvesWhole == nil { resolvesWhole = try !(Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM entity)") ?? false) }
        if resolvesWhole == true {
            lastMiss = id
            return nil
        }
        if lookupStatement == nil {
            lookupStatement = try FastStatement(db, sql: """
                SELECT n * 4 + CASE kind WHEN 'person' THEN 0 WHEN 'location' THEN 1 ELSE 2 END
                FROM entity WHERE id = ?
                """)
        }
        let s = lookupStatement!
        s.reset()
        s.bind(id)
        guard let packed = try s.firstInt() else { lastMiss = id; return nil }
        resolved.set(id, packed)
        return Self.unpack(packed)
    }

    private static let kinds: [EntityKind] = [.person, .location, .theme]
    private static func pack(_ n: Int64, _ kind: EntityKind) -> Int64 { n << 2 | Int64(kinds.firstIndex(of: kind)!) }
    private static func unpack(_ p: Int64) -> (n: Int64, kind: EntityKind) { (p >> 2, kinds[Int(p & 3)]) }

    /// Brings the id table's slots for `hashes` (`IDTable.hash(of:)`, which a reading thread
    /// computes beside each record; 0: none) into the CPU's cache
    /// before the records that name those ids are resolved: a lookup in a table of a million
    /// ids otherwise waits on memory for each id in turn.
    public func warmIDs(_ hashes: UnsafeBufferPointer<UInt32>) {
        resolved.warm(hashes)
    }

    /// Makes room in the id cache for `count` more entities (a file's worth about to be
    /// upserted), so that it does not grow a step at a time on the way.
    public func reserveIDs(_ count: Int) {
        resolved.reserve(count)
    }

    /// Drops a cached id (after an erasure).
    func forget(_ id: String) {
        appendedLinks = nil  // an erasure deletes links and the entity
        appendedEntities = nil
        entitiesHashed = false
        resolved.forget(id)
        lastMiss = nil
    }

    /// A lookup by id that the importer makes for every record.
    enum Lookup: Int, CaseIterable {
        case erased, group, meeting

        var table: String { ["erased", "subject_group", "meeting"][rawValue] }
        var sql: String {
            ["SELECT at FROM erased WHERE id = ?", "SELECT n FROM subject_group WHERE id = ?",
             "SELECT n FROM meeting WHERE id = ?"][rawValue]
        }
    }

    /// The first column of the first row of `lookup` with `id` bound, through a statement
    /// prepared once per writer; nil when there is no row or its table is known to be empty.
    func lookUp(_ lookup: Lookup, _ id: String) throws -> Int64? {
        let i = lookup.rawValue
        if emptyTables[i] == nil {
            emptyTables[i] = try !(Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(lookup.table))") ?? false)
        }
        if emptyTables[i] == true { return nil }
        let s: FastStatement
        if let held = lookups[i] { s = held } else {
            s = try FastStatement(db, sql: lookup.sql)
            lookups[i] = s
        }
        s.reset()
        s.bind(id)
        return try s.firstInt()
    }

    /// Remembers that `id` will be defined by this import, without writing it (used once an
    /// import is known to fail, to keep checking the references that follow).
    public func expect(_ id: String, kind: EntityKind) {
        if lastMiss == id { lastMiss = nil }
        if resolved.find(id) == nil { resolved.set(id, Self.pack(-1, kind)) }
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
            appendedEntities = nil  // a row changed in place: the digest is read back
            entitiesHashed = false
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
        if entitiesHashed == nil {
            // The first entity this writer adds: hash as it goes only into an otherwise empty table.
            let alone = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entity") == 1
            entitiesHashed = n == 1 && alone
            if entitiesHashed == true { appendedEntities = ContentDigest.RowDigest() }
        }
        if appendedEntities != nil { try hashAppended(e, n: n) }
        try writeReferences(n: n, entity.references)
        resolved.set(entity.id, Self.pack(n, entity.kind))
        if lastMiss == entity.id { lastMiss = nil }
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
    /// Once a load into an empty link table appends (`beginLinks`, or a first flush of 100,000
    /// or more), a link is appended at once and nothing is staged (0 is returned): there is no
    /// order to keep.
    @discardableResult
    public func stage(_ link: Link, from: Int64, to: Int64) throws -> Int {
        if droppedKeyIndex {
            try append(link, from: from, to: to)
            return 0
        }
        staged.append(StagedLink(src: from, dst: to, start: link.start.seconds,
                                 end: link.end?.seconds ?? Schema.openEnd, link: link))
        return staged.count
    }

    /// What links appended by `stage` did since the last flush, which reports it.
    private var appendedSinceFlush = LinkFlush()
    /// The `heldBefore` of the flush that began appending.
    private var appendHeldBefore: Int64 = 0

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

    /// Readies the writer for an import's links. Into a store that holds no links it drops the
    /// link indexes at once and appends every link as it comes (see `flushLinks`), where it
    /// staged a first batch of 262,144 to learn the load's size: an empty table needs no index
    /// kept up row by row whatever the size, and building it at the end costs little for a
    /// small load. `heldBefore` as `flushLinks` takes it.
    public func beginLinks(heldBefore: Int64) throws {
        guard !flushedBefore, staged.isEmpty, !droppedKeyIndex else { return }
        guard try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM link") == 0 else { return }
        try startAppending(heldBefore: heldBefore)
        flushedBefore = true
    }

    /// Drops the link indexes of an empty link table and appends from now on (see `flushLinks`).
    private func startAppending(heldBefore: Int64) throws {
        for index in Schema.linkSecondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
        droppedSecondaryIndexes = true
        try db.execute(sql: "DROP INDEX IF EXISTS link_key")
        droppedKeyIndex = true
        appendHeldBefore = heldBefore
        appendedLinks = ContentDigest.RowDigest()
        appendedRows = 0
        appendsOneByOne = false
        // Appending fills pages in order and never looks one up again: the store's 64 MB cache
        // only held written pages. 16 MB measured as fast at L (3.44 -> 3.34 s, 4 alternated
        // runs) with 45 MB less at the peak. (`Store.bulkChange` puts the store's size back
        // when the load ends.)
        try db.execute(sql: "PRAGMA cache_size = -\(Self.appendCacheKiB)")
    }

    /// Writes the staged links in key order: new ones are added, held ones with a changed
    /// grading, weight or record time are updated, the rest counted as unchanged.
    /// `heldBefore` is the highest entity number held before the import, for counting links
    /// that combine new records with old ones.
    ///
    /// A bulk load into a store that holds few links drops the secondary link indexes on the
    /// first flush and builds them again on the `final` one. Into a store that holds no links
    /// at all it drops the key index too and appends rows as they come: SQLite builds an index
    /// from sorted rows at a fraction of the cost of keeping it up row by row. A link given
    /// twice then surfaces when the key index is built, and is merged as the upsert would have
    /// merged it (`mergeDuplicateLinks`).
    public func flushLinks(heldBefore: Int64, final: Bool = true) throws -> LinkFlush {
        try insertBoundRows()
        var r = LinkFlush()
        if !staged.isEmpty && !flushedBefore {
            let held = try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM link") ?? 0
            if staged.count >= 100_000 && held < 4 * staged.count {
                if held == 0 {
                    try startAppending(heldBefore: heldBefore)
                } else {
                    for index in Schema.linkSecondaryIndexes { try db.execute(sql: "DROP INDEX IF EXISTS \(index.name)") }
                    droppedSecondaryIndexes = true
                }
            }
        }
        if !staged.isEmpty {
            flushedBefore = true
            if droppedKeyIndex {
                for x in staged { try append(x.link, from: x.src, to: x.dst) }
                try insertBoundRows()
            } else {
                try upsertStaged(heldBefore: heldBefore, into: &r)
            }
            // Once appending, nothing is staged again: let the batch's memory go.
            staged.removeAll(keepingCapacity: !final && !droppedKeyIndex)
        }
        r.added += appendedSinceFlush.added
        r.combined += appendedSinceFlush.combined
        appendedSinceFlush = LinkFlush()
        if final {
            flushedBefore = false
            // SQLite sorts an index's rows in runs the size of the page cache: smaller runs are
            // sorted within the CPU's cache and merged on both cores. Measured (the import
            // floor, medians): an 8 MB cache built both indexes of 1M links in 1.15 s and of
            // 10M in 12.7 s, a 2 MB one in 1.0 s and 10.7 s; the store's 64 MB one was slower
            // than either. (`Store.bulkChange` puts the store's size back when the load ends.)
            if droppedKeyIndex || droppedSecondaryIndexes { try db.execute(sql: "PRAGMA cache_size = -\(Self.indexBuildCacheKiB)") }
            if droppedKeyIndex {
                do {
                    try db.execute(sql: Schema.linkKeyIndex)
                } catch let e as DatabaseError where e.resultCode == .SQLITE_CONSTRAINT {
                    appendedLinks = nil  // rows are merged and removed: the digest is read back
                    let merged = try mergeDuplicateLinks(heldBefore: heldBefore)
                    r.added += merged.added
                    r.updated += merged.updated
                    r.unchanged += merged.unchanged
                    r.combined += merged.combined
                    try db.execute(sql: Schema.linkKeyIndex)
                }
                droppedKeyIndex = false
            }
            if droppedSecondaryIndexes {
                for index in Schema.linkSecondaryIndexes { try db.execute(sql: index.create) }
                droppedSecondaryIndexes = false
            }
        }
        return r
    }

    /// The page cache (KiB) while a bulk load builds the link indexes: SQLite sorts an index's
    /// rows in runs of this size (see `flushLinks`).
    public static let indexBuildCacheKiB = 2048

    /// The page cache (KiB) while a first load appends links to an empty table (see `flushLinks`).
    public static let appendCacheKiB = 16384

    /// Upserts the staged links against the key index, in key order.
    private func upsertStaged(heldBefore: Int64, into r: inout LinkFlush) throws {
        appendedLinks = nil
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
                bindLink(s, x.link, x.src, x.dst, x.start, x.end)
                switch try outcome(of: s) {
                case .added:
                    r.added += 1
                    if x.src <= heldBefore || x.dst <= heldBefore { r.combined += 1 }
                case .updated: r.updated += 1
                case .unchanged: r.unchanged += 1
                }
            }
        }
    }

    /// Appends a link to the link table (no key index to keep up: see `flushLinks`), hashing
    /// it into the table's digest while the table holds only appended rows. A link is bound at
    /// once as the next row of an INSERT of `appendRows` rows, which runs when all are bound
    /// (`insertBoundRows`): SQLite's work to start, finish and reset a statement was a quarter
    /// of its work per link. A weight is hashed as SQLite reads it back, from the row itself,
    /// so from the first link with a weight on links are inserted one by one.
    private func append(_ l: Link, from: Int64, to: Int64) throws {
        let start = l.start.seconds, end = l.end?.seconds ?? Schema.openEnd
        appendedSinceFlush.added += 1
        if from <= appendHeldBefore || to <= appendHeldBefore { appendedSinceFlush.combined += 1 }
        if l.weight != nil && !appendsOneByOne {
            try insertBoundRows()
            appendsOneByOne = true
        }
        appendedRows += 1
        if appendsOneByOne {
            if appendStatement == nil {
                appendStatement = try FastStatement(db, sql: Self.appendSQL(rows: 1))
            }
            let s = appendStatement!
            bindLink(s, l, from, to, start, end)
            try s.run()
            if appendedLinks != nil { try hashAppended(l, from, to, start, end, n: s.lastInsertedRowID) }
            return
        }
        if rowsStatement == nil { rowsStatement = try FastStatement(db, sql: Self.appendSQL(rows: Self.appendRows)) }
        let s = rowsStatement!
        if rowsBound == 0 { s.reset() }
        bindLinkValues(s, l, from, to, start, end)
        rowsBound += 1
        lastBound = (from, to)
        // Rows numbered 1, 2, 3... are the whole table in its digest's order: the row is hashed
        // as the number it will get, which `insertBoundRows` checks it got.
        if appendedLinks != nil { try hashAppended(l, from, to, start, end, n: appendedRows) }
        if rowsBound == Self.appendRows { try insertBoundRows() }
    }

    /// Links per INSERT while appending (see `append`).
    static let appendRows = 64

    /// The INSERT of `appendRows` links, how many are bound to its next run, and the ends of
    /// the last (which the rows that fill a short run repeat).
    private var rowsStatement: FastStatement?
    private var rowsBound = 0
    private var lastBound: (Int64, Int64) = (0, 0)
    /// Links appended since appending began: the number the last one gets in the empty table
    /// appending began with.
    private var appendedRows: Int64 = 0
    /// Whether links are inserted one by one (a link with a weight came).
    private var appendsOneByOne = false

    /// Runs the INSERT of the links bound so far. A short run (the last links of a load) fills
    /// its remaining rows with copies of a placeholder row and deletes them after: the table
    /// has no index then, and this happens once per load.
    private func insertBoundRows() throws {
        guard rowsBound > 0, let s = rowsStatement else { return }
        let filler = Self.appendRows - rowsBound
        for _ in 0..<filler {
            // The last link's ends (so that a foreign-key check would hold), empty text and
            // zero times where a column takes no NULL, NULL elsewhere: the twelve columns.
            s.bind(lastBound.0)
            s.bind(lastBound.1)
            s.bind("")
            s.bind(Int64(0))
            s.bind(Int64(0))
            s.bind("")
            s.bind("")
            for _ in 0..<5 { s.bind(nil as Int64?) }
        }
        rowsBound = 0
        try s.run()
        let last = s.lastInsertedRowID - Int64(filler)
        if filler > 0 { try db.execute(sql: "DELETE FROM link WHERE n > ?", arguments: [last]) }
        // The rows got numbers one after another: the last must be the one its link was
        // hashed as, or the digest is read back instead.
        if appendedLinks != nil && last != appendedRows { appendedLinks = nil }
    }

    private static func appendSQL(rows: Int) -> String {
        """
        INSERT INTO link(src, dst, type, start_time, end_time, source, ref, recorded_at,
                         grade_source, grade_intel, grade_handling, weight)
        VALUES \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
        """
    }

    /// Adds the row just appended to the link table's digest, column by column as
    /// `ContentDigest` reads it back: n, src, dst, type, start_time, end_time, source, ref,
    /// recorded_at, grade_source, grade_intel, grade_handling, weight.
    private func hashAppended(_ l: Link, _ src: Int64, _ dst: Int64, _ start: Int64, _ end: Int64, n: Int64) throws {
        // Rows numbered 1, 2, 3... are the whole table in its digest's order; anything else
        // (a number skipped) and the digest is read back instead.
        guard n == Int64(appendedLinks!.count + 1) else { appendedLinks = nil; return }
        var d = appendedLinks.take()!
        defer { appendedLinks = d }
        d.integer(n)
        d.integer(src)
        d.integer(dst)
        d.text(l.type.rawValue)
        d.integer(start)
        d.integer(end)
        d.text(l.provenance.source)
        d.text(l.provenance.reference ?? "")
        d.integer(l.provenance.recordedAt?.seconds)
        d.integer(l.grading.map { Int64($0.source) })
        d.text(l.grading.map { String($0.intelligence) })
        d.text(l.grading.map { String($0.handling) })
        if l.weight == nil {
            d.null()
        } else {
            try readBack(&weightStatement, "SELECT weight FROM link WHERE n = ?", n, into: &d)
        }
        d.endRow()
    }

    /// Adds the entity just appended to the entity table's digest, as `ContentDigest` reads it
    /// back: the 17 columns of the first version, then address, postcode and source when held.
    private func hashAppended(_ e: Entity, n: Int64) throws {
        guard n == Int64(appendedEntities!.count + 1) else { appendedEntities = nil; entitiesHashed = false; return }
        var d = appendedEntities.take()!
        defer { appendedEntities = d }
        d.integer(n)
        d.text(e.id)
        d.text(e.kind.rawValue)
        d.text(e.name)
        d.integer(e.isVictim ? 1 : 0)
        d.integer(e.victimSince?.seconds)
        d.integer(e.isOffender ? 1 : 0)
        d.integer(e.offenderSince?.seconds)
        d.text(e.dateOfBirth?.text)
        d.text(e.ageBand)
        d.text(e.gender)
        d.text(e.ethnicity)
        d.text(e.category?.rawValue)
        if e.latitude == nil && e.longitude == nil {
            d.null()
            d.null()
        } else {
            try readBack(&coordinatesStatement, "SELECT latitude, longitude FROM entity WHERE n = ?", n, into: &d)
        }
        d.text(e.area)
        d.text(e.reviewDate?.text)
        // Columns a later migration added count only when they hold a value.
        for v in [e.address, e.postcode, e.source] { if let v { d.text(v) } }
        d.endRow()
    }

    /// Adds the columns of row `n` that `sql` selects to `d`, as SQLite reads them back (REALs:
    /// see `ContentDigest.RowDigest.column`); `statement` is prepared on first use.
    private func readBack(_ statement: inout FastStatement?, _ sql: String, _ n: Int64,
                          into d: inout ContentDigest.RowDigest) throws {
        if statement == nil { statement = try FastStatement(db, sql: sql) }
        let s = statement!
        s.reset()
        s.bind(n)
        guard try s.next() else { throw StoreError.corrupt("row \(n) was appended but cannot be read back") }
        for c in 0..<sqlite3_column_count(s.sqliteHandle) { d.column(s.sqliteHandle, c) }
        sqlite3_reset(s.sqliteHandle)
    }

    /// The digests of tables hashed as they were written, as `count:digest` by table, for the
    /// audit entry that closes this transaction (`ContentDigest.tables(_:known:)`). Only once
    /// the last flush is done, and only while the rows hashed are still all the table holds.
    func knownDigests() throws -> [String: String] {
        var known: [String: String] = [:]
        if var d = appendedEntities {
            appendedEntities = nil  // summarised once
            if try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM entity") == d.count { known["entity"] = d.summary() }
        }
        if var d = appendedLinks, !droppedKeyIndex, !droppedSecondaryIndexes {
            appendedLinks = nil
            if try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(n), 0) FROM link") == d.count { known["link"] = d.summary() }
        }
        return known
    }

    private func bindLink(_ s: FastStatement, _ l: Link, _ src: Int64, _ dst: Int64, _ start: Int64, _ end: Int64) {
        s.reset()
        bindLinkValues(s, l, src, dst, start, end)
    }

    /// Binds a link's twelve columns after those already bound (an INSERT of several rows
    /// binds them in turn).
    private func bindLinkValues(_ s: FastStatement, _ l: Link, _ src: Int64, _ dst: Int64, _ start: Int64, _ end: Int64) {
        s.bind(src)
        s.bind(dst)
        s.bind(l.type.rawValue)
        s.bind(start)
        s.bind(end)
        bindProvenance(s, l.provenance)
        bindGrading(s, l.grading)
        s.bind(l.weight)
    }

    /// Merges links given more than once in a bulk load, as the upsert does row by row: the
    /// first keeps its number, each later one in file order updates its record time, grading
    /// and weight (counted as updated when one of them differs, unchanged otherwise) and is
    /// removed. Returns the corrections to the counts, which had every row as added.
    private func mergeDuplicateLinks(heldBefore: Int64) throws -> LinkFlush {
        struct Details: Equatable {
            var recordedAt: Int64?, gradeSource: Int64?, gradeIntel: String?, gradeHandling: String?, weight: Double?
        }
        let rows = try FastStatement(db, sql: """
            SELECT l.n, l.src, l.dst, l.recorded_at, l.grade_source, l.grade_intel, l.grade_handling, l.weight, d.first
            FROM link l JOIN (SELECT src, dst, type, start_time, end_time, source, ref, MIN(n) AS first
                              FROM link GROUP BY src, dst, type, start_time, end_time, source, ref
                              HAVING COUNT(*) > 1) d
              USING (src, dst, type, start_time, end_time, source, ref)
            ORDER BY d.first, l.n
            """)
        var r = LinkFlush()
        var removed: [Int64] = []
        var changed: [(n: Int64, details: Details)] = []
        var first: Int64 = -1, original = Details(), current = Details()
        func close() { if first >= 0 && current != original { changed.append((first, current)) } }
        while try rows.next() {
            let n = rows.int64(0)!, src = rows.int64(1)!, dst = rows.int64(2)!
            let d = Details(recordedAt: rows.int64(3), gradeSource: rows.int64(4), gradeIntel: rows.text(5),
                            gradeHandling: rows.text(6), weight: rows.double(7))
            if n == rows.int64(8)! {
                close()
                (first, original, current) = (n, d, d)
                continue
            }
            removed.append(n)
            r.added -= 1
            if src <= heldBefore || dst <= heldBefore { r.combined -= 1 }
            if d != current { r.updated += 1; current = d } else { r.unchanged += 1 }
        }
        close()
        let update = try FastStatement(db, sql: """
            UPDATE link SET recorded_at = ?, grade_source = ?, grade_intel = ?, grade_handling = ?, weight = ? WHERE n = ?
            """)
        for (n, d) in changed {
            update.reset()
            update.bind(d.recordedAt)
            update.bind(d.gradeSource)
            update.bind(d.gradeIntel)
            update.bind(d.gradeHandling)
            update.bind(d.weight)
            update.bind(n)
            try update.run()
        }
        let delete = try FastStatement(db, sql: "DELETE FROM link WHERE n = ?")
        for n in removed {
            delete.reset()
            delete.bind(n)
            try delete.run()
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
