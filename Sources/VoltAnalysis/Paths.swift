import VoltGraph

/// Shortest paths between two nodes, each a list of nodes from `source` to `target`, at most
/// `limit` of them (in a fixed order: by the nodes along the way). Hops, following out-arcs in
/// a directed graph. Empty when `target` cannot be reached.
public func shortestPaths(_ g: Graph, from source: Int, to target: Int, limit: Int = 10) -> [[Int]] {
    guard source != target else { return [[source]] }
    var ws = ShortestPathWorkspace(g)
    ws.run(g, from: source, length: .hops)
    guard ws.dist[target].isFinite else { return [] }
    // Walk the predecessor DAG back from the target, depth first, stopping at the limit.
    var paths: [[Int]] = []
    var stack: [(node: Int, path: [Int])] = [(target, [target])]
    while let (v, path) = stack.popLast(), paths.count < limit {
        if v == source {
            paths.append(path.reversed())
            continue
        }
        let start = g.inOffsets[v]
        let preds = (0..<Int(ws.predCount[v])).map { Int(ws.predBuffer[start + $0]) }.sorted(by: >)
        for p in preds { stack.append((p, path + [p])) }
    }
    return paths
}

/// The ego network of `center`: every node within `hops` steps (either direction), with its
/// distance. Ordered by distance, then node.
public func egoNetwork(_ g: Graph, center: Int, hops: Int) -> [(node: Int, distance: Int)] {
    var dist = [Int](repeating: -1, count: g.nodeCount)
    dist[center] = 0
    var frontier = [center], out = [(center, 0)]
    for d in 1...max(hops, 1) where hops > 0 {
        var next: [Int] = []
        for u in frontier {
            for w in g.neighbours(u) where dist[Int(w)] < 0 {
                dist[Int(w)] = d
                next.append(Int(w))
            }
            if g.isDirected {
                for k in g.inOffsets[u]..<g.inOffsets[u + 1] where dist[Int(g.inSources[k])] < 0 {
                    dist[Int(g.inSources[k])] = d
                    next.append(Int(g.inSources[k]))
                }
            }
        }
        next.sort()
        out += next.map { ($0, d) }
        frontier = next
    }
    return out
}

/// Hops from `source` to every node (−1 where unreachable), following out-arcs: one
/// breadth-first search over the CSR arrays, for "how far is everyone from this child".
public func hopDistances(_ g: Graph, from source: Int) -> [Int32] {
    var dist = [Int32](repeating: -1, count: g.nodeCount)
    var queue = [Int32](repeating: 0, count: g.nodeCount)
    g.offsets.withUnsafeBufferPointer { off in
    g.targets.withUnsafeBufferPointer { tgt in
    dist.withUnsafeMutableBufferPointer { dist in
    queue.withUnsafeMutableBufferPointer { q in
        dist[source] = 0
        q[0] = Int32(source)
        var head = 0, tail = 1
        while head < tail {
            let u = Int(q[head])
            head += 1
            let d = dist[u] + 1
            for k in off[u]..<off[u + 1] {
                let w = Int(tgt[k])
                if dist[w] < 0 {
                    dist[w] = d
                    q[tail] = Int32(w)
                    tail += 1
                }
            }
        }
    }
    }
    }
    }
    return dist
}
