import VoltGraph
import VoltModel

/// One step of a time-respecting path: across a link, at a time the link was active.
public struct TimedStep: Sendable, Hashable {
    /// Entity index the step leaves.
    public let from: Int
    /// Entity index it reaches.
    public let to: Int
    /// The link (position in the link table).
    public let link: Int
    /// When the step is taken: the later of arriving at `from` and the link's start.
    public let time: Int64
}

/// Earliest arrival at every entity from a starting person, through links in time order.
public struct EarliestArrival: Sendable {
    /// Earliest time each entity can be reached (`Int64.max`: not reachable).
    public let arrival: [Int64]
    /// The step that reached each entity first (nil for the start and the unreachable).
    public let via: [TimedStep?]
    /// The starting entity.
    public let source: Int

    /// The chain of steps from the source to `target`, or nil when it cannot be reached in time.
    public func path(to target: Int) -> [TimedStep]? {
        guard arrival[target] != .max else { return nil }
        var steps: [TimedStep] = []
        var v = target
        while let s = via[v] {
            steps.append(s)
            v = s.from
        }
        return steps.reversed()
    }
}

/// Could something pass from `source` to others through links in time order? A link active over
/// `[start, end]` carries from one end to the other at any moment in it, so it can be taken
/// after arriving at one end no later than its end; the other end is reached at the later of
/// the arrival and the link's start. Travel begins at `period.from` and must arrive by
/// `period.to`. With `directed`, exploits and supplies links carry only from offender to
/// victim. Earliest arrival by a Dijkstra over arrival times: O(m log n).
public func earliestArrival(_ links: TimedLinkTable, entityCount: Int, from source: Int, period: Period = Period(),
                            types: Set<String>? = nil, directed: Bool = false) -> EarliestArrival {
    // Adjacency as CSR over link positions, both ways unless the link is directed.
    let allowed = links.typeNames.map { types?.contains($0) ?? true }
    let oneWay = links.typeNames.indices.map { directed && links.isDirected(UInt16($0)) }
    var degree = [Int](repeating: 0, count: entityCount + 1)
    for k in 0..<links.count where allowed[Int(links.type[k])] {
        degree[Int(links.src[k]) + 1] += 1
        if !oneWay[Int(links.type[k])] { degree[Int(links.dst[k]) + 1] += 1 }
    }
    for i in 0..<entityCount { degree[i + 1] += degree[i] }
    var fill = degree
    var arcLink = [Int32](repeating: 0, count: degree[entityCount])
    var arcTarget = [Int32](repeating: 0, count: degree[entityCount])
    for k in 0..<links.count where allowed[Int(links.type[k])] {
        let u = Int(links.src[k]), v = Int(links.dst[k])
        arcLink[fill[u]] = Int32(k); arcTarget[fill[u]] = Int32(v); fill[u] += 1
        if !oneWay[Int(links.type[k])] { arcLink[fill[v]] = Int32(k); arcTarget[fill[v]] = Int32(u); fill[v] += 1 }
    }
    var arrival = [Int64](repeating: .max, count: entityCount)
    var via = [TimedStep?](repeating: nil, count: entityCount)
    var done = [Bool](repeating: false, count: entityCount)
    arrival[source] = period.from
    var heap = MinHeap()
    heap.push(period.from, source)
    while let (t, u) = heap.pop() {
        guard !done[u], t == arrival[u] else { continue }
        done[u] = true
        for a in degree[u]..<degree[u + 1] {
            let k = Int(arcLink[a]), v = Int(arcTarget[a])
            guard !done[v], links.end[k] >= t else { continue }
            let reach = max(t, links.start[k])
            guard reach <= period.to else { continue }
            if reach < arrival[v] || (reach == arrival[v] && via[v].map { k < $0.link } == true) {
                arrival[v] = reach
                via[v] = TimedStep(from: u, to: v, link: k, time: reach)
                heap.push(reach, v)
            }
        }
    }
    return EarliestArrival(arrival: arrival, via: via, source: source)
}

/// A binary min-heap of (time, entity), ties by entity.
struct MinHeap {
    private var items: [(Int64, Int)] = []

    mutating func push(_ t: Int64, _ v: Int) {
        items.append((t, v))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard items[i] < items[p] else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> (Int64, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l] < items[m] { m = l }
                if r < items.count && items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
