import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltModel
import VoltStore

/// Seconds as an ISO time for a result, with the open end written `open` where asked.
func isoTime(_ t: Int64, open: Bool = false) -> String? {
    if open && t == .max { return "open" }
    return t == .max || t == .min ? nil : Timestamp(seconds: t).iso8601
}

/// Peer groups and perpetrator networks: the connected groups of people, with the places and
/// themes their members are linked to.
public struct GroupsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "groups"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    /// Only groups of at least this many members.
    public var minimumSize = 2

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), minimumSize: Int = 2) {
        self.filter = filter
        self.minimumSize = minimumSize
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("min_size", minimumSize)
        return p
    }

    /// One group. `id` numbers this answer's groups by size (G1 largest); `group` is the stable
    /// id that follows it from meeting to meeting (a named group it matched, or `PG-…` when new),
    /// with the stored `name`.
    public struct Group: Sendable, Encodable {
        public let id: String, size: Int, members: [String], byType: [String: Int]
        public let locations: [String], themes: [String], first: String?, last: String?
        public let group: String?, name: String?, similarity: Double?
    }

    /// The groups (encoded as the list), with the names of their places and themes.
    public struct Answer: Sendable, Encodable {
        public let groups: [Group]
        /// Display names of the places and themes the groups touch, by id.
        public let contextNames: [String: String]
        public let entityCount: Int, linkCount: Int
        let found: FoundGroups
        public func encode(to encoder: any Encoder) throws { try groups.encode(to: encoder) }
    }

    public func remember(_ answer: Answer, in writer: StoreWriter) throws { try answer.found.remember(in: writer) }

    public func validate() throws { try filter.validate() }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        var contextFilter = filter.snapshotFilter(defaultLinks: nil)
        contextFilter.links.types = LinkType.toPlacesAndThemes
        contextFilter.voltTypes = nil
        let context = try Snapshot(r, filter: contextFilter)
        let groups = peerGroups(snap).filter { $0.members.count >= minimumSize }
        let touched = touchedContexts(groups, in: snap, context: context)
        let found = try FoundGroups(r, groups: groups.map { $0.members.map { snap.ids[$0] } }, method: "groups", at: try FoundGroups.day(filter.window, r))
        var names: [String: String] = [:]
        let rows = groups.enumerated().map { i, g in
            let ids = touched[i].map(\.id)
            for id in ids { names[id] = context.names[context.node(id)!] }
            return Group(id: "G\(i + 1)", size: g.members.count, members: g.members.map { snap.ids[$0] },
                         byType: Dictionary(uniqueKeysWithValues: g.byType.map { ($0.key.rawValue, $0.value) }),
                         locations: ids.filter { context.types[context.node($0)!] == .location },
                         themes: ids.filter { context.types[context.node($0)!] == .theme },
                         first: isoTime(g.firstLink), last: isoTime(g.lastLink, open: true),
                         group: found.identities[i]?.id, name: found.identities[i]?.name, similarity: found.identities[i]?.similarity)
        }
        return Answer(groups: rows, contextNames: names, entityCount: snap.graph.nodeCount, linkCount: snap.linkCount, found: found)
    }
}

/// Communities (Leiden): the tightly knit parts of the network.
public struct CommunitiesQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "communities"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    /// Above 1: more, smaller communities.
    public var resolution = 1.0
    /// The visiting order's seed: the same seed gives the same communities.
    public var seed: UInt64 = 1
    /// Count each tie once, however many links it stands for.
    public var unweighted = false

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), resolution: Double = 1, seed: UInt64 = 1, unweighted: Bool = false) {
        self.filter = filter
        self.resolution = resolution
        self.seed = seed
        self.unweighted = unweighted
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("resolution", String(resolution))
        p.set("seed", seed)
        p.flag("unweighted", unweighted)
        return p
    }

    /// One community; `group` and `name` as for `GroupsQuestion.Group`.
    public struct Community: Sendable, Encodable {
        public let id: String, size: Int, members: [String], byType: [String: Int]
        public let group: String?, name: String?, similarity: Double?
    }

    /// The partition.
    public struct Answer: Sendable, Encodable {
        public let modularity: Double
        public let communities: [Community]
        public var entityCount: Int { communities.reduce(0) { $0 + $1.size } }
        let found: FoundGroups
        enum CodingKeys: String, CodingKey { case modularity, communities }
    }

    public func remember(_ answer: Answer, in writer: StoreWriter) throws { try answer.found.remember(in: writer) }

    public func validate() throws {
        try filter.validate()
        guard resolution > 0 && resolution.isFinite else { throw BadRequest("--resolution must be a positive number") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        guard snap.graph.nodeCount > 0 else { throw BadRequest("no links match these filters, so there is nothing to divide") }
        let c = leiden(snap.graph, resolution: resolution, weighted: !unweighted, seed: seed)
        let members = c.members
        let order = members.indices.sorted { (members[$0].count, -$0) > (members[$1].count, -$1) }
        let found = try FoundGroups(r, groups: order.map { members[$0].map { snap.ids[$0] } }, method: "communities", at: try FoundGroups.day(filter.window, r))
        return Answer(modularity: c.modularity, communities: order.enumerated().map { i, k in
            Community(id: "C\(i + 1)", size: members[k].count, members: members[k].map { snap.ids[$0] },
                      byType: members[k].reduce(into: [String: Int]()) { $0[snap.types[$1].rawValue, default: 0] += 1 },
                      group: found.identities[i]?.id, name: found.identities[i]?.name, similarity: found.identities[i]?.similarity)
        }, found: found)
    }
}

/// The centrality measures.
public enum Measure: String, Sendable, CaseIterable {
    case degree, betweenness, closeness, harmonic, eigenvector, pagerank
}

/// Entities ranked by a centrality measure.
public struct CentralityQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "centrality"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    public var measure = Measure.degree
    /// Rank only entities of these types (the measure still uses everyone).
    public var only: Set<VoltType>?
    /// At most this many (0: all).
    public var top = 20
    /// Betweenness divided by the number of pairs of other nodes.
    public var normalized = false
    /// Exact betweenness however large the network.
    public var exact = false
    /// Sampled betweenness: the largest error as a share of all pairs.
    public var epsilon = 0.01

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), measure: Measure = .degree) {
        self.filter = filter
        self.measure = measure
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("measure", measure.rawValue)
        p.list("only", only)
        p.set("top", top)
        p.flag("normalized", normalized)
        p.flag("exact", exact)
        if measure == .betweenness && !exact { p.set("epsilon", String(epsilon)) }
        return p
    }

    /// One ranked entity; its value is keyed by the measure's name (`"betweenness": 12.5`).
    public struct Row: Sendable, Encodable {
        public let entity: EntityRow, measure: String, value: Double

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ s: String) { stringValue = s }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(entity.id, forKey: Key("id"))
            try c.encode(entity.type, forKey: Key("type"))
            try c.encode(entity.name, forKey: Key("name"))
            try c.encode(value, forKey: Key(measure))
        }
    }

    /// The ranking (encoded as its rows).
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let rows: [Row]
        /// How many entities could be listed (before `top`).
        public let ranked: Int
        public let nodeCount: Int, edgeCount: Int, linkCount: Int
        /// Present when betweenness was sampled.
        public let approximation: ApproximateBetweenness?
        public func encode(to encoder: any Encoder) throws { try rows.encode(to: encoder) }
        public var notes: Parameters { approximationNotes(approximation) }
    }

    public func validate() throws {
        try filter.validate()
        guard epsilon > 0 && epsilon < 1 else { throw BadRequest("--epsilon must be between 0 and 1") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        guard snap.graph.nodeCount > 0 else { throw BadRequest("no links match these filters, so there is nothing to rank") }
        let g = snap.graph
        let length: PathLength = filter.weighted ? .inverseWeight : .hops
        var approximation: ApproximateBetweenness?
        var values: [Double]
        switch measure {
        case .degree:
            let d = degrees(g)
            values = filter.weighted ? d.weighted : d.distinct.map(Double.init)
        case .betweenness:
            let choice = betweennessChoosingMethod(g, length: length, epsilon: epsilon, forceExact: exact)
            values = choice.values
            approximation = choice.approximation
            if normalized {
                let n = Double(g.nodeCount)
                let pairs = g.isDirected ? (n - 1) * (n - 2) : (n - 1) * (n - 2) / 2
                if pairs > 0 { values = values.map { $0 / pairs } }
            }
        case .closeness: values = closeness(g, length: length)
        case .harmonic: values = harmonicCloseness(g, length: length)
        case .eigenvector: values = eigenvectorCentrality(g, weighted: filter.weighted).values
        case .pagerank: values = pageRank(g, weighted: filter.weighted).values
        }
        let order = values.indices.filter { only?.contains(snap.types[$0]) ?? true }
            .sorted { (values[$0], snap.ids[$1]) > (values[$1], snap.ids[$0]) }
        let shown = top > 0 ? Array(order.prefix(top)) : order
        return Answer(rows: shown.map { Row(entity: EntityRow(snap, $0), measure: measure.rawValue, value: values[$0]) },
                      ranked: order.count, nodeCount: g.nodeCount, edgeCount: g.edgeCount, linkCount: snap.linkCount,
                      approximation: approximation)
    }
}

extension ApproximateBetweenness {
    /// The line under a table of sampled betweenness: how it was estimated and how far off it can be.
    public var sentence: String {
        "approximate: \(samples) sampled shortest paths; with probability \(1 - delta) every value is within "
            + String(format: "%.3g", errorBound) + " (\(epsilon) × the \(String(format: "%.0f", pairs)) pairs) of its exact value (--exact to compute it exactly)"
    }
}

/// What the log and the JSON `query` say of sampled betweenness.
func approximationNotes(_ a: ApproximateBetweenness?) -> Parameters {
    var p = Parameters()
    if let a {
        p.set("approximate", "true")
        p.set("epsilon", String(a.epsilon))
        p.set("delta", String(a.delta))
        p.set("samples", a.samples)
        p.set("error_bound", String(format: "%.6g", a.errorBound))
    }
    return p
}

/// Go-betweens: people whose removal would split a group, ranked by betweenness, and the
/// single ties that hold groups together.
public struct BrokersQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "brokers"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    /// Only list entities of these types.
    public var only: Set<VoltType>?
    /// At most this many (0: all).
    public var top = 20
    /// Exact betweenness however large the network (else sampled above `exactBetweennessWorkLimit`).
    public var exact = false
    /// Sampled betweenness: the largest error as a share of all pairs.
    public var epsilon = 0.01

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), only: Set<VoltType>? = nil, top: Int = 20) {
        self.filter = filter
        self.only = only
        self.top = top
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.list("only", only)
        p.set("top", top)
        p.flag("exact", exact)
        if !exact { p.set("epsilon", String(epsilon)) }
        return p
    }

    /// One broker.
    public struct Broker: Sendable, Encodable {
        public let id: String, type: String, name: String, splits_into: Int, betweenness: Double
    }

    /// The brokers shown, how many there are, and every bridge.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let brokers: [Broker]
        public let bridges: [[String]]
        public let total: Int
        /// Present when betweenness was sampled.
        public let approximation: ApproximateBetweenness?
        enum CodingKeys: CodingKey { case brokers, bridges }
        public var notes: Parameters { approximationNotes(approximation) }
    }

    public func validate() throws {
        try filter.validate()
        guard epsilon > 0 && epsilon < 1 else { throw BadRequest("--epsilon must be between 0 and 1") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        guard snap.graph.nodeCount > 0 else { throw BadRequest("no links match these filters") }
        let cuts = cutPoints(snap.graph)
        let choice = betweennessChoosingMethod(snap.graph, epsilon: epsilon, forceExact: exact)
        let bc = choice.values
        let ranked = cuts.brokers.filter { only?.contains(snap.types[$0.node]) ?? true }
            .sorted { (bc[$0.node], $1.node) > (bc[$1.node], $0.node) }
        let shown = top > 0 ? Array(ranked.prefix(top)) : ranked
        return Answer(brokers: shown.map { Broker(id: snap.ids[$0.node], type: snap.types[$0.node].rawValue, name: snap.names[$0.node],
                                                  splits_into: $0.pieces, betweenness: bc[$0.node]) },
                      bridges: cuts.bridges.map { [snap.ids[$0.0], snap.ids[$0.1]] }, total: ranked.count, approximation: choice.approximation)
    }
}

/// How two entities are connected: the shortest chains of links, each step with its links.
public struct PathQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "path"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    public var from: String, to: String
    /// At most this many shortest paths.
    public var limit = 5

    /// A request with these values; every other parameter at its default.
    public init(from: String, to: String, filter: NetworkFilter = NetworkFilter(), limit: Int = 5) {
        self.from = from
        self.to = to
        self.filter = filter
        self.limit = limit
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("from_id", from)
        p.set("to_id", to)
        p.set("limit", limit)
        return p
    }

    /// One step and the links that make it.
    public struct Step: Sendable, Encodable { public let from: String, to: String, links: [Link] }
    /// One shortest path.
    public struct Found: Sendable, Encodable { public let hops: Int, nodes: [String], steps: [Step] }

    /// The paths (encoded as the list), with the people on them.
    public struct Answer: Sendable, Encodable {
        public let paths: [Found]
        /// Each entity on a path, by id.
        public let entities: [String: EntityRow]
        public func encode(to encoder: any Encoder) throws { try paths.encode(to: encoder) }
    }

    /// The shortest paths in `snap` as its nodes (shared with the path map, which has read the
    /// snapshot already).
    static func paths(in snap: Snapshot, _ r: StoreReader, from a: String, to b: String, limit: Int) throws -> [[Int]] {
        for id in [a, b] where try r.entity(id: id) == nil { throw StoreError.unknownEntity(id) }
        guard let u = snap.node(a), let v = snap.node(b) else {
            throw BadRequest("\(snap.node(a) == nil ? a : b) has no links that match these filters, so no path can reach it")
        }
        let paths = shortestPaths(snap.graph, from: u, to: v, limit: max(1, limit))
        guard !paths.isEmpty else { throw BadRequest("no path joins \(a) and \(b) through links that match these filters") }
        return paths
    }

    public func validate() throws { try filter.validate() }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        let paths = try Self.paths(in: snap, r, from: from, to: to, limit: limit)
        let selection = filter.selection(defaultLinks: LinkType.betweenPeople)
        let found = try paths.map { p in
            Found(hops: p.count - 1, nodes: p.map { snap.ids[$0] }, steps: try zip(p, p.dropFirst()).map { x, y in
                Step(from: snap.ids[x], to: snap.ids[y], links: try r.links(between: snap.ids[x], and: snap.ids[y]).filter(selection.admits))
            })
        }
        var entities: [String: EntityRow] = [:]
        for p in paths { for v in p { entities[snap.ids[v]] = EntityRow(snap, v) } }
        return Answer(paths: found, entities: entities)
    }
}

/// An entity's network: everyone within K steps.
public struct EgoQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "ego"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    /// The entity it is about (an id as the store holds it).
    public var id: String
    /// How many steps out.
    public var hops = 1

    /// A request with these values; every other parameter at its default.
    public init(id: String, hops: Int = 1, filter: NetworkFilter = NetworkFilter()) {
        self.id = id
        self.hops = hops
        self.filter = filter
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("id", id)
        p.set("hops", hops)
        return p
    }

    /// One entity in the network.
    public struct Member: Sendable, Encodable {
        public let id: String, type: String, name: String, distance: Int
        /// Ties to others in the network.
        public let tiesInside: Int
        enum CodingKeys: CodingKey { case id, type, name, distance }
    }

    /// The network (encoded as its members).
    public struct Answer: Sendable, Encodable {
        public let members: [Member]
        /// Ties among the members.
        public let ties: Int
        public func encode(to encoder: any Encoder) throws { try members.encode(to: encoder) }
    }

    /// The centre's network in `snap` as its nodes (shared with the ego map, which has read the
    /// snapshot already).
    static func network(in snap: Snapshot, _ r: StoreReader, id: String, hops: Int) throws -> [(node: Int, distance: Int)] {
        guard try r.entity(id: id) != nil else { throw StoreError.unknownEntity(id) }
        guard let c = snap.node(id) else { throw BadRequest("\(id) has no links that match these filters") }
        return egoNetwork(snap.graph, center: c, hops: hops)
    }

    public func validate() throws {
        try filter.validate()
        guard (1...6).contains(hops) else { throw BadRequest("--hops must be from 1 to 6") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        let ego = try Self.network(in: snap, r, id: id, hops: hops)
        let inside = Set(ego.map(\.node))
        var ties = 0
        let members = ego.map { v, d in
            let k = snap.graph.neighbours(v).filter { inside.contains(Int($0)) }.count
            ties += k
            return Member(id: snap.ids[v], type: snap.types[v].rawValue, name: snap.names[v], distance: d, tiesInside: k)
        }
        return Answer(members: members, ties: snap.graph.isDirected ? ties : ties / 2)
    }
}

/// Key players for disruption: the offenders (and places) whose removal cuts the most
/// children off from every offender.
public struct DisruptQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "disrupt"
    /// Which links, people and period the question reads (links between people by default).
    public var filter = NetworkFilter()
    /// How many to pick.
    public var k = 3
    /// A child counts as reached by an offender within this many steps (0: any path).
    public var within = 2

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), k: Int = 3, within: Int = 2) {
        self.filter = filter
        self.k = k
        self.within = within
    }

    public var parameters: Parameters {
        var p = filter.parameters
        p.set("k", k)
        p.set("within", within)
        return p
    }

    /// One pick.
    public struct Pick: Sendable, Encodable {
        public let rank: Int, id: String, type: String, name: String, newly_cut_off: [String], still_reached: Int
    }

    /// The picks (encoded as the list) and what they were chosen from.
    public struct Answer: Sendable, Encodable {
        public let picks: [Pick]
        public let victims: Int, offenders: Int, candidates: Int
        public func encode(to encoder: any Encoder) throws { try picks.encode(to: encoder) }
    }

    public func validate() throws {
        try filter.validate()
        guard k >= 1 else { throw BadRequest("--k must be at least 1") }
        guard within >= 0 else { throw BadRequest("--within must be 0 (any path) or more steps") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let snap = try filter.snapshot(r)
        let nodes = 0..<snap.graph.nodeCount
        let (victims, offenders) = victimsAndOffenders(snap, nodes)
        let candidates = nodes.filter { snap.types[$0] == .offender || snap.types[$0] == .location }
        guard !offenders.isEmpty && !victims.isEmpty else { throw BadRequest("these filters leave no victims linked to offenders, so there is nothing to disrupt") }
        guard k <= candidates.count else {
            throw BadRequest("--k \(k) is more than the \(candidates.count) offenders and places that could be picked")
        }
        let picks = keyPlayers(snap.graph, victims: victims, offenders: offenders, candidates: candidates, k: k, within: within)
        return Answer(picks: picks.enumerated().map { i, p in
            Pick(rank: i + 1, id: snap.ids[p.node], type: snap.types[p.node].rawValue, name: snap.names[p.node],
                 newly_cut_off: p.newlyCutOff.map { snap.ids[$0] }, still_reached: p.stillReached)
        }, victims: victims.count, offenders: offenders.count, candidates: candidates.count)
    }
}
