import VoltGraph

/// The result of an iterative measure, with how it converged.
public struct Iterated: Sendable, Equatable {
    /// One value per node.
    public let values: [Double]
    /// Iterations run.
    public let iterations: Int
    /// True when the change fell below the tolerance before the iteration cap.
    public let converged: Bool
}

/// Eigenvector centrality, scaled so the largest value is 1: a node is central when its
/// neighbours are central. Someone tied to well-connected people scores high even with few ties.
///
/// Power iteration on A + I (the shift keeps bipartite graphs from oscillating and does not
/// change the eigenvector), pulling over in-arcs in a directed graph, until the largest change
/// of a max-scaled value is below `tolerance`. `weighted` uses arc weights.
public func eigenvectorCentrality(_ g: Graph, weighted: Bool = false, tolerance: Double = 1e-14,
                                  maxIterations: Int = 100_000) -> Iterated {
    let n = g.nodeCount
    guard n > 0 else { return Iterated(values: [], iterations: 0, converged: true) }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var next = [Double](repeating: 0, count: n)
    var it = 0
    var converged = false
    while it < maxIterations {
        it += 1
        g.inOffsets.withUnsafeBufferPointer { off in
        g.inSources.withUnsafeBufferPointer { src in
        g.inWeights.withUnsafeBufferPointer { w in
        x.withUnsafeBufferPointer { x in
        next.withUnsafeMutableBufferPointer { next in
            for v in 0..<n {
                var s = x[v]
                if weighted {
                    for k in off[v]..<off[v + 1] { s += w[k] * x[Int(src[k])] }
                } else {
                    for k in off[v]..<off[v + 1] { s += x[Int(src[k])] }
                }
                next[v] = s
            }
        }
        }
        }
        }
        }
        let top = next.max() ?? 1
        var change = 0.0
        for v in 0..<n {
            next[v] /= top
            change = max(change, abs(next[v] - x[v]))
        }
        swap(&x, &next)
        if change < tolerance {
            converged = true
            break
        }
    }
    return Iterated(values: x, iterations: it, converged: converged)
}

/// PageRank with damping `damping` (0.85 by default): the share of time a random walker who
/// follows links, and now and then jumps anywhere, spends at each node. Values sum to 1.
/// Nodes with no out-arcs spread their share evenly (as networkx does). Pull iteration over
/// in-arcs until the summed absolute change is below `tolerance`.
public func pageRank(_ g: Graph, damping: Double = 0.85, weighted: Bool = false,
                     tolerance: Double = 1e-14, maxIterations: Int = 10_000) -> Iterated {
    let n = g.nodeCount
    guard n > 0 else { return Iterated(values: [], iterations: 0, converged: true) }
    // Out-strength of every node.
    var outStrength = [Double](repeating: 0, count: n)
    for u in 0..<n {
        if weighted {
            for k in g.offsets[u]..<g.offsets[u + 1] { outStrength[u] += g.weights[k] }
        } else {
            outStrength[u] = Double(g.offsets[u + 1] - g.offsets[u])
        }
    }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var share = [Double](repeating: 0, count: n)  // x[u] / outStrength[u]
    var next = [Double](repeating: 0, count: n)
    var it = 0
    var converged = false
    while it < maxIterations {
        it += 1
        var dangling = 0.0
        for u in 0..<n {
            if outStrength[u] > 0 { share[u] = x[u] / outStrength[u] } else { share[u] = 0; dangling += x[u] }
        }
        let base = (1 - damping) / Double(n) + damping * dangling / Double(n)
        g.inOffsets.withUnsafeBufferPointer { off in
        g.inSources.withUnsafeBufferPointer { src in
        g.inWeights.withUnsafeBufferPointer { w in
        share.withUnsafeBufferPointer { share in
        next.withUnsafeMutableBufferPointer { next in
            for v in 0..<n {
                var s = 0.0
                if weighted {
                    for k in off[v]..<off[v + 1] { s += w[k] * share[Int(src[k])] }
                } else {
                    for k in off[v]..<off[v + 1] { s += share[Int(src[k])] }
                }
                next[v] = base + damping * s
            }
        }
        }
        }
        }
        }
        var change = 0.0
        for v in 0..<n { change += abs(next[v] - x[v]) }
        swap(&x, &next)
        if change < tolerance {
            converged = true
            break
        }
    }
    return Iterated(values: x, iterations: it, converged: converged)
}
