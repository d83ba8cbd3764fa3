import Testing
import VoltAnalysis
import VoltGraph
import VoltModel

/// Random graphs for brute-force twins.
func randomGraph(nodes: Int, edges: Int, seed: UInt64) -> Graph {
    var rng = SplitMix64(seed: seed)
    var e: [(Int32, Int32, Double)] = []
    for _ in 0..<edges { e.append((Int32(rng.int(nodes)), Int32(rng.int(nodes)), 1)) }
    return Graph(nodeCount: nodes, edges: e)
}

func componentCount(_ g: Graph, without removed: Int? = nil, withoutEdge: (Int, Int)? = nil) -> Int {
    var seen = [Bool](repeating: false, count: g.nodeCount)
    var count = 0
    for s in 0..<g.nodeCount where !seen[s] && s != removed {
        count += 1
        seen[s] = true
        var stack = [s]
        while let u = stack.popLast() {
            for w in g.neighbours(u) {
                let v = Int(w)
                if v == removed || seen[v] { continue }
                if let (a, b) = withoutEdge, (u == a && v == b) || (u == b && v == a) { continue }
                seen[v] = true
                stack.append(v)
            }
        }
    }
    return count
}

@Suite struct StructureTests {
    @Test(arguments: Array(UInt64(1)...20))
    func cutPointsMatchRemovingEachNodeAndTie(_ seed: UInt64) {
        let g = randomGraph(nodes: 40, edges: 50, seed: seed)
        let cuts = cutPoints(g)
        let base = componentCount(g)
        var expected: [(Int, Int)] = []
        for v in 0..<g.nodeCount where g.degree(v) > 0 {
            let after = componentCount(g, without: v)
            if after > base { expected.append((v, after - base + 1)) }
        }
        #expect(cuts.brokers.map(\.node) == expected.map(\.0))
        #expect(cuts.brokers.map(\.pieces) == expected.map(\.1))
        var bridges: [(Int, Int)] = []
        for u in 0..<g.nodeCount {
            for w in g.neighbours(u) where Int(w) > u && componentCount(g, withoutEdge: (u, Int(w))) > base {
                bridges.append((u, Int(w)))
            }
        }
        #expect(cuts.bridges.map(\.0) == bridges.map(\.0) && cuts.bridges.map(\.1) == bridges.map(\.1))
    }

    /// What removing one node cuts off from the largest piece left of its component, by search.
    func cutOffBySearch(_ g: Graph, _ v: Int) -> Int {
        func reach(_ s: Int, without: Int?) -> [Int] {
            var seen: Set<Int> = [s], stack = [s]
            while let u = stack.popLast() {
                for w in g.neighbours(u) where Int(w) != without && seen.insert(Int(w)).inserted { stack.append(Int(w)) }
            }
            return Array(seen)
        }
        let component = reach(v, without: nil).filter { $0 != v }
        var left = Set(component), largest = 0
        while let s = left.first {
            let piece = reach(s, without: v)
            largest = max(largest, piece.count)
            left.subtract(piece)
        }
        return component.count - largest
    }

    @Test(arguments: Array(UInt64(1)...20))
    func eachBrokerCutsOffWhatRemovingThemLeavesApart(_ seed: UInt64) {
        let g = randomGraph(nodes: 40, edges: 45, seed: seed)
        let cuts = cutPoints(g)
        #expect(cuts.cutOff.count == cuts.brokers.count)
        for (k, b) in cuts.brokers.enumerated() { #expect(cuts.cutOff[k] == cutOffBySearch(g, b.node), "node \(b.node)") }
        // The map's marks: at most three, the most cut off first, none cutting off fewer than two.
        let marked = cuts.strongest()
        #expect(marked.count <= 3)
        let byNode = Dictionary(uniqueKeysWithValues: cuts.brokers.enumerated().map { ($0.element.node, cuts.cutOff[$0.offset]) })
        #expect(marked.allSatisfy { byNode[$0]! >= 2 })
        let unmarked = cuts.brokers.map(\.node).filter { !marked.contains($0) }
        if marked.count == 3 { #expect(unmarked.allSatisfy { byNode[$0]! <= byNode[marked[2]]! }) }
        #expect(zip(marked, marked.dropFirst()).allSatisfy { byNode[$0]! >= byNode[$1]! })
    }

    @Test func degreesCountEachNeighbourOnceInEitherDirection() {
        // 0→1 twice (weight 2), 1→0, 0→2, 3 isolated.
        let g = Graph(nodeCount: 4, edges: [(0, 1, 1), (0, 1, 1), (1, 0, 1), (0, 2, 1)], directed: true)
        let d = degrees(g)
        #expect(d.out == [2, 1, 0, 0])
        #expect(d.in == [1, 1, 1, 0])
        #expect(d.distinct == [2, 1, 1, 0])
        #expect(d.weighted == [4, 3, 1, 0])
        let u = degrees(g.undirected)
        #expect(u.distinct == [2, 1, 1, 0] && u.weighted == [4, 3, 1, 0])
    }

    @Test func shortestPathsListEveryRouteUpToTheLimit() {
        // A square 0-1-3, 0-2-3 plus a tail 3-4.
        let g = Graph(nodeCount: 5, edges: [(0, 1, 1), (1, 3, 1), (0, 2, 1), (2, 3, 1), (3, 4, 1)])
        #expect(shortestPaths(g, from: 0, to: 4) == [[0, 1, 3, 4], [0, 2, 3, 4]])
        #expect(shortestPaths(g, from: 0, to: 4, limit: 1).count == 1)
        #expect(shortestPaths(g, from: 4, to: 4) == [[4]])
        let apart = Graph(nodeCount: 3, edges: [(0, 1, 1)])
        #expect(shortestPaths(apart, from: 0, to: 2).isEmpty)
    }

    @Test func egoNetworksGrowByRings() {
        let g = Graph(nodeCount: 6, edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1), (0, 4, 1)])
        #expect(egoNetwork(g, center: 0, hops: 1).map(\.node) == [0, 1, 4])
        #expect(egoNetwork(g, center: 0, hops: 2).map { "\($0.node):\($0.distance)" } == ["0:0", "1:1", "4:1", "2:2"])
    }

    @Test func keyPlayersCutOffTheChildrenOnlyTheyReach() {
        // Offender 0 reaches victims 1 and 2 (2 through 1); offender 3 reaches victim 4;
        // offenders 0 and 3 know each other.
        let g = Graph(nodeCount: 5, edges: [(0, 1, 1), (1, 2, 1), (3, 4, 1), (0, 3, 1)])
        let picks = keyPlayers(g, victims: [1, 2, 4], offenders: [0, 3], candidates: [0, 3], k: 2)
        #expect(picks.map(\.node) == [0, 3])
        #expect(picks[0].newlyCutOff == [1, 2])
        #expect(picks[1].newlyCutOff == [4])
        #expect(picks[1].stillReached == 0)
        // Counting any path: 1 and 2 reach offender 3 only through 0, so removing 0 cuts them off too.
        let anyPath = keyPlayers(g, victims: [1, 2, 4], offenders: [0, 3], candidates: [0, 3], k: 1, within: 0)
        #expect(anyPath[0].node == 0 && anyPath[0].newlyCutOff == [1, 2])
    }
}

/// Key players within one or two steps are scored on each candidate's neighbourhood; a search
/// of the whole graph after each removal (brute force) must give the same picks.
@Suite struct KeyPlayerOracleTests {
    /// Victims reaching a kept offender within `within` steps of the graph without `gone`.
    func reached(_ g: Graph, victims: [Int], offenders: [Int], gone: Set<Int>, within: Int) -> Set<Int> {
        var depth = [Int](repeating: -1, count: g.nodeCount)
        var queue = offenders.filter { !gone.contains($0) }
        for o in queue { depth[o] = 0 }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            guard depth[u] < within else { continue }
            for w in g.undirected.neighbours(u) where depth[Int(w)] < 0 && !gone.contains(Int(w)) {
                depth[Int(w)] = depth[u] + 1
                queue.append(Int(w))
            }
        }
        return Set(victims.filter { depth[$0] >= 0 && !gone.contains($0) })
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func picksEqualBruteForce(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 30 + Int(rng.next() % 40)
        var edges: [(Int32, Int32, Double)] = []
        for _ in 0..<(n + Int(rng.next() % UInt64(2 * n))) {
            let a = Int(rng.next() % UInt64(n)), b = Int(rng.next() % UInt64(n))
            if a != b { edges.append((Int32(a), Int32(b), 1)) }  // parallel ties allowed, as in a store
        }
        let g = Graph(nodeCount: n, edges: edges)
        let offenders = (0..<n).filter { _ in rng.next() % 4 == 0 }
        // Some people are both (victim-offenders).
        let victims = (0..<n).filter { v in !offenders.contains(v) ? rng.next() % 2 == 0 : rng.next() % 3 == 0 }
        let candidates = offenders + victims.filter { _ in rng.next() % 5 == 0 }
        for within in [1, 2] {
            let picks = keyPlayers(g, victims: victims, offenders: offenders, candidates: candidates, k: 3, within: within)
            var gone = Set<Int>(), pool = candidates
            var now = reached(g, victims: victims, offenders: offenders, gone: gone, within: within)
            for p in picks {
                func cut(_ c: Int) -> Set<Int> { now.subtracting(reached(g, victims: victims, offenders: offenders, gone: gone.union([c]), within: within)).subtracting([c]) }
                let most = pool.map { cut($0).count }.max()!
                let best = pool.filter { cut($0).count == most }.max { g.undirected.degree($0) < g.undirected.degree($1) }!
                let first = pool.first { cut($0).count == most && g.undirected.degree($0) == g.undirected.degree(best) }!
                #expect(p.node == first, "seed \(seed) within \(within)")
                #expect(p.newlyCutOff == cut(first).sorted())
                gone.insert(first)
                pool.removeAll { $0 == first }
                now = reached(g, victims: victims, offenders: offenders, gone: gone, within: within)
                #expect(p.stillReached == now.count)
            }
        }
    }
}
