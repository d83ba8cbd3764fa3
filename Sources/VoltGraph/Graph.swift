/// A graph in compressed sparse row form: the analysis snapshot's shape, and the only thing the
/// algorithms in `VoltAnalysis` see.
///
/// Nodes are `0..<nodeCount` (32-bit). For each node `u`, its out-arcs are
/// `targets[offsets[u]..<offsets[u+1]]` with `weights` alongside. An undirected graph stores
/// each edge as two arcs. A directed graph also keeps the reverse arcs (`inOffsets`,
/// `inSources`, `inWeights`), so "pull" algorithms such as PageRank read contiguous memory.
/// No per-node objects, no reference counting in inner loops: arrays of plain integers.
public struct Graph: Sendable {
    /// Number of nodes.
    public let nodeCount: Int
    /// True when arcs have a direction.
    public let isDirected: Bool
    /// Start of each node's out-arcs; `nodeCount + 1` entries.
    public let offsets: [Int]
    /// Arc targets.
    public let targets: [Int32]
    /// Arc weights (for volt: how many links the edge stands for, unless recency-weighted).
    public let weights: [Double]
    /// Start of each node's in-arcs (directed graphs; equal to `offsets` when undirected).
    public let inOffsets: [Int]
    /// In-arc sources (directed graphs; equal to `targets` when undirected).
    public let inSources: [Int32]
    /// In-arc weights.
    public let inWeights: [Double]

    /// Builds a graph from edges. Parallel edges collapse into one whose weight is the sum;
    /// self-loops are dropped (no measure here uses them). Undirected edges are stored both ways.
    public init(nodeCount: Int, edges: [(Int32, Int32, Double)], directed: Bool = false) {
        self.init(nodeCount: nodeCount, sources: edges.map(\.0), targets: edges.map(\.1), weights: edges.map(\.2),
                  directed: directed)
    }

    /// Builds a graph from edges given as parallel arrays (`weights` nil: every edge weighs 1).
    /// Parallel edges collapse into one whose weight is the sum; self-loops are dropped.
    /// Linear time apart from sorting each node's own neighbours: arcs are placed by a counting
    /// sort on their source, never by one sort of all arcs.
    public init(nodeCount n: Int, sources: [Int32], targets: [Int32], weights: [Double]? = nil, directed: Bool = false) {
        precondition(sources.count == targets.count && (weights?.count ?? sources.count) == sources.count)
        nodeCount = n
        isDirected = directed
        (offsets, self.targets, self.weights) = Graph.csr(n, from: sources, to: targets, weights, bothWays: !directed)
        if directed {
            (inOffsets, inSources, inWeights) = Graph.csr(n, from: targets, to: sources, weights, bothWays: false)
        } else {
            (inOffsets, inSources, inWeights) = (offsets, self.targets, self.weights)
        }
    }

    /// CSR arrays of arcs `from[i] -> to[i]` (and back, when `bothWays`), each node's targets
    /// ascending, parallel arcs merged with weights summed.
    private static func csr(_ n: Int, from: [Int32], to: [Int32], _ weights: [Double]?,
                            bothWays: Bool) -> ([Int], [Int32], [Double]) {
        var offsets = [Int](repeating: 0, count: n + 1)
        for i in from.indices where from[i] != to[i] {
            precondition(from[i] >= 0 && Int(from[i]) < n && to[i] >= 0 && Int(to[i]) < n,
                         "edge \(from[i])-\(to[i]) outside 0..<\(n)")
            offsets[Int(from[i]) + 1] += 1
            if bothWays { offsets[Int(to[i]) + 1] += 1 }
        }
        for u in 0..<n { offsets[u + 1] += offsets[u] }
        let arcs = offsets[n]
        var target = [Int32](repeating: 0, count: arcs)
        var weight = [Double](repeating: 1, count: arcs)
        var fill = offsets
        from.withUnsafeBufferPointer { from in
        to.withUnsafeBufferPointer { to in
        target.withUnsafeMutableBufferPointer { target in
        weight.withUnsafeMutableBufferPointer { weight in
        fill.withUnsafeMutableBufferPointer { fill in
            for i in 0..<from.count where from[i] != to[i] {
                let u = Int(from[i]), v = Int(to[i])
                let w = weights?[i] ?? 1
                target[fill[u]] = Int32(v)
                weight[fill[u]] = w
                fill[u] += 1
                if bothWays {
                    target[fill[v]] = Int32(u)
                    weight[fill[v]] = w
                    fill[v] += 1
                }
            }
        }
        }
        }
        }
        }
        // Sort each node's arcs by target and merge parallel arcs, compacting in place.
        var out = 0
        var pairs: [(Int32, Double)] = []
        target.withUnsafeMutableBufferPointer { target in
        weight.withUnsafeMutableBufferPointer { weight in
            var start = 0
            for u in 0..<n {
                let end = offsets[u + 1]
                offsets[u] = out
                let d = end - start
                if d <= 32 {
                    // Insertion sort (stable): most people have few ties.
                    for i in (start + 1)..<max(end, start + 1) {
                        let t = target[i], w = weight[i]
                        var j = i - 1
                        while j >= start && target[j] > t {
                            target[j + 1] = target[j]
                            weight[j + 1] = weight[j]
                            j -= 1
                        }
                        target[j + 1] = t
                        weight[j + 1] = w
                    }
                } else {
                    pairs.removeAll(keepingCapacity: true)
                    for i in start..<end { pairs.append((target[i], weight[i])) }
                    pairs.sort { $0.0 < $1.0 }
                    for (k, p) in pairs.enumerated() {
                        target[start + k] = p.0
                        weight[start + k] = p.1
                    }
                }
                var i = start
                while i < end {
                    let t = target[i]
                    var w = weight[i]
                    i += 1
                    while i < end && target[i] == t {
                        w += weight[i]
                        i += 1
                    }
                    target[out] = t
                    weight[out] = w
                    out += 1
                }
                start = end
            }
            offsets[n] = out
        }
        }
        target.removeLast(arcs - out)
        weight.removeLast(arcs - out)
        return (offsets, target, weight)
    }

    /// Number of edges (undirected: each counted once).
    public var edgeCount: Int { isDirected ? targets.count : targets.count / 2 }

    /// The out-neighbours of `u` (all neighbours when undirected).
    @inlinable
    public func neighbours(_ u: Int) -> ArraySlice<Int32> { targets[offsets[u]..<offsets[u + 1]] }

    /// Number of distinct out-neighbours of `u`.
    @inlinable
    public func degree(_ u: Int) -> Int { offsets[u + 1] - offsets[u] }

    /// The same nodes and edges with every arc's direction forgotten (weights of u→v and v→u add).
    public var undirected: Graph {
        guard isDirected else { return self }
        var edges: [(Int32, Int32, Double)] = []
        edges.reserveCapacity(targets.count)
        for u in 0..<nodeCount {
            for k in offsets[u]..<offsets[u + 1] { edges.append((Int32(u), targets[k], weights[k])) }
        }
        return Graph(nodeCount: nodeCount, edges: edges, directed: false)
    }
}
