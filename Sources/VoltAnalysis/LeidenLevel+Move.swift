import Foundation
import VoltModel

/// Levels with fewer arcs than this move one node at a time: threads would cost more than they save.
private let batchedMoveMinimumArcs = 50_000

extension LeidenLevel {
    /// Fast local moving: visit nodes from a queue (all, in random order, first); move each to
    /// the neighbouring community with the largest modularity gain; when a node moves, queue its
    /// neighbours outside its new community. Returns whether any node moved.
    ///
    /// Large levels take the queue in batches. The best move of every node in a batch is found in
    /// parallel against the state at the start of the batch; the moves are then applied in queue
    /// order, as one thread would: a node whose neighbour moved earlier in the batch is looked at
    /// again, and every other move is kept only if it still gains against the communities' current
    /// totals. Batches are cut by node count alone, so the answer does not depend on `threads`.
    func moveNodes(_ community: inout [Int32], resolution γ: Double, rng: inout SplitMix64, threads: Int) -> Bool {
        var order = (0..<n).map(Int32.init)
        order.withUnsafeMutableBufferPointer { shuffle($0, &rng) }
        let batch = targets.count < batchedMoveMinimumArcs || n < 1_024 ? 1 : min(2_048, n / 32)
        return withPointers { g in
            community.withUnsafeMutableBufferPointer { community in
                order.withUnsafeMutableBufferPointer { order in
                    MoveState(g, community: community.baseAddress!, order: order.baseAddress!, m2: totalWeight, γ: γ,
                              batch: batch, threads: batch == 1 ? 1 : threads).run()
                }
            }
        }
    }
}

/// One thread's scratch for weighing a node's neighbouring communities.
private struct Tally {
    let toCommunity: UnsafeMutablePointer<Double>
    let touched: UnsafeMutablePointer<Int32>

    init(_ n: Int) {
        toCommunity = allocateFilled(n, 0)
        touched = allocateFilled(n, 0)
    }

    func free() {
        toCommunity.deallocate()
        touched.deallocate()
    }
}

/// A node's best move against the state it was weighed in: the community, and the node's
/// weight to it and to its own community.
private struct Proposal {
    var community: Int32
    var toBest: Double
    var toOwn: Double
}

/// The state of one local-moving phase: the level, the communities and their totals, the queue.
private struct MoveState: @unchecked Sendable {
    let g: LevelPointers
    let n: Int
    let community: UnsafeMutablePointer<Int32>
    let total: UnsafeMutablePointer<Double>
    /// A ring of capacity n: a node is in the queue at most once at a time.
    let queue: UnsafeMutablePointer<Int32>
    let queued: UnsafeMutablePointer<Bool>
    /// The batch in which a neighbour of the node last moved.
    let dirty: UnsafeMutablePointer<Int32>
    let tallies: [Tally]
    let proposals: UnsafeMutablePointer<Proposal>
    let batchNodes: UnsafeMutablePointer<Int32>
    let m2: Double
    let γ: Double
    let batch: Int
    let threads: Int

    init(_ g: LevelPointers, community: UnsafeMutablePointer<Int32>, order: UnsafeMutablePointer<Int32>, m2: Double,
         γ: Double, batch: Int, threads: Int) {
        self.g = g
        n = g.n
        self.community = community
        total = allocateFilled(n, 0)
        for v in 0..<n { total[Int(community[v])] += g.strength[v] }
        queue = order
        queued = allocateFilled(n, true)
        dirty = allocateFilled(n, -1)
        tallies = (0..<threads).map { _ in Tally(g.n) }
        proposals = allocateFilled(batch, Proposal(community: 0, toBest: 0, toOwn: 0))
        batchNodes = allocateFilled(batch, 0)
        self.m2 = m2
        self.γ = γ
        self.batch = batch
        self.threads = threads
    }

    /// Moves nodes until the queue is empty; frees the state's memory. Returns whether any moved.
    func run() -> Bool {
        defer {
            total.deallocate()
            queued.deallocate()
            dirty.deallocate()
            for t in tallies { t.free() }
            proposals.deallocate()
            batchNodes.deallocate()
        }
        var head = 0, size = n
        var moved = false
        var stamp: Int32 = 0
        while size > 0 {
            // Take the next batch off the queue.
            let b = min(batch, size)
            var arcs = 0
            for i in 0..<b {
                let v = queue[head]
                head = head + 1 == n ? 0 : head + 1
                queued[Int(v)] = false
                batchNodes[i] = v
                arcs += g.offsets[Int(v) + 1] - g.offsets[Int(v)]
            }
            size -= b
            // Weigh every node of the batch against the state at its start.
            if b > 1 {
                let parts = threads > 1 && arcs >= 1_024 ? threads : 1
                if parts == 1 {
                    for i in 0..<b { proposals[i] = propose(batchNodes[i], tallies[0]) }
                } else {
                    let state = self
                    // Contiguous halves: interleaved slots would put both threads' writes on
                    // the same cache lines.
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        for i in b * part / parts..<b * (part + 1) / parts {
                            state.proposals[i] = state.propose(state.batchNodes[i], state.tallies[part])
                        }
                    }
                }
            }
            // Apply the moves in queue order.
            stamp += 1
            for i in 0..<b {
                let v = Int(batchNodes[i])
                let own = community[v]
                var best: Int32
                if b == 1 || dirty[v] == stamp {
                    best = propose(Int32(v), tallies[0]).community
                } else {
                    let p = proposals[i]
                    best = p.community
                    if best != own {
                        // Totals may have changed since: keep the move only if it still gains.
                        let kv = g.strength[v], scale = γ * kv / m2
                        let stay = p.toOwn - scale * (total[Int(own)] - kv)
                        let go = p.toBest - scale * total[Int(best)]
                        if !(go > stay + 1e-12 * max(1, abs(stay))) { best = own }
                    }
                }
                guard best != own else { continue }
                let kv = g.strength[v]
                total[Int(own)] -= kv
                total[Int(best)] += kv
                community[v] = best
                moved = true
                for a in g.offsets[v]..<g.offsets[v + 1] {
                    let u = Int(g.targets[a])
                    dirty[u] = stamp
                    if !queued[u] && community[u] != best {
                        queued[u] = true
                        var tail = head + size
                        if tail >= n { tail -= n }
                        queue[tail] = Int32(u)
                        size += 1
                    }
                }
            }
        }
        return moved
    }

    /// The community `v` gains most by joining (its own when none gains more), given the
    /// current communities and totals. Reads shared state only; writes only `tally`.
    @inline(__always)
    func propose(_ node: Int32, _ tally: Tally) -> Proposal {
        let v = Int(node)
        let toCommunity = tally.toCommunity, touched = tally.touched
        let own = community[v]
        var touchedCount = 0
        // Branch-free: a community is noted every time and kept the first time (the graph has
        // no self-loops, so no arc leads back to v).
        let arcs = g.offsets[v]..<g.offsets[v + 1]
        if g.unitWeights {
            for a in arcs {
                let c = community[Int(g.targets[a])]
                let t = toCommunity[Int(c)]
                touched[touchedCount] = c
                touchedCount &+= t == 0 ? 1 : 0
                toCommunity[Int(c)] = t + 1
            }
        } else {
            for a in arcs {
                let c = community[Int(g.targets[a])]
                let t = toCommunity[Int(c)]
                touched[touchedCount] = c
                touchedCount &+= t == 0 ? 1 : 0
                toCommunity[Int(c)] = t + g.weights[a]
            }
        }
        let kv = g.strength[v]
        let scale = γ * kv / m2
        let toOwn = toCommunity[Int(own)]
        var best = own
        var bestGain = toOwn - scale * (total[Int(own)] - kv)
        for t in 0..<touchedCount {
            let c = touched[t]
            guard c != own else { continue }
            let gain = toCommunity[Int(c)] - scale * total[Int(c)]
            if gain > bestGain + 1e-12 * max(1, abs(bestGain)) || (gain == bestGain && c < best && best != own) {
                best = c
                bestGain = gain
            }
        }
        let toBest = toCommunity[Int(best)]
        for t in 0..<touchedCount { toCommunity[Int(touched[t])] = 0 }
        toCommunity[Int(own)] = 0
        return Proposal(community: best, toBest: toBest, toOwn: toOwn)
    }
}
