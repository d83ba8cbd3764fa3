import VoltGraph

/// Betweenness centrality (Brandes 2001): for each node, the number of shortest paths between
/// other pairs that pass through it, each pair's paths sharing one unit. A high value marks a
/// go-between: someone through whom people or groups are connected (a broker, or a child being
/// moved between groups).
///
/// - `length`: hops, or 1/weight (more links = closer).
/// - `normalized`: divide by the number of pairs not including the node, ((n−1)(n−2)/2 when
///   undirected, (n−1)(n−2) when directed), as networkx does.
/// - `sources`: run from these sources only (sampling); the result is then scaled by n/|sources|
///   to estimate the full value.
/// - `threads`: sources are split across this many threads.
///
/// Undirected graphs count each pair once (the raw value networkx and igraph report).
/// Cost: O(n·m) unweighted, O(n·m·log n) weighted.
public func betweenness(_ g: Graph, length: PathLength = .hops, normalized: Bool = false,
                        sources: [Int]? = nil, threads: Int = availableCores) -> [Double] {
    let n = g.nodeCount
    guard n > 2 else { return [Double](repeating: 0, count: n) }
    let src = sources ?? Array(0..<n)
    var bc = parallelOverSources(g, sources: src, threads: threads, stage: sources == nil ? "betweenness" : "betweenness (sampled)") { ws, s, acc in
        ws.run(g, from: s, length: length)
        ws.accumulate(into: &acc, source: s, graph: g)
    }
    var scale = 1.0
    if !g.isDirected { scale *= 0.5 }
    if sources != nil && !src.isEmpty { scale *= Double(n) / Double(src.count) }
    if normalized { scale *= g.isDirected ? 1 / Double((n - 1) * (n - 2)) : 2 / Double((n - 1) * (n - 2)) }
    if scale != 1 { for i in 0..<n { bc[i] *= scale } }
    return bc
}

extension ShortestPathWorkspace {
    /// Adds the source's dependency on every node to `acc` (Brandes' accumulation): nodes in
    /// reverse settling order pass their share back to their predecessors.
    mutating func accumulate(into acc: inout [Double], source s: Int, graph g: Graph) {
        var i = orderCount - 1
        while i >= 0 {
            let w = Int(order[i])
            let coefficient = (1 + deltaScratch[w]) / sigma[w]
            let start = g.inOffsets[w]
            for p in 0..<Int(predCount[w]) {
                let v = Int(predBuffer[start + p])
                deltaScratch[v] += sigma[v] * coefficient
            }
            if w != s { acc[w] += deltaScratch[w] }
            i -= 1
        }
        for i in 0..<orderCount { deltaScratch[Int(order[i])] = 0 }
    }
}
