import Foundation
import VoltGraph

/// Closeness within each node's component: (r − 1) / (sum of distances to the r − 1 others it
/// reaches), 0 for a node that reaches none. How near someone is to everyone in their group; a
/// high value marks a hub. Matches igraph `closeness(normalized = TRUE)` and networkx
/// `closeness_centrality(wf_improved = False)`. Follows out-arcs in a directed graph.
public func closeness(_ g: Graph, length: PathLength = .hops, threads: Int = availableCores) -> [Double] {
    parallelOverSources(g, sources: Array(0..<g.nodeCount), threads: threads, stage: "closeness") { ws, s, acc in
        ws.run(g, from: s, length: length)
        var total = 0.0
        for i in 1..<max(ws.orderCount, 1) { total += ws.dist[Int(ws.order[i])] }
        acc[s] = total > 0 ? Double(ws.orderCount - 1) / total : 0
    }
}

/// Harmonic closeness: the sum of 1/distance to every other node (unreachable nodes add 0), so
/// it works across components without special cases. Matches networkx `harmonic_centrality`.
/// With `nodes`, only those nodes' values are computed (one search each; for a sample on a large
/// graph), returned in the order given.
public func harmonicCloseness(_ g: Graph, length: PathLength = .hops, of nodes: [Int]? = nil,
                              threads: Int = availableCores) -> [Double] {
    if case .hops = length { return harmonicByHops(g, of: nodes ?? Array(0..<g.nodeCount), threads: threads) }
    let all = parallelOverSources(g, sources: nodes ?? Array(0..<g.nodeCount), threads: threads, stage: "harmonic closeness") { ws, s, acc in
        ws.run(g, from: s, length: length)
        var total = 0.0
        for i in 1..<max(ws.orderCount, 1) { total += 1 / ws.dist[Int(ws.order[i])] }
        acc[s] = total
    }
    guard let nodes else { return all }
    return nodes.map { all[$0] }
}

/// Harmonic closeness in hops, 64 sources at a time: one multi-source breadth-first search
/// (Then et al., "The More the Merrier", VLDB 2014) keeps, per node, a 64-bit set of the sources
/// that have reached it, so one pass over a node's arcs serves every source that reaches it at
/// that step. A graph's arcs are then read about once per level instead of once per source.
func harmonicByHops(_ g: Graph, of nodes: [Int], threads: Int) -> [Double] {
    let n = g.nodeCount
    let batches = stride(from: 0, to: nodes.count, by: 64).map { Array(nodes[$0..<min(nodes.count, $0 + 64)]) }
    let results = Accumulators(count: batches.count, size: 0)
    let t = max(1, min(threads, batches.count))
    DispatchQueue.concurrentPerform(iterations: t) { part in
        var seen = [UInt64](repeating: 0, count: n)
        var visit = [UInt64](repeating: 0, count: n)
        var next = [UInt64](repeating: 0, count: n)
        var b = part
        while b < batches.count {
            results.store(b, multiSourceHarmonic(g, batches[b], &seen, &visit, &next))
            b += t
        }
    }
    return results.concatenated()
}

/// One batch of at most 64 sources; `seen`, `visit` and `next` are all zero on entry and exit.
private func multiSourceHarmonic(_ g: Graph, _ sources: [Int], _ seen: inout [UInt64], _ visit: inout [UInt64],
                                 _ next: inout [UInt64]) -> [Double] {
    let n = g.nodeCount
    var total = [Double](repeating: 0, count: sources.count)
    var reachedAtLevel = [Int](repeating: 0, count: 64)
    g.offsets.withUnsafeBufferPointer { off in
    g.targets.withUnsafeBufferPointer { tgt in
    seen.withUnsafeMutableBufferPointer { seen in
    visit.withUnsafeMutableBufferPointer { visit in
    next.withUnsafeMutableBufferPointer { next in
        for (i, s) in sources.enumerated() {
            seen[s] |= 1 << UInt64(i)
            visit[s] |= 1 << UInt64(i)
        }
        var level = 0.0
        var active = true
        while active {
            level += 1
            // Push every frontier node's sources to its neighbours.
            for v in 0..<n where visit[v] != 0 {
                let bits = visit[v]
                visit[v] = 0
                for k in off[v]..<off[v + 1] { next[Int(tgt[k])] |= bits }
            }
            // Keep the sources that reach a node for the first time; count them per source.
            active = false
            for w in 0..<n where next[w] != 0 {
                let fresh = next[w] & ~seen[w]
                next[w] = 0
                guard fresh != 0 else { continue }
                seen[w] |= fresh
                visit[w] = fresh
                active = true
                var bits = fresh
                while bits != 0 {
                    reachedAtLevel[bits.trailingZeroBitCount] += 1
                    bits &= bits - 1
                }
            }
            for i in 0..<sources.count where reachedAtLevel[i] > 0 {
                total[i] += Double(reachedAtLevel[i]) / level
                reachedAtLevel[i] = 0
            }
        }
        for v in 0..<n { seen[v] = 0 }
    }
    }
    }
    }
    }
    return total
}
