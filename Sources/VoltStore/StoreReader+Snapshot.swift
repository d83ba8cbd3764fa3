import GRDB
import GRDBSQLite
import VoltModel

/// One link as a snapshot reads it: internal entity numbers and the fields filters need.
public struct LinkRow: Sendable, Hashable {
    /// The link's row number (for fetching its provenance as evidence).
    public let n: Int64
    /// Internal number of the `from` entity.
    public let src: Int64
    /// Internal number of the `to` entity.
    public let dst: Int64
    /// Link type.
    public let type: String
    /// Start, seconds since 1970 UTC.
    public let start: Int64
    /// End, seconds since 1970 UTC; `Int64.max` when open-ended.
    public let end: Int64
}

/// An entity as a snapshot node: internal number, id, display name and VOLT type.
public struct EntityNode: Sendable, Hashable {
    /// Internal number.
    public let n: Int64
    /// The user's id.
    public let id: String
    /// Display name.
    public let name: String
    /// VOLT type.
    public let type: VoltType
    /// Location category (locations only).
    public let category: String?
    /// Area or neighbourhood, if recorded.
    public let area: String?
}

/// Which links a snapshot takes from the store.
public struct LinkSelection: Sendable, Hashable {
    /// Links active at any time from this moment (their end is at or after it).
    public var from: Timestamp?
    /// Links active at any time up to this moment (their start is at or before it).
    public var to: Timestamp?
    /// Only these link types (nil: all).
    public var types: Set<String>?
    /// Only links graded at least this reliable (ungraded links are then left out).
    public var minimumGrading: Grading?

    /// Every link.
    public init(from: Timestamp? = nil, to: Timestamp? = nil, types: Set<String>? = nil, minimumGrading: Grading? = nil) {
        self.from = from
        self.to = to
        self.types = types
        self.minimumGrading = minimumGrading
    }
}

extension StoreReader {
    /// Streams the links a selection takes, as numbers (no entity join): what snapshots read.
    public func forEachLinkRow(_ s: LinkSelection, _ body: (LinkRow) throws -> Void) throws {
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let f = s.from { conditions.append("end_time >= ?"); args.append(f.seconds) }
        if let t = s.to { conditions.append("start_time <= ?"); args.append(t.seconds) }
        if let types = s.types {
            conditions.append("type IN (\(types.map { _ in "?" }.joined(separator: ",")))")
            args.append(contentsOf: types.sorted() as [any DatabaseValueConvertible])
        }
        if let g = s.minimumGrading {
            conditions.append("grade_source <= ? AND grade_intel <= ?")
            args.append(g.source)
            args.append(String(g.intelligence))
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let cursor = try Row.fetchCursor(db, sql: "SELECT n, src, dst, type, start_time, end_time FROM link" + whereClause,
                                         arguments: StatementArguments(args.map { $0.databaseValue }))
        while let row = try cursor.next() {
            try body(LinkRow(n: row[0], src: row[1], dst: row[2], type: row[3], start: row[4], end: row[5]))
        }
    }

    /// Every entity as a snapshot node, by internal number.
    public func entityNodes() throws -> [EntityNode] {
        try Row.fetchAll(db, sql: "SELECT n, id, name, kind, is_victim, is_offender, category, area FROM entity ORDER BY n").map { row in
            var e = Entity(id: row["id"], kind: EntityKind(rawValue: row["kind"]) ?? .person, name: row["name"])
            e.isVictim = row["is_victim"]
            e.isOffender = row["is_offender"]
            return EntityNode(n: row["n"], id: e.id, name: e.name, type: e.voltType, category: row["category"], area: row["area"])
        }
    }
}
