import Foundation
import Testing
import VoltGraph
import VoltModel
import VoltTemporal

/// A random area with links and sightings over 200 days, for the period comparisons.
struct RandomArea {
    var types: [VoltType] = []
    // What the twins use (read by Foundation) and what volt gets (read by volt's parser), from
    // the same texts written in random zones.
    var src: [Int32] = [], dst: [Int32] = [], linkType: [String] = [], start: [Int64] = [], end: [Int64?] = []
    var engineStart: [Int64] = [], engineEnd: [Int64?] = []
    var sPerson: [Int32] = [], sPlace: [Int32] = [], sStart: [Int64] = [], engineSStart: [Int64] = []
    let people: Int, places: Int, themes: Int
    static let day: Int64 = 86_400

    /// `t` written in a random zone, read back by Foundation (for the twin) and by volt.
    static func zonedPair(_ t: Int64, _ rng: inout SplitMix64, _ clock: ZonedClock) -> (Int64, Int64) {
        let text = clock.text(t, offsetMinutes: offsets[rng.int(offsets.count)])
        return (clock.seconds(text), Timestamp(iso8601: text)!.seconds)
    }

    init(_ rng: inout SplitMix64, clock: ZonedClock) {
        people = 4 + rng.int(20)
        places = 1 + rng.int(5)
        themes = 1 + rng.int(4)
        types = (0..<people).map { _ in personTypes[rng.int(personTypes.count)] } + Array(repeating: .location, count: places)
            + Array(repeating: .theme, count: themes)
        let kinds = ["associate", "associate", "family", "exploits", "supplies", "co_offends"]
        for _ in 0..<rng.int(60) {
            let a = rng.int(people), b = rng.int(people)
            guard a != b else { continue }
            src.append(Int32(a)); dst.append(Int32(b)); linkType.append(kinds[rng.int(kinds.count)])
            let (s, es) = Self.zonedPair(Self.day * 20 + Self.day * rng.int64(200) + rng.int64(Self.day), &rng, clock)
            start.append(s); engineStart.append(es)
            if rng.int(5) == 0 { end.append(nil); engineEnd.append(nil) } else {
                let (e, ee) = Self.zonedPair(s + Self.day * rng.int64(3), &rng, clock)
                end.append(e); engineEnd.append(ee)
            }
        }
        for _ in 0..<rng.int(40) {
            src.append(Int32(rng.int(people + places)))
            dst.append(Int32(people + places + rng.int(themes)))
            linkType.append("linked_to_theme")
            let (s, es) = Self.zonedPair(Self.day * 20 + Self.day * rng.int64(200) + rng.int64(Self.day), &rng, clock)
            start.append(s); end.append(s); engineStart.append(es); engineEnd.append(es)
        }
        for _ in 0..<rng.int(120) {
            sPerson.append(Int32(rng.int(people))); sPlace.append(Int32(people + rng.int(places)))
            let (s, es) = Self.zonedPair(Self.day * 20 + Self.day * rng.int64(200) + rng.int64(Self.day), &rng, clock)
            sStart.append(s); engineSStart.append(es)
        }
    }

    var entities: EntityTable { EntityTable(ids: types.indices.map { "E\($0)" }, types: types) }
    var links: TimedLinkTable { TimedLinkTable(src: src, dst: dst, type: linkType, start: engineStart, end: engineEnd) }
    var sightings: SightingTable { SightingTable(person: sPerson, place: sPlace, start: engineSStart) }
    func active(_ k: Int, _ p: Period) -> Bool { start[k] <= p.to && (end[k] ?? .max) >= p.from }
    func victim(_ v: Int) -> Bool { types[v] == .victim || types[v] == .victimOffender }
    func offender(_ v: Int) -> Bool { types[v] == .offender || types[v] == .victimOffender }
}

@Suite struct EmergingTests {
    @Test func periodComparisonAgreesWithPlainSetArithmetic() {
        var kinds: [GroupChangeKind: Int] = [:], newLinks = 0, rising = 0, splits = 0
        let peers: Set<String> = ["associate", "co_offends"]
        let contact: Set<String> = peers.union(["family", "exploits", "supplies"])
        let peerTypes: Set<VoltType> = [.victim, .victimOffender, .person]
        let clock = ZonedClock(offsets: offsets)
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(seed) &+ 500)
            let area = RandomArea(&rng, clock: clock)
            let cut = RandomArea.day * (80 + rng.int64(80))
            let q = EmergingQuery(baseline: Period(from: cut - 90 * RandomArea.day, to: cut - 1),
                                  current: Period(from: cut, to: 221 * RandomArea.day))
            let r = emerging(links: area.links, sightings: area.sightings, entities: area.entities, query: q)

            func groups(_ p: Period) -> [[Int]] {
                let edges = area.src.indices.filter {
                    peers.contains(area.linkType[$0]) && area.active($0, p)
                        && peerTypes.contains(area.types[Int(area.src[$0])]) && peerTypes.contains(area.types[Int(area.dst[$0])])
                }.map { (Int(area.src[$0]), Int(area.dst[$0])) }
                return Array(bruteGroups(edges, minimumSize: 2))
            }
            let before = groups(q.baseline), now = groups(q.current)
            #expect(Set(r.groups.map(\.members)) == Set(now), "seed \(seed): current groups")
            for g in r.groups {
                let c = Set(g.members)
                let jaccards = before.map { Double(Set($0).intersection(c).count) / Double(Set($0).union(c).count) }
                let sources = before.filter { Double(Set($0).intersection(c).count) >= 0.3 * Double($0.count) }
                let best = jaccards.max() ?? 0
                let expected: GroupChangeKind
                if sources.count >= 2 { expected = .merged } else if best >= 0.3 {
                    let b = before[jaccards.firstIndex(of: best)!]
                    expected = c.count > b.count ? .grown : .continuing
                } else { expected = .new }
                #expect(g.kind == expected, "seed \(seed): \(g.members) is \(g.kind), expected \(expected)")
                #expect(abs(g.similarity - best) < 1e-12)
                kinds[g.kind, default: 0] += 1
                // Offender contact now, from the links.
                let offendersNow = Set(area.src.indices.filter { contact.contains(area.linkType[$0]) && area.active($0, q.current) }
                    .flatMap { k -> [Int] in
                        let (u, v) = (Int(area.src[k]), Int(area.dst[k]))
                        return (c.contains(u) && area.types[v] == .offender ? [v] : []) + (c.contains(v) && area.types[u] == .offender ? [u] : [])
                    })
                #expect(Set(g.offenders) == offendersNow, "seed \(seed): offenders of \(g.members)")
                let joined = c.subtracting(g.from.flatMap { $0 })
                #expect(Set(g.joined) == joined)
            }
            // Splits: a baseline group mostly feeding two or more current groups.
            let expectedSplits = before.filter { b in
                now.filter { Double(Set(b).intersection($0).count) >= 0.3 * Double($0.count) }.count >= 2
            }
            #expect(Set(r.splits.map(\.members)) == Set(expectedSplits), "seed \(seed): splits")
            splits += expectedSplits.count

            // Victims newly linked to offenders: a pair whose first link starts in the current period.
            var first: [[Int]: Int64] = [:], activeNow = Set<[Int]>()
            for k in area.src.indices where contact.contains(area.linkType[k]) {
                let (u, v) = (Int(area.src[k]), Int(area.dst[k]))
                let pair = area.victim(u) && area.offender(v) ? [u, v] : area.victim(v) && area.offender(u) ? [v, u] : nil
                guard let pair else { continue }
                first[pair] = min(first[pair] ?? .max, area.start[k])
                if area.active(k, q.current) { activeNow.insert(pair) }
            }
            let expectedNew = Set(activeNow.filter { first[$0]! >= q.current.from })
            #expect(Set(r.newVictimOffenderLinks.map { [$0.victim, $0.offender] }) == expectedNew, "seed \(seed): new links")
            newLinks += expectedNew.count

            // Rising locations: sightings per day now at least twice the baseline's, three or more now.
            var expectedRising = Set<Int>()
            for place in area.people..<(area.people + area.places) {
                let nowCount = area.sPlace.indices.filter { Int(area.sPlace[$0]) == place && q.current.contains(area.sStart[$0]) }.count
                let thenCount = area.sPlace.indices.filter { Int(area.sPlace[$0]) == place && q.baseline.contains(area.sStart[$0]) }.count
                let rate = Double(nowCount) / Double(q.current.length), before = Double(thenCount) / Double(q.baseline.length)
                if nowCount >= 3 && (thenCount == 0 || rate >= 2 * before) { expectedRising.insert(place) }
            }
            #expect(Set(r.risingLocations.map(\.place)) == expectedRising, "seed \(seed): rising")
            rising += expectedRising.count
        }
        // The random areas must produce every kind of change.
        #expect(kinds[.new, default: 0] > 20 && kinds[.grown, default: 0] > 20 && kinds[.merged, default: 0] > 5
                    && kinds[.continuing, default: 0] > 5)
        #expect(newLinks > 50 && rising > 20 && splits > 5)
    }

    @Test func hotspotsAgreeWithPlainCounts() {
        var compared = 0
        let clock = ZonedClock(offsets: offsets)
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(seed) &+ 31_000)
            let area = RandomArea(&rng, clock: clock)
            let from = RandomArea.day * (120 + rng.int64(50))
            let period = Period(from: from, to: from + RandomArea.day * (1 + rng.int64(40)) - 1)
            let previous = Period(from: period.from - period.length, to: period.from - 1)
            let window = 3600 * rng.int64(6)
            let r = hotspots(area.sightings, entities: area.entities, period: period, window: window)
            for h in r {
                let place = area.entities.index(h.key)!
                for (p, got) in [(period, h.current), (previous, h.previous)] {
                    let here = area.sPlace.indices.filter { Int(area.sPlace[$0]) == place && p.contains(area.sStart[$0]) }
                    let who = Set(here.map { Int(area.sPerson[$0]) })
                    var vo = 0
                    for i in here { for j in here where i < j {
                        let (a, b) = (Int(area.sPerson[i]), Int(area.sPerson[j]))
                        guard a != b, abs(area.sStart[i] - area.sStart[j]) <= window else { continue }
                        if (area.victim(a) && area.offender(b)) || (area.victim(b) && area.offender(a)) { vo += 1 }
                    } }
                    #expect(got.sightings == here.count && got.people == who.count, "seed \(seed)")
                    #expect(got.victims == who.filter(area.victim).count && got.offenders == who.filter(area.offender).count, "seed \(seed)")
                    #expect(got.victimOffenderCoLocations == vo, "seed \(seed): victim–offender co-locations at \(h.key)")
                    compared += 1
                }
            }
            let places = Set(area.sPlace.indices.filter { period.contains(area.sStart[$0]) || previous.contains(area.sStart[$0]) }
                .map { Int(area.sPlace[$0]) })
            #expect(Set(r.map { area.entities.index($0.key)! }) == places, "seed \(seed)")
            #expect(zip(r, r.dropFirst()).allSatisfy { $0.current.victims >= $1.current.victims })
        }
        #expect(compared > 1000)
    }

    @Test func themeTrendsAgreeWithPlainCounts() {
        let clock = ZonedClock(offsets: offsets)
        for seed in 0..<200 {
            var rng = SplitMix64(seed: UInt64(seed) &+ 77_000)
            let area = RandomArea(&rng, clock: clock)
            let r = themeReport(area.links, entities: area.entities)
            var links: [String: Int] = [:], who: [String: Set<Int>] = [:], themesOf: [Int: Set<Int>] = [:]
            for k in area.src.indices where area.linkType[k] == "linked_to_theme" {
                let key = "\(area.dst[k]) \(Timestamp(seconds: area.start[k]).month)"
                links[key, default: 0] += 1
                who[key, default: []].insert(Int(area.src[k]))
                themesOf[Int(area.src[k]), default: []].insert(Int(area.dst[k]))
            }
            #expect(Dictionary(uniqueKeysWithValues: r.months.map { ("\($0.theme) \($0.month)", $0.links) }) == links, "seed \(seed)")
            #expect(r.months.allSatisfy { who["\($0.theme) \($0.month)"]!.count == $0.entities })
            for p in r.pairs {
                #expect(Set(p.shared) == Set(themesOf.filter { $0.value.contains(p.a) && $0.value.contains(p.b) }.keys), "seed \(seed)")
            }
            let expectedPairs = themesOf.values.reduce(into: Set<[Int]>()) { s, t in
                let t = t.sorted()
                for i in t.indices { for j in t.indices where j > i { s.insert([t[i], t[j]]) } }
            }
            #expect(Set(r.pairs.map { [$0.a, $0.b] }) == expectedPairs, "seed \(seed)")
        }
    }
}
