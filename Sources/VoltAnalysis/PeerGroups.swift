import VoltGraph
import VoltModel

/// A connected group of entities: a peer group, or a perpetrator network.
public struct PeerGroup: Sendable, Hashable {
    /// Snapshot nodes in the group, ascending.
    public let members: [Int]
    /// Members by VOLT type.
    public let byType: [VoltType: Int]
    /// Earliest start of a link in the group (seconds since 1970 UTC).
    public let firstLink: Int64
    /// Latest end of a link in the group (`Int64.max` when one is still open).
    public let lastLink: Int64
}

/// The connected components of a snapshot as groups, largest first (ties: the group whose
/// first member comes first in the store).
public func peerGroups(_ s: Snapshot) -> [PeerGroup] {
    let (labels, count) = connectedComponents(s.graph)
    var members = [[Int]](repeating: [], count: count)
    for (v, c) in labels.enumerated() { members[Int(c)].append(v) }
    return members.map { m in
        var byType: [VoltType: Int] = [:]
        for v in m { byType[s.types[v], default: 0] += 1 }
        return PeerGroup(members: m, byType: byType, firstLink: m.map { s.firstLink[$0] }.min() ?? 0,
                         lastLink: m.map { s.lastLink[$0] }.max() ?? 0)
    }
    .sorted { ($0.members.count, -($0.members.first ?? 0)) > ($1.members.count, -($1.members.first ?? 0)) }
}

/// The places and themes each group touches: for every group, the location and theme nodes of
/// `context` tied to its members, with how many members are tied to each, most first.
public func touchedContexts(_ groups: [PeerGroup], in snapshot: Snapshot, context: Snapshot) -> [[(id: String, members: Int)]] {
    groups.map { g in
        var counts: [Int: Int] = [:]
        for v in g.members {
            guard let c = context.node(entity: snapshot.entity[v]) else { continue }
            var seen = Set<Int>()
            for w in context.graph.neighbours(c) where context.types[Int(w)] == .location || context.types[Int(w)] == .theme {
                if seen.insert(Int(w)).inserted { counts[Int(w), default: 0] += 1 }
            }
            if context.graph.isDirected {
                for k in context.graph.inOffsets[c]..<context.graph.inOffsets[c + 1] {
                    let w = Int(context.graph.inSources[k])
                    if context.types[w] == .location || context.types[w] == .theme, seen.insert(w).inserted {
                        counts[w, default: 0] += 1
                    }
                }
            }
        }
        return counts.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }.map { (context.ids[$0.key], $0.value) }
    }
}
