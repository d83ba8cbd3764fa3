import Foundation
import VoltGraph

/// The result of an iterative measure, with how it converged.
public struct Iterated: Sendable, Equatable {
    /// One value per node.
    public let values: [Double]
    /// Iterations run.
    public let iterations: Int
    /// True when the change fell below the tolerance before the iteration cap.
    public let converged: Bool
}

/// Eigenvector centrality, scaled so the largest value is 1: a node is central when its
/// neighbours are central. Someone tied to well-connected people scores high even with few ties.
///
/// Power iteration on A + I (the shift keeps bipartite graphs from oscillating and does not
/// change the eigenvector), pulling over in-arcs in a directed graph, until the largest change
/// of a max-scaled value is below `tolerance`. `weighted` uses arc weights.
public func eigenvectorCentrality(_ g: Graph, weighted: Bool = false, tolerance: Double = 1e-14,
                                  maxIterations: Int = 100_000, threads: Int = availableCores) -> Iterated {
    let n = g.nodeCount
    guard n > 0 else { return Iterated(values: [], iterations: 0, converged: true) }
    let chunks = RowChunks(g, threads: threads)
    if !g.isDirected && n > 2 {
        return lanczosEigenvector(g, weighted: weighted, tolerance: tolerance, maxProducts: maxIterations, chunks: chunks)
    }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var next = [Double](repeating: 0, count: n)
    var it = 0
    var converged = false
    while it < maxIterations {
        it += 1
        // next = (A + I) x, and its largest entry.
        let top = x.withUnsafeBufferPointer { x in
            next.withUnsafeMutableBufferPointer { next in
                let xs = Shared(x.baseAddress!), out = SharedMutable(next.baseAddress!)
                return withInArcs(g) { arcs in
                    chunks.map { rows in
                        var top = -Double.infinity
                        for v in rows {
                            let s = xs[v] + arcs.pull(v, xs, weighted: weighted)
                            out[v] = s
                            top = max(top, s)
                        }
                        return top
                    }
                }.max()!
            }
        }
        var change = 0.0
        let scale = 1 / top
        for v in 0..<n {
            next[v] *= scale
            change = max(change, abs(next[v] - x[v]))
        }
        swap(&x, &next)
        if change < tolerance {
            converged = true
            break
        }
    }
    return Iterated(values: x, iterations: it, converged: converged)
}

/// The leading eigenvector of a symmetric (undirected) graph by restarted Lanczos: 12 steps
/// build an orthonormal Krylov basis (fully reorthogonalised), the small tridiagonal matrix's
/// top eigenvector gives the Ritz vector, and the next cycle starts from it. Where the gap to
/// the second eigenvalue is small (peer groups of similar size and density), power iteration
/// needs hundreds of products (595 on a 10k-person area); Lanczos needs about a hundred. The
/// cycle length trades products against reorthogonalisation, which costs O(k²n) a cycle: 12
/// measured fastest (8–16 within 15%; 32 was twice as slow). Converged when the max-scaled vector changes by less than
/// `tolerance` between cycles (or stops changing at rounding level). `iterations` counts
/// matrix–vector products.
func lanczosEigenvector(_ g: Graph, weighted: Bool, tolerance: Double, maxProducts: Int,
                        chunks: RowChunks) -> Iterated {
    let n = g.nodeCount
    let k = min(n, 12)
    var basis = [Double](repeating: 0, count: (k + 1) * n)
    var x = [Double](repeating: 1, count: n)
    var previous: [Double]?
    var products = 0, cycles = 0
    var lastChange = Double.infinity
    var converged = false
    while products < maxProducts {
        cycles += 1
        var alpha: [Double] = [], beta: [Double] = []
        basis.withUnsafeMutableBufferPointer { basis in
            let b = basis.baseAddress!
            let norm = sqrt(x.reduce(0) { $0 + $1 * $1 })
            for i in 0..<n { b[i] = x[i] / norm }
            for j in 0..<k {
                let v = b + j * n, w = b + (j + 1) * n
                multiply(g, weighted: weighted, SharedMutable(v), into: SharedMutable(w), chunks: chunks)
                products += 1
                let a = dot(w, v, n)
                alpha.append(a)
                // Full reorthogonalisation against every basis vector so far.
                for i in 0...j {
                    let vi = b + i * n
                    let c = dot(w, vi, n)
                    for t in 0..<n { w[t] -= c * vi[t] }
                }
                let wn = sqrt(dot(w, w, n))
                if j == k - 1 || wn <= 1e-12 * max(abs(a), 1) { break }
                beta.append(wn)
                for t in 0..<n { w[t] /= wn }
            }
            let y = topEigenvectorOfTridiagonal(alpha, beta)
            for t in 0..<n { x[t] = 0 }
            for (i, c) in y.enumerated() {
                let vi = b + i * n
                for t in 0..<n { x[t] += c * vi[t] }
            }
        }
        // Scale so the largest entry is 1 (which also fixes the sign).
        var at = 0
        for t in 1..<n where abs(x[t]) > abs(x[at]) { at = t }
        let pivot = x[at]
        for t in 0..<n { x[t] /= pivot }
        if let previous {
            var change = 0.0
            for t in 0..<n { change = max(change, abs(x[t] - previous[t])) }
            if change < tolerance || (cycles > 3 && change >= lastChange && change < 1e-12) {
                converged = true
                break
            }
            lastChange = change
        }
        previous = x
    }
    for t in 0..<n where x[t] < 0 { x[t] = 0 }  // rounding below zero: no centrality
    return Iterated(values: x, iterations: products, converged: converged)
}

private func dot(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
    var s = 0.0
    for i in 0..<n { s += a[i] * b[i] }
    return s
}

/// w = A v over the in-arcs (the same arcs, undirected), rows split across threads.
private func multiply(_ g: Graph, weighted: Bool, _ v: SharedMutable, into w: SharedMutable, chunks: RowChunks) {
    let values = Shared(UnsafePointer(v.base))
    withInArcs(g) { arcs in
        _ = chunks.map { rows in
            for r in rows { w[r] = arcs.pull(r, values, weighted: weighted) }
            return 0
        }
    }
}

/// The eigenvector of the largest eigenvalue of the symmetric tridiagonal matrix with diagonal
/// `alpha` and off-diagonal `beta`, by cyclic Jacobi rotations (the matrix is at most 12 × 12).
func topEigenvectorOfTridiagonal(_ alpha: [Double], _ beta: [Double]) -> [Double] {
    let m = alpha.count
    var a = [Double](repeating: 0, count: m * m)
    var v = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
        a[i * m + i] = alpha[i]
        v[i * m + i] = 1
        if i + 1 < m && i < beta.count {
            a[i * m + i + 1] = beta[i]
            a[(i + 1) * m + i] = beta[i]
        }
    }
    for _ in 0..<100 {
        var off = 0.0, total = 0.0
        for i in 0..<m {
            for j in 0..<m {
                total += a[i * m + j] * a[i * m + j]
                if i != j { off += a[i * m + j] * a[i * m + j] }
            }
        }
        if off <= 1e-30 * total { break }
        for p in 0..<m {
            for q in (p + 1)..<max(m, p + 1) where a[p * m + q] != 0 {
                let theta = (a[q * m + q] - a[p * m + p]) / (2 * a[p * m + q])
                let t = (theta >= 0 ? 1 : -1) / (abs(theta) + sqrt(theta * theta + 1))
                let c = 1 / sqrt(t * t + 1), s = t * c
                for r in 0..<m {
                    let arp = a[r * m + p], arq = a[r * m + q]
                    a[r * m + p] = c * arp - s * arq
                    a[r * m + q] = s * arp + c * arq
                }
                for r in 0..<m {
                    let apr = a[p * m + r], aqr = a[q * m + r]
                    a[p * m + r] = c * apr - s * aqr
                    a[q * m + r] = s * apr + c * aqr
                }
                for r in 0..<m {
                    let vrp = v[r * m + p], vrq = v[r * m + q]
                    v[r * m + p] = c * vrp - s * vrq
                    v[r * m + q] = s * vrp + c * vrq
                }
            }
        }
    }
    var top = 0
    for i in 1..<max(m, 1) where a[i * m + i] > a[top * m + top] { top = i }
    return (0..<m).map { v[$0 * m + top] }
}

/// PageRank with damping `damping` (0.85 by default): the share of time a random walker who
/// follows links, and now and then jumps anywhere, spends at each node. Values sum to 1.
/// Nodes with no out-arcs spread their share evenly (as networkx does). Pull iteration over
/// in-arcs until the summed absolute change is below `tolerance`, rows split across `threads`.
public func pageRank(_ g: Graph, damping: Double = 0.85, weighted: Bool = false,
                     tolerance: Double = 1e-14, maxIterations: Int = 10_000, threads: Int = availableCores) -> Iterated {
    let n = g.nodeCount
    guard n > 0 else { return Iterated(values: [], iterations: 0, converged: true) }
    // Out-strength of every node.
    var outStrength = [Double](repeating: 0, count: n)
    for u in 0..<n {
        if weighted {
            for k in g.offsets[u]..<g.offsets[u + 1] { outStrength[u] += g.weights[k] }
        } else {
            outStrength[u] = Double(g.offsets[u + 1] - g.offsets[u])
        }
    }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var share = [Double](repeating: 0, count: n)  // x[u] / outStrength[u]
    var next = [Double](repeating: 0, count: n)
    let chunks = RowChunks(g, threads: threads)
    var it = 0
    var converged = false
    while it < maxIterations {
        it += 1
        var dangling = 0.0
        for u in 0..<n {
            if outStrength[u] > 0 { share[u] = x[u] / outStrength[u] } else { share[u] = 0; dangling += x[u] }
        }
        let base = (1 - damping) / Double(n) + damping * dangling / Double(n)
        let change = share.withUnsafeBufferPointer { share in
            x.withUnsafeBufferPointer { x in
                next.withUnsafeMutableBufferPointer { next in
                    let shares = Shared(share.baseAddress!), xs = Shared(x.baseAddress!), out = SharedMutable(next.baseAddress!)
                    return withInArcs(g) { arcs in
                        chunks.map { rows in
                            var change = 0.0
                            for v in rows {
                                let value = base + damping * arcs.pull(v, shares, weighted: weighted)
                                out[v] = value
                                change += abs(value - xs[v])
                            }
                            return change
                        }
                    }.reduce(0.0) { $0 + $1 }
                }
            }
        }
        swap(&x, &next)
        if change < tolerance {
            converged = true
            break
        }
    }
    return Iterated(values: x, iterations: it, converged: converged)
}
