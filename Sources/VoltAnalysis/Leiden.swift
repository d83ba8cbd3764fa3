import Foundation
import VoltGraph
import VoltModel

/// A partition of a graph's nodes into communities.
public struct Communities: Sendable, Equatable {
    /// The community of each node, `0..<count`, numbered in order of each community's first node.
    public let labels: [Int32]
    /// Number of communities.
    public let count: Int
    /// Modularity of the partition at the resolution used.
    public let modularity: Double
    /// Aggregation levels the algorithm went through.
    public let levels: Int

    /// The nodes of each community, ascending, by community number.
    public var members: [[Int]] {
        var m = [[Int]](repeating: [], count: count)
        for (v, c) in labels.enumerated() { m[Int(c)].append(v) }
        return m
    }
}

/// Communities by the Leiden algorithm (Traag, Waltman & van Eck 2019), optimising modularity
///
///     Q = 1/2m · Σ_ij [ A_ij − γ k_i k_j / 2m ] δ(c_i, c_j)
///
/// with resolution γ (`resolution`; higher gives more, smaller communities). Each level moves
/// nodes between communities while modularity rises (visiting only nodes whose neighbourhood
/// changed), refines every community into well-connected parts, and aggregates those parts into
/// single nodes; it stops when no node moves. Unlike Louvain, every community it returns is
/// connected. The same `seed` gives the same answer. Ties are weighted by arc weight when
/// `weighted` (for volt: number of links), else each tie counts 1. Direction is ignored.
///
/// The whole algorithm runs again from its own result while a run raises modularity by at least
/// `minimumGain` (at most `maxIterations` runs). igraph's `n_iterations = -1` repeats until
/// nothing changes; on a 50k-person area that took 18 runs for the last 0.0008 of modularity
/// (0.7744 after one run, 0.7751 after four, 0.7752 after 18), so the default stops at gains
/// below 0.0001. `minimumGain: 0` reproduces igraph's rule.
public func leiden(_ graph: Graph, resolution: Double = 1, weighted: Bool = true, seed: UInt64 = 1,
                   maxLevels: Int = 100, maxIterations: Int = 50, minimumGain: Double = 1e-4) -> Communities {
    WorkProgress.stage("communities (Leiden)")
    let g0 = graph.undirected
    let n = g0.nodeCount
    guard n > 0 else { return Communities(labels: [], count: 0, modularity: 0, levels: 0) }
    let base = LeidenGraph(g0, weighted: weighted)
    guard base.totalWeight > 0 else {
        return Communities(labels: (0..<n).map(Int32.init), count: n, modularity: 0, levels: 0)
    }
    var rng = SplitMix64(seed: seed)
    // Run the algorithm again from its own result until the partition stops improving, as
    // igraph's n_iterations = -1 does: each run can still move what an earlier one settled.
    var labels = (0..<n).map(Int32.init)
    var best = modularity(g0, labels: labels, resolution: resolution, weighted: weighted)
    var levels = 0
    for _ in 0..<maxIterations {
        let (next, l) = leidenRun(base, initial: labels.map(Int.init), resolution: resolution, rng: &rng, maxLevels: maxLevels)
        levels += l
        let q = modularity(g0, labels: next, resolution: resolution, weighted: weighted)
        if q <= best + 1e-12 { break }  // no gain: keep what we have
        let gain = q - best
        best = q
        labels = next
        if gain < minimumGain { break }
    }
    return Communities(labels: labels, count: Int(labels.max() ?? -1) + 1, modularity: best, levels: levels)
}

/// One run of the Leiden levels from an initial partition of the base graph's nodes; returns
/// labels numbered by first appearance, and the number of levels.
private func leidenRun(_ base: LeidenGraph, initial: [Int], resolution: Double, rng: inout SplitMix64,
                       maxLevels: Int) -> ([Int32], Int) {
    let n = base.n
    var level = base
    var membership = Array(0..<n)              // original node -> current aggregate node
    var partition = initial                    // aggregate node -> community
    var levels = 0
    while levels < maxLevels {
        levels += 1
        var p = partition
        let moved = level.moveNodes(&p, resolution: resolution, rng: &rng)
        var used = [Bool](repeating: false, count: level.n)
        var communities = 0
        for c in p where !used[c] {
            used[c] = true
            communities += 1
        }
        if communities == level.n || (!moved && levels > 1) {
            partition = p
            break
        }
        let refined = level.refine(p, resolution: resolution, rng: &rng)
        let (next, coarse) = level.aggregate(refined: refined, partition: p)
        for v in 0..<n { membership[v] = refined[membership[v]] }
        partition = coarse
        level = next
    }
    var renumber: [Int: Int32] = [:]
    var labels = [Int32](repeating: 0, count: n)
    for v in 0..<n {
        let c = partition[membership[v]]
        if let r = renumber[c] { labels[v] = r } else {
            let r = Int32(renumber.count)
            renumber[c] = r
            labels[v] = r
        }
    }
    return (labels, levels)
}

/// Modularity of a partition (undirected; weighted by arc weight when `weighted`).
public func modularity(_ graph: Graph, labels: [Int32], resolution: Double = 1, weighted: Bool = true) -> Double {
    let g = graph.undirected
    let k = (labels.max().map { Int($0) + 1 }) ?? 0
    var inside = [Double](repeating: 0, count: k), total = [Double](repeating: 0, count: k)
    var twoM = 0.0
    for u in 0..<g.nodeCount {
        let cu = Int(labels[u])
        for a in g.offsets[u]..<g.offsets[u + 1] {
            let w = weighted ? g.weights[a] : 1
            twoM += w
            total[cu] += w
            if labels[Int(g.targets[a])] == labels[u] { inside[cu] += w }
        }
    }
    guard twoM > 0 else { return 0 }
    var q = 0.0
    for c in 0..<k { q += inside[c] / twoM - resolution * (total[c] / twoM) * (total[c] / twoM) }
    return q
}

/// The graph at one aggregation level: weighted, undirected, with self-loops that hold the
/// weight inside an aggregated node.
struct LeidenGraph {
    let n: Int
    let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]
    /// Weight of edges inside the node (an aggregate's internal edges), each counted once.
    let selfWeight: [Double]
    /// k_v: the node's degree, internal edges counted twice.
    let strength: [Double]
    /// 2m.
    let totalWeight: Double

    init(_ g: Graph, weighted: Bool) {
        n = g.nodeCount
        offsets = g.offsets
        targets = g.targets
        weights = weighted ? g.weights : [Double](repeating: 1, count: g.weights.count)
        selfWeight = [Double](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: n)
        for v in 0..<n { for a in offsets[v]..<offsets[v + 1] { s[v] += weights[a] } }
        strength = s
        totalWeight = s.reduce(0, +)
    }

    init(n: Int, offsets: [Int], targets: [Int32], weights: [Double], selfWeight: [Double]) {
        self.n = n
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.selfWeight = selfWeight
        var s = [Double](repeating: 0, count: n)
        for v in 0..<n {
            s[v] = 2 * selfWeight[v]
            for a in offsets[v]..<offsets[v + 1] { s[v] += weights[a] }
        }
        strength = s
        totalWeight = s.reduce(0, +)
    }

    /// Fast local moving: visit nodes from a queue (all, in random order, first); move each to
    /// the neighbouring community with the largest modularity gain; when a node moves, queue its
    /// neighbours outside its new community. Returns whether any node moved.
    func moveNodes(_ community: inout [Int], resolution γ: Double, rng: inout SplitMix64) -> Bool {
        var total = [Double](repeating: 0, count: n)
        for v in 0..<n { total[community[v]] += strength[v] }
        // A ring of capacity n: a node is in the queue at most once at a time.
        var queue = Array(0..<n)
        shuffle(&queue, &rng)
        var head = 0, size = n
        var queued = [Bool](repeating: true, count: n)
        var toCommunity = [Double](repeating: 0, count: n)
        var touched = [Int](repeating: 0, count: n)
        var moved = false
        let m2 = totalWeight
        offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { tgt in
        weights.withUnsafeBufferPointer { wt in
        strength.withUnsafeBufferPointer { strength in
        community.withUnsafeMutableBufferPointer { community in
        total.withUnsafeMutableBufferPointer { total in
        queue.withUnsafeMutableBufferPointer { queue in
        queued.withUnsafeMutableBufferPointer { queued in
        toCommunity.withUnsafeMutableBufferPointer { toCommunity in
        touched.withUnsafeMutableBufferPointer { touched in
            while size > 0 {
                let v = queue[head]
                head = head + 1 == n ? 0 : head + 1
                size -= 1
                queued[v] = false
                let own = community[v]
                var touchedCount = 0
                for a in off[v]..<off[v + 1] {
                    let c = community[Int(tgt[a])]
                    if toCommunity[c] == 0 {
                        touched[touchedCount] = c
                        touchedCount += 1
                    }
                    toCommunity[c] += wt[a]
                }
                let kv = strength[v]
                let scale = γ * kv / m2
                total[own] -= kv
                var best = own
                var bestGain = toCommunity[own] - scale * total[own]
                for t in 0..<touchedCount {
                    let c = touched[t]
                    guard c != own else { continue }
                    let gain = toCommunity[c] - scale * total[c]
                    if gain > bestGain + 1e-12 * max(1, abs(bestGain)) || (gain == bestGain && c < best && best != own) {
                        best = c
                        bestGain = gain
                    }
                }
                total[best] += kv
                for t in 0..<touchedCount { toCommunity[touched[t]] = 0 }
                toCommunity[own] = 0
                if best != own {
                    community[v] = best
                    moved = true
                    for a in off[v]..<off[v + 1] {
                        let u = Int(tgt[a])
                        if !queued[u] && community[u] != best {
                            queued[u] = true
                            var tail = head + size
                            if tail >= n { tail -= n }
                            queue[tail] = u
                            size += 1
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        return moved
    }

    /// Refinement: inside each community, start from single nodes and merge a node that is still
    /// alone, and well connected to its community, into the well-connected part that gains most.
    /// Returns the refined community of each node (parts never span two communities and are
    /// connected).
    func refine(_ community: [Int], resolution γ: Double, rng: inout SplitMix64) -> [Int] {
        let m2 = totalWeight
        var refined = Array(0..<n)
        var refinedTotal = strength
        var communityTotal = [Double](repeating: 0, count: n)
        for v in 0..<n { communityTotal[community[v]] += strength[v] }
        var external = [Double](repeating: 0, count: n)
        var alone = [Bool](repeating: true, count: n)
        var order = Array(0..<n)
        shuffle(&order, &rng)
        var toPart = [Double](repeating: 0, count: n)
        var touched = [Int](repeating: 0, count: n)
        offsets.withUnsafeBufferPointer { off in
        targets.withUnsafeBufferPointer { tgt in
        weights.withUnsafeBufferPointer { wt in
        strength.withUnsafeBufferPointer { strength in
        community.withUnsafeBufferPointer { community in
        communityTotal.withUnsafeBufferPointer { communityTotal in
        refined.withUnsafeMutableBufferPointer { refined in
        refinedTotal.withUnsafeMutableBufferPointer { refinedTotal in
        external.withUnsafeMutableBufferPointer { external in
        alone.withUnsafeMutableBufferPointer { alone in
        toPart.withUnsafeMutableBufferPointer { toPart in
        touched.withUnsafeMutableBufferPointer { touched in
            // External weight of each refined part to the rest of its community.
            for v in 0..<n {
                let c = community[v]
                var x = 0.0
                for a in off[v]..<off[v + 1] where community[Int(tgt[a])] == c { x += wt[a] }
                external[v] = x
            }
            for v in order where alone[v] {
                let c = community[v]
                let kv = strength[v]
                // Well connected: enough weight to the rest of its community.
                let scale = γ * kv / m2
                guard external[v] >= scale * (communityTotal[c] - kv) else { continue }
                var touchedCount = 0
                for a in off[v]..<off[v + 1] {
                    let u = Int(tgt[a])
                    guard community[u] == c else { continue }
                    let r = refined[u]
                    if toPart[r] == 0 {
                        touched[touchedCount] = r
                        touchedCount += 1
                    }
                    toPart[r] += wt[a]
                }
                var best = -1
                var bestGain = 0.0
                for t in 0..<touchedCount {
                    let r = touched[t]
                    guard r != v else { continue }
                    let tr = refinedTotal[r]
                    // The target part must itself be well connected to its community.
                    guard external[r] >= γ * tr * (communityTotal[c] - tr) / m2 else { continue }
                    let gain = toPart[r] - scale * tr
                    if gain > bestGain || (gain == bestGain && best >= 0 && r < best) {
                        best = r
                        bestGain = gain
                    }
                }
                if best >= 0 {
                    let joined = toPart[best]
                    refined[v] = best
                    refinedTotal[best] += kv
                    refinedTotal[v] = 0
                    external[best] = external[best] + external[v] - 2 * joined
                    alone[best] = false
                    alone[v] = false
                }
                for t in 0..<touchedCount { toPart[touched[t]] = 0 }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        // Parts are named by one of their nodes; number them 0..<k.
        var number = [Int](repeating: -1, count: n)
        var k = 0
        for v in 0..<n {
            let r = refined[v]
            if number[r] < 0 {
                number[r] = k
                k += 1
            }
            refined[v] = number[r]
        }
        return refined
    }

    /// The graph of refined parts, and each part's community (renumbered). Linear time: nodes
    /// are bucketed by part, and each part's arcs summed into a dense scratch row (no sort).
    func aggregate(refined: [Int], partition: [Int]) -> (LeidenGraph, [Int]) {
        let k = (refined.max() ?? -1) + 1
        // Nodes of each part, contiguous.
        var start = [Int](repeating: 0, count: k + 1)
        for v in 0..<n { start[refined[v] + 1] += 1 }
        for a in 0..<k { start[a + 1] += start[a] }
        var members = [Int32](repeating: 0, count: n)
        var fill = start
        for v in 0..<n {
            members[fill[refined[v]]] = Int32(v)
            fill[refined[v]] += 1
        }
        var selfW = [Double](repeating: 0, count: k)
        var offsets = [Int](repeating: 0, count: k + 1)
        // At most as many arcs as this level has; cut to size at the end.
        var targets = [Int32](repeating: 0, count: self.targets.count)
        var weights = [Double](repeating: 0, count: self.targets.count)
        var row = [Double](repeating: 0, count: k)
        var seen = [Bool](repeating: false, count: k)
        var touched = [Int32](repeating: 0, count: k)
        var arcCount = 0
        self.offsets.withUnsafeBufferPointer { off in
        self.targets.withUnsafeBufferPointer { tgt in
        self.weights.withUnsafeBufferPointer { wt in
        self.selfWeight.withUnsafeBufferPointer { selfWeight in
        refined.withUnsafeBufferPointer { refined in
        members.withUnsafeBufferPointer { members in
        start.withUnsafeBufferPointer { start in
        selfW.withUnsafeMutableBufferPointer { selfW in
        row.withUnsafeMutableBufferPointer { row in
        seen.withUnsafeMutableBufferPointer { seen in
        touched.withUnsafeMutableBufferPointer { touched in
        targets.withUnsafeMutableBufferPointer { outTarget in
        weights.withUnsafeMutableBufferPointer { outWeight in
        offsets.withUnsafeMutableBufferPointer { outOffset in
            for a in 0..<k {
                var touchedCount = 0
                var inside = 0.0
                for i in start[a]..<start[a + 1] {
                    let v = Int(members[i])
                    inside += 2 * selfWeight[v]
                    for e in off[v]..<off[v + 1] {
                        let b = refined[Int(tgt[e])]
                        if a == b {
                            inside += wt[e]  // each inside edge is seen from both ends
                        } else {
                            if !seen[b] {
                                seen[b] = true
                                touched[touchedCount] = Int32(b)
                                touchedCount += 1
                            }
                            row[b] += wt[e]
                        }
                    }
                }
                selfW[a] = inside / 2
                for t in 0..<touchedCount {
                    let b = Int(touched[t])
                    outTarget[arcCount] = Int32(b)
                    outWeight[arcCount] = row[b]
                    arcCount += 1
                    row[b] = 0
                    seen[b] = false
                }
                outOffset[a + 1] = arcCount
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        targets.removeLast(targets.count - arcCount)
        weights.removeLast(weights.count - arcCount)
        var coarse = [Int](repeating: 0, count: k)
        var names = [Int](repeating: -1, count: n)
        var count = 0
        for v in 0..<n {
            let c = partition[v]
            if names[c] < 0 {
                names[c] = count
                count += 1
            }
            coarse[refined[v]] = names[c]
        }
        return (LeidenGraph(n: k, offsets: offsets, targets: targets, weights: weights, selfWeight: selfW), coarse)
    }
}

/// Fisher–Yates with volt's seeded generator.
func shuffle(_ a: inout [Int], _ rng: inout SplitMix64) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
        let j = rng.int(i + 1)
        a.swapAt(i, j)
    }
}

/// Normalised mutual information between two labellings of the same nodes (arithmetic-mean
/// normalisation, as scikit-learn's default): 1 for identical partitions, near 0 for unrelated.
public func normalizedMutualInformation(_ a: [Int32], _ b: [Int32]) -> Double {
    precondition(a.count == b.count)
    let n = Double(a.count)
    guard n > 0 else { return 1 }
    var joint: [Int64: Double] = [:], pa: [Int32: Double] = [:], pb: [Int32: Double] = [:]
    for i in 0..<a.count {
        joint[Int64(a[i]) << 32 | Int64(UInt32(bitPattern: b[i])), default: 0] += 1
        pa[a[i], default: 0] += 1
        pb[b[i], default: 0] += 1
    }
    func entropy(_ d: [Int32: Double]) -> Double { d.values.reduce(0) { $0 - ($1 / n) * log($1 / n) } }
    var mi = 0.0
    for (key, c) in joint {
        let x = Int32(truncatingIfNeeded: key >> 32), y = Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)
        mi += (c / n) * log((c / n) / ((pa[x]! / n) * (pb[y]! / n)))
    }
    let ha = entropy(pa), hb = entropy(pb)
    if ha == 0 && hb == 0 { return 1 }
    return mi / ((ha + hb) / 2)
}
