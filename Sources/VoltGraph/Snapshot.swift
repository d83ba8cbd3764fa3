import Foundation
import VoltModel
import VoltStore

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

    /// The node of an entity id, if the entity is in the snapshot.
    public func node(_ id: String) -> Int? { indexByID[id].map(Int.init) }

    /// Builds a snapshot from the store. `derivedTies` adds ties the store does not hold as
    /// links (such as people seen together: co-location), by entity id, with their weights;
    /// ties to entities the filter's VOLT types leave out are dropped.
    public init(_ reader: StoreReader, filter: SnapshotFilter, derivedTies: [(String, String, Double)] = []) throws {
        let entities = try reader.entityNodes()
        // Internal numbers are dense-ish; map them through an array, not a dictionary.
        let maxN = Int(entities.last?.n ?? 0)
        var allowed = [Bool](repeating: false, count: maxN + 1)
        var entityAt = [Int32](repeating: -1, count: maxN + 1)
        for (i, e) in entities.enumerated() {
            entityAt[Int(e.n)] = Int32(i)
            allowed[Int(e.n)] = filter.voltTypes.map { $0.contains(e.type) } ?? true
        }
        var node = [Int32](repeating: -1, count: entities.count)
        var chosen: [Int32] = []  // entity positions, in order of first appearance
        var edges: [(Int32, Int32, Double)] = []
        var first: [Int64] = [], last: [Int64] = []
        var count = 0
        func nodeOf(_ n: Int64) -> Int32 {
            let e = Int(entityAt[Int(n)])
            if node[e] < 0 {
                node[e] = Int32(chosen.count)
                chosen.append(Int32(e))
                first.append(.max)
                last.append(.min)
            }
            return node[e]
        }
        let directedA = LinkType.exploits.rawValue, directedB = LinkType.supplies.rawValue
        try reader.forEachLinkRow(filter.links) { l in
            guard allowed[Int(l.src)], allowed[Int(l.dst)], l.src != l.dst else { return }
            var w = 1.0
            if case .recency(let halfLife, let at) = filter.weight {
                let age = Double(max(0, at.seconds - min(l.end, at.seconds)))
                w = pow(0.5, age / Double(halfLife))
            }
            var a = nodeOf(l.src), b = nodeOf(l.dst)
            for x in [Int(a), Int(b)] {
                first[x] = min(first[x], l.start)
                last[x] = max(last[x], l.end)
            }
            if filter.directed && l.type != directedA && l.type != directedB {
                // A symmetric link in a directed view is a tie both ways.
                edges.append((b, a, w))
            } else if !filter.directed && a > b {
                swap(&a, &b)
            }
            edges.append((a, b, w))
            count += 1
        }
        if !derivedTies.isEmpty {
            let positions = Dictionary(uniqueKeysWithValues: entities.enumerated().map { ($1.id, $0) })
            for (x, y, w) in derivedTies {
                guard let i = positions[x], let j = positions[y], i != j,
                      allowed[Int(entities[i].n)], allowed[Int(entities[j].n)] else { continue }
                var a = nodeOf(entities[i].n), b = nodeOf(entities[j].n)
                if filter.directed {
                    edges.append((b, a, w))
                } else if a > b {
                    swap(&a, &b)
                }
                edges.append((a, b, w))
            }
        }
        // Renumber nodes in store order, so that results do not depend on link order.
        let order = chosen.indices.sorted { chosen[$0] < chosen[$1] }
        var renumber = [Int32](repeating: 0, count: chosen.count)
        for (new, old) in order.enumerated() { renumber[old] = Int32(new) }
        graph = Graph(nodeCount: chosen.count, edges: edges.map { (renumber[Int($0.0)], renumber[Int($0.1)], $0.2) },
                      directed: filter.directed)
        let picked = order.map { entities[Int(chosen[$0])] }
        ids = picked.map(\.id)
        names = picked.map(\.name)
        types = picked.map(\.type)
        linkCount = count
        firstLink = order.map { first[$0] }
        lastLink = order.map { last[$0] }
        self.filter = filter
        indexByID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int32($0)) })
    }
}
