import GRDB
import VoltModel

/// Reads inside a store transaction. Obtained from `Store.consult` (which logs the read) or from
/// a writer; it must not escape the closure.
public struct StoreReader {
    let db: Database
    /// The store's keys (for pseudonyms); nil only for the store's own unlogged reads.
    let keys: StoreKeys?
    /// Whether records judged to be one person are read as one (`entityNodes`,
    /// `entityAliases`); off unless asked for (`seeingCanonicalPersons`), so the store's own
    /// reads, imports and relabelling see every record.
    public internal(set) var canonicalPersons = false

    init(_ db: Database, keys: StoreKeys? = nil) {
        self.db = db
        self.keys = keys
    }

    static let entityColumns = """
        n, id, kind, name, is_victim, victim_since, is_offender, offender_since, date_of_birth,
        age_band, gender, ethnicity, category, latitude, longitude, area, review_date, address, postcode, source
        """

    /// The entity with this id and its internal number, or nil.
    func entityRow(id: String) throws -> (Int64, Entity)? {
        let statement = try db.cachedStatement(sql: "SELECT \(Self.entityColumns) FROM entity WHERE id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        let n: Int64 = row["n"]
        var e = try Self.entity(row)
        e.references = try references(of: n)
        return (n, e)
    }

    /// The entity with this id, or nil.
    public func entity(id: String) throws -> Entity? { try entityRow(id: id)?.1 }

    /// Every entity, ordered by id, with a callback per entity (streams: the store is not
    /// loaded into memory).
    public func forEachEntity(_ body: (Entity) throws -> Void) throws {
        var refs: [Int64: [AgencyReference]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT entity, agency, reference FROM entity_ref ORDER BY entity, agency, reference") {
            refs[row["entity"], default: []].append(AgencyReference(agency: row["agency"], reference: row["reference"]))
        }
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.entityColumns) FROM entity ORDER BY id")
        while let row = try cursor.next() {
            var e = try Self.entity(row)
            e.references = refs[row["n"]] ?? []
            try body(e)
        }
    }

    /// Every link in natural-key order (from, to, type, start, end, source, reference).
    public func forEachLink(_ body: (Link) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT a.id AS from_id, b.id AS to_id, l.type, l.start_time, l.end_time, l.source, l.ref,
                   l.recorded_at, l.grade_source, l.grade_intel, l.grade_handling, l.weight
            FROM link l JOIN entity a ON a.n = l.src JOIN entity b ON b.n = l.dst
            ORDER BY a.id, b.id, l.type, l.start_time, l.end_time, l.source, l.ref
            """)
        while let row = try cursor.next() { try body(try Self.link(row)) }
    }

    /// Every sighting, ordered by person, time, location, source.
    public func forEachSighting(_ body: (Sighting) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT p.id AS person_id, l.id AS location_id, s.time, s.end_time, s.source, s.ref,
                   s.recorded_at, s.grade_source, s.grade_intel, s.grade_handling
            FROM sighting s JOIN entity p ON p.n = s.person JOIN entity l ON l.n = s.location
            ORDER BY p.id, s.time, l.id, s.source, s.ref
            """)
        while let row = try cursor.next() {
            try body(Sighting(person: row["person_id"], location: row["location_id"],
                              time: Timestamp(seconds: row["time"]), end: (row["end_time"] as Int64?).map(Timestamp.init),
                              provenance: Self.provenance(row), grading: Self.grading(row)))
        }
    }

    /// Every missing episode, ordered by person and start.
    public func forEachMissingEpisode(_ body: (MissingEpisode) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(Self.missingColumns)
            FROM missing m JOIN entity p ON p.n = m.person LEFT JOIN entity f ON f.n = m.found_at
            ORDER BY p.id, m.start_time, m.source, m.ref
            """)
        while let row = try cursor.next() {
            try body(Self.missingEpisode(row))
        }
    }

    static let missingColumns = """
        p.id AS person_id, m.start_time, m.end_time, f.id AS found_id, m.source, m.ref, m.recorded_at,
        m.return_interview, m.return_interview_by
        """

    /// A missing episode from a row of `missingColumns`.
    static func missingEpisode(_ row: Row) -> MissingEpisode {
        MissingEpisode(person: row["person_id"], start: Timestamp(seconds: row["start_time"]),
                       end: (row["end_time"] as Int64?).map(Timestamp.init), foundAt: row["found_id"],
                       provenance: provenance(row), returnInterview: (row["return_interview"] as Int64?).map(Timestamp.init),
                       returnInterviewBy: row["return_interview_by"])
    }

    func references(of n: Int64) throws -> [AgencyReference] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT agency, reference FROM entity_ref WHERE entity = ? ORDER BY agency, reference"),
                         arguments: [n])
            .map { AgencyReference(agency: $0["agency"], reference: $0["reference"]) }
    }

    static func entity(_ row: Row) throws -> Entity {
        let kindText: String = row["kind"]
        guard let kind = EntityKind(rawValue: kindText) else {
            throw StoreError.corrupt("entity \(row["id"] as String) has unknown kind \(kindText)")
        }
        var e = Entity(id: row["id"], kind: kind, name: row["name"])
        e.isVictim = row["is_victim"]
        e.victimSince = (row["victim_since"] as Int64?).map(Timestamp.init)
        e.isOffender = row["is_offender"]
        e.offenderSince = (row["offender_since"] as Int64?).map(Timestamp.init)
        e.dateOfBirth = (row["date_of_birth"] as String?).flatMap(CalendarDate.init)
        e.ageBand = row["age_band"]
        e.gender = row["gender"]
        e.ethnicity = row["ethnicity"]
        e.category = (row["category"] as String?).flatMap(LocationCategory.init(rawValue:))
        e.latitude = row["latitude"]
        e.longitude = row["longitude"]
        e.area = row["area"]
        e.reviewDate = (row["review_date"] as String?).flatMap(CalendarDate.init)
        e.address = row["address"]
        e.postcode = row["postcode"]
        e.source = row["source"]
        return e
    }

    static func link(_ row: Row) throws -> Link {
        let typeText: String = row["type"]
        guard let type = LinkType(parsing: typeText) else {
            throw StoreError.corrupt("a link has unknown type \(typeText)")
        }
        let end: Int64 = row["end_time"]
        return Link(from: row["from_id"], to: row["to_id"], type: type,
                    start: Timestamp(seconds: row["start_time"]),
                    end: end == Schema.openEnd ? nil : Timestamp(seconds: end),
                    provenance: provenance(row), grading: grading(row), weight: row["weight"])
    }

    static func provenance(_ row: Row) -> Provenance {
        let ref: String = row["ref"]
        return Provenance(source: row["source"], reference: ref.isEmpty ? nil : ref,
                          recordedAt: (row["recorded_at"] as Int64?).map(Timestamp.init))
    }

    static func grading(_ row: Row) -> Grading? {
        guard let s: Int64 = row["grade_source"], let i: String = row["grade_intel"],
              let h: String = row["grade_handling"] else { return nil }
        return Grading("\(s)\(i)-\(h)")
    }
}
