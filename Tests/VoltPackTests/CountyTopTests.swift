import Foundation
import Testing
import VoltGraph
import VoltModel
@testable import VoltPack
import VoltSample
import VoltTemporal

/// A generated area as the tables the Top N reads, with the people's facts, for the month
/// before the generator's end (October 2026).
struct GeneratedArea {
    let area: SampleArea
    let entities: EntityTable
    let links: TimedLinkTable
    let sightings: SightingTable
    let missing: MissingTable
    let facts: PeopleFacts
    let periodEnd: Int64

    init(seed: UInt64, people: Int, locations: Int, sightings count: Int) {
        var o = SampleOptions()
        (o.seed, o.people, o.locations, o.sightings) = (seed, people, locations, count)
        area = SampleGenerator.generate(o)
        let ents = area.entities
        entities = EntityTable(ids: ents.map(\.id), names: ents.map(\.name), types: ents.map(\.voltType),
                               categories: ents.map { $0.category?.rawValue }, areas: ents.map(\.area))
        let e = entities
        func n(_ id: String) -> Int32 { Int32(e.index(id)!) }
        links = TimedLinkTable(src: area.links.map { n($0.from) }, dst: area.links.map { n($0.to) }, type: area.links.map(\.type.rawValue),
                               start: area.links.map(\.start.seconds), end: area.links.map { $0.end?.seconds }, grading: area.links.map(\.grading))
        sightings = SightingTable(person: area.sightings.map { n($0.person) }, place: area.sightings.map { n($0.location) },
                                  start: area.sightings.map(\.time.seconds))
        missing = MissingTable(person: area.missing.map { n($0.person) }, start: area.missing.map(\.start.seconds),
                               end: area.missing.map { $0.end?.seconds }, foundAt: area.missing.map { $0.foundAt.map(n) ?? -1 })
        periodEnd = o.end.seconds - 1
        var f = PeopleFacts(dateOfBirth: ents.map { $0.dateOfBirth?.text }, ageBand: ents.map(\.ageBand), area: ents.map(\.area),
                            postcode: ents.map(\.postcode), at: periodEnd)
        f.linkSources = area.links.map(\.provenance.source)
        let ids = e.ids
        f.label = { ids[$0] }
        facts = f
    }

    func top(_ w: TopWeights = TopWeights()) -> [TopChild] {
        topChildren(entities: entities, links: links, sightings: sightings, missing: missing, periodEnd: periodEnd, weights: w, facts: facts)
    }
}

/// The Top N at county scale: the caps hold, a child still missing scores for it, and the
/// children planted as most at risk top the list at 20,000 people as at 150.
struct CountyTopTests {
    @Test(arguments: [(3, 20_000), (4, 20_000), (5, 20_000), (1, 150), (2, 150)] as [(UInt64, Int)])
    func plantedHighHarmChildrenAreInTheTop8(_ seed: UInt64, _ people: Int) {
        let a = people >= 20_000 ? GeneratedArea(seed: seed, people: people, locations: 400, sightings: 100_000)
                                 : GeneratedArea(seed: seed, people: people, locations: 40, sightings: 5_000)
        let w = TopWeights()
        let ranked = a.top(w)
        let top8 = Set(ranked.prefix(8).map { a.entities.ids[$0.child] })
        #expect(a.area.truth.highHarm.count >= 2)
        #expect(top8.isSuperset(of: a.area.truth.highHarm), "seed \(seed), \(people) people: \(a.area.truth.highHarm) should be in \(top8)")

        // No child's missing-together part passes its cap, and the part counts no more times
        // than the overlaps the child has.
        for c in ranked {
            let together = c.components.first { $0.name == "missing_together" }!
            #expect(together.value <= Double(w.missingTogetherCap))
            #expect(together.points <= Double(w.missingTogetherCap) * w.missingTogether)
        }
        // The child planted as still missing at the end scores for it, up to the cap.
        #expect(!a.area.truth.stillMissing.isEmpty)
        for id in a.area.truth.stillMissing {
            let c = ranked.first { a.entities.ids[$0.child] == id }
            let part = c?.components.first { $0.name == "still_missing" }
            #expect(part.map { $0.value > 0 && $0.value <= Double(w.stillMissingCapHours) } == true, "\(id): \(String(describing: part))")
            #expect(c?.reasons.contains("still missing after") == true)
        }
        // Every listed child has reasons in words, with the offenders and partners they name.
        for c in ranked.prefix(8) { #expect(!c.reasons.isEmpty && c.age != nil && c.area != nil) }
    }

    @Test func atCountyScaleOverlapsAreMostlyCoincidenceAndDoNotCount() {
        let a = GeneratedArea(seed: 3, people: 20_000, locations: 400, sightings: 100_000)
        var q = MissingTogetherQuery(asOf: a.periodEnd)
        q.period = Period(from: a.periodEnd - 180 * 86_400, to: a.periodEnd)
        var overlaps: [Int: Int] = [:]
        for p in missingTogether(a.missing, query: q) { overlaps[p.a, default: 0] += p.times; overlaps[p.b, default: 0] += p.times }
        let ranked = a.top()
        let counted = Dictionary(uniqueKeysWithValues: ranked.map { ($0.child, $0.components.first { $0.name == "missing_together" }!.value) })
        // The child with the most overlapping episodes has many; the score counts few of them.
        let busiest = overlaps.max { ($0.value, $1.key) < ($1.value, $0.key) }!
        #expect(busiest.value > 20, "the county should hold children with many coincidental overlaps")
        #expect((counted[busiest.key] ?? 0) < Double(busiest.value) / 3)
        // Most children with overlaps have none that counts.
        let none = overlaps.keys.filter { (counted[$0] ?? 0) == 0 }.count
        #expect(Double(none) > 0.5 * Double(overlaps.count), "\(none) of \(overlaps.count)")
    }
}
