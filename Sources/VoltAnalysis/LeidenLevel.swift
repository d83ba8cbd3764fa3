import Foundation
import VoltGraph

/// The graph at one Leiden aggregation level: weighted, undirected, with a self-weight per node
/// that holds the weight inside an aggregated node.
struct LeidenLevel: Sendable {
    let n: Int
    let offsets: [Int]
    let targets: [Int32]
    let weights: [Double]
    /// Whether every arc weighs 1 (`weights` is then not read: a base level read without weights).
    let unitWeights: Bool
    /// Weight of edges inside the node (an aggregate's internal edges), each counted once.
    let selfWeight: [Double]
    /// k_v: the node's degree, internal edges counted twice.
    let strength: [Double]
    /// 2m.
    let totalWeight: Double

    /// The base level: `g` (undirected), each arc weighing its weight or, unless `weighted`, 1.
    init(_ g: Graph, weighted: Bool) {
        n = g.nodeCount
        offsets = g.offsets
        targets = g.targets
        // Every arc weighs 1 unless weighted: then the weights need not be read at all.
        weights = g.weights
        unitWeights = !weighted || g.weights.allSatisfy { $0 == 1 }
        selfWeight = [Double](repeating: 0, count: n)
        var s = [Double](repeating: 0, count: n)
        if unitWeights {
            for v in 0..<n { s[v] = Double(offsets[v + 1] - offsets[v]) }
        } else {
            for v in 0..<n { for a in offsets[v]..<offsets[v + 1] { s[v] += weights[a] } }
        }
        strength = s
        totalWeight = s.reduce(0, +)
    }

    init(n: Int, offsets: [Int], targets: [Int32], weights: [Double], selfWeight: [Double]) {
        self.n = n
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        unitWeights = false
        self.selfWeight = selfWeight
        var s = [Double](repeating: 0, count: n)
        for v in 0..<n {
            s[v] = 2 * selfWeight[v]
            for a in offsets[v]..<offsets[v + 1] { s[v] += weights[a] }
        }
        strength = s
        totalWeight = s.reduce(0, +)
    }

    /// The level's arrays as pointers that worker threads may read, for the length of `body`.
    func withPointers<R>(_ body: (LevelPointers) -> R) -> R {
        offsets.withUnsafeBufferPointer { off in
            targets.withUnsafeBufferPointer { tgt in
                weights.withUnsafeBufferPointer { wt in
                    selfWeight.withUnsafeBufferPointer { sw in
                        strength.withUnsafeBufferPointer { st in
                            body(LevelPointers(n: n, offsets: off.baseAddress!, targets: tgt.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                               weights: wt.baseAddress ?? UnsafePointer(bitPattern: 8)!, unitWeights: unitWeights,
                                               selfWeight: sw.baseAddress!, strength: st.baseAddress!))
                        }
                    }
                }
            }
        }
    }

    /// Modularity of a partition of this level's nodes; the same as the base graph's modularity
    /// of the partition it stands for (an aggregate's inside weight is in its self-weight).
    func modularity(_ community: [Int32], resolution γ: Double) -> Double {
        var inside = [Double](repeating: 0, count: n), total = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let c = Int(community[v])
            inside[c] += 2 * selfWeight[v]
            total[c] += strength[v]
            for a in offsets[v]..<offsets[v + 1] where community[Int(targets[a])] == community[v] {
                inside[c] += unitWeights ? 1 : weights[a]
            }
        }
        var q = 0.0
        for c in 0..<n where total[c] > 0 {
            q += inside[c] / totalWeight - γ * (total[c] / totalWeight) * (total[c] / totalWeight)
        }
        return q
    }

    /// The graph of refined parts (numbered `0..<parts`), and each part's community, renumbered
    /// by first appearance. Linear time: nodes are bucketed by part, and each part's arcs summed
    /// into a dense scratch row (no sort). Large levels are aggregated in `threads` ranges of parts,
    /// each writing its own arcs, then joined in order: the result does not depend on `threads`.
    func aggregate(refined: [Int32], parts k: Int, partition: [Int32], threads: Int) -> (LeidenLevel, [Int32]) {
        // Nodes of each part, contiguous.
        var start = [Int](repeating: 0, count: k + 1)
        for v in 0..<n { start[Int(refined[v]) + 1] += 1 }
        for a in 0..<k { start[a + 1] += start[a] }
        var members = [Int32](repeating: 0, count: n)
        var fill = start
        for v in 0..<n {
            let r = Int(refined[v])
            members[fill[r]] = Int32(v)
            fill[r] += 1
        }
        // Ranges of parts with about equal numbers of arcs, one per thread on large levels.
        let ranges = partRanges(start: start, members: members, parts: threads > 1 && targets.count >= 100_000 ? threads : 1)
        var selfW = [Double](repeating: 0, count: k)
        var rowLength = [Int](repeating: 0, count: k)
        let pieces = selfW.withUnsafeMutableBufferPointer { selfW in
            rowLength.withUnsafeMutableBufferPointer { rowLength in
                let out = (selfW: UnsafeShared(selfW.baseAddress!), rowLength: UnsafeShared(rowLength.baseAddress!))
                return start.withUnsafeBufferPointer { start in
                    members.withUnsafeBufferPointer { members in
                        refined.withUnsafeBufferPointer { refined in
                            withPointers { g in
                                let shared = (start: UnsafeShared(mutating: start.baseAddress!), members: UnsafeShared(mutating: members.baseAddress!),
                                              refined: UnsafeShared(mutating: refined.baseAddress!))
                                return parallelMap(ranges) { range in
                                    aggregateRows(range, g, shared.start, shared.members, shared.refined, parts: k,
                                                  selfW: out.selfW, rowLength: out.rowLength)
                                }
                            }
                        }
                    }
                }
            }
        }
        var offsets = [Int](repeating: 0, count: k + 1)
        for a in 0..<k { offsets[a + 1] = offsets[a] + rowLength[a] }
        var targets: [Int32], weights: [Double]
        if pieces.count == 1 {
            targets = pieces[0].targets
            weights = pieces[0].weights
        } else {
            targets = []
            weights = []
            targets.reserveCapacity(offsets[k])
            weights.reserveCapacity(offsets[k])
            for p in pieces {
                targets.append(contentsOf: p.targets)
                weights.append(contentsOf: p.weights)
            }
        }
        var coarse = [Int32](repeating: 0, count: k)
        var names = [Int32](repeating: -1, count: n)
        var count: Int32 = 0
        for v in 0..<n {
            let c = Int(partition[v])
            if names[c] < 0 {
                names[c] = count
                count += 1
            }
            coarse[Int(refined[v])] = names[c]
        }
        return (LeidenLevel(n: k, offsets: offsets, targets: targets, weights: weights, selfWeight: selfW), coarse)
    }
}

/// One range of parts aggregated: their arcs in part order, with each part's self-weight and
/// row length written to the shared arrays (each part by exactly one thread).
private func aggregateRows(_ range: Range<Int>, _ g: LevelPointers, _ start: UnsafeShared<Int>, _ members: UnsafeShared<Int32>,
                           _ refined: UnsafeShared<Int32>, parts k: Int, selfW: UnsafeShared<Double>,
                           rowLength: UnsafeShared<Int>) -> (targets: [Int32], weights: [Double]) {
    // At most as many arcs as the members have; cut to size at the end.
    var bound = 0
    if !range.isEmpty {
        for i in start[range.lowerBound]..<start[range.upperBound] {
            let v = Int(members[i])
            bound += g.offsets[v + 1] - g.offsets[v]
        }
    }
    var targets = [Int32](repeating: 0, count: bound)
    var weights = [Double](repeating: 0, count: bound)
    let row = UnsafeMutablePointer<Double>.allocate(capacity: max(k, 1))
    row.initialize(repeating: 0, count: k)
    let seen = UnsafeMutablePointer<Bool>.allocate(capacity: max(k, 1))
    seen.initialize(repeating: false, count: k)
    let touched = UnsafeMutablePointer<Int32>.allocate(capacity: max(k, 1))
    defer {
        row.deallocate()
        seen.deallocate()
        touched.deallocate()
    }
    var arcCount = 0
    targets.withUnsafeMutableBufferPointer { outTarget in
        weights.withUnsafeMutableBufferPointer { outWeight in
            for a in range {
                var touchedCount = 0
                var inside = 0.0
                for i in start[a]..<start[a + 1] {
                    let v = Int(members[i])
                    inside += 2 * g.selfWeight[v]
                    for e in g.offsets[v]..<g.offsets[v + 1] {
                        let b = Int(refined[Int(g.targets[e])])
                        if a == b {
                            inside += g.weight(e)  // each inside edge is seen from both ends
                        } else {
                            if !seen[b] {
                                seen[b] = true
                                touched[touchedCount] = Int32(b)
                                touchedCount += 1
                            }
                            row[b] += g.weight(e)
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
                rowLength[a] = touchedCount
            }
        }
    }
    targets.removeLast(targets.count - arcCount)
    weights.removeLast(weights.count - arcCount)
    return (targets, weights)
}

/// `parts` contiguous ranges of `0..<k` parts with about equal numbers of member arcs.
private func partRanges(start: [Int], members: [Int32], parts: Int) -> [Range<Int>] {
    let k = start.count - 1
    guard parts > 1, k > 1 else { return [0..<k] }
    // Balanced by members rather than arcs: close enough for a few threads.
    let n = start[k]
    var ranges: [Range<Int>] = []
    var lo = 0
    for p in 1...parts {
        let goal = n * p / parts
        var hi = lo
        while hi < k && start[hi] < goal { hi += 1 }
        if p == parts { hi = k }
        ranges.append(lo..<hi)
        lo = hi
    }
    return ranges
}

/// A level's arrays as raw pointers, readable from worker threads while the level lives.
struct LevelPointers: @unchecked Sendable {
    let n: Int
    let offsets: UnsafePointer<Int>
    let targets: UnsafePointer<Int32>
    let weights: UnsafePointer<Double>
    let unitWeights: Bool
    let selfWeight: UnsafePointer<Double>
    let strength: UnsafePointer<Double>

    /// The weight of arc `a`.
    @inline(__always) func weight(_ a: Int) -> Double { unitWeights ? 1 : weights[a] }
}

/// A pointer handed to worker threads for the length of one parallel call; callers make sure
/// no two threads write the same element.
struct UnsafeShared<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    init(mutating base: UnsafePointer<Element>) { self.base = UnsafeMutablePointer(mutating: base) }
    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Freshly allocated memory of `count` elements set to `value`; the caller deallocates it.
func allocateFilled<Element>(_ count: Int, _ value: Element) -> UnsafeMutablePointer<Element> {
    let p = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
    p.initialize(repeating: value, count: count)
    return p
}

/// `body` over each item, in parallel when there is more than one; results in item order.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
    if items.count == 1 { return [body(items[0])] }
    let results = ResultSlots<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in results.set(i, body(items[i])) }
    return results.values
}
