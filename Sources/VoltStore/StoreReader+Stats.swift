import GRDB
import VoltModel

/// One labelled count in a summary.
public struct Tally: Sendable, Hashable, Codable {
    /// What is counted (a VOLT type, a link type, an agency, a month).
    public let key: String
    /// How many.
    public let count: Int
}

/// Records per month, by what they are.
public struct MonthTally: Sendable, Hashable, Codable {
    /// `YYYY-MM` (UTC).
    public let month: String
    /// Links starting that month.
    public let links: Int
    /// Sightings that month.
    public let sightings: Int
    /// Missing episodes starting that month.
    public let missing: Int
}

/// What the store holds, as `volt stats` shows it.
public struct StoreStats: Sendable, Hashable, Codable {
    /// Entities by VOLT type (victim, offender, victim+offender, person, location, theme).
    public let byVoltType: [Tally]
    /// Links by link type.
    public let linksByType: [Tally]
    /// Records (links, sightings, missing episodes) by source agency.
    public let byAgency: [Tally]
    /// Records by month.
    public let byMonth: [MonthTally]
    /// Totals: entities, links, sightings, missing episodes, and episodes still open.
    public let entities: Int, links: Int, sightings: Int, missing: Int, stillMissing: Int
}

extension StoreReader {
    /// Counts by VOLT type, link type, agency and month.
    public func stats() throws -> StoreStats {
        func tallies(_ sql: String) throws -> [Tally] {
            try Row.fetchAll(db, sql: sql).map { Tally(key: $0[0], count: $0[1]) }
        }
        let voltType = try tallies("""
            SELECT CASE WHEN kind <> 'person' THEN kind
                        WHEN is_victim AND is_offender THEN 'victim+offender'
                        WHEN is_victim THEN 'victim' WHEN is_offender THEN 'offender' ELSE 'person' END AS t,
                   COUNT(*) FROM entity GROUP BY t ORDER BY COUNT(*) DESC, t
            """)
        let linkTypes = try tallies("SELECT type, COUNT(*) FROM link GROUP BY type ORDER BY COUNT(*) DESC, type")
        let agencies = try tallies("""
            SELECT source, SUM(c) FROM (
              SELECT source, COUNT(*) AS c FROM link GROUP BY source
              UNION ALL SELECT source, COUNT(*) FROM sighting GROUP BY source
              UNION ALL SELECT source, COUNT(*) FROM missing GROUP BY source)
            GROUP BY source ORDER BY SUM(c) DESC, source
            """)
        let months = try Row.fetchAll(db, sql: """
            SELECT m, SUM(l), SUM(s), SUM(x) FROM (
              SELECT strftime('%Y-%m', start_time, 'unixepoch') AS m, COUNT(*) AS l, 0 AS s, 0 AS x FROM link GROUP BY m
              UNION ALL SELECT strftime('%Y-%m', time, 'unixepoch'), 0, COUNT(*), 0 FROM sighting GROUP BY 1
              UNION ALL SELECT strftime('%Y-%m', start_time, 'unixepoch'), 0, 0, COUNT(*) FROM missing GROUP BY 1)
            GROUP BY m ORDER BY m
            """).map { MonthTally(month: $0[0], links: $0[1], sightings: $0[2], missing: $0[3]) }
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        return StoreStats(
            byVoltType: voltType, linksByType: linkTypes, byAgency: agencies, byMonth: months,
            entities: try count("SELECT COUNT(*) FROM entity"),
            links: try count("SELECT COUNT(*) FROM link"),
            sightings: try count("SELECT COUNT(*) FROM sighting"),
            missing: try count("SELECT COUNT(*) FROM missing"),
            stillMissing: try count("SELECT COUNT(*) FROM missing WHERE end_time IS NULL"))
    }
}
