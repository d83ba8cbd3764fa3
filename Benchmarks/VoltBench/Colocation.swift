import Foundation
import VoltGraph
import VoltModel
import VoltTemporal

/// The co-location sweep over `n` synthetic sightings (median of 5).
func benchmarkColocation(_ n: Int) {
    // A county: a person per 10 sightings a year, a place per 200; a third of the sightings are
    // planted groups of 3–8 people seen within 20 minutes of each other at one place.
    let people = max(10, n / 10), places = max(5, n / 200)
    let year: Int64 = 365 * 86_400
    var rng = SplitMix64(seed: 42)
    var person = [Int32](), place = [Int32](), start = [Int64]()
    person.reserveCapacity(n); place.reserveCapacity(n); start.reserveCapacity(n)
    while person.count < n {
        if rng.int(3) == 0 {
            let size = 3 + rng.int(6), where_ = Int32(rng.int(places)), t = rng.int64(year)
            let first = rng.int(people - size)
            for k in 0..<size where person.count < n {
                person.append(Int32(first + k)); place.append(where_); start.append(t + rng.int64(1200))
            }
        } else {
            person.append(Int32(rng.int(people))); place.append(Int32(rng.int(places))); start.append(rng.int64(year))
        }
    }
    var types = [VoltType](repeating: .victim, count: people + places)
    for i in stride(from: 0, to: people, by: 7) { types[i] = .offender }
    for i in people..<(people + places) { types[i] = .location }
    let placeIDs = place.map { $0 + Int32(people) }

    var table: SightingTable!
    let sortTime = seconds { table = SightingTable(person: person, place: placeIDs, start: start) }
    say("volt-bench colocation: \(n) sightings, \(people) people, \(places) places, window 1h, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    say(String(format: "  sort by (place, time), once (the store reads them in this order): %.2f s", sortTime))
    var sweep: [Double] = [], aggregate: [Double] = [], vo: [Double] = []
    var found = 0, pairs = 0, voFound = 0
    for _ in 0..<5 {
        var e: Encounters?
        sweep.append(seconds { e = encounters(table, types: types, query: CoLocationQuery(window: 3600)) })
        found = e!.count
        aggregate.append(seconds { pairs = coLocatedPairs(e!).count })
        var q = CoLocationQuery(window: 3600)
        q.pairs = PairRule([.victim], [.offender])
        vo.append(seconds { voFound = encounters(table, types: types, query: q).count })
    }
    say(String(format: "  sweep (every pair within 1 h):        median %.3f s of 5  (%d encounters)", median(sweep), found))
    say(String(format: "  pairs summed per pair of people:       median %.3f s of 5  (%d pairs)", median(aggregate), pairs))
    say(String(format: "  sweep, victim with offender only:      median %.3f s of 5  (%d encounters)", median(vo), voFound))
}
