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
    // Within one or two steps, removing c changes only the victims within two steps of c, so
    // each candidate is scored on its own neighbourhood instead of a search of the whole graph.
    let local = within == 1 || within == 2
    var isOffender = [Bool](repeating: false, count: g.nodeCount)
    for o in offenders { isOffender[o] = true }
    var inCurrent = [Bool](repeating: false, count: g.nodeCount)
    for v in current { inCurrent[v] = true }
    /// Offenders (not removed) next to each node.
    var offenderNeighbours = [Int32](repeating: 0, count: g.nodeCount)
    if local { for o in offenders { for w in g.neighbours(o) { offenderNeighbours[Int(w)] += 1 } } }
    // Ties to c per node (a graph may hold parallel ties), valid where nextToC is this stamp.
    var nextToC = [Int](repeating: 0, count: g.nodeCount), tiesToC = [Int32](repeating: 0, count: g.nodeCount)
    var ball = [Int](repeating: 0, count: g.nodeCount)
    var cStamp = 0, ballStamp = 0
    var lost: [Int] = []

    /// The victims now reached that removing `c` cuts off (within one or two steps), into `lost`.
    func cutOff(by c: Int) {
        lost.removeAll(keepingCapacity: true)
        cStamp += 1
        for w in g.neighbours(c) {
            let u = Int(w)
            if nextToC[u] != cStamp { nextToC[u] = cStamp; tiesToC[u] = 0 }
            tiesToC[u] += 1
        }
        let cOffends = isOffender[c] && !removed[c]
        ballStamp += 1
        ball[c] = ballStamp
        func stillReached(_ v: Int) -> Bool {
            if isOffender[v] { return true }
            for w in g.neighbours(v) {
                let u = Int(w)
                if u == c || removed[u] { continue }
                if isOffender[u] { return true }
                if within == 2 && offenderNeighbours[u] - (cOffends && nextToC[u] == cStamp ? tiesToC[u] : 0) > 0 { return true }
            }
            return false
        }
        func visit(_ v: Int) {
            guard ball[v] != ballStamp else { return }
            ball[v] = ballStamp
            if inCurrent[v] && !stillReached(v) { lost.append(v) }
        }
        for w in g.neighbours(c) where !removed[Int(w)] {
            visit(Int(w))
            if within == 2 { for x in g.neighbours(Int(w)) where !removed[Int(x)] { visit(Int(x)) } }
        }
    }

    for _ in 0..<k {
        guard !pool.isEmpty else { break }
        var best = -1, bestSet: Set<Int> = []
        var bestCut = -1
        for c in pool {
            tried += 1
            if tried & 15 == 0 { WorkProgress.step("key players: candidates tried", tried, total) }
            if local {
                cutOff(by: c)
                if lost.count > bestCut || (lost.count == bestCut && g.degree(c) > g.degree(best)) {
                    best = c
                    bestCut = lost.count
                    bestSet = Set(lost)
                }
                continue
            }
            let after = reached(without: c)
            let cut = current.subtracting(after).subtracting([c]).count
            if cut > bestCut || (cut == bestCut && g.degree(c) > g.degree(best)) {
                best = c
                bestCut = cut
                bestSet = after
            }
        }
        removed[best] = true
        if local {
            // bestSet holds the victims cut off; the pick itself leaves the victims it was.
            let after = current.subtracting(bestSet).subtracting([best])
            picks.append(KeyPlayerPick(node: best, newlyCutOff: bestSet.sorted(), stillReached: after.count))
            for v in bestSet { inCurrent[v] = false }
            inCurrent[best] = false
            if isOffender[best] { for w in g.neighbours(best) { offenderNeighbours[Int(w)] -= 1 } }
            current = after
        } else {
            picks.append(KeyPlayerPick(node: best, newlyCutOff: current.subtracting(bestSet).subtracting([best]).sorted(),
                                       stillReached: bestSet.count))
            current = bestSet
        }
        pool.removeAll { $0 == best }
    }
    return picks
}
