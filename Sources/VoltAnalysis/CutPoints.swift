import VoltGraph

/// Cut points of a network: people (articulation points) and ties (bridges) whose removal
/// splits a group in two or more.
public struct CutPoints: Sendable, Equatable {
    /// Nodes whose removal disconnects their component, with the number of pieces their
    /// component falls into without them.
    public let brokers: [(node: Int, pieces: Int)]
    /// Edges (u < v) whose removal disconnects their component.
    public let bridges: [(Int, Int)]

    public static func == (a: CutPoints, b: CutPoints) -> Bool {
        a.brokers.map(\.node) == b.brokers.map(\.node) && a.brokers.map(\.pieces) == b.brokers.map(\.pieces)
            && a.bridges.map(\.0) == b.bridges.map(\.0) && a.bridges.map(\.1) == b.bridges.map(\.1)
    }
}

/// Articulation points and bridges (Hopcroft–Tarjan, iterative depth-first search), direction
/// ignored. O(n + m).
public func cutPoints(_ graph: Graph) -> CutPoints {
    let g = graph.undirected
    let n = g.nodeCount
    var disc = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
    var parent = [Int](repeating: -1, count: n)
    var pieces = [Int](repeating: 0, count: n)   // children that cannot reach above the node
    var next = [Int](repeating: 0, count: n)     // next arc to look at, per node
    var bridges: [(Int, Int)] = []
    var time = 0
    for root in 0..<n where disc[root] < 0 {
        var stack = [root]
        disc[root] = time
        low[root] = time
        time += 1
        next[root] = g.offsets[root]
        var rootChildren = 0
        while let u = stack.last {
            if next[u] < g.offsets[u + 1] {
                let w = Int(g.targets[next[u]])
                next[u] += 1
                if disc[w] < 0 {
                    parent[w] = u
                    disc[w] = time
                    low[w] = time
                    time += 1
                    next[w] = g.offsets[w]
                    if u == root { rootChildren += 1 }
                    stack.append(w)
                } else if w != parent[u] {
                    low[u] = min(low[u], disc[w])
                }
            } else {
                stack.removeLast()
                let p = parent[u]
                if p >= 0 {
                    low[p] = min(low[p], low[u])
                    if low[u] >= disc[p] && p != root { pieces[p] += 1 }
                    if low[u] > disc[p] { bridges.append((min(p, u), max(p, u))) }
                }
            }
        }
        if rootChildren >= 2 { pieces[root] = rootChildren - 1 }
    }
    // A non-root cut point with c cut-off children leaves c + 1 pieces; a root with c children, c.
    var brokers: [(Int, Int)] = []
    for v in 0..<n where pieces[v] > 0 { brokers.append((v, pieces[v] + 1)) }
    return CutPoints(brokers: brokers, bridges: bridges.sorted { ($0.0, $0.1) < ($1.0, $1.1) })
}
