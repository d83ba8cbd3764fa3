import VoltGraph
import VoltModel

/// One pick of the key-player search: the node removed, and the victims it newly cut off.
public struct KeyPlayerPick: Sendable, Equatable {
    /// The node removed.
    public let node: Int
    /// Victim nodes that could reach an offender before this pick and cannot after it.
    public let newlyCutOff: [Int]
    /// Victims still reaching an offender after this pick.
    public let stillReached: Int
}

/// Key players for disruption: greedily chooses up to `k` of the `candidates` whose removal
/// cuts the most `victims` off from every one of the `offenders`. A victim is reached when an
/// offender is within `within` steps (0: any number of steps, i.e. connected at all); direction
/// is ignored. Each pick is the candidate that newly cuts off the most victims (ties: the one
/// with the most ties, then the first); the next pick assumes the earlier ones are gone.
/// Cost: O(k · |candidates| · (n + m)).
///
/// Why a step limit: real offender networks are connected through supply chains and
/// co-offending, and peer groups through siblings, so removing one offender almost never leaves
/// a child with no path at all to any offender, and every candidate would score 0. "No offender
/// within two steps" (not exploited directly, nor through a peer) separates them.
public func keyPlayers(_ graph: Graph, victims: [Int], offenders: [Int], candidates: [Int], k: Int,
                       within: Int = 2) -> [KeyPlayerPick] {
    let g = graph.undirected
    var removed = [Bool](repeating: false, count: g.nodeCount)
    var seen = [Int](repeating: 0, count: g.nodeCount)
    var stamp = 0
    var queue = [Int](repeating: 0, count: g.nodeCount)
    var depth = [Int](repeating: 0, count: g.nodeCount)

    /// Victims that can reach an offender with `removed` (and `extra`) taken out.
    func reached(without extra: Int) -> Set<Int> {
        stamp += 1
        var head = 0, tail = 0
        for o in offenders where !removed[o] && o != extra {
            seen[o] = stamp
            depth[o] = 0
            queue[tail] = o
            tail += 1
        }
        while head < tail {
            let u = queue[head]
            head += 1
            if within > 0 && depth[u] >= within { continue }
            for w in g.neighbours(u) {
                let v = Int(w)
                if v != extra && !removed[v] && seen[v] != stamp {
                    seen[v] = stamp
                    depth[v] = depth[u] + 1
                    queue[tail] = v
                    tail += 1
                }
            }
        }
        return Set(victims.filter { seen[$0] == stamp && $0 != extra && !removed[$0] })
    }

    var picks: [KeyPlayerPick] = []
    var current = reached(without: -1)
    var pool = candidates
    let total = min(k, pool.count) * pool.count
    var tried = 0
    for _ in 0..<k {
        guard !pool.isEmpty else { break }
        var best = -1, bestSet: Set<Int> = []
        var bestCut = -1
        for c in pool {
            tried += 1
            if tried & 15 == 0 { WorkProgress.step("key players: candidates tried", tried, total) }
            let after = reached(without: c)
            let cut = current.subtracting(after).subtracting([c]).count
            if cut > bestCut || (cut == bestCut && g.degree(c) > g.degree(best)) {
                best = c
                bestCut = cut
                bestSet = after
            }
        }
        removed[best] = true
        picks.append(KeyPlayerPick(node: best, newlyCutOff: current.subtracting(bestSet).subtracting([best]).sorted(),
                                   stillReached: bestSet.count))
        current = bestSet
        pool.removeAll { $0 == best }
    }
    return picks
}
