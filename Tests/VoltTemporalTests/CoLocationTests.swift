import Foundation
import Testing
import VoltGraph
import VoltModel
import VoltTemporal

/// Zone offsets (minutes east of UTC) the generated times are written in.
let offsets = [-720, -300, -210, 0, 60, 330, 545, 840]
let personTypes: [VoltType] = [.victim, .offender, .victimOffender, .person]

/// A random small area for the co-location twins: people, places, sightings on a 5-minute grid
/// (so gaps land exactly on the window edge), half of them zero-length, written in random zones.
struct RandomSightings {
    var types: [VoltType] = []
    var raw = RawSightings()
    var table: SightingTable
    let people: Int

    init(_ rng: inout SplitMix64, clock: ZonedClock) {
        people = 2 + rng.int(10)
        let places = 1 + rng.int(4)
        types = (0..<people).map { _ in personTypes[rng.int(personTypes.count)] } + Array(repeating: .location, count: places)
        let base = Timestamp(iso8601: "2026-03-28T23:00:00Z")!.seconds  // across the UK clock change
        let n = rng.int(70)
        var engineStart: [Int64] = [], engineEnd: [Int64] = []
        for _ in 0..<n {
            let p = Int32(rng.int(people)), l = Int32(people + rng.int(places))
            let s = base + 300 * rng.int64(40)
            let e = rng.int(2) == 0 ? s : s + 300 * rng.int64(6)
            let (ts, te) = (clock.text(s, offsetMinutes: offsets[rng.int(offsets.count)]), clock.text(e, offsetMinutes: offsets[rng.int(offsets.count)]))
            raw.person.append(p); raw.place.append(l)
            raw.start.append(clock.seconds(ts)); raw.end.append(clock.seconds(te))
            engineStart.append(Timestamp(iso8601: ts)!.seconds); engineEnd.append(Timestamp(iso8601: te)!.seconds)
        }
        table = SightingTable(person: raw.person, place: raw.place, start: engineStart, end: engineEnd)
    }
}

@Suite struct CoLocationTests {
    @Test func sweepAgreesWithAllPairsOnRandomAreas() {
        var checkedEdge = 0, checkedPairs = 0
        let clock = ZonedClock(offsets: offsets)
        for seed in 0..<400 {
            var rng = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9)
            let area = RandomSightings(&rng, clock: clock)
            var q = CoLocationQuery(window: 300 * rng.int64(4))
            if rng.int(2) == 0 {
                let base = Timestamp(iso8601: "2026-03-28T23:00:00Z")!.seconds
                let a = base + 300 * rng.int64(40), b = a + 300 * rng.int64(30)
                q.period = Period(from: a, to: b)
            }
            if rng.int(3) == 0 { q.places = [Int32(area.people)] }
            switch rng.int(3) {
            case 0: q.pairs = PairRule([.victim, .victimOffender], [.offender, .victimOffender])
            case 1: q.pairs = PairRule([.victim], nil)
            default: break
            }
            let e = encounters(area.table, types: area.types, query: q)
            let mine = (0..<e.count).map { k in
                PlainEncounter(a: Int(e[k].a), b: Int(e[k].b), place: Int(e.place(k)),
                               sa: Int(area.table.row[Int(e[k].sightingA)]), sb: Int(area.table.row[Int(e[k].sightingB)]))
            }.sorted()
            let twin = bruteEncounters(area.raw, types: area.types, window: q.window, period: q.period, places: q.places, rule: q.pairs)
            #expect(mine == twin, "seed \(seed): sweep \(mine.count) encounters, brute force \(twin.count)")
            checkedEdge += twin.filter { x in
                let (i, j) = (x.sa, x.sb)
                return max(area.raw.start[i], area.raw.start[j]) - min(area.raw.end[i], area.raw.end[j]) == q.window
            }.count

            // Per pair: count, places, first and last.
            let pairs = coLocatedPairs(e)
            var expected: [[Int]: (Int, Set<Int>, Int64, Int64)] = [:]
            for x in twin {
                let t = max(area.raw.start[x.sa], area.raw.start[x.sb])
                var v = expected[[x.a, x.b]] ?? (0, [], .max, .min)
                v.0 += 1; v.1.insert(x.place); v.2 = min(v.2, t); v.3 = max(v.3, t)
                expected[[x.a, x.b]] = v
            }
            #expect(pairs.count == expected.count, "seed \(seed)")
            for p in pairs {
                let x = expected[[p.a, p.b]]
                #expect(x?.0 == p.count && x?.1.count == p.places && x?.2 == p.first && x?.3 == p.last, "seed \(seed) pair \(p.a)-\(p.b)")
                #expect(p.evidence.count == p.count)
            }
            #expect(zip(pairs, pairs.dropFirst()).allSatisfy { $0.count >= $1.count }, "most often together first")
            checkedPairs += pairs.count
            let groups = coLocationGroups(pairs, entityCount: area.types.count)
            #expect(Set(groups) == bruteGroups(twin.map { ($0.a, $0.b) }, minimumSize: 2), "seed \(seed): groups")
        }
        // The inputs must exercise the edge: gaps exactly equal to the window.
        #expect(checkedEdge > 100)
        #expect(checkedPairs > 1000)
    }

    @Test func aMinimumCountDropsRarePairs() {
        // a and b together twice at one place; a and c once.
        let t = SightingTable(person: [0, 1, 0, 1, 2], place: [3, 3, 3, 3, 3], start: [0, 60, 7200, 7300, 7400])
        let e = encounters(t, types: [.victim, .victim, .offender, .location], query: CoLocationQuery(window: 600))
        #expect(coLocatedPairs(e).map { [$0.a, $0.b, $0.count] } == [[0, 1, 2], [0, 2, 1], [1, 2, 1]])
        #expect(coLocatedPairs(e, minimumCount: 2).map { [$0.a, $0.b] } == [[0, 1]])
    }

    @Test func aPersonsRepeatSightingsAreNotAPair() {
        let t = SightingTable(person: [0, 0, 0], place: [1, 1, 1], start: [0, 10, 20])
        #expect(encounters(t, types: [.victim, .location], query: CoLocationQuery(window: 3600)).count == 0)
    }

    @Test func aLongStayMeetsEveryoneWhoCameDuringIt() {
        // Person 0 at the place from 0 to 10,000 s; others arrive throughout, each alone.
        let starts: [Int64] = [0, 1000, 5000, 9999, 10_000, 10_061]
        let t = SightingTable(person: [0, 1, 2, 3, 4, 5], place: [6, 6, 6, 6, 6, 6], start: starts,
                              end: [10_000, 1000, 5000, 9999, 10_000, 10_061])
        let e = encounters(t, types: Array(repeating: .victim, count: 6) + [.location], query: CoLocationQuery(window: 60))
        let withZero = Set(e.items.filter { $0.a == 0 }.map { Int($0.b) })
        #expect(withZero == [1, 2, 3, 4])  // 5 arrived 61 s after 0 left
    }
}
