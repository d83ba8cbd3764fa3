import VoltGraph

/// A graph's in-arcs by pointer, for worker threads, valid inside `withInArcs`.
struct InArcs: @unchecked Sendable {
    let offsets: UnsafePointer<Int>, sources: UnsafePointer<Int32>, weights: UnsafePointer<Double>

    /// Σ of `v` over row `r`'s in-arcs, each times its weight when `weighted`: the inner loop of
    /// every product here.
    @inline(__always)
    func pull(_ r: Int, _ v: Shared, weighted: Bool) -> Double {
        var s = 0.0
        if weighted {
            for k in offsets[r]..<offsets[r + 1] { s += weights[k] * v[Int(sources[k])] }
        } else {
            for k in offsets[r]..<offsets[r + 1] { s += v[Int(sources[k])] }
        }
        return s
    }
}

/// Calls `body` with the graph's in-arcs by pointer.
func withInArcs<T>(_ g: Graph, _ body: (InArcs) -> T) -> T {
    g.inOffsets.withUnsafeBufferPointer { off in
        g.inSources.withUnsafeBufferPointer { src in
            g.inWeights.withUnsafeBufferPointer { w in
                // A graph with no arcs may give no addresses; nothing is then read through them.
                body(InArcs(offsets: off.baseAddress!, sources: src.baseAddress ?? noArcs.sources,
                            weights: w.baseAddress ?? noArcs.weights))
            }
        }
    }
}

private nonisolated(unsafe) let noArcs = (sources: UnsafePointer(UnsafeMutablePointer<Int32>.allocate(capacity: 1)),
                                           weights: UnsafePointer(UnsafeMutablePointer<Double>.allocate(capacity: 1)))
