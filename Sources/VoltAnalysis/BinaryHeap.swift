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
