import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// Which two kinds of people a co-location pairs: each side a VOLT type of person, where
/// `victim` means anyone holding the victim role (victims and victim+offenders) and `offender`
/// people recorded only as offenders, so children who are both are not paired with their peers
/// as if with adults.
public struct PairSpec: Sendable, Hashable, CustomStringConvertible {
    public let a: VoltType, b: VoltType

    /// A request with these values; every other parameter at its default.
    public init(_ a: VoltType, _ b: VoltType) {
        self.a = a
        self.b = b
    }

    /// Two VOLT types written `victim,offender`; nil otherwise.
    public init?(parsing text: String) {
        let sides = text.split(separator: ",").map { VoltType(parsing: String($0)) }
        guard sides.count == 2, let a = sides[0], let b = sides[1] else { return nil }
        self.init(a, b)
    }

    /// The sweep's rule.
    public var rule: PairRule {
        func side(_ t: VoltType) -> Set<VoltType> { t == .victim ? [.victim, .victimOffender] : [t] }
        return PairRule(side(a), side(b))
    }

    public var description: String { "\(a.rawValue),\(b.rawValue)" }
}

/// Who was at the same place at the same time: pairs of people seen together, how often,
/// where and when, with the sightings behind each pair, and the groups they form.
public struct ColocateQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "colocate"
    /// Seen together within this long of each other.
    public var within = Span(seconds: 3600)
    /// Only sightings active in this window.
    public var window = TimeWindow.all
    /// Only these locations (ids, in the order given).
    public var locations: [String]?
    /// Only locations of these categories.
    public var categories: Set<LocationCategory>?
    /// Only pairs of these two kinds of people.
    public var pair: PairSpec?
    /// Only pairs seen together at least this many times.
    public var minimumCount = 1
    /// At most this many pairs (0: all).
    public var top = 20

    /// A request with these values; every other parameter at its default.
    public init() {}

    public var parameters: Parameters {
        var p = Parameters()
        p.set("window", within.description)
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.list("locations", locations)
        p.list("categories", categories.map { c in LocationCategory.allCases.filter(c.contains).map(\.rawValue) })
        p.set("pair", pair?.description)
        p.set("min_count", minimumCount)
        p.set("top", top)
        return p
    }

    public func validate() throws {
        if window.isEmpty { throw BadRequest("the period is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
        guard within.seconds > 0 else { throw BadRequest("--window must be more than zero (got '\(within)')") }
        guard minimumCount >= 1 else { throw BadRequest("--min-count must be at least 1") }
        guard top >= 0 else { throw BadRequest("--top must be 0 (all) or more") }
        for t in [pair?.a, pair?.b].compactMap({ $0 }) where t.kind != .person {
            throw BadRequest("--pair: '\(t.rawValue)' is not a type of person (expected victim, offender, victim+offender or person)")
        }
    }

    /// A pair seen together, with the sightings behind it (two per occasion).
    public struct Together: Sendable, Encodable {
        public let a: String, b: String, count: Int, places: Int, first: String, last: String, sightings: [Sighting]
        /// The VOLT types of `a` and `b`.
        public let aType: String, bType: String
        enum CodingKeys: CodingKey { case a, b, count, places, first, last, sightings }
    }

    /// A group of people joined by pairs.
    public struct Group: Sendable, Encodable { public let members: [String] }

    /// The pairs shown, every group, and how many pairs there are.
    public struct Answer: Sendable, Encodable {
        public let pairs: [Together]
        public let groups: [Group]
        public let pairCount: Int
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let entities = try EntityTable(r)
        var q = CoLocationQuery(window: within.seconds)
        q.period = Period(window)
        q.pairs = pair?.rule ?? PairRule()
        var places: Set<Int32>?
        if let locations {
            places = Set(try locations.map { id in
                guard let i = entities.index(id), entities.types[i] == .location else {
                    throw BadRequest("unknown location '\(id)' in --locations: no location has that id")
                }
                return Int32(i)
            })
        }
        if let categories {
            let inCategories = Set((0..<entities.count).filter { i in
                entities.types[i] == .location && categories.contains(LocationCategory(rawValue: entities.categories[i] ?? "other") ?? .other)
            }.map(Int32.init))
            places = places.map { $0.intersection(inCategories) } ?? inCategories
        }
        q.places = places
        let table = try SightingTable(r, entities: entities, window: window)
        let e = encounters(table, types: entities.types, query: q)
        let pairs = coLocatedPairs(e, minimumCount: minimumCount)
        let shown = top == 0 ? pairs : Array(pairs.prefix(top))
        // The sightings behind each pair shown, as store rows: two per encounter.
        let behind = shown.map { p in p.evidence.flatMap { [table.row[Int(e[Int($0)].sightingA)], table.row[Int(e[Int($0)].sightingB)]] } }
        let rows = try r.sightings(rows: behind.flatMap { $0 })
        let iso = { (t: Int64) in Timestamp(seconds: t).iso8601 }
        return Answer(
            pairs: zip(shown, behind).map { p, b in
                Together(a: entities.ids[p.a], b: entities.ids[p.b], count: p.count, places: p.places, first: iso(p.first), last: iso(p.last),
                         sightings: b.compactMap { rows[$0] }, aType: entities.types[p.a].rawValue, bType: entities.types[p.b].rawValue)
            },
            groups: coLocationGroups(pairs, entityCount: entities.count).map { Group(members: $0.map { entities.ids[$0] }) },
            pairCount: pairs.count)
    }
}
