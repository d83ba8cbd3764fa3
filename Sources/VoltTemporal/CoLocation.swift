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

/// Every time two people were seen at the same place within the window: one row per pair of
/// sightings, as contiguous columns. `a < b` always (entity indexes).
public struct Encounters: Sendable {
    /// The person with the lower entity index.
    public var a: [Int32] = []
    /// The other person.
    public var b: [Int32] = []
    /// The location.
    public var place: [Int32] = []
    /// The sighting of `a` (position in the sighting table).
    public var sightingA: [Int32] = []
    /// The sighting of `b`.
    public var sightingB: [Int32] = []
    /// When they were together: the later of the two starts.
    public var time: [Int64] = []

    /// How many encounters.
    public var count: Int { a.count }

    public init() {}

    mutating func append(_ x: Int32, _ y: Int32, place p: Int32, _ sx: Int32, _ sy: Int32, time t: Int64) {
        if x < y {
            a.append(x); b.append(y); sightingA.append(sx); sightingB.append(sy)
        } else {
            a.append(y); b.append(x); sightingA.append(sy); sightingB.append(sx)
        }
        place.append(p)
        time.append(t)
    }
}

/// Finds everyone seen at the same place within the window of each other.
///
/// Sweeps each location's sightings in time order, keeping those still within reach of the
/// current one: O(n + output) after the table's sort, never all pairs. A person's own repeat
/// sightings are not pairs.
public func encounters(_ sightings: SightingTable, types: [VoltType], query: CoLocationQuery) -> Encounters {
    var out = Encounters()
    let n = sightings.count
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
                        out.append(q, p, place: current, Int32(j), Int32(i), time: s)
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
    /// The encounters behind it (positions in `Encounters`), in time order.
    public let evidence: [Int]
}

/// Encounters summed per pair of people: most often together first (then most places, earliest,
/// and by entity index, so the order is the same on every run).
public func coLocatedPairs(_ e: Encounters, minimumCount: Int = 1) -> [CoLocatedPair] {
    let order = (0..<e.count).sorted {
        (e.a[$0], e.b[$0], e.time[$0], $0) < (e.a[$1], e.b[$1], e.time[$1], $1)
    }
    var pairs: [CoLocatedPair] = []
    var i = 0
    while i < order.count {
        var j = i
        let a = e.a[order[i]], b = e.b[order[i]]
        while j < order.count && e.a[order[j]] == a && e.b[order[j]] == b { j += 1 }
        if j - i >= minimumCount {
            let slice = Array(order[i..<j])
            pairs.append(CoLocatedPair(a: Int(a), b: Int(b), count: j - i, places: Set(slice.map { e.place[$0] }).count,
                                       first: e.time[slice.first!], last: e.time[slice.last!], evidence: slice))
        }
        i = j
    }
    return pairs.sorted { ($1.count, $1.places, $0.first, $0.a, $0.b) < ($0.count, $0.places, $1.first, $1.a, $1.b) }
}

/// People joined by co-location: the connected groups of the pairs, largest first, each with
/// its members ascending (entity indexes).
public func coLocationGroups(_ pairs: [CoLocatedPair], entityCount: Int) -> [[Int]] {
    var parent = Array(0..<entityCount)
    func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }
    var touched = Set<Int>()
    for p in pairs {
        touched.insert(p.a)
        touched.insert(p.b)
        let (x, y) = (find(p.a), find(p.b))
        if x != y { parent[max(x, y)] = min(x, y) }
    }
    var groups: [Int: [Int]] = [:]
    for v in touched.sorted() { groups[find(v), default: []].append(v) }
    return groups.values.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
}
