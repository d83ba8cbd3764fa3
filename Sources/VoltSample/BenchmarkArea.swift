import VoltModel

/// The benchmark sizes: S (1k people / 5k ties), M (10k / 50k), ML (50k / 250k, the size the
/// community-detection target is set at), L (100k / 1M), XL (1M / 10M), each with ten
/// sightings per person.
public enum BenchmarkSize: String, CaseIterable, Sendable {
    case s = "S", m = "M", ml = "ML", l = "L", xl = "XL"

    /// People (graph nodes).
    public var nodes: Int { [.s: 1_000, .m: 10_000, .ml: 50_000, .l: 100_000, .xl: 1_000_000][self]! }
    /// Distinct ties (undirected edges).
    public var edges: Int { [.s: 5_000, .m: 50_000, .ml: 250_000, .l: 1_000_000, .xl: 10_000_000][self]! }
    /// Sightings of people at places.
    public var sightings: Int { nodes * 10 }
}

/// A seeded synthetic area for benchmarks: a planted-partition graph of peer groups (5–50
/// people) with most ties inside groups, and sightings of those people at places with planted
/// co-travelling groups. The same seed gives the same area on every platform.
public struct BenchmarkArea: Sendable {
    /// Number of people.
    public let nodes: Int
    /// Tie endpoints, `source[i]`–`target[i]`, each unordered pair once, no self-ties, in random
    /// order.
    public let source: [Int32]
    public let target: [Int32]
    /// The planted peer group of each person.
    public let group: [Int32]
    /// Sightings: who, where (place number), when (seconds into the year).
    public let sightingPerson: [Int32]
    public let sightingPlace: [Int32]
    public let sightingTime: [Int64]
    /// Number of places.
    public let places: Int

    /// Generates an area of `nodes` people, `edges` distinct ties (`insideShare` of the ties
    /// drawn inside a peer group), and `sightings` sightings (a third in planted groups of 3–8
    /// people seen at one place within 20 minutes).
    public init(nodes: Int, edges: Int, sightings: Int, insideShare: Double = 0.8, seed: UInt64 = 42) {
        precondition(nodes >= 60 && edges <= nodes * (nodes - 1) / 4)
        self.nodes = nodes
        var rng = SplitMix64(seed: seed)
        // Peer groups of 5–50 people, in order; the last one takes what is left.
        var group = [Int32](repeating: 0, count: nodes)
        var start = [Int](), size = [Int]()
        var v = 0
        while v < nodes {
            var s = 5 + rng.int(46)
            if nodes - (v + s) < 5 { s = nodes - v }
            start.append(v); size.append(s)
            for k in v..<(v + s) { group[k] = Int32(start.count - 1) }
            v += s
        }
        self.group = group
        // Draw candidate ties, keep distinct pairs; draw again until there are enough.
        var keys: [UInt64] = []
        keys.reserveCapacity(edges + edges / 8)
        while keys.count < edges {
            let want = (edges - keys.count) + (edges - keys.count) / 16 + 16
            for _ in 0..<want {
                let u = rng.int(nodes)
                let w: Int
                if rng.unit() < insideShare {
                    let gi = Int(group[u])
                    w = start[gi] + rng.int(size[gi])
                } else {
                    w = rng.int(nodes)
                }
                guard u != w else { continue }
                keys.append(UInt64(min(u, w)) << 32 | UInt64(max(u, w)))
            }
            keys.sort()
            var j = 0
            for i in keys.indices where i == 0 || keys[i] != keys[j - 1] {
                keys[j] = keys[i]
                j += 1
            }
            keys.removeLast(keys.count - j)
        }
        // Random order (a random subset when over), so that files do not arrive sorted.
        for i in stride(from: keys.count - 1, to: 0, by: -1) { keys.swapAt(i, rng.int(i + 1)) }
        keys.removeLast(keys.count - edges)
        source = keys.map { Int32(truncatingIfNeeded: $0 >> 32) }
        target = keys.map { Int32(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
        // Sightings over a year; a place per 20 people.
        let year: Int64 = 365 * 86_400
        let places = max(5, nodes / 20)
        self.places = places
        var person = [Int32](), place = [Int32](), time = [Int64]()
        person.reserveCapacity(sightings); place.reserveCapacity(sightings); time.reserveCapacity(sightings)
        while person.count < sightings {
            if rng.int(3) == 0 {
                // A planted co-travelling group: people of one peer group at one place.
                let gi = rng.int(start.count)
                let n = min(3 + rng.int(6), size[gi])
                let at = Int32(rng.int(places)), t = rng.int64(year)
                for k in 0..<n where person.count < sightings {
                    person.append(Int32(start[gi] + k)); place.append(at); time.append(t + rng.int64(1200))
                }
            } else {
                person.append(Int32(rng.int(nodes))); place.append(Int32(rng.int(places))); time.append(rng.int64(year))
            }
        }
        sightingPerson = person
        sightingPlace = place
        sightingTime = time
    }

    /// The area at a benchmark size.
    public init(_ size: BenchmarkSize, seed: UInt64 = 42) {
        self.init(nodes: size.nodes, edges: size.edges, sightings: size.sightings, seed: seed)
    }
}
