import VoltModel

/// How the strength of a tie between two entities is counted.
public enum TieWeight: Sendable, Hashable {
    /// The number of links between the pair.
    case linkCount
    /// Each link counts `0.5^(age / halfLife)`, its age measured from its end (or `at` when
    /// open-ended or later) to `at`: recent links count more.
    case recency(halfLife: Int64, at: Timestamp)
}

/// What goes into a snapshot.
public struct SnapshotFilter: Sendable, Hashable {
    /// Which links (time window, link types, minimum grading).
    public var links = LinkSelection()
    /// Only entities of these VOLT types (nil: all); links to others are left out.
    public var voltTypes: Set<VoltType>?
    /// Keep link direction (exploits, supplies point from offender to victim); otherwise every
    /// link is a two-way tie.
    public var directed = false
    /// How ties are weighted.
    public var weight = TieWeight.linkCount

    /// Everything, undirected, weighted by link count.
    public init() {}
}

/// An analysis snapshot: a compact graph of the entities and links a filter selects, with the
/// map between graph nodes and entity ids. Nodes are the entities with at least one selected
/// link, numbered in store order. Built once; the algorithms read only `graph`.
public struct Snapshot: Sendable {
    /// The graph.
    public let graph: Graph
    /// Entity id of each node.
    public let ids: [String]
    /// Display name of each node.
    public let names: [String]
    /// The `EntityTable` index of each node (both number entities in store order), so nothing
    /// looks a node's entity up by its id.
    public let entity: [Int]
    /// VOLT type of each node.
    public let types: [VoltType]
    /// Links selected, in total (before parallel links collapse into one edge).
    public let linkCount: Int
    /// Earliest start of a selected link at each node (seconds since 1970 UTC).
    public let firstLink: [Int64]
    /// Latest end of a selected link at each node (`Int64.max` when one is still open).
    public let lastLink: [Int64]
    /// The filter it was built with.
    public let filter: SnapshotFilter
    private let indexByID: [String: Int32]
    private let nodeOfEntity: [Int32]

    /// The node of an entity id, if the entity is in the snapshot (for ids a person typed).
    public func node(_ id: String) -> Int? { indexByID[id].map(Int.init) }

    /// The node of `EntityTable` index `i`, if the entity is in the snapshot: how code that
    /// holds an entity finds its node, with no lookup by id.
    public func node(entity i: Int) -> Int? {
        i >= 0 && i < nodeOfEntity.count && nodeOfEntity[i] >= 0 ? Int(nodeOfEntity[i]) : nil
    }

    /// A snapshot from its parts (the store's loader builds them, `VoltLoad`); `index` maps
    /// each id to its node.
    public init(graph: Graph, ids: [String], index: [String: Int32], names: [String], types: [VoltType], entity: [Int],
                linkCount: Int, firstLink: [Int64], lastLink: [Int64], filter: SnapshotFilter) {
        self.graph = graph
        self.ids = ids
        indexByID = index
        self.names = names
        self.types = types
        self.entity = entity
        var inverse = [Int32](repeating: -1, count: (entity.max() ?? -1) + 1)
        for (v, i) in entity.enumerated() { inverse[i] = Int32(v) }
        nodeOfEntity = inverse
        self.linkCount = linkCount
        self.firstLink = firstLink
        self.lastLink = lastLink
        self.filter = filter
    }
}
