import Testing
import VoltAnalysis
import VoltGraph
import VoltModel

/// Preferential attachment (Barabási–Albert): each new node links to `m` earlier nodes chosen
/// in proportion to their degree. Hubs and a long tail, like offender networks.
func preferentialAttachment(nodes: Int, m: Int, seed: UInt64) -> Graph {
    var rng = SplitMix64(seed: seed)
    var ends: [Int32] = []
    var edges: [(Int32, Int32, Double)] = []
    for v in 1..<nodes {
        var chosen = Set<Int32>()
        while chosen.count < min(m, v) {
            let u = ends.isEmpty ? Int32(rng.int(v)) : (rng.unit() < 0.5 ? ends[rng.int(ends.count)] : Int32(rng.int(v)))
            chosen.insert(u)
        }
        for u in chosen {
            edges.append((Int32(v), u, 1))
            ends.append(u)
            ends.append(Int32(v))
        }
    }
    return Graph(nodeCount: nodes, edges: edges)
}

@Suite struct SampledBetweennessTests {
    @Test func tenThousandNodesWithinEpsilonAndTheSameTopTen() {
        let g = preferentialAttachment(nodes: 10_000, m: 2, seed: 7)
        let exact = betweenness(g)
        let approx = approximateBetweenness(g, epsilon: 0.005, delta: 0.1, seed: 3)
        let pairs = Double(g.nodeCount) * Double(g.nodeCount - 1) / 2
        let worst = zip(exact, approx.values).map { abs($0 - $1) / pairs }.max() ?? 0
        #expect(worst <= approx.epsilon, "largest normalised error \(worst) with \(approx.samples) samples")
        let top = { (v: [Double]) in Set(v.indices.sorted { v[$0] > v[$1] }.prefix(10)) }
        #expect(top(exact).intersection(top(approx.values)).count >= 9)
    }

    @Test func theSameSeedGivesTheSameEstimateOnAnyNumberOfThreads() {
        let g = preferentialAttachment(nodes: 500, m: 2, seed: 1)
        let a = approximateBetweenness(g, epsilon: 0.05, seed: 9, threads: 1)
        let b = approximateBetweenness(g, epsilon: 0.05, seed: 9, threads: 2)
        #expect(a == b)
        #expect(a.samples > 0 && a.vertexDiameterBound >= 3)
    }

    @Test func aPathGraphIsEstimatedExactlyInTheMiddle() {
        // On a path every pair has one shortest path: the estimate of the middle node must
        // approach its exact share as samples grow.
        let g = Graph(nodeCount: 5, edges: [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1)])
        let a = approximateBetweenness(g, epsilon: 0.01, seed: 2)
        let exact = betweenness(g)
        for v in 0..<5 { #expect(abs(a.values[v] - exact[v]) / 10 <= 0.01) }
        #expect(a.values[0] == 0 && a.values[4] == 0)
    }
}
