import VoltGraph
import VoltModel

/// A child's missing episodes in a period.
public struct RepeatMissing: Sendable, Hashable {
    /// Entity index of the child.
    public let person: Int
    /// Episodes overlapping the period.
    public let episodes: Int
    /// Whether the child is still missing (an episode with no end).
    public let stillMissing: Bool
    /// Total time missing within the period, in seconds (open episodes counted to `asOf`).
    public let secondsMissing: Int64
    /// The episodes (positions in the missing table), in time order.
    public let evidence: [Int]
}

/// Missing episodes per child in `period`, most episodes first (then longest missing, then
/// entity index). Open episodes count up to `asOf`.
public func repeatMissing(_ m: MissingTable, period: Period = Period(), asOf: Int64) -> [RepeatMissing] {
    var byChild: [Int32: [Int]] = [:]
    for i in 0..<m.count where period.overlaps(m.start[i], m.end[i]) { byChild[m.person[i], default: []].append(i) }
    return byChild.map { child, eps in
        let seconds = eps.reduce(Int64(0)) { sum, i in
            let from = max(m.start[i], period.from), to = min(m.end[i], period.to, max(asOf, m.start[i]))
            return sum + max(0, to - from)
        }
        return RepeatMissing(person: Int(child), episodes: eps.count, stillMissing: eps.contains { m.end[$0] == .max },
                             secondsMissing: seconds, evidence: eps)
    }
    .sorted { ($1.episodes, $1.secondsMissing, $0.person) < ($0.episodes, $0.secondsMissing, $1.person) }
}

/// Two children missing at the same time, as often as it happened.
public struct MissingTogether: Sendable, Hashable {
    /// Entity index of one child (the lower).
    public let a: Int
    /// Entity index of the other.
    public let b: Int
    /// Pairs of episodes that overlapped by at least the threshold.
    public let times: Int
    /// Total overlap, in seconds.
    public let secondsTogether: Int64
    /// Of those, how many ended with both found at the same place.
    public let foundTogether: Int
    /// First time they went missing together (the later of the two starts).
    public let first: Int64
    /// Last time.
    public let last: Int64
    /// The pairs of episodes (positions in the missing table: `a`'s, then `b`'s), in time order.
    public let evidence: [(Int, Int)]

    public static func == (x: MissingTogether, y: MissingTogether) -> Bool {
        x.a == y.a && x.b == y.b && x.times == y.times && x.secondsTogether == y.secondsTogether
            && x.foundTogether == y.foundTogether && x.first == y.first && x.last == y.last
            && x.evidence.map { [$0.0, $0.1] } == y.evidence.map { [$0.0, $0.1] }
    }

    public func hash(into h: inout Hasher) {
        h.combine(a)
        h.combine(b)
        h.combine(times)
    }
}

/// What counts as missing together.
public struct MissingTogetherQuery: Sendable, Hashable {
    /// Episodes must overlap by at least this many seconds (default 30 minutes).
    public var minimumOverlap: Int64 = 1800
    /// Only episodes overlapping this period.
    public var period = Period()
    /// Open episodes are counted as lasting until this moment.
    public var asOf: Int64
    /// Only pairs found at the same place (both episodes record where, and it is the same).
    public var samePlace = false

    /// Missing together for at least 30 minutes, as of `asOf`.
    public init(asOf: Int64) { self.asOf = asOf }
}

/// Children whose missing episodes overlap by at least the threshold, most often together first
/// (then longest together, then entity indexes).
///
/// Sweeps the episodes in order of start, keeping those that still reach far enough past the
/// current start: O(n log n + output).
public func missingTogether(_ m: MissingTable, query: MissingTogetherQuery) -> [MissingTogether] {
    let threshold = query.minimumOverlap
    func end(_ i: Int) -> Int64 { m.end[i] == .max ? max(query.asOf, m.start[i]) : m.end[i] }
    var active: [Int] = []
    var found: [UInt64: [(Int, Int, Int64)]] = [:]  // pair key -> (episode of a, episode of b, overlap)
    // The table is sorted by start.
    for i in 0..<m.count where query.period.overlaps(m.start[i], m.end[i]) {
        let s = m.start[i], e = end(i)
        active.removeAll { end($0) - s < threshold }
        if e - s >= threshold {
            for j in active where m.person[j] != m.person[i] {
                if query.samePlace && (m.foundAt[i] < 0 || m.foundAt[i] != m.foundAt[j]) { continue }
                let overlap = min(e, end(j)) - s
                guard overlap >= threshold else { continue }
                let (x, y) = m.person[i] < m.person[j] ? (i, j) : (j, i)
                let key = UInt64(UInt32(m.person[x])) << 32 | UInt64(UInt32(m.person[y]))
                found[key, default: []].append((x, y, overlap))
            }
        }
        active.append(i)
    }
    return found.map { key, eps in
        let ordered = eps.sorted { (max(m.start[$0.0], m.start[$0.1]), $0.0, $0.1) < (max(m.start[$1.0], m.start[$1.1]), $1.0, $1.1) }
        let times = ordered.map { max(m.start[$0.0], m.start[$0.1]) }
        return MissingTogether(a: Int(key >> 32), b: Int(key & 0xFFFF_FFFF), times: eps.count,
                               secondsTogether: eps.reduce(0) { $0 + $1.2 },
                               foundTogether: eps.filter { m.foundAt[$0.0] >= 0 && m.foundAt[$0.0] == m.foundAt[$0.1] }.count,
                               first: times.first!, last: times.last!, evidence: ordered.map { ($0.0, $0.1) })
    }
    .sorted { ($1.times, $1.secondsTogether, $0.a, $0.b) < ($0.times, $0.secondsTogether, $1.a, $1.b) }
}
