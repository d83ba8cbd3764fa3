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
        self.nodeCount = nodeCount
        isDirected = directed
        // Collapse parallel edges: sort (u, v) keys, sum weights.
        var arcs: [(Int32, Int32, Double)] = []
        arcs.reserveCapacity(directed ? edges.count : edges.count * 2)
        for (u, v, w) in edges where u != v {
            precondition(u >= 0 && Int(u) < nodeCount && v >= 0 && Int(v) < nodeCount, "edge \(u)-\(v) outside 0..<\(nodeCount)")
            arcs.append((u, v, w))
            if !directed { arcs.append((v, u, w)) }
        }
        arcs.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var merged: [(Int32, Int32, Double)] = []
        merged.reserveCapacity(arcs.count)
        for a in arcs {
            if let last = merged.last, last.0 == a.0, last.1 == a.1 {
                merged[merged.count - 1].2 += a.2
            } else {
                merged.append(a)
            }
        }
        (offsets, targets, weights) = Graph.csr(nodeCount, merged.map { ($0.0, $0.1, $0.2) })
        if directed {
            let reversed = merged.map { ($0.1, $0.0, $0.2) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            (inOffsets, inSources, inWeights) = Graph.csr(nodeCount, reversed)
        } else {
            (inOffsets, inSources, inWeights) = (offsets, targets, weights)
        }
    }

    private static func csr(_ n: Int, _ sorted: [(Int32, Int32, Double)]) -> ([Int], [Int32], [Double]) {
        var offsets = [Int](repeating: 0, count: n + 1)
        for a in sorted { offsets[Int(a.0) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        return (offsets, sorted.map(\.1), sorted.map(\.2))
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
