import VoltGraph

/// How connected each node is: distinct neighbours, and links behind them.
public struct Degrees: Sendable, Equatable {
    /// Distinct out-neighbours (all neighbours when undirected).
    public let out: [Int]
    /// Distinct in-neighbours (equal to `out` when undirected).
    public let `in`: [Int]
    /// Distinct neighbours in either direction.
    public let distinct: [Int]
    /// Sum of arc weights in either direction (for volt: the number of links).
    public let weighted: [Double]
}

/// Degrees of every node. O(n + m).
public func degrees(_ g: Graph) -> Degrees {
    let n = g.nodeCount
    var out = [Int](repeating: 0, count: n), inn = [Int](repeating: 0, count: n)
    var distinct = [Int](repeating: 0, count: n), weighted = [Double](repeating: 0, count: n)
    for u in 0..<n {
        out[u] = g.offsets[u + 1] - g.offsets[u]
        inn[u] = g.inOffsets[u + 1] - g.inOffsets[u]
        var w = 0.0
        for k in g.offsets[u]..<g.offsets[u + 1] { w += g.weights[k] }
        if g.isDirected {
            for k in g.inOffsets[u]..<g.inOffsets[u + 1] { w += g.inWeights[k] }
            // Distinct neighbours either way: merge the two sorted lists.
            var i = g.offsets[u], j = g.inOffsets[u], c = 0
            let ie = g.offsets[u + 1], je = g.inOffsets[u + 1]
            while i < ie || j < je {
                if j >= je || (i < ie && g.targets[i] < g.inSources[j]) { i += 1 }
                else if i >= ie || g.inSources[j] < g.targets[i] { j += 1 }
                else { i += 1; j += 1 }
                c += 1
            }
            distinct[u] = c
        } else {
            distinct[u] = out[u]
        }
        weighted[u] = w
    }
    return Degrees(out: out, in: inn, distinct: distinct, weighted: weighted)
}
