import Testing
import VoltAnalysis
import VoltGraph
import VoltModel

/// The fast kernels (counting-sort CSR, Afforest components, 64-source BFS, Lanczos) against
/// plain twins written for clarity, on random graphs with many components, repeated ties,
/// self-ties and isolated people.
@Suite struct FastKernelTests {
    /// Adjacency by dictionary: the obvious construction the CSR must equal.
    func naiveAdjacency(_ n: Int, _ edges: [(Int32, Int32, Double)], directed: Bool) -> [[(Int32, Double)]] {
        var maps = [[Int32: Double]](repeating: [:], count: n)
        for (u, v, w) in edges where u != v {
            maps[Int(u)][v, default: 0] += w
            if !directed { maps[Int(v)][u, default: 0] += w }
        }
        return maps.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    @Test(arguments: Array(UInt64(1)...12))
    func csrEqualsTheDictionaryConstruction(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 1 + rng.int(120)
        // Some nodes get more than 32 ties, so both per-node sorts are used.
        let edges = (0..<rng.int(2_000)).map { _ in
            (Int32(rng.int(min(n, 3))), Int32(rng.int(n)), Double(1 + rng.int(3)))
        } + (0..<rng.int(300)).map { _ in (Int32(rng.int(n)), Int32(rng.int(n)), 0.5) }
        for directed in [false, true] {
            let g = Graph(nodeCount: n, edges: edges, directed: directed)
            let expected = naiveAdjacency(n, edges, directed: directed)
            for u in 0..<n {
                let got = (g.offsets[u]..<g.offsets[u + 1]).map { (g.targets[$0], g.weights[$0]) }
                #expect(got.map(\.0) == expected[u].map(\.0), "node \(u)")
                #expect(zip(got, expected[u]).allSatisfy { abs($0.1 - $1.1) < 1e-12 }, "node \(u) weights")
            }
            if directed {
                let reversed = naiveAdjacency(n, edges.map { ($1, $0, $2) }, directed: true)
                for u in 0..<n {
                    #expect((g.inOffsets[u]..<g.inOffsets[u + 1]).map { g.inSources[$0] } == reversed[u].map(\.0))
                }
            }
        }
    }

    @Test(arguments: Array(UInt64(1)...20))
    func componentsEqualASearchFromEveryNode(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 1 + rng.int(400)
        // Sparse enough for many components; sometimes one giant one.
        let m = rng.int(2) == 0 ? n / 2 : 2 * n
        for directed in [false, true] {
            let edges = (0..<m).map { _ in (Int32(rng.int(n)), Int32(rng.int(n)), 1.0) }
            let g = Graph(nodeCount: n, edges: edges, directed: directed)
            let undirected = Graph(nodeCount: n, edges: edges)
            let (labels, count) = connectedComponents(g)
            // The twin: label by a search from each unlabelled node in order.
            var expected = [Int32](repeating: -1, count: n)
            var next: Int32 = 0
            for s in 0..<n where expected[s] < 0 {
                expected[s] = next
                var stack = [s]
                while let u = stack.popLast() {
                    for w in undirected.neighbours(u) where expected[Int(w)] < 0 {
                        expected[Int(w)] = next
                        stack.append(Int(w))
                    }
                }
                next += 1
            }
            #expect(labels == expected)
            #expect(count == Int(next))
        }
    }

    @Test(arguments: Array(UInt64(1)...8))
    func harmonicOfSampledNodesEqualsOneSearchEach(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 50 + rng.int(300)
        let g = randomGraph(nodes: n, edges: n + rng.int(3 * n), seed: seed)
        // More than 64 sources (two batches), with repeats.
        let sources = (0..<(40 + rng.int(100))).map { _ in rng.int(n) }
        let fast = harmonicCloseness(g, of: sources)
        for (i, s) in sources.enumerated() {
            let d = hopDistances(g, from: s)
            let expected = d.reduce(0.0) { $1 > 0 ? $0 + 1 / Double($1) : $0 }
            #expect(abs(fast[i] - expected) < 1e-9 * max(1, expected), "source \(s)")
        }
        // And the whole graph the same way (every node a source).
        let all = harmonicCloseness(g, threads: 1)
        for s in stride(from: 0, to: n, by: 7) {
            let expected = hopDistances(g, from: s).reduce(0.0) { $1 > 0 ? $0 + 1 / Double($1) : $0 }
            #expect(abs(all[s] - expected) < 1e-9 * max(1, expected))
        }
    }

    @Test(arguments: Array(UInt64(1)...10))
    func lanczosEqualsPowerIteration(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let n = 30 + rng.int(300)
        // Connected enough for a unique leading eigenvector: a ring plus random ties.
        var edges = (0..<n).map { (Int32($0), Int32(($0 + 1) % n), 1.0) }
        edges += (0..<(2 * n)).map { _ in (Int32(rng.int(n)), Int32(rng.int(n)), Double(1 + rng.int(4))) }
        let g = Graph(nodeCount: n, edges: edges)
        for weighted in [false, true] {
            let fast = eigenvectorCentrality(g, weighted: weighted, tolerance: 1e-12)
            #expect(fast.converged)
            let power = powerIteration(g, weighted: weighted)
            #expect(zip(fast.values, power).allSatisfy { abs($0 - $1) < 1e-8 }, "seed \(seed) weighted \(weighted)")
            #expect(fast.values.max() == 1)
        }
    }

    /// The plain power iteration on A + I, scaled so the largest value is 1.
    func powerIteration(_ g: Graph, weighted: Bool) -> [Double] {
        var x = [Double](repeating: 1, count: g.nodeCount)
        for _ in 0..<200_000 {
            var next = x
            for v in 0..<g.nodeCount {
                for k in g.offsets[v]..<g.offsets[v + 1] { next[v] += (weighted ? g.weights[k] : 1) * x[Int(g.targets[k])] }
            }
            let top = next.max()!
            next = next.map { $0 / top }
            let change = zip(next, x).map { abs($0 - $1) }.max()!
            x = next
            if change < 1e-14 { break }
        }
        return x
    }
}
