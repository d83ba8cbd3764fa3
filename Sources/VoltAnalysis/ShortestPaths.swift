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

/// A binary min-heap of (distance, node) without per-push allocation once grown.
struct BinaryHeap {
    private var keys: [Double] = []
    private var values: [Int32] = []

    init(capacity: Int) {
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func push(_ k: Double, _ v: Int32) {
        keys.append(k)
        values.append(v)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if keys[p] <= keys[i] { break }
            keys.swapAt(p, i)
            values.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> (Double, Int32)? {
        guard let k = keys.first else { return nil }
        let v = values[0]
        let last = keys.count - 1
        keys.swapAt(0, last)
        values.swapAt(0, last)
        keys.removeLast()
        values.removeLast()
        var i = 0
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && keys[l] < keys[m] { m = l }
            if r < n && keys[r] < keys[m] { m = r }
            if m == i { break }
            keys.swapAt(m, i)
            values.swapAt(m, i)
            i = m
        }
        return (k, v)
    }
}

/// Runs `body(workspace, source, threadIndex)` for every source, split across `threads` threads,
/// each with its own workspace and accumulator of `n` doubles; returns the accumulators summed.
func parallelOverSources(_ g: Graph, sources: [Int], threads: Int,
                         _ body: @Sendable (inout ShortestPathWorkspace, Int, inout [Double]) -> Void) -> [Double] {
    let t = max(1, min(threads, sources.count))
    let results = Accumulators(count: t, size: g.nodeCount)
    DispatchQueue.concurrentPerform(iterations: t) { part in
        var ws = ShortestPathWorkspace(g)
        var acc = [Double](repeating: 0, count: g.nodeCount)
        var i = part
        while i < sources.count {
            body(&ws, sources[i], &acc)
            i += t
        }
        results.store(part, acc)
    }
    return results.sum()
}

/// Per-thread results, each written by exactly one thread before they are summed.
final class Accumulators: @unchecked Sendable {
    private var parts: [[Double]]
    private let lock = NSLock()

    init(count: Int, size: Int) { parts = Array(repeating: [], count: count) }

    func store(_ i: Int, _ values: [Double]) {
        lock.lock()
        parts[i] = values
        lock.unlock()
    }

    /// The parts one after another.
    func concatenated() -> [Double] { parts.flatMap { $0 } }

    func sum() -> [Double] {
        guard var total = parts.first else { return [] }
        for p in parts.dropFirst() where !p.isEmpty { for i in 0..<total.count { total[i] += p[i] } }
        return total
    }
}

/// The number of cores to use by default.
public var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }
