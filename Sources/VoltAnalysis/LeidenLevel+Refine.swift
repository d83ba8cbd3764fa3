import Foundation
import Synchronization
import VoltModel

extension LeidenLevel {
    /// Refinement: inside each community, start from single nodes and merge a node that is still
    /// alone, and well connected to its community, into the well-connected part that gains most.
    /// Returns the refined part of each node, numbered `0..<parts` in node order (parts never
    /// span two communities and are connected), and the number of parts.
    ///
    /// Communities are refined independently, each in its own random order drawn from `seed` and
    /// the community, so large levels share communities among `threads` threads and the answer
    /// does not depend on how many there are.
    func refine(_ community: [Int32], resolution γ: Double, seed: UInt64, threads: Int) -> ([Int32], Int) {
        let m2 = totalWeight
        // Nodes of each community, contiguous.
        var start = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { start[Int(community[v]) + 1] += 1 }
        for c in 0..<n { start[c + 1] += start[c] }
        var members = [Int32](repeating: 0, count: n)
        var fill = start
        var communityTotal = [Double](repeating: 0, count: n)
        for v in 0..<n {
            let c = Int(community[v])
            members[fill[c]] = Int32(v)
            fill[c] += 1
            communityTotal[c] += strength[v]
        }
        var refined = (0..<n).map(Int32.init)
        var refinedTotal = strength
        var external = [Double](repeating: 0, count: n)
        var alone = [Bool](repeating: true, count: n)
        let parts = threads > 1 && targets.count >= 100_000 ? threads : 1
        withPointers { g in
            community.withUnsafeBufferPointer { community in
            start.withUnsafeBufferPointer { start in
            members.withUnsafeMutableBufferPointer { members in
            communityTotal.withUnsafeBufferPointer { communityTotal in
            refined.withUnsafeMutableBufferPointer { refined in
            refinedTotal.withUnsafeMutableBufferPointer { refinedTotal in
            external.withUnsafeMutableBufferPointer { external in
            alone.withUnsafeMutableBufferPointer { alone in
                let s = RefineState(g: g, community: UnsafeShared(mutating: community.baseAddress!),
                                    start: UnsafeShared(mutating: start.baseAddress!), members: UnsafeShared(members.baseAddress!),
                                    communityTotal: UnsafeShared(mutating: communityTotal.baseAddress!),
                                    refined: UnsafeShared(refined.baseAddress!), refinedTotal: UnsafeShared(refinedTotal.baseAddress!),
                                    external: UnsafeShared(external.baseAddress!), alone: UnsafeShared(alone.baseAddress!),
                                    γ: γ, m2: m2, seed: seed)
                if parts == 1 {
                    s.weighExternal(0..<n)
                    let tally = RefineTally(n)
                    for c in 0..<n { s.refine(c, tally) }
                    tally.free()
                } else {
                    // Each node's weight to the rest of its community, by ranges of nodes.
                    DispatchQueue.concurrentPerform(iterations: parts) { p in s.weighExternal(n * p / parts..<n * (p + 1) / parts) }
                    // Communities handed out in chunks of about equal numbers of nodes.
                    let chunks = s.chunks(of: max(64, n / (16 * parts)))
                    let next = ChunkCounter()
                    DispatchQueue.concurrentPerform(iterations: parts) { _ in
                        let tally = RefineTally(n)
                        while true {
                            let i = next.take()
                            guard i + 1 < chunks.count else { break }
                            for c in chunks[i]..<chunks[i + 1] { s.refine(c, tally) }
                        }
                        tally.free()
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
        var number = [Int32](repeating: -1, count: n)
        var k: Int32 = 0
        for v in 0..<n {
            let r = Int(refined[v])
            if number[r] < 0 {
                number[r] = k
                k += 1
            }
            refined[v] = number[r]
        }
        return (refined, Int(k))
    }
}

/// Hands out chunk numbers 0, 1, 2, … to worker threads.
private final class ChunkCounter: Sendable {
    private let next = Atomic<Int>(0)
    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// One thread's scratch for weighing a node's neighbouring parts.
private struct RefineTally {
    let toPart: UnsafeMutablePointer<Double>
    let touched: UnsafeMutablePointer<Int32>

    init(_ n: Int) {
        toPart = allocateFilled(n, 0)
        touched = allocateFilled(n, 0)
    }

    func free() {
        toPart.deallocate()
        touched.deallocate()
    }
}

/// The shared state of one refinement. Each community's nodes and parts are written by the one
/// thread that refines it.
private struct RefineState: Sendable {
    let g: LevelPointers
    let community: UnsafeShared<Int32>
    let start: UnsafeShared<Int>
    let members: UnsafeShared<Int32>
    let communityTotal: UnsafeShared<Double>
    let refined: UnsafeShared<Int32>
    let refinedTotal: UnsafeShared<Double>
    /// Weight from a part (named by one of its nodes) to the rest of its community.
    let external: UnsafeShared<Double>
    let alone: UnsafeShared<Bool>
    let γ: Double
    let m2: Double
    let seed: UInt64

    /// Each node's weight to the other nodes of its community.
    func weighExternal(_ nodes: Range<Int>) {
        for v in nodes {
            let c = community[v]
            var x = 0.0
            for a in g.offsets[v]..<g.offsets[v + 1] where community[Int(g.targets[a])] == c {
                x += g.weight(a)
            }
            external[v] = x
        }
    }

    /// Boundaries between runs of community numbers with about `size` nodes each, from 0 to n:
    /// communities `b[i]..<b[i + 1]` make chunk i.
    func chunks(of size: Int) -> [Int] {
        var bounds = [0]
        let n = g.n
        var c = 0
        while c < n {
            // The first community whose nodes start at least `size` further on.
            let goal = start[c] + size
            var next = c + 1
            while next < n && start[next] < goal { next += 1 }
            bounds.append(next)
            c = next
        }
        return bounds
    }

    /// Refines community `c`: its nodes in a random order of its own, each still alone merged
    /// into the well-connected part of its community that gains most.
    func refine(_ c: Int, _ tally: RefineTally) {
        let lo = start[c], hi = start[c + 1]
        guard hi - lo > 1 else { return }
        var rng = SplitMix64(seed: seed ^ (UInt64(c) &* 0xD6E8_FEB8_6659_FD93))
        shuffle(UnsafeMutableBufferPointer(start: members.base + lo, count: hi - lo), &rng)
        let toPart = tally.toPart, touched = tally.touched
        let total = communityTotal[c]
        let cc = Int32(c)
        for i in lo..<hi {
            let v = Int(members[i])
            guard alone[v] else { continue }
            let kv = g.strength[v]
            // Well connected: enough weight to the rest of its community.
            let scale = γ * kv / m2
            guard external[v] >= scale * (total - kv) else { continue }
            var touchedCount = 0
            for a in g.offsets[v]..<g.offsets[v + 1] {
                let u = Int(g.targets[a])
                guard community[u] == cc else { continue }  // no self-loops: u is not v
                let r = refined[u]
                if toPart[Int(r)] == 0 {
                    touched[touchedCount] = r
                    touchedCount += 1
                }
                toPart[Int(r)] += g.weight(a)
            }
            var best = -1
            var bestGain = 0.0
            for t in 0..<touchedCount {
                let r = Int(touched[t])
                guard r != v else { continue }
                let tr = refinedTotal[r]
                // The target part must itself be well connected to its community.
                guard external[r] >= γ * tr * (total - tr) / m2 else { continue }
                let gain = toPart[r] - scale * tr
                if gain > bestGain || (gain == bestGain && best >= 0 && r < best) {
                    best = r
                    bestGain = gain
                }
            }
            if best >= 0 {
                let joined = toPart[best]
                refined[v] = Int32(best)
                refinedTotal[best] += kv
                refinedTotal[v] = 0
                external[best] = external[best] + external[v] - 2 * joined
                alone[best] = false
                alone[v] = false
            }
            for t in 0..<touchedCount { toPart[Int(touched[t])] = 0 }
        }
    }
}
