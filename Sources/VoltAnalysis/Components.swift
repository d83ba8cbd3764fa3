import VoltGraph

/// Connected components: peer groups and perpetrator networks.
///
/// Returns a label per node, `0..<count`, numbered in order of each component's smallest node.
/// Direction is ignored (a directed graph's weakly connected components). Breadth-first search
/// over CSR: O(n + m).
public func connectedComponents(_ g: Graph) -> (labels: [Int32], count: Int) {
    let n = g.nodeCount
    var labels = [Int32](repeating: -1, count: n)
    var queue = [Int32](repeating: 0, count: n)
    var count: Int32 = 0
    g.offsets.withUnsafeBufferPointer { off in
    g.targets.withUnsafeBufferPointer { tgt in
    g.inOffsets.withUnsafeBufferPointer { inOff in
    g.inSources.withUnsafeBufferPointer { inSrc in
        labels.withUnsafeMutableBufferPointer { label in
        queue.withUnsafeMutableBufferPointer { q in
            for s in 0..<n where label[s] < 0 {
                label[s] = count
                var head = 0, tail = 1
                q[0] = Int32(s)
                while head < tail {
                    let u = Int(q[head])
                    head += 1
                    for k in off[u]..<off[u + 1] where label[Int(tgt[k])] < 0 {
                        label[Int(tgt[k])] = count
                        q[tail] = tgt[k]
                        tail += 1
                    }
                    if g.isDirected {
                        for k in inOff[u]..<inOff[u + 1] where label[Int(inSrc[k])] < 0 {
                            label[Int(inSrc[k])] = count
                            q[tail] = inSrc[k]
                            tail += 1
                        }
                    }
                }
                count += 1
            }
        }
        }
    }
    }
    }
    }
    return (labels, Int(count))
}
