import Foundation
import VoltGraph
import VoltModel
import VoltTemporal

// Plain O(n²) twins of the temporal queries, written from the definitions in docs/temporal.md
// and sharing no code with the library, so that a bug in one does not hide in the other.

/// An encounter as a comparable tuple: (a, b, place, sighting of a, sighting of b).
struct PlainEncounter: Hashable, Comparable {
    let a: Int, b: Int, place: Int, sa: Int, sb: Int
    static func < (x: PlainEncounter, y: PlainEncounter) -> Bool { [x.a, x.b, x.place, x.sa, x.sb].lexicographicallyPrecedes([y.a, y.b, y.place, y.sa, y.sb]) }
}

/// Raw sightings, as a test writes them.
struct RawSightings {
    var person: [Int32] = [], place: [Int32] = [], start: [Int64] = [], end: [Int64] = []
}

func bruteEncounters(_ s: RawSightings, types: [VoltType], window: Int64, period: Period,
                     places: Set<Int32>?, rule: PairRule) -> [PlainEncounter] {
    var out: [PlainEncounter] = []
    let n = s.person.count
    for i in 0..<n {
        for j in (i + 1)..<max(i + 1, n) {
            guard s.place[i] == s.place[j], s.person[i] != s.person[j] else { continue }
            if let places, !places.contains(s.place[i]) { continue }
            let ei = max(s.end[i], s.start[i]), ej = max(s.end[j], s.start[j])
            guard s.start[i] <= period.to, ei >= period.from, s.start[j] <= period.to, ej >= period.from else { continue }
            // The gap between [si, ei] and [sj, ej]: zero when they overlap.
            let gap = max(0, max(s.start[i], s.start[j]) - min(ei, ej))
            guard gap <= window else { continue }
            let (x, y) = (Int(s.person[i]), Int(s.person[j]))
            let okay = (rule.sideA.map { $0.contains(types[x]) } ?? true) && (rule.sideB.map { $0.contains(types[y]) } ?? true)
                || (rule.sideA.map { $0.contains(types[y]) } ?? true) && (rule.sideB.map { $0.contains(types[x]) } ?? true)
            guard okay else { continue }
            out.append(x < y ? PlainEncounter(a: x, b: y, place: Int(s.place[i]), sa: i, sb: j)
                             : PlainEncounter(a: y, b: x, place: Int(s.place[i]), sa: j, sb: i))
        }
    }
    return out.sorted()
}

/// Missing-together pairs from the definition: (a, b) → [(episode of a, episode of b, overlap)].
func bruteMissingTogether(person: [Int32], start: [Int64], end: [Int64?], found: [Int32], threshold: Int64, period: Period,
                          asOf: Int64, samePlace: Bool) -> [[Int]: [(Int, Int, Int64)]] {
    var out: [[Int]: [(Int, Int, Int64)]] = [:]
    let n = person.count
    func e(_ i: Int) -> Int64 { end[i].map { max($0, start[i]) } ?? max(asOf, start[i]) }
    func inPeriod(_ i: Int) -> Bool { start[i] <= period.to && (end[i].map { max($0, start[i]) } ?? .max) >= period.from }
    for i in 0..<n where inPeriod(i) {
        for j in 0..<n where j != i && inPeriod(j) && person[i] < person[j] {
            let overlap = min(e(i), e(j)) - max(start[i], start[j])
            guard overlap >= threshold else { continue }
            if samePlace && (found[i] < 0 || found[i] != found[j]) { continue }
            out[[Int(person[i]), Int(person[j])], default: []].append((i, j, overlap))
        }
    }
    return out
}

/// Earliest arrival by relaxing every link until nothing changes (Bellman–Ford).
func bruteArrival(src: [Int32], dst: [Int32], type: [String], start: [Int64], end: [Int64?], count: Int, source: Int,
                  period: Period, directed: Bool) -> [Int64] {
    var arrival = [Int64](repeating: .max, count: count)
    arrival[source] = period.from
    var changed = true
    while changed {
        changed = false
        for k in src.indices {
            let e = end[k].map { max($0, start[k]) } ?? .max
            let oneWay = directed && (type[k] == "exploits" || type[k] == "supplies")
            for (u, v) in oneWay ? [(Int(src[k]), Int(dst[k]))] : [(Int(src[k]), Int(dst[k])), (Int(dst[k]), Int(src[k]))] {
                guard arrival[u] != .max, arrival[u] <= e else { continue }
                let t = max(arrival[u], start[k])
                if t <= period.to && t < arrival[v] {
                    arrival[v] = t
                    changed = true
                }
            }
        }
    }
    return arrival
}

/// Connected groups of a list of edges, by repeated relabelling (no union-find).
func bruteGroups(_ edges: [(Int, Int)], minimumSize: Int) -> Set<[Int]> {
    var label: [Int: Int] = [:]
    for (u, v) in edges { label[u] = u; label[v] = v }
    var changed = true
    while changed {
        changed = false
        for (u, v) in edges {
            let m = min(label[u]!, label[v]!)
            if label[u]! != m { label[u] = m; changed = true }
            if label[v]! != m { label[v] = m; changed = true }
        }
    }
    var groups: [Int: [Int]] = [:]
    for (v, l) in label { groups[l, default: []].append(v) }
    return Set(groups.values.map { $0.sorted() }.filter { $0.count >= minimumSize })
}

/// Writes and reads ISO 8601 texts in zones, with Foundation (independently of volt's parser).
struct ZonedClock {
    private let writers: [Int: DateFormatter]
    private let reader = ISO8601DateFormatter()

    init(offsets: [Int]) {
        writers = Dictionary(uniqueKeysWithValues: offsets.map { m in
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(secondsFromGMT: m * 60)
            f.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
            return (m, f)
        })
        reader.formatOptions = [.withInternetDateTime]
    }

    /// `seconds` written in the zone `offsetMinutes` east of UTC.
    func text(_ seconds: Int64, offsetMinutes: Int) -> String {
        writers[offsetMinutes]!.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Seconds since 1970 of an ISO 8601 text with a zone.
    func seconds(_ text: String) -> Int64 { Int64(reader.date(from: text)!.timeIntervalSince1970) }
}
