import Foundation
import VoltGraph
import VoltModel

/// Betweenness estimated from sampled shortest paths, with its guarantee.
public struct ApproximateBetweenness: Sendable, Equatable {
    /// Estimated betweenness per node, on the same scale as `betweenness(_:)` unnormalised
    /// (undirected: each pair counted once).
    public let values: [Double]
    /// The guarantee: with probability at least 1 − `delta`, every node's estimate is within
    /// `epsilon` · P of its exact value, where P is the number of pairs (n(n−1)/2 undirected,
    /// n(n−1) directed). Equivalently, betweenness divided by P is within `epsilon`.
    public let epsilon: Double
    /// The allowed failure probability of the guarantee.
    public let delta: Double
    /// Shortest paths sampled.
    public let samples: Int
    /// The upper bound on the vertex diameter the sample size was computed from.
    public let vertexDiameterBound: Int
    /// The pairs betweenness counts over (n(n−1)/2 undirected, n(n−1) directed).
    public var pairs = 0.0
    /// The largest error of any value, in betweenness's own units: `epsilon` · `pairs`.
    public var errorBound: Double { epsilon * pairs }
}

/// Betweenness by sampling shortest paths (Riondato & Kornaropoulos 2016): sample
/// r = ⌈(0.5/ε²)(⌊log₂(VD − 2)⌋ + 1 + ln(1/δ))⌉ pairs of nodes, pick one of their shortest paths
/// uniformly at random (balanced bidirectional search), and credit its inner nodes. VD bounds
/// the number of nodes on a shortest path (twice the eccentricity of one node per component,
/// plus one). The number of samples depends on ε and the diameter, not on the graph's size,
/// which is what makes it usable on large graphs. Hops only. Deterministic for a given `seed`,
/// whatever the number of threads.
public func approximateBetweenness(_ g: Graph, epsilon: Double = 0.01, delta: Double = 0.1, seed: UInt64 = 1,
                                   threads: Int = availableCores) -> ApproximateBetweenness {
    precondition(epsilon > 0 && epsilon < 1 && delta > 0 && delta < 1)
    let n = g.nodeCount
    guard n > 2 else {
        return ApproximateBetweenness(values: [Double](repeating: 0, count: n), epsilon: epsilon, delta: delta,
                                      samples: 0, vertexDiameterBound: 0)
    }
    let vd = vertexDiameterBound(g)
    let logTerm = vd > 2 ? floor(log2(Double(vd - 2))) : 0
    let r = Int(ceil(0.5 / (epsilon * epsilon) * (logTerm + 1 + log(1 / delta))))
    // Pairs come from one stream, and each pair's path choice from its own seed, so the result
    // does not depend on how the samples are split across threads.
    var rng = SplitMix64(seed: seed)
    var pairs = [(Int32, Int32)](repeating: (0, 0), count: r)
    for i in 0..<r {
        let u = rng.int(n)
        var v = rng.int(n - 1)
        if v >= u { v += 1 }
        pairs[i] = (Int32(u), Int32(v))
    }
    let t = max(1, min(threads, r))
    let results = Accumulators(count: t, size: n)
    let sampled = pairs
    DispatchQueue.concurrentPerform(iterations: t) { part in
        var search = PairSearch(g)
        var acc = [Double](repeating: 0, count: n)
        var i = part
        while i < r {
            var pathRNG = SplitMix64(seed: seed &+ 0x9E37_79B9 &* UInt64(i + 1))
            search.sampleInner(from: Int(sampled[i].0), to: Int(sampled[i].1), rng: &pathRNG) { acc[$0] += 1 }
            i += t
        }
        results.store(part, acc)
    }
    // Each inner node of a sampled path earns 1/r of the normalised (ordered-pair) betweenness.
    let pairsCount = Double(n) * Double(n - 1)
    let scale = pairsCount / Double(r) * (g.isDirected ? 1 : 0.5)
    return ApproximateBetweenness(values: results.sum().map { $0 * scale }, epsilon: epsilon, delta: delta,
                                  samples: r, vertexDiameterBound: vd, pairs: pairsCount * (g.isDirected ? 1 : 0.5))
}

/// An upper bound on the number of nodes on any shortest path: from one node of each component,
/// 2 × its eccentricity + 1 (undirected view).
func vertexDiameterBound(_ graph: Graph) -> Int {
    let g = graph.undirected
    let (labels, count) = connectedComponents(g)
    var done = [Bool](repeating: false, count: count)
    var dist = [Int32](repeating: -1, count: g.nodeCount)
    var queue = [Int32](repeating: 0, count: g.nodeCount)
    var best = 1
    for s in 0..<g.nodeCount where !done[Int(labels[s])] {
        done[Int(labels[s])] = true
        var head = 0, tail = 1
        queue[0] = Int32(s)
        dist[s] = 0
        var ecc: Int32 = 0
        while head < tail {
            let u = Int(queue[head])
            head += 1
            ecc = max(ecc, dist[u])
            for w in g.neighbours(u) where dist[Int(w)] < 0 {
                dist[Int(w)] = dist[u] + 1
                queue[tail] = w
                tail += 1
            }
        }
        best = max(best, 2 * Int(ecc) + 1)
    }
    return best
}

/// Balanced bidirectional breadth-first search between two nodes, counting shortest paths on
/// both sides, then walking one shortest path chosen uniformly at random. Buffers are reused;
/// a stamp per search marks what is current.
struct PairSearch {
    let g: Graph
    var stampF: [Int], stampB: [Int]
    var distF: [Int32], distB: [Int32]
    var sigmaF: [Double], sigmaB: [Double]
    var stamp = 0
    var frontierF: [Int32] = [], frontierB: [Int32] = [], next: [Int32] = []
    var meeting: [Int32] = []

    init(_ g: Graph) {
        self.g = g
        let n = g.nodeCount
        stampF = [Int](repeating: 0, count: n)
        stampB = stampF
        distF = [Int32](repeating: 0, count: n)
        distB = distF
        sigmaF = [Double](repeating: 0, count: n)
        sigmaB = sigmaF
    }

    /// Calls `credit` for each inner node of one uniformly chosen shortest path from `s` to `t`
    /// (nothing when `t` cannot be reached).
    mutating func sampleInner(from s: Int, to t: Int, rng: inout SplitMix64, credit: (Int) -> Void) {
        stamp += 1
        stampF[s] = stamp; distF[s] = 0; sigmaF[s] = 1
        stampB[t] = stamp; distB[t] = 0; sigmaB[t] = 1
        frontierF = [Int32(s)]
        frontierB = [Int32(t)]
        var levelF: Int32 = 0, levelB: Int32 = 0
        meeting.removeAll(keepingCapacity: true)
        while meeting.isEmpty {
            if frontierF.isEmpty || frontierB.isEmpty { return }
            // Expand the side whose frontier has fewer arcs to look at.
            let costF = frontierF.reduce(0) { $0 + g.offsets[Int($1) + 1] - g.offsets[Int($1)] }
            let costB = frontierB.reduce(0) { $0 + g.inOffsets[Int($1) + 1] - g.inOffsets[Int($1)] }
            if costF <= costB {
                levelF += 1
                expand(forward: true, level: levelF)
            } else {
                levelB += 1
                expand(forward: false, level: levelB)
            }
        }
        // Every shortest path crosses the level just reached at exactly one meeting node.
        var total = 0.0
        for w in meeting { total += sigmaF[Int(w)] * sigmaB[Int(w)] }
        var pick = rng.unit() * total
        var mid = Int(meeting[meeting.count - 1])
        for w in meeting {
            pick -= sigmaF[Int(w)] * sigmaB[Int(w)]
            if pick < 0 { mid = Int(w); break }
        }
        if mid != s && mid != t { credit(mid) }
        // Walk back to s on the forward side and on to t on the backward side.
        var x = mid
        while distF[x] > 1 {
            x = pickPredecessor(of: x, forward: true, rng: &rng)
            credit(x)
        }
        x = mid
        while distB[x] > 1 {
            x = pickPredecessor(of: x, forward: false, rng: &rng)
            credit(x)
        }
    }

    private mutating func expand(forward: Bool, level: Int32) {
        next.removeAll(keepingCapacity: true)
        let frontier = forward ? frontierF : frontierB
        for u32 in frontier {
            let u = Int(u32)
            let (lo, hi) = forward ? (g.offsets[u], g.offsets[u + 1]) : (g.inOffsets[u], g.inOffsets[u + 1])
            for k in lo..<hi {
                let w = Int(forward ? g.targets[k] : g.inSources[k])
                if forward {
                    if stampF[w] != stamp {
                        stampF[w] = stamp; distF[w] = level; sigmaF[w] = 0
                        next.append(Int32(w))
                        if stampB[w] == stamp { meeting.append(Int32(w)) }
                    }
                    if distF[w] == level { sigmaF[w] += sigmaF[u] }
                } else {
                    if stampB[w] != stamp {
                        stampB[w] = stamp; distB[w] = level; sigmaB[w] = 0
                        next.append(Int32(w))
                        if stampF[w] == stamp { meeting.append(Int32(w)) }
                    }
                    if distB[w] == level { sigmaB[w] += sigmaB[u] }
                }
            }
        }
        if forward { swap(&frontierF, &next) } else { swap(&frontierB, &next) }
        // Only meeting nodes at the smallest total distance lie on shortest paths.
        if !meeting.isEmpty {
            let best = meeting.map { distF[Int($0)] + distB[Int($0)] }.min()!
            meeting.removeAll { distF[Int($0)] + distB[Int($0)] != best }
        }
    }

    /// A predecessor of `x` one step closer to the side's origin, chosen with probability
    /// proportional to its number of shortest paths.
    private func pickPredecessor(of x: Int, forward: Bool, rng: inout SplitMix64) -> Int {
        let (lo, hi) = forward ? (g.inOffsets[x], g.inOffsets[x + 1]) : (g.offsets[x], g.offsets[x + 1])
        let want = (forward ? distF[x] : distB[x]) - 1
        var total = 0.0
        for k in lo..<hi {
            let p = Int(forward ? g.inSources[k] : g.targets[k])
            if forward ? (stampF[p] == stamp && distF[p] == want) : (stampB[p] == stamp && distB[p] == want) {
                total += forward ? sigmaF[p] : sigmaB[p]
            }
        }
        var pick = rng.unit() * total
        var last = x
        for k in lo..<hi {
            let p = Int(forward ? g.inSources[k] : g.targets[k])
            if forward ? (stampF[p] == stamp && distF[p] == want) : (stampB[p] == stamp && distB[p] == want) {
                last = p
                pick -= forward ? sigmaF[p] : sigmaB[p]
                if pick < 0 { return p }
            }
        }
        return last
    }
}

/// Betweenness, exact when the graph is small enough and sampled above that: what the CLI runs.
public struct BetweennessChoice: Sendable, Equatable {
    /// Values per node (unnormalised, undirected pairs counted once).
    public let values: [Double]
    /// Present when the values are estimates: their guarantee.
    public let approximation: ApproximateBetweenness?
}

/// Exact Brandes while n · (arcs) stays at or below `exactWorkLimit`, else
/// `approximateBetweenness` with `epsilon` and `delta`. Weighted path lengths are always exact
/// (the sampler counts hops). The default, 5·10⁸, is about 2 s on two cores (a 20,000-person
/// area, n · arcs ≈ 3.4·10⁹, took 13 s exact): an analyst waits seconds, not minutes, and
/// `--exact` insists.
public let exactBetweennessWorkLimit = 5e8

public func betweennessChoosingMethod(_ g: Graph, length: PathLength = .hops, exactWorkLimit: Double = exactBetweennessWorkLimit,
                                      epsilon: Double = 0.01, delta: Double = 0.1, forceExact: Bool = false,
                                      seed: UInt64 = 1) -> BetweennessChoice {
    let work = Double(g.nodeCount) * Double(g.targets.count)
    if forceExact || length == .inverseWeight || work <= exactWorkLimit {
        return BetweennessChoice(values: betweenness(g, length: length), approximation: nil)
    }
    let a = approximateBetweenness(g, epsilon: epsilon, delta: delta, seed: seed)
    return BetweennessChoice(values: a.values, approximation: a)
}
