import VoltGraph

/// Core number of every node (k-core decomposition): the largest k such that the node belongs
/// to a subgraph where every node has at least k neighbours. The tight centre of a network has
/// the highest core number. Batagelj–Zaversnik bucket algorithm, O(n + m); direction ignored.
public func coreNumbers(_ graph: Graph) -> [Int] {
    let g = graph.undirected
    let n = g.nodeCount
    guard n > 0 else { return [] }
    var deg = (0..<n).map { g.degree($0) }
    let maxDeg = deg.max() ?? 0
    var bin = [Int](repeating: 0, count: maxDeg + 1)
    for d in deg { bin[d] += 1 }
    var start = 0
    for d in 0...maxDeg {
        let c = bin[d]
        bin[d] = start
        start += c
    }
    var pos = [Int](repeating: 0, count: n), vert = [Int](repeating: 0, count: n)
    for v in 0..<n {
        pos[v] = bin[deg[v]]
        vert[pos[v]] = v
        bin[deg[v]] += 1
    }
    for d in stride(from: maxDeg, to: 0, by: -1) { bin[d] = bin[d - 1] }
    bin[0] = 0
    for i in 0..<n {
        let v = vert[i]
        for k in g.offsets[v]..<g.offsets[v + 1] {
            let u = Int(g.targets[k])
            if deg[u] > deg[v] {
                let du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw]
                if u != w {
                    pos[u] = pw
                    vert[pu] = w
                    pos[w] = pu
                    vert[pw] = u
                }
                bin[du] += 1
                deg[u] -= 1
            }
        }
    }
    return deg
}
