import Foundation
import VoltGraph

/// How path length is measured. Unweighted: every edge is one step. Weighted: an edge's length
/// is 1 / weight, so a pair with more links between them is closer (for volt, weight is the
/// number of links, a measure of strength, not of distance).
public enum PathLength: Sendable {
    case hops
    case inverseWeight
}

/// Reusable buffers for single-source shortest paths, so that running from every source
/// allocates nothing per source.
struct ShortestPathWorkspace {
    var dist: [Double]
    var sigma: [Double]
    var order: [Int32]          // nodes in order of settling (non-decreasing distance)
    var orderCount = 0
    var predCount: [Int32]      // predecessors of w live at predBuffer[inOffsets[w] ..< + predCount[w]]
    var predBuffer: [Int32]
    var deltaScratch: [Double]  // Brandes' dependencies, zero between runs
    var heap: BinaryHeap

    init(_ g: Graph) {
        let n = g.nodeCount
        dist = [Double](repeating: .infinity, count: n)
        sigma = [Double](repeating: 0, count: n)
        order = [Int32](repeating: 0, count: n)
        predCount = [Int32](repeating: 0, count: n)
        predBuffer = [Int32](repeating: 0, count: max(g.inSources.count, 1))
        deltaScratch = [Double](repeating: 0, count: n)
        heap = BinaryHeap(capacity: n)
    }

    /// Shortest paths from `s`, following out-arcs. Fills `dist`, `sigma` (number of shortest
    /// paths), predecessors and the settling order. Resets only what the previous run touched.
    mutating func run(_ g: Graph, from s: Int, length: PathLength) {
        for i in 0..<orderCount {
            let v = Int(order[i])
            dist[v] = .infinity
            sigma[v] = 0
            predCount[v] = 0
        }
        orderCount = 0
        switch length {
        case .hops: bfs(g, s)
        case .inverseWeight: dijkstra(g, s)
        }
    }

    private mutating func bfs(_ g: Graph, _ s: Int) {
        dist[s] = 0
        sigma[s] = 1
        g.offsets.withUnsafeBufferPointer { off in
        g.targets.withUnsafeBufferPointer { tgt in
        g.inOffsets.withUnsafeBufferPointer { inOff in
        dist.withUnsafeMutableBufferPointer { dist in
        sigma.withUnsafeMutableBufferPointer { sigma in
        order.withUnsafeMutableBufferPointer { order in
        predCount.withUnsafeMutableBufferPointer { pc in
        predBuffer.withUnsafeMutableBufferPointer { pb in
            var head = 0, tail = 1
            order[0] = Int32(s)
            while head < tail {
                let v = Int(order[head])
                head += 1
                let dv = dist[v] + 1
                for k in off[v]..<off[v + 1] {
                    let w = Int(tgt[k])
                    if dist[w] == .infinity {
                        dist[w] = dv
                        order[tail] = Int32(w)
                        tail += 1
                    }
                    if dist[w] == dv {
                        sigma[w] += sigma[v]
                        pb[inOff[w] + Int(pc[w])] = Int32(v)
                        pc[w] += 1
                    }
                }
            }
            orderCount = tail
        }
        }
        }
        }
        }
        }
        }
        }
    }

    private mutating func dijkstra(_ g: Graph, _ s: Int) {
        dist[s] = 0
        sigma[s] = 1
        heap.removeAll()
        heap.push(0, Int32(s))
        var settled = 0
        while let (d, v32) = heap.pop() {
            let v = Int(v32)
            if d > dist[v] { continue }  // a stale entry
            order[settled] = v32
            settled += 1
            for k in g.offsets[v]..<g.offsets[v + 1] {
                let w = Int(g.targets[k])
                let nd = d + 1 / g.weights[k]
                let old = dist[w]
                // Equal within rounding: sums of 1/weight taken in different orders can differ
                // in the last bits, and such paths are equally short.
                if old == .infinity || nd < old - 1e-12 * old {
                    dist[w] = nd
                    sigma[w] = sigma[v]
                    predBuffer[g.inOffsets[w]] = v32
                    predCount[w] = 1
                    heap.push(nd, Int32(w))
                } else if nd - old <= 1e-12 * old {
                    sigma[w] += sigma[v]
                    predBuffer[g.inOffsets[w] + Int(predCount[w])] = v32
                    predCount[w] += 1
                }
            }
        }
        orderCount = settled
    }
}
