import VoltGraph

/// Cut points of a network: people (articulation points) and ties (bridges) whose removal
/// splits a group in two or more.
public struct CutPoints: Sendable, Equatable {
    /// Nodes whose removal disconnects their component, with the number of pieces their
    /// component falls into without them.
    public let brokers: [(node: Int, pieces: Int)]
    /// For each broker (same order), how many people their removal cuts off from the largest
    /// piece left: what they hold together, the rule for the map's broker mark.
    public let cutOff: [Int]
    /// Edges (u < v) whose removal disconnects their component.
    public let bridges: [(Int, Int)]

    /// Up to `limit` of the brokers among `nodes` that cut off the most people (at least
    /// `minimum` each), most first, ties by node: the few a map marks, not every cut point.
    public func strongest(among nodes: Set<Int>? = nil, limit: Int = 3, minimum: Int = 2) -> [Int] {
        brokers.indices.filter { cutOff[$0] >= minimum && (nodes?.contains(brokers[$0].node) ?? true) }
            .sorted { (cutOff[$1], brokers[$0].node) < (cutOff[$0], brokers[$1].node) }
            .prefix(limit).map { brokers[$0].node }
    }

    public static func == (a: CutPoints, b: CutPoints) -> Bool {
        a.brokers.map(\.node) == b.brokers.map(\.node) && a.brokers.map(\.pieces) == b.brokers.map(\.pieces) && a.cutOff == b.cutOff
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
    var size = [Int](repeating: 1, count: n)     // nodes in the depth-first subtree
    var cut = [Int](repeating: 0, count: n)      // nodes in the cut-off child subtrees
    var largestCut = [Int](repeating: 0, count: n)
    var componentSize = [Int](repeating: 0, count: n)
    var bridges: [(Int, Int)] = []
    var time = 0
    for root in 0..<n where disc[root] < 0 {
        var stack = [root], visited = [root]
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
                    visited.append(w)
                } else if w != parent[u] {
                    low[u] = min(low[u], disc[w])
                }
            } else {
                stack.removeLast()
                let p = parent[u]
                if p >= 0 {
                    low[p] = min(low[p], low[u])
                    size[p] += size[u]
                    if low[u] >= disc[p] {
                        if p != root { pieces[p] += 1 }
                        cut[p] += size[u]
                        largestCut[p] = max(largestCut[p], size[u])
                    }
                    if low[u] > disc[p] { bridges.append((min(p, u), max(p, u))) }
                }
            }
        }
        if rootChildren >= 2 { pieces[root] = rootChildren - 1 }
        for v in visited { componentSize[v] = size[root] }
    }
    // A non-root cut point with c cut-off children leaves c + 1 pieces; a root with c children, c.
    // Without v the component falls into its cut-off subtrees and (unless v is the root) the
    // rest; everyone outside the largest of those pieces is cut off from it.
    var brokers: [(Int, Int)] = [], cutOff: [Int] = []
    for v in 0..<n where pieces[v] > 0 {
        brokers.append((v, pieces[v] + 1))
        let rest = componentSize[v] - 1 - cut[v]
        cutOff.append(componentSize[v] - 1 - max(largestCut[v], rest))
    }
    return CutPoints(brokers: brokers, cutOff: cutOff, bridges: bridges.sorted { ($0.0, $0.1) < ($1.0, $1.1) })
}
