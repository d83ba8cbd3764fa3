/// Disjoint sets over `0..<count`: path halving, and trees joined under the smaller root, so
/// every root is the smallest member of its set (components are numbered by their smallest
/// node without a second pass). The one union-find of volt: connected components, co-location
/// groups and a period's peer groups all use it. Noncopyable, over one buffer: no copy-on-write
/// check or reference counting per step, and inlinable so the loops that call it compile as if
/// it were written in them.
public struct UnionFind: ~Copyable {
    @usableFromInline let parent: UnsafeMutablePointer<Int32>
    /// How many elements.
    public let count: Int

    /// `count` singletons.
    public init(count: Int) {
        self.count = count
        parent = .allocate(capacity: max(1, count))
        for v in 0..<count { parent[v] = Int32(v) }
    }

    deinit { parent.deallocate() }

    /// The root of `x`'s set (its smallest member), halving the path on the way.
    @inlinable @inline(__always)
    public func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            let p = Int(parent[x])
            parent[x] = parent[p]
            x = Int(parent[p])
        }
        return x
    }

    /// Joins the sets of `u` and `v` under the smaller root.
    @inlinable @inline(__always)
    public func join(_ u: Int, _ v: Int) {
        let a = find(u), b = find(v)
        if a < b { parent[b] = Int32(a) } else if b < a { parent[a] = Int32(b) }
    }
}
