import GRDB
import VoltModel

/// A sighting as the temporal queries read it: numbers only, so ten million of them stream
/// without an allocation per row. Provenance is fetched later, by row, for the evidence shown.
public struct SightingRow: Sendable, Hashable {
    /// The sighting's row number.
    public let n: Int64
    /// Internal number of the person.
    public let person: Int64
    /// Internal number of the location.
    public let location: Int64
    /// When the sighting began, seconds since 1970 UTC.
    public let start: Int64
    /// When it ended; equal to `start` for a sighting at a single moment.
    public let end: Int64
}

/// A missing episode as the temporal queries read it.
public struct MissingRow: Sendable, Hashable {
    /// The episode's row number.
    public let n: Int64
    /// Internal number of the child.
    public let person: Int64
    /// When the child went missing, seconds since 1970 UTC.
    public let start: Int64
    /// When the child was found; `Int64.max` while still missing.
    public let end: Int64
    /// Internal number of the location where the child was found, if recorded.
    public let foundAt: Int64?
}

/// A link as the timed tables read it: numbers, type, times and grading.
public struct TimedLinkRow: Sendable, Hashable {
    /// The link's row number.
    public let n: Int64
    /// Internal number of the `from` entity.
    public let src: Int64
    /// Internal number of the `to` entity.
    public let dst: Int64
    /// Link type.
    public let type: String
    /// Start, seconds since 1970 UTC.
    public let start: Int64
    /// End; `Int64.max` when open-ended.
    public let end: Int64
    /// Source evaluation 1–3 of its grading, 0 when ungraded.
    public let gradeSource: UInt8
    /// Intelligence assessment A–E (ASCII) of its grading, 0 when ungraded.
    public let gradeIntelligence: UInt8
}

extension StoreReader {
    /// Streams the links a selection takes, with their gradings, through the C API.
    public func forEachTimedLink(_ s: LinkSelection, _ body: (TimedLinkRow) throws -> Void) throws {
        let (whereClause, args) = s.sql
        let st = try FastStatement(db, sql: "SELECT n, src, dst, type, start_time, end_time, grade_source, grade_intel FROM link" + whereClause)
        st.reset()
        st.bindAll(args)
        while try st.next() {
            try body(TimedLinkRow(n: st.int64(0)!, src: st.int64(1)!, dst: st.int64(2)!, type: st.text(3) ?? "", start: st.int64(4)!,
                                  end: st.int64(5)!, gradeSource: UInt8(clamping: st.int64(6) ?? 0),
                                  gradeIntelligence: st.text(7)?.utf8.first ?? 0))
        }
    }

    /// Streams the sightings active at some moment of `window`, ordered by location, then
    /// time: the order the co-location sweep needs, read straight off the `sighting_key` index.
    public func forEachSightingRow(in window: TimeWindow = .all, _ body: (SightingRow) throws -> Void) throws {
        // A sighting's end is NULL when it was at a single moment.
        var sql = "SELECT n, person, location, time, end_time FROM sighting"
        var conditions: [String] = []
        var args: [any Sendable] = []
        if let to = window.to { conditions.append("time <= ?"); args.append(to.seconds) }
        if let from = window.from { conditions.append("coalesce(end_time, time) >= ?"); args.append(from.seconds) }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY location, time, person"
        let s = try FastStatement(db, sql: sql)
        s.bindAll(args)
        while try s.next() {
            let start = s.int64(3)!
            try body(SightingRow(n: s.int64(0)!, person: s.int64(1)!, location: s.int64(2)!, start: start,
                                 end: max(start, s.int64(4) ?? start)))
        }
    }

    /// Streams every missing episode, ordered by start.
    public func forEachMissingRow(_ body: (MissingRow) throws -> Void) throws {
        let s = try FastStatement(db, sql: "SELECT n, person, start_time, end_time, found_at FROM missing ORDER BY start_time, person, n")
        while try s.next() {
            let start = s.int64(2)!
            try body(MissingRow(n: s.int64(0)!, person: s.int64(1)!, start: start, end: s.int64(3).map { max($0, start) } ?? .max,
                                foundAt: s.int64(4)))
        }
    }

    /// The sightings with these row numbers, by row number: the evidence behind a result.
    public func sightings(rows: [Int64]) throws -> [Int64: Sighting] {
        var out: [Int64: Sighting] = [:]
        let statement = try db.cachedStatement(sql: """
            SELECT p.id AS person_id, l.id AS location_id, s.time, s.end_time, s.source, s.ref,
                   s.recorded_at, s.grade_source, s.grade_intel, s.grade_handling
            FROM sighting s JOIN entity p ON p.n = s.person JOIN entity l ON l.n = s.location WHERE s.n = ?
            """)
        for n in Set(rows) {
            guard let row = try Row.fetchOne(statement, arguments: [n]) else { continue }
            out[n] = Sighting(person: row["person_id"], location: row["location_id"], time: Timestamp(seconds: row["time"]),
                              end: (row["end_time"] as Int64?).map(Timestamp.init),
                              provenance: Self.provenance(row), grading: Self.grading(row))
        }
        return out
    }

    /// Each link's recording agency, by row number, in one read (what the pack's tables and the
    /// Top N reasons name; `links(rows:)` reads a whole link per row and is for evidence).
    public func linkSources() throws -> [Int64: String] {
        var out: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT n, source FROM link")
        while let row = try rows.next() { out[row[0]] = row[1] }
        return out
    }

    /// The links with these row numbers, by row number: the evidence behind a result.
    public func links(rows: [Int64]) throws -> [Int64: Link] {
        var out: [Int64: Link] = [:]
        let statement = try db.cachedStatement(sql: """
            SELECT a.id AS from_id, b.id AS to_id, l.type, l.start_time, l.end_time, l.source, l.ref,
                   l.recorded_at, l.grade_source, l.grade_intel, l.grade_handling, l.weight
            FROM link l JOIN entity a ON a.n = l.src JOIN entity b ON b.n = l.dst WHERE l.n = ?
            """)
        for n in Set(rows) {
            guard let row = try Row.fetchOne(statement, arguments: [n]) else { continue }
            out[n] = try Self.link(row)
        }
        return out
    }

    /// The missing episodes with these row numbers, by row number.
    public func missingEpisodes(rows: [Int64]) throws -> [Int64: MissingEpisode] {
        var out: [Int64: MissingEpisode] = [:]
        let statement = try db.cachedStatement(sql: """
            SELECT \(Self.missingColumns)
            FROM missing m JOIN entity p ON p.n = m.person LEFT JOIN entity f ON f.n = m.found_at WHERE m.n = ?
            """)
        for n in Set(rows) {
            guard let row = try Row.fetchOne(statement, arguments: [n]) else { continue }
            out[n] = Self.missingEpisode(row)
        }
        return out
    }
}
