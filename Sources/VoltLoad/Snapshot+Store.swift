import Foundation
import VoltGraph
import VoltModel
import VoltStore

extension Snapshot {
    /// Builds a snapshot from the store. `derivedTies` adds ties the store does not hold as
    /// links (such as people seen together: co-location), by entity id, with their weights;
    /// ties to entities the filter's VOLT types leave out are dropped.
    public init(_ reader: StoreReader, filter: SnapshotFilter, derivedTies: [(String, String, Double)] = []) throws {
        WorkProgress.stage("reading the network from the store")
        let entities = try reader.entityNodes()
        // Records absorbed into a canonical person count as the person: their numbers map to
        // the person's position, so their links land on the person's node.
        let aliases = try reader.entityAliases()
        // Internal numbers are dense-ish; map them through an array, not a dictionary.
        let maxN = Int(max(entities.last?.n ?? 0, aliases.map(\.n).max() ?? 0))
        var entityAt = [Int32](repeating: -1, count: maxN + 1)   // internal number -> entity position
        for (i, e) in entities.enumerated() where filter.voltTypes.map({ $0.contains(e.type) }) ?? true {
            entityAt[Int(e.n)] = Int32(i)
        }
        for a in aliases { entityAt[Int(a.n)] = entityAt[Int(a.canonical)] }
        // Ties by entity position first; nodes are numbered afterwards, in store order. Written
        // through pointers into space reserved for every link (no append per row).
        let directed = filter.directed
        let capacity = try reader.linkCapacity() * (directed ? 2 : 1)
        var from = [Int32](repeating: 0, count: capacity), to = [Int32](repeating: 0, count: capacity)
        var weight = [Double](repeating: 1, count: capacity)
        // Earliest start and latest end per entity, side by side: one cache line per entity
        // touched, not two (the entities of consecutive links are far apart in memory).
        var span = [Int64](repeating: 0, count: 2 * entities.count)
        for e in entities.indices {
            span[2 * e] = .max
            span[2 * e + 1] = .min
        }
        var count = 0, ties = 0
        let recency: (halfLife: Double, at: Int64)?
        if case .recency(let halfLife, let at) = filter.weight { recency = (Double(halfLife), at.seconds) } else { recency = nil }
        try from.withUnsafeMutableBufferPointer { from in
        try to.withUnsafeMutableBufferPointer { to in
        try weight.withUnsafeMutableBufferPointer { weight in
        try span.withUnsafeMutableBufferPointer { span in
        try entityAt.withUnsafeBufferPointer { entityAt in
            // Blocks are worked on by one thread at a time, in order, while the calling thread
            // reads the next block from SQLite; these pointers outlive the call.
            let out = TieSink(from: from.baseAddress!, to: to.baseAddress!, weight: weight.baseAddress!,
                              span: span.baseAddress!, entityAt: entityAt.baseAddress!)
            try reader.forEachTieBlock(filter.links) { block in
                for r in 0..<block.count {
                    let a = out.entityAt[Int(block.src[r])], b = out.entityAt[Int(block.dst[r])]
                    guard a >= 0, b >= 0, a != b else { continue }
                    let start = block.start[r], end = block.end[r]
                    var w = 1.0
                    if let (halfLife, at) = recency {
                        let age = Double(max(0, at - min(end, at)))
                        w = pow(0.5, age / halfLife)
                    }
                    let i = 2 * Int(a), j = 2 * Int(b)
                    out.span[i] = min(out.span[i], start)
                    out.span[i + 1] = max(out.span[i + 1], end)
                    out.span[j] = min(out.span[j], start)
                    out.span[j + 1] = max(out.span[j + 1], end)
                    var k = out.ties
                    if directed && block.directed[r] == 0 {
                        // A symmetric link in a directed view is a tie both ways.
                        out.from[k] = b; out.to[k] = a; out.weight[k] = w
                        k += 1
                    }
                    out.from[k] = a; out.to[k] = b; out.weight[k] = w
                    out.ties = k + 1
                    out.links += 1
                }
            }
            ties = out.ties
            count = out.links
        }
        }
        }
        }
        }
        from.removeLast(from.count - ties)
        to.removeLast(to.count - ties)
        weight.removeLast(weight.count - ties)
        var used = [Bool](repeating: false, count: entities.count)
        for a in from { used[Int(a)] = true }
        for b in to { used[Int(b)] = true }
        if !derivedTies.isEmpty {
            let positions = Dictionary(uniqueKeysWithValues: entities.enumerated().map { ($1.id, $0) })
            for (x, y, w) in derivedTies {
                guard let i = positions[x], let j = positions[y], i != j,
                      entityAt[Int(entities[i].n)] >= 0, entityAt[Int(entities[j].n)] >= 0 else { continue }
                used[i] = true
                used[j] = true
                if directed {
                    from.append(Int32(j)); to.append(Int32(i)); weight.append(w)
                }
                from.append(Int32(i)); to.append(Int32(j)); weight.append(w)
            }
        }
        // Nodes: entities with a tie, in store order.
        var node = [Int32](repeating: -1, count: entities.count)
        var picked: [Int] = []
        for e in entities.indices where used[e] {
            node[e] = Int32(picked.count)
            picked.append(e)
        }
        for k in from.indices {
            from[k] = node[Int(from[k])]
            to[k] = node[Int(to[k])]
        }
        // The graph on one core, the id index on the other.
        let (sources, targets, weights, nodes) = (from, to, weight, picked)
        let ids = picked.map { entities[$0].id }
        let aliasNodes: [(String, Int32)] = aliases.compactMap { a in
            let e = entityAt[Int(a.n)]
            return e >= 0 && node[Int(e)] >= 0 ? (a.id, node[Int(e)]) : nil
        }
        let built = InParallel(
            { Graph(nodeCount: nodes.count, sources: sources, targets: targets, weights: weights, directed: directed) },
            {
                var index: [String: Int32] = [:]
                index.reserveCapacity(ids.count)
                for (k, id) in ids.enumerated() { index[id] = Int32(k) }
                for (id, v) in aliasNodes { index[id] = v }
                return index
            })
        self.init(graph: built.first, ids: ids, index: built.second, names: picked.map { entities[$0].name },
                  types: picked.map { entities[$0].type }, entity: picked, linkCount: count,
                  firstLink: picked.map { span[2 * $0] }, lastLink: picked.map { span[2 * $0 + 1] }, filter: filter)
    }
}
/// Where the snapshot's worker thread writes ties: the reserved arrays, by pointer, and the
/// running counts. Used by one thread at a time (blocks are handed over in order).
private final class TieSink: @unchecked Sendable {
    let from: UnsafeMutablePointer<Int32>, to: UnsafeMutablePointer<Int32>
    let weight: UnsafeMutablePointer<Double>
    let span: UnsafeMutablePointer<Int64>
    let entityAt: UnsafePointer<Int32>
    var ties = 0, links = 0

    init(from: UnsafeMutablePointer<Int32>, to: UnsafeMutablePointer<Int32>, weight: UnsafeMutablePointer<Double>,
         span: UnsafeMutablePointer<Int64>, entityAt: UnsafePointer<Int32>) {
        self.from = from
        self.to = to
        self.weight = weight
        self.span = span
        self.entityAt = entityAt
    }
}

/// Two computations run at once on two threads; their results.
private final class InParallel<A: Sendable, B: Sendable>: @unchecked Sendable {
    private var a: A?, b: B?

    init(_ first: @Sendable () -> A, _ second: @Sendable () -> B) {
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            // Each slot is written by one thread, and read only after both are done.
            if i == 0 { self.a = first() } else { self.b = second() }
        }
    }

    var first: A { a! }
    var second: B { b! }
}
