import VoltGraph

/// Closeness within each node's component: (r − 1) / (sum of distances to the r − 1 others it
/// reaches), 0 for a node that reaches none. How near someone is to everyone in their group; a
/// high value marks a hub. Matches igraph `closeness(normalized = TRUE)` and networkx
/// `closeness_centrality(wf_improved = False)`. Follows out-arcs in a directed graph.
public func closeness(_ g: Graph, length: PathLength = .hops, threads: Int = availableCores) -> [Double] {
    parallelOverSources(g, sources: Array(0..<g.nodeCount), threads: threads) { ws, s, acc in
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
    let all = parallelOverSources(g, sources: nodes ?? Array(0..<g.nodeCount), threads: threads) { ws, s, acc in
        ws.run(g, from: s, length: length)
        var total = 0.0
        for i in 1..<max(ws.orderCount, 1) { total += 1 / ws.dist[Int(ws.order[i])] }
        acc[s] = total
    }
    guard let nodes else { return all }
    return nodes.map { all[$0] }
}
