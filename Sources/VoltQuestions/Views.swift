import Foundation
import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltIO
import VoltModel
import VoltPrivacy
import VoltRender
import VoltStore
import VoltTemporal

/// How a view is drawn: the label level, the format, the layout engine, and where the file
/// goes (nil: only returned, as the workspace serves it).
public struct ViewOptions: Sendable, Hashable {
    public var level = LabelLevel.pseudonyms
    public var format = MapFormat.svg
    /// nil: by size (dot up to 300 nodes, sfdp above).
    public var engine: LayoutEngine?
    /// The file to write, whole or not at all.
    public var out: String?
    /// Classes for the workspace's filters on nodes and ties (`MapRequest.interactive`).
    public var interactive = false
    /// Refuse to draw more nodes than this (nil: any number): a browser cannot read more.
    public var maximumNodes: Int?

    /// A request with these values; every other parameter at its default.
    public init(level: LabelLevel = .pseudonyms, format: MapFormat = .svg, engine: LayoutEngine? = nil, out: String? = nil) {
        self.level = level
        self.format = format
        self.engine = engine
        self.out = out
    }

    var parameters: Parameters {
        var p = Parameters()
        p.set("labels", level.rawValue)
        p.set("format", format.rawValue)
        p.set("engine", engine?.rawValue)
        p.set("out", out)
        p.flag("interactive", interactive)
        p.set("max_nodes", maximumNodes)
        return p
    }
}

/// A drawn map.
public struct RenderedMap: Sendable, Encodable {
    /// The file's bytes in the asked format.
    public let data: Data
    public let nodes: Int, edges: Int
    public let level: LabelLevel, format: MapFormat
    /// The layout engine used (nil for DOT, which is not laid out).
    public let engine: LayoutEngine?
    enum CodingKeys: CodingKey { case nodes, edges }
}

/// A question whose answer is drawn as a map: a view. It says what goes on the map; reading,
/// marking, drawing and writing are the same for every view.
public protocol MapView: Question where Answer == RenderedMap {
    /// The network filter (links between people by default).
    var filter: NetworkFilter { get }
    var view: ViewOptions { get }
    /// The view's own parameters (beside the filter's and the drawing's).
    var viewParameters: Parameters { get }
    /// What to draw, from what was read.
    func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest
}

extension MapView {
    public var parameters: Parameters {
        var p = filter.parameters
        p.merge(viewParameters)
        p.merge(view.parameters)
        return p
    }

    public func validate() throws { try filter.validate() }

    public func answer(_ r: StoreReader, in session: Session) throws -> RenderedMap {
        let m = try MapReading(r, filter: filter, level: view.level)
        var request = try request(m, r)
        request.interactive = view.interactive
        let doc = makeMap(request, entities: m.entities, links: m.links, labeller: m.labeller)
        if let most = view.maximumNodes, doc.nodes.count > most {
            throw BadRequest("this map has \(doc.nodes.count) nodes, more than \(most) can be read: choose one child or group, or fewer steps")
        }
        let data = try Graphviz.render(doc, format: view.format, engine: view.engine)
        if let out = view.out { try AtomicFile.write(data, to: out) }
        return RenderedMap(data: data, nodes: doc.nodes.count, edges: doc.edges.count, level: view.level, format: view.format,
                           engine: view.format == .dot ? nil : doc.layoutEngine(forced: view.engine))
    }
}

/// Everything a map reads, in the view's transaction.
public struct MapReading {
    public let entities: EntityTable
    public let links: TimedLinkTable
    public let snapshot: Snapshot
    public let labeller: Labeller
    let filter: NetworkFilter

    init(_ r: StoreReader, filter: NetworkFilter, level: LabelLevel) throws {
        entities = try EntityTable(r)
        snapshot = try filter.snapshot(r)
        links = try TimedLinkTable(r, entities: entities, selection: filter.selection(defaultLinks: LinkType.betweenPeople))
        labeller = Labeller(level: level, key: try r.pseudonymKey())
        self.filter = filter
    }

    /// Entity indexes of snapshot nodes.
    func entityIndexes(_ nodes: [Int]) -> [Int] { nodes.map { snapshot.entity[$0] } }

    /// How one entity appears in a title at the label level.
    func name(_ i: Int) -> String { labeller.labels(for: [i], in: entities)[0].label.replacingOccurrences(of: "\n", with: " ") }

    /// The entity index of `id`, or the store's "no such entity".
    func entity(_ id: String) throws -> Int {
        guard let i = entities.index(id) else { throw StoreError.unknownEntity(id) }
        return i
    }

    /// A request with the title, the filter line as subtitle, and the link types drawn.
    func request(title: String) -> MapRequest {
        var parts: [String] = []
        if let f = filter.window.fromText { parts.append("from \(f)") }
        if let t = filter.window.toText { parts.append("to \(t)") }
        if let l = filter.parameters["links"] { parts.append("links: \(l)") }
        if let g = filter.parameters["min_grading"] { parts.append("graded \(g) or better") }
        if let c = filter.colocated { parts.append("with co-location within \(c)") }
        parts.append("labels: \(labeller.level.rawValue)")
        var r = MapRequest(title: title, subtitle: (parts.count == 1 ? "all dates; " : "") + parts.joined(separator: "; "))
        r.linkTypes = filter.linkTypes ?? LinkType.betweenPeople
        return r
    }

    /// The marks every map of people gets: brokers (cut points) and key players for disruption.
    func marks(within nodes: [Int]) -> (brokers: Set<Int>, keyPlayers: Set<Int>) {
        let inside = Set(nodes)
        // The few who hold the most together, not every cut point (a sparse map has many).
        let brokers = Set(cutPoints(snapshot.graph).strongest(among: inside).map { snapshot.entity[$0] })
        let (victims, offenders) = victimsAndOffenders(snapshot, nodes)
        guard !victims.isEmpty, !offenders.isEmpty, nodes.count <= 5000 else { return (brokers, []) }
        let picks = keyPlayers(snapshot.graph, victims: victims, offenders: offenders, candidates: offenders, k: min(3, offenders.count))
        return (brokers, Set(picks.filter { !$0.newlyCutOff.isEmpty }.map { snapshot.entity[$0.node] }))
    }
}

/// The peer group (community) an entity belongs to, boxed, with everyone linked to it around.
public struct GroupMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map group"
    /// The entity it is about (an id as the store holds it).
    public var id: String
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(id: String, filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.id = id
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        return p
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let i = try m.entity(id)
        let snap = m.snapshot
        guard let v = snap.node(id) else { throw BadRequest("\(id) has no links that match these filters, so it is in no group") }
        // The community (Leiden) the entity is in, with everyone directly linked to its members.
        let communities = leiden(snap.graph, seed: 1)
        let group = (0..<snap.graph.nodeCount).filter { communities.labels[$0] == communities.labels[v] }
        let inGroup = Set(group)
        var around = Set<Int>()
        for x in group { for w in snap.graph.neighbours(x) where !inGroup.contains(Int(w)) { around.insert(Int(w)) } }
        let members = group + around.sorted()
        let held = try heldGroups(r, [group.map { snap.ids[$0] }], method: "communities", at: FoundGroups.day(filter.window, r))[0]
        // The box holds the young people; an adult who offends is drawn outside it, never as a peer.
        let peers = group.filter { snap.types[$0] != .offender }
        // A held group's name, else where most of its young people go to school or live.
        let name = try held.map { $0.name ?? $0.id } ?? GroupNamer(r, entities: m.entities).name(m.entityIndexes(peers)).map { "peer group at \($0)" } ?? "peer group"
        var request = m.request(title: "Peer group of \(m.name(i)), \(name): \(peers.count) young people, \(members.count - peers.count) others linked to them")
        request.nodes = m.entityIndexes(members)
        request.focus = [i]
        request.groups = [("\(name) (\(peers.count) young people)", m.entityIndexes(peers))]
        (request.brokers, request.keyPlayers) = m.marks(within: members)
        return request
    }
}

/// An entity's network: everyone within K steps and the links among them.
public struct EgoMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map ego"
    /// The entity it is about (an id as the store holds it).
    public var id: String
    /// How many steps out.
    public var hops = 1
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(id: String, hops: Int = 1, filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.id = id
        self.hops = hops
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        p.set("hops", hops)
        return p
    }

    public func validate() throws {
        try filter.validate()
        guard (1...4).contains(hops) else { throw BadRequest("--hops must be from 1 to 4") }
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let i = try m.entity(id)
        let ego = try EgoQuestion.network(in: m.snapshot, r, id: id, hops: hops).map(\.node)
        var request = m.request(title: "Network of \(m.name(i)) within \(hops) step\(hops == 1 ? "" : "s"): \(ego.count) entities")
        request.nodes = m.entityIndexes(ego)
        request.focus = [i]
        (request.brokers, request.keyPlayers) = m.marks(within: ego)
        return request
    }
}

/// A location's neighbourhood: who was seen there, who was seen there together, how they are linked.
public struct LocationMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map location"
    /// The entity it is about (an id as the store holds it).
    public var id: String
    /// Seen together within this long.
    public var within = Span(seconds: 3600)
    /// A line only for people seen together here at least this many times.
    public var togetherMinimum = 2
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(id: String, filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.id = id
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("id", id)
        p.set("window", within.description)
        p.set("together_min", togetherMinimum)
        return p
    }

    public func validate() throws {
        try filter.validate()
        guard within.seconds > 0 else { throw BadRequest("--window must be more than zero (got '\(within)')") }
        guard togetherMinimum >= 1 else { throw BadRequest("--together-min must be at least 1, not \(togetherMinimum)") }
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let i = try m.entity(id)
        guard m.entities.types[i] == .location else { throw BadRequest("\(id) is not a location") }
        let table = try SightingTable(r, entities: m.entities, window: filter.window)
        let place = Int32(i)
        var seen: [Int: Int] = [:]
        for k in 0..<table.count where table.place[k] == place { seen[Int(table.person[k]), default: 0] += 1 }
        guard !seen.isEmpty else { throw BadRequest("no one was seen at \(id) in this period") }
        var q = CoLocationQuery(window: within.seconds)
        q.places = [place]
        let pairs = coLocatedPairs(encounters(table, types: m.entities.types, query: q)).filter { $0.count >= togetherMinimum }
        let people = seen.keys.sorted()
        let often = togetherMinimum == 1 ? "" : " at least \(togetherMinimum) times"
        var request = m.request(title: "Seen at \(m.name(i)): \(people.count) people, \(pairs.count) pairs seen together within \(within)\(often)")
        request.nodes = [i] + people
        request.sightings = people.map { ($0, i, seen[$0]!) }
        request.coLocations = pairs.map { ($0.a, $0.b, $0.count) }
        // One place and everyone around it: a spring layout puts the place in the middle
        // (dot would put the people in one row thousands of pixels wide).
        request.engine = people.count < LayoutEngine.largeMap ? .neato : .sfdp
        return request
    }
}

/// How two entities are connected: the shortest chains of links, left to right.
public struct PathMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map path"
    public var from: String, to: String
    public var limit = 5
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(from: String, to: String, filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.from = from
        self.to = to
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("from_id", from)
        p.set("to_id", to)
        p.set("limit", limit)
        return p
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let paths = try PathQuestion.paths(in: m.snapshot, r, from: from, to: to, limit: limit)
        var seen = Set<Int>(), nodes: [Int] = []
        for p in paths { for x in p where seen.insert(x).inserted { nodes.append(x) } }
        let (a, b) = (try m.entity(from), try m.entity(to))
        let hops = paths[0].count - 1
        var request = m.request(title: "\(m.name(a)) to \(m.name(b)): \(paths.count) shortest path\(paths.count == 1 ? "" : "s") of \(hops) step\(hops == 1 ? "" : "s")")
        request.nodes = m.entityIndexes(nodes)
        request.leftToRight = true
        request.focus = [a, b]
        // Each entity at its step along the shortest paths, so the map reads from A to B.
        for p in paths { for (step, x) in p.enumerated() { request.steps[m.snapshot.entity[x]] = step } }
        return request
    }
}

/// The whole network: communities larger than `collapse` drawn as one node each.
public struct OverviewMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map overview"
    /// Communities with more members than this are one node (0: draw everyone).
    public var collapse = 12
    /// At most this many nodes: when folding by `collapse` leaves more, every community is one
    /// node and only the largest this many are drawn (0: no limit). A county's network folded
    /// at 12 still leaves a thousand nodes, which no one can read.
    public var largest = 30
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("collapse", collapse)
        p.set("largest", largest)
        return p
    }

    public func validate() throws {
        try filter.validate()
        guard collapse >= 0 else { throw BadRequest("--collapse must be 0 or more") }
        guard largest >= 0 else { throw BadRequest("--largest must be 0 or more") }
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let g = m.snapshot.graph
        guard g.nodeCount > 0 else { throw BadRequest("no links match these filters: nothing to draw") }
        let communities = leiden(g, seed: 1).members
        var (nodes, collapsed) = collapsedCommunities(m.snapshot, communities, larger: collapse)
        var title = "Overview: \(g.nodeCount) entities, \(collapsed.count) communities of more than \(collapse) drawn as one node"
        let countyScale = largest > 0 && nodes.count + collapsed.count > largest
        if countyScale {
            // County scale: every community of two or more as one node, the largest only.
            let all = collapsedCommunities(m.snapshot, communities, larger: 1).collapsed
            collapsed = Array(all.prefix(largest))
            nodes = []
            let people = collapsed.reduce(0) { $0 + $1.members.count }
            title = "Overview: \(g.nodeCount) entities in \(all.count) communities; the \(collapsed.count) largest drawn as one node each (\(people) people), the rest left out (--largest)"
        }
        var request = m.request(title: title)
        if countyScale {
            // Communities only, with the ties that stand for the most links, about two per
            // community: all of them (ten per community at 20,000 people) make a hairball, and
            // dot lays the rest out in layers that read from the page's top.
            request.tieLimit = 2 * collapsed.count
            request.engine = .dot
        }
        // A community that is a held group is drawn with its name.
        let held = try heldGroups(r, collapsed.map { $0.members.map { m.entities.ids[$0] } }, method: "communities", at: FoundGroups.day(filter.window, r))
        let namer = try GroupNamer(r, entities: m.entities)
        for (k, h) in held.enumerated() {
            // A held group's name, else where most of its young people go to school or live.
            if let h { collapsed[k].label = h.name ?? h.id } else if let n = namer.name(collapsed[k].members) { collapsed[k].label += ": " + n }
        }
        request.nodes = nodes
        request.collapsed = collapsed
        let drawn = Set(nodes)
        let small = (0..<g.nodeCount).filter { drawn.contains(m.snapshot.entity[$0]) }
        request.brokers = m.marks(within: small).brokers
        return request
    }
}

/// A forum's network: the subjects referred to it (drawn bold) and their immediate context
/// (the people linked to them), with the links among all of these: what a panel's members may
/// see, and no more.
public struct ForumMap: MapView {
    /// The name in the audit log and the JSON `query`.
    public static let name = "map forum"
    /// The forum (lower case).
    public var forum: String
    /// Which links, people and period the question reads (links between people by default).
    public var filter: NetworkFilter
    /// How the map is drawn and where it is written.
    public var view: ViewOptions

    /// A request with these values; every other parameter at its default.
    public init(forum: String, filter: NetworkFilter = NetworkFilter(), view: ViewOptions) {
        self.forum = forum.lowercased()
        self.filter = filter
        self.view = view
    }

    public var viewParameters: Parameters {
        var p = Parameters()
        p.set("forum", forum)
        return p
    }

    public func request(_ m: MapReading, _ r: StoreReader) throws -> MapRequest {
        let subjects = Set(try r.casework().referrals.filter { $0.forum == forum }.map(\.subject))
        guard !subjects.isEmpty else { throw BadRequest("no one is referred to \(forum): nothing to draw") }
        let context = try r.context(of: subjects).filter { $0.type.kind == .person }.map(\.id)
        let focus = subjects.compactMap { m.entities.index($0) }
        var request = m.request(title: "\(forum): \(focus.count) referred, \(context.count) linked to them")
        request.nodes = (focus + context.compactMap { m.entities.index($0) }).sorted()
        request.focus = Set(focus)
        let inSnapshot = request.nodes.compactMap { m.snapshot.node(entity: $0) }
        request.brokers = m.marks(within: inSnapshot).brokers
        return request
    }
}
