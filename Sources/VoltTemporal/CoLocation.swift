import VoltGraph
import VoltModel

/// A closed time interval `[from, to]`, seconds since 1970 UTC; either side may be open.
public struct Period: Sendable, Hashable {
    /// First second in the period (`Int64.min`: no lower bound).
    public var from: Int64
    /// Last second in the period (`Int64.max`: no upper bound).
    public var to: Int64

    /// A period; the default is all time.
    public init(from: Int64 = .min, to: Int64 = .max) {
        self.from = from
        self.to = to
    }

    /// A time window as the seconds the sweeps compare (an open side is `Int64.min`/`.max`).
    public init(_ window: TimeWindow) {
        self.init(from: window.lowerBound, to: window.upperBound)
    }

    /// Whether `[start, end]` overlaps the period (touching counts).
    @inline(__always)
    public func overlaps(_ start: Int64, _ end: Int64) -> Bool { start <= to && end >= from }

    /// Whether a moment falls in the period.
    @inline(__always)
    public func contains(_ t: Int64) -> Bool { t >= from && t <= to }

    /// Length in seconds (saturating for open periods).
    public var length: Int64 { from == .min || to == .max ? .max : to - from + 1 }
}

/// Who may be paired with whom in a co-location query.
public struct PairRule: Sendable, Hashable {
    /// One side's VOLT types (nil: anyone).
    public var sideA: Set<VoltType>?
    /// The other side's VOLT types (nil: anyone).
    public var sideB: Set<VoltType>?

    /// Anyone with anyone, or one side of `a` and the other of `b`.
    public init(_ a: Set<VoltType>? = nil, _ b: Set<VoltType>? = nil) {
        sideA = a
        sideB = b
    }

    /// Whether two people of these types make an allowed pair (in either order).
    public func allows(_ x: VoltType, _ y: VoltType) -> Bool {
        func inA(_ t: VoltType) -> Bool { sideA?.contains(t) ?? true }
        func inB(_ t: VoltType) -> Bool { sideB?.contains(t) ?? true }
        return (inA(x) && inB(y)) || (inA(y) && inB(x))
    }
}

/// What counts as being together.
public struct CoLocationQuery: Sendable, Hashable {
    /// Two sightings at the same place are together when the gap between them is at most this
    /// many seconds (overlapping sightings have no gap). Zero: only overlapping or simultaneous.
    public var window: Int64
    /// Only sightings overlapping this period.
    public var period = Period()
    /// Only these locations (entity indexes; nil: all).
    public var places: Set<Int32>?
    /// Which pairs of people.
    public var pairs = PairRule()

    /// Together within `window` seconds, anywhere, any time, anyone.
    public init(window: Int64) {
        precondition(window >= 0, "a co-location window cannot be negative")
        self.window = window
    }
}

/// Two sightings of different people at the same place within the window. `a < b` always.
public struct Encounter: Sendable, Hashable {
    /// The person with the lower entity index.
    public let a: Int32
    /// The other person.
    public let b: Int32
    /// The sighting of `a` (position in the sighting table).
    public let sightingA: Int32
    /// The sighting of `b`.
    public let sightingB: Int32
}

/// Every time two people were seen at the same place within the window, sixteen bytes each;
/// place and time are read from the sighting table's columns, shared, not copied.
public struct Encounters: Sendable {
    /// The encounters, grouped by place, in the order of the later sighting.
    public private(set) var items: [Encounter] = []
    private let places: [Int32]
    private let starts: [Int64]

    init(_ table: SightingTable) {
        places = table.place
        starts = table.start
    }

    /// How many encounters.
    public var count: Int { items.count }

    /// The encounter at position `k`.
    public subscript(k: Int) -> Encounter { items[k] }

    /// Where encounter `k` happened.
    public func place(_ k: Int) -> Int32 { places[Int(items[k].sightingA)] }

    /// When: the later of the two starts.
    public func time(_ k: Int) -> Int64 { max(starts[Int(items[k].sightingA)], starts[Int(items[k].sightingB)]) }

    mutating func reserve(_ n: Int) { items.reserveCapacity(n) }

    @inline(__always)
    mutating func append(_ x: Int32, _ y: Int32, _ sx: Int32, _ sy: Int32) {
        items.append(x < y ? Encounter(a: x, b: y, sightingA: sx, sightingB: sy) : Encounter(a: y, b: x, sightingA: sy, sightingB: sx))
    }
}

/// Finds everyone seen at the same place within the window of each other.
///
/// Sweeps each location's sightings in time order, keeping those still within reach of the
/// current one: O(n + output) after the table's sort, never all pairs. A person's own repeat
/// sightings are not pairs.
public func encounters(_ sightings: SightingTable, types: [VoltType], query: CoLocationQuery) -> Encounters {
    var out = Encounters(sightings)
    let n = sightings.count
    out.reserve(n)
    guard n > 0 else { return out }
    let window = query.window
    let period = query.period
    let rule = query.pairs
    let anyone = rule.sideA == nil && rule.sideB == nil
    // Whether each VOLT type can be on some side at all: lets the sweep skip people who can
    // never be in an allowed pair.
    var eligible = [Bool](repeating: true, count: VoltType.allCases.count)
    var typeCode = [Int](repeating: 0, count: types.count)
    let allTypes = VoltType.allCases
    for (k, t) in allTypes.enumerated() {
        eligible[k] = anyone || allTypes.contains { rule.allows(t, $0) }
    }
    var allowed = [Bool](repeating: true, count: allTypes.count * allTypes.count)
    for (i, x) in allTypes.enumerated() { for (j, y) in allTypes.enumerated() { allowed[i * allTypes.count + j] = rule.allows(x, y) } }
    for (i, t) in types.enumerated() { typeCode[i] = allTypes.firstIndex(of: t)! }

    sightings.person.withUnsafeBufferPointer { person in
    sightings.place.withUnsafeBufferPointer { place in
    sightings.start.withUnsafeBufferPointer { start in
    sightings.end.withUnsafeBufferPointer { end in
        var active: [Int32] = []
        active.reserveCapacity(64)
        var current: Int32 = -1
        var placeAllowed = true
        for i in 0..<n {
            if place[i] != current {
                current = place[i]
                active.removeAll(keepingCapacity: true)
                placeAllowed = query.places?.contains(current) ?? true
            }
            guard placeAllowed, period.overlaps(start[i], end[i]) else { continue }
            let p = person[i]
            let pc = typeCode[Int(p)]
            guard eligible[pc] else { continue }
            let s = start[i]
            var kept = 0
            active.withUnsafeMutableBufferPointer { act in
                for k in 0..<act.count {
                    let j = Int(act[k])
                    // Sorted by start: once out of reach, out of reach of every later sighting.
                    if end[j] < s - window { continue }
                    act[kept] = act[k]
                    kept += 1
                    let q = person[j]
                    if q != p && (anyone || allowed[pc * allTypes.count + typeCode[Int(q)]]) {
                        out.append(q, p, Int32(j), Int32(i))
                    }
                }
            }
            active.removeLast(active.count - kept)
            active.append(Int32(i))
        }
    }}}}
    return out
}

/// Two people seen together, with how often, where and when.
public struct CoLocatedPair: Sendable, Hashable {
    /// Entity index of one person (the lower).
    public let a: Int
    /// Entity index of the other.
    public let b: Int
    /// Times seen together (pairs of sightings within the window).
    public let count: Int
    /// Distinct locations where they were seen together.
    public let places: Int
    /// First time together.
    public let first: Int64
    /// Last time together.
    public let last: Int64
    /// The encounters behind it (positions in `Encounters`), in time order. A slice of one
    /// shared array: no allocation per pair.
    public let evidence: ArraySlice<Int32>
}

/// Encounters summed per pair of people: most often together first (then most places, earliest,
/// and by entity index, so the order is the same on every run).
///
/// Buckets the encounters by the first person (a counting sort, O(n)), then sorts each small
/// bucket by (other person, time): no comparison sort over all encounters.
public func coLocatedPairs(_ e: Encounters, minimumCount: Int = 1) -> [CoLocatedPair] {
    let n = e.count
    guard n > 0 else { return [] }
    var maxA = 0
    for x in e.items { maxA = max(maxA, Int(x.a)) }
    var offsets = [Int](repeating: 0, count: maxA + 2)
    for x in e.items { offsets[Int(x.a) + 1] += 1 }
    for i in 0...maxA { offsets[i + 1] += offsets[i] }
    // One pass in sweep order (sightings of a place sit together, so reading their times and
    // places is near-sequential), scattering compact records into their person's bucket.
    struct Record: Comparable {
        let b: Int32, k: Int32, time: Int64, place: Int32
        static func < (x: Record, y: Record) -> Bool { (x.b, x.time, x.k) < (y.b, y.time, y.k) }
    }
    var fill = offsets
    var records = [Record](unsafeUninitializedCapacity: n) { buffer, initialized in
        for (k, x) in e.items.enumerated() {
            let slot = fill[Int(x.a)]
            fill[Int(x.a)] += 1
            (buffer.baseAddress! + slot).initialize(to: Record(b: x.b, k: Int32(k), time: e.time(k), place: e.place(k)))
        }
        initialized = n
    }
    struct Run { let a: Int32, b: Int32, lo: Int, hi: Int, places: Int32, first: Int64, last: Int64 }
    var runs: [Run] = []
    var seen: [Int32] = []
    records.withUnsafeMutableBufferPointer { rec in
        for a in 0...maxA where offsets[a + 1] > offsets[a] {
            let lo = offsets[a], hi = offsets[a + 1]
            if hi - lo > 1 {
                var bucket = UnsafeMutableBufferPointer(rebasing: rec[lo..<hi])
                bucket.sort()
            }
            var i = lo
            while i < hi {
                var j = i
                while j < hi && rec[j].b == rec[i].b { j += 1 }
                if j - i >= minimumCount {
                    // Distinct places: few per pair, so a short scan beats a set.
                    seen.removeAll(keepingCapacity: true)
                    for x in i..<j where !seen.contains(rec[x].place) { seen.append(rec[x].place) }
                    runs.append(Run(a: Int32(a), b: rec[i].b, lo: i, hi: j, places: Int32(seen.count), first: rec[i].time, last: rec[j - 1].time))
                }
                i = j
            }
        }
    }
    let order = records.map(\.k)
    // Sort the plain runs, not the pairs: moving a pair retains and releases its slice.
    runs.sort { x, y in
        let (cx, cy) = (x.hi - x.lo, y.hi - y.lo)
        if cx != cy { return cx > cy }
        if x.places != y.places { return x.places > y.places }
        if x.first != y.first { return x.first < y.first }
        return x.a != y.a ? x.a < y.a : x.b < y.b
    }
    return runs.map { r in
        CoLocatedPair(a: Int(r.a), b: Int(r.b), count: r.hi - r.lo, places: Int(r.places), first: r.first, last: r.last,
                      evidence: order[r.lo..<r.hi])
    }
}

/// People joined by co-location: the connected groups of the pairs, largest first, each with
/// its members ascending (entity indexes).
public func coLocationGroups(_ pairs: [CoLocatedPair], entityCount: Int) -> [[Int]] {
    let sets = UnionFind(count: entityCount)
    let find = { (x: Int) in sets.find(x) }
    var touched = Set<Int>()
    for p in pairs {
        touched.insert(p.a)
        touched.insert(p.b)
        sets.join(p.a, p.b)
    }
    var groups: [Int: [Int]] = [:]
    for v in touched.sorted() { groups[find(v), default: []].append(v) }
    return groups.values.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
}
