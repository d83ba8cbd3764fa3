import VoltGraph

/// Connected components: peer groups and perpetrator networks.
///
/// Returns a label per node, `0..<count`, numbered in order of each component's smallest node.
/// Direction is ignored (a directed graph's weakly connected components).
///
/// Afforest (Sutton, Ben-Nun & Barak 2018) over a union–find forest: join every node to its
/// first two neighbours, find the component most nodes already share (in an area, nearly
/// everyone is one network), then read the remaining arcs only of nodes outside it. An arc
/// between two of its members can add nothing, and an arc from a member to an outsider is seen
/// again from the outsider's side. O(n + m) at worst; on a graph with one large component it
/// reads little more than two arcs per node.
public func connectedComponents(_ g: Graph) -> (labels: [Int32], count: Int) {
    let n = g.nodeCount
    guard n > 0 else { return ([], 0) }
    let sets = UnionFind(count: n)
    var labels = [Int32](repeating: -1, count: n)
    var count: Int32 = 0
    g.offsets.withUnsafeBufferPointer { off in
    g.targets.withUnsafeBufferPointer { tgt in
    g.inOffsets.withUnsafeBufferPointer { inOff in
    g.inSources.withUnsafeBufferPointer { inSrc in
    labels.withUnsafeMutableBufferPointer { labels in
        @inline(__always) func find(_ x: Int) -> Int { sets.find(x) }
        @inline(__always) func join(_ u: Int, _ v: Int) { sets.join(u, v) }
        let sampled = 2
        for v in 0..<n {
            for k in off[v]..<min(off[v + 1], off[v] + sampled) { join(v, Int(tgt[k])) }
            if g.isDirected {
                for k in inOff[v]..<min(inOff[v + 1], inOff[v] + sampled) { join(v, Int(inSrc[k])) }
            }
        }
        // The most common root among up to 1,024 evenly spaced nodes (deterministic).
        var votes: [Int: Int] = [:]
        let step = max(1, n / 1024)
        for v in stride(from: 0, to: n, by: step) { votes[find(v), default: 0] += 1 }
        let big = votes.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
        for v in 0..<n where find(v) != big {
            for k in min(off[v + 1], off[v] + sampled)..<off[v + 1] { join(v, Int(tgt[k])) }
            if g.isDirected {
                for k in min(inOff[v + 1], inOff[v] + sampled)..<inOff[v + 1] { join(v, Int(inSrc[k])) }
            }
        }
        // Number components by their smallest node; roots are their smallest node already,
        // since trees are always joined under the smaller root.
        for v in 0..<n {
            let r = find(v)
            if r == v {
                labels[v] = count
                count += 1
            } else {
                labels[v] = labels[r]
            }
        }
    }
    }
    }
    }
    }
    return (labels, Int(count))
}
