import Foundation
import Testing
import VoltGraph
import VoltModel
import VoltTemporal

@Suite struct MissingTests {
    @Test func missingTogetherAgreesWithAllPairsOnRandomEpisodes() {
        let clock = ZonedClock(offsets: offsets)
        var pairsSeen = 0, openSeen = 0
        for seed in 0..<400 {
            var rng = SplitMix64(seed: UInt64(seed) &+ 7_000)
            let children = 2 + rng.int(7), places = 3
            let base = Timestamp(iso8601: "2026-10-24T20:00:00Z")!.seconds  // across the clock change back
            var person: [Int32] = [], start: [Int64] = [], engineStart: [Int64] = [], end: [Int64?] = [], engineEnd: [Int64?] = []
            var found: [Int32] = []
            for _ in 0..<rng.int(25) {
                person.append(Int32(rng.int(children)))
                let s = base + 600 * rng.int64(30)
                let st = clock.text(s, offsetMinutes: offsets[rng.int(offsets.count)])
                start.append(clock.seconds(st)); engineStart.append(Timestamp(iso8601: st)!.seconds)
                switch rng.int(4) {
                case 0: end.append(nil); engineEnd.append(nil); openSeen += 1
                case 1: end.append(s); engineEnd.append(s)  // zero length
                default:
                    let et = clock.text(s + 600 * rng.int64(12), offsetMinutes: offsets[rng.int(offsets.count)])
                    end.append(clock.seconds(et)); engineEnd.append(Timestamp(iso8601: et)!.seconds)
                }
                found.append(rng.int(3) == 0 ? -1 : Int32(children + rng.int(places)))
            }
            let table = MissingTable(person: person, start: engineStart, end: engineEnd, foundAt: found)
            var q = MissingTogetherQuery(asOf: base + 600 * rng.int64(40))
            q.minimumOverlap = [0, 600, 1800][rng.int(3)]
            q.samePlace = rng.int(4) == 0
            if rng.int(2) == 0 { q.period = Period(from: base + 600 * rng.int64(20), to: base + 600 * rng.int64(20) + 600 * 20) }
            let mine = missingTogether(table, query: q)
            let twin = bruteMissingTogether(person: person, start: start, end: end, found: found, threshold: q.minimumOverlap,
                                            period: q.period, asOf: q.asOf, samePlace: q.samePlace)
            #expect(mine.count == twin.count, "seed \(seed)")
            for p in mine {
                guard let t = twin[[p.a, p.b]] else { Issue.record("seed \(seed): \(p.a)-\(p.b) not in the twin"); continue }
                #expect(p.times == t.count && p.secondsTogether == t.reduce(0) { $0 + $1.2 }, "seed \(seed)")
                let mineEpisodes = Set(p.evidence.map { [Int(table.row[$0.0]), Int(table.row[$0.1])] })
                #expect(mineEpisodes == Set(t.map { [$0.0, $0.1] }), "seed \(seed): the episodes behind \(p.a)-\(p.b)")
            }
            #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.times >= $1.times }, "most often together first")
            pairsSeen += mine.count

            // Repeat missing: episodes per child overlapping the period.
            let repeats = repeatMissing(table, period: q.period, asOf: q.asOf)
            var count: [Int: Int] = [:], open: [Int: Bool] = [:]
            for i in person.indices where start[i] <= q.period.to && (end[i].map { max($0, start[i]) } ?? .max) >= q.period.from {
                count[Int(person[i]), default: 0] += 1
                open[Int(person[i]), default: false] = open[Int(person[i]), default: false] || end[i] == nil
            }
            #expect(Dictionary(uniqueKeysWithValues: repeats.map { ($0.person, $0.episodes) }) == count, "seed \(seed)")
            #expect(repeats.allSatisfy { $0.stillMissing == open[$0.person] }, "seed \(seed)")
        }
        #expect(pairsSeen > 300 && openSeen > 500)
    }

    @Test func childrenMissingTogetherRepeatedlyRankFirst() {
        // 0 and 1 go missing together three times; 2 and 3 once, for longer.
        let h: Int64 = 3600
        let t = MissingTable(person: [0, 1, 0, 1, 0, 1, 2, 3], start: [0, 600, 100 * h, 100 * h, 200 * h, 200 * h + 60, 300 * h, 300 * h],
                             end: [5 * h, 6 * h, 103 * h, 102 * h, 204 * h, 201 * h, 340 * h, 340 * h])
        let r = missingTogether(t, query: MissingTogetherQuery(asOf: 400 * h))
        #expect(r.map { [$0.a, $0.b, $0.times] } == [[0, 1, 3], [2, 3, 1]])
    }
}

@Suite struct TimeRespectingPathTests {
    @Test func earliestArrivalAgreesWithRelaxationOnRandomNetworks() {
        let types = ["associate", "exploits", "family", "supplies"]
        var reachedLater = 0
        for seed in 0..<300 {
            var rng = SplitMix64(seed: UInt64(seed) &+ 90_000)
            let n = 2 + rng.int(10)
            var src: [Int32] = [], dst: [Int32] = [], type: [String] = [], start: [Int64] = [], end: [Int64?] = []
            for _ in 0..<rng.int(30) {
                let a = rng.int(n), b = rng.int(n)
                guard a != b else { continue }
                src.append(Int32(a)); dst.append(Int32(b)); type.append(types[rng.int(types.count)])
                let s = 86_400 * rng.int64(20)
                start.append(s)
                switch rng.int(3) {
                case 0: end.append(nil)
                case 1: end.append(s)
                default: end.append(s + 86_400 * rng.int64(5))
                }
            }
            let links = TimedLinkTable(src: src, dst: dst, type: type, start: start, end: end)
            let directed = rng.int(2) == 0
            let period = rng.int(2) == 0 ? Period() : Period(from: 86_400 * rng.int64(5), to: 86_400 * (5 + rng.int64(20)))
            for source in 0..<n {
                let mine = earliestArrival(links, entityCount: n, from: source, period: period, directed: directed)
                let twin = bruteArrival(src: src, dst: dst, type: type, start: start, end: end, count: n, source: source,
                                        period: period, directed: directed)
                #expect(mine.arrival == twin, "seed \(seed) from \(source)")
                // Every chain is real: consecutive, in time order, each link active when taken.
                for v in 0..<n where v != source && mine.arrival[v] != .max {
                    let path = mine.path(to: v)!
                    #expect(path.first?.from == source && path.last?.to == v && path.last?.time == mine.arrival[v])
                    for (x, y) in zip(path, path.dropFirst()) { #expect(x.to == y.from && x.time <= y.time) }
                    for s in path { #expect(links.start[s.link] <= s.time && s.time <= links.end[s.link]) }
                    if path.count > 1 && path.last!.time > path.first!.time { reachedLater += 1 }
                }
            }
        }
        #expect(reachedLater > 100)
    }

    @Test func aLinkThatEndedBeforeArrivalCannotCarryOn() {
        // a–b on day 5; b–c on day 2 only. Statically a reaches c; in time order it cannot.
        let d: Int64 = 86_400
        let links = TimedLinkTable(src: [0, 1], dst: [1, 2], type: ["associate", "associate"], start: [5 * d, 2 * d], end: [5 * d, 2 * d])
        let r = earliestArrival(links, entityCount: 3, from: 0)
        #expect(r.arrival[1] == 5 * d && r.arrival[2] == .max && r.path(to: 2) == nil)
        // From c it can: c–b on day 2, then b–a on day 5.
        #expect(earliestArrival(links, entityCount: 3, from: 2).path(to: 0)?.map(\.time) == [2 * d, 5 * d])
    }
}
