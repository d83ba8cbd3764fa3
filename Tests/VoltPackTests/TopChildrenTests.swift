import Foundation
import Testing
import VoltGraph
import VoltModel
@testable import VoltPack
import VoltTestSupport

/// A synthetic area: children and offenders with background noise (peer links, a few weak
/// links to offenders, sightings at shared places, single missing episodes), and `planted`
/// children with the evidence panels look for: exploitation, graded links to offenders, being
/// seen with offenders, repeat missing and missing together.
struct Area {
    let entities: EntityTable
    let links: TimedLinkTable
    let sightings: SightingTable
    let missing: MissingTable
    let planted: Set<Int>
    let end: Int64

    init(seed: UInt64, children: Int = 200, offenders: Int = 12, planted count: Int = 6) {
        var rng = SplitMix64(seed: seed)
        let day: Int64 = 86_400, end: Int64 = 1_790_000_000
        let n = children + offenders + 20  // 20 places
        let types = (0..<n).map { i -> VoltType in i < children ? (i % 17 == 0 ? .victimOffender : .victim) : i < children + offenders ? .offender : .location }
        entities = EntityTable(ids: (0..<n).map { String(format: "E%04d", $0) }, types: types)
        let planted = Set((0..<count).map { $0 * (children / count) + 3 })
        var src: [Int32] = [], dst: [Int32] = [], type: [String] = [], start: [Int64] = [], grading: [Grading?] = []
        func link(_ a: Int, _ b: Int, _ t: String, _ g: String?, _ at: Int64) {
            src.append(Int32(a)); dst.append(Int32(b)); type.append(t); start.append(at); grading.append(g.flatMap(Grading.init))
        }
        func when() -> Int64 { end - rng.int64(170) * day - rng.int64(day) }
        func offender() -> Int { children + rng.int(offenders) }
        for c in 0..<children {
            for _ in 0..<3 { link(c, rng.int(children), "associate", "2C-P", when()) }
            if rng.unit() < 0.15 { link(c, offender(), "associate", "3D-P", when()) }
        }
        var sp: [Int32] = [], pl: [Int32] = [], st: [Int64] = []
        func seen(_ p: Int, _ place: Int, _ at: Int64) { sp.append(Int32(p)); pl.append(Int32(children + offenders + place)); st.append(at) }
        for _ in 0..<3000 { seen(rng.int(children + offenders), rng.int(20), when()) }
        var mp: [Int32] = [], ms: [Int64] = [], me: [Int64?] = []
        for _ in 0..<40 { let s = when(); mp.append(Int32(rng.int(children))); ms.append(s); me.append(s + 3600 * (1 + rng.int64(10))) }
        // The planted children.
        let pairs = planted.sorted()
        for (k, c) in pairs.enumerated() {
            let o = offender()
            link(o, c, "exploits", "1B-P", when())
            link(o, c, "exploits", "2B-P", when())
            link(c, offender(), "associate", "1A-P", when())
            for _ in 0..<6 { let at = when(); seen(c, 5, at); seen(o, 5, at + 600) }
            let partner = pairs[(k + 1) % pairs.count]
            for _ in 0..<2 { let s = when(); mp += [Int32(c), Int32(partner)]; ms += [s, s + 300]; me += [s + 7200, s + 7000] }
        }
        links = TimedLinkTable(src: src, dst: dst, type: type, start: start, end: start.map { $0 as Int64? }, grading: grading)
        sightings = SightingTable(person: sp, place: pl, start: st)
        missing = MissingTable(person: mp, start: ms, end: me)
        self.planted = planted
        self.end = end
    }
}

struct TopChildrenTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func plantedChildrenRankFirst(_ seed: UInt64) {
        let a = Area(seed: seed)
        let ranked = topChildren(entities: a.entities, links: a.links, sightings: a.sightings, missing: a.missing, periodEnd: a.end, weights: TopWeights())
        #expect(Set(ranked.prefix(a.planted.count).map(\.child)) == a.planted, "\(ranked.prefix(8).map { (a.entities.ids[$0.child], $0.score) })")
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func everyScoreIsTheSumOfItsShownParts(_ seed: UInt64) {
        let a = Area(seed: seed)
        var w = TopWeights()
        w.offenderLinks = 2.5
        w.recency = 0.75
        let ranked = topChildren(entities: a.entities, links: a.links, sightings: a.sightings, missing: a.missing, periodEnd: a.end, weights: w)
        #expect(ranked.count > 20)
        for c in ranked {
            #expect(c.components.allSatisfy { $0.points == $0.value * $0.weight })
            #expect(abs(c.score - c.components.reduce(0) { $0 + $1.points }) < 1e-9)
            #expect(c.components.map(\.name) == ["offender_links", "child_offender_links", "exploitation_links", "offender_colocations", "repeat_missing", "still_missing", "missing_together", "recency"])
        }
        // Highest first; equal scores in a fixed order.
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.score >= $1.score })
        let again = topChildren(entities: a.entities, links: a.links, sightings: a.sightings, missing: a.missing, periodEnd: a.end, weights: w)
        #expect(again.map(\.child) == ranked.map(\.child))
    }

    @Test func theWeightsFileHoldsTheBuiltInDefaults() throws {
        let file = TestSupport.packageRoot.appendingPathComponent("config/top-weights.json").path
        #expect(try TopWeights.read(file) == TopWeights())
        let dir = TestSupport.temporaryDirectory("weights")
        var expected = TopWeights()
        expected.exploitationLinks = 7
        expected.lookbackDays = 90
        let some = TestSupport.write("{\"_note\": \"x\", \"exploitationLinks\": 7, \"lookbackDays\": 90}", to: "some.json", in: dir)
        #expect(try TopWeights.read(some) == expected)
        let bad = TestSupport.write("{\"exploitation\": 3}", to: "w.json", in: dir)
        #expect { try TopWeights.read(bad) } throws: { "\($0)".contains("unknown weight 'exploitation'") }
    }

    @Test func onlyEvidenceInTheLookbackCounts() {
        let a = Area(seed: 11)
        var w = TopWeights()
        w.lookbackDays = 0
        #expect(topChildren(entities: a.entities, links: a.links, sightings: a.sightings, missing: a.missing, periodEnd: a.end - 200 * 86_400, weights: w).isEmpty)
    }

    /// Four children (0–3), an adult who offends (4), a child who offends (5), two places (6, 7).
    private func scored(links: [(Int, Int, String)] = [], seen: [(Int, Int, Int64)] = [], missing: [(Int, Int64, Int64?, Int)] = [],
                        end: Int64 = 1_790_000_000) -> [String: TopChild] {
        let types: [VoltType] = [.victim, .victim, .victim, .victim, .offender, .victimOffender, .location, .location]
        let e = EntityTable(ids: (0..<8).map { "E\($0)" }, types: types)
        let l = TimedLinkTable(src: links.map { Int32($0.0) }, dst: links.map { Int32($0.1) }, type: links.map(\.2),
                               start: links.map { _ in end - 86_400 }, end: links.map { _ in end - 86_400 }, grading: links.map { _ in Grading("1B-P") })
        let s = SightingTable(person: seen.map { Int32($0.0) }, place: seen.map { Int32($0.1) }, start: seen.map(\.2))
        let m = MissingTable(person: missing.map { Int32($0.0) }, start: missing.map(\.1), end: missing.map(\.2), foundAt: missing.map { Int32($0.3) })
        let ranked = topChildren(entities: e, links: l, sightings: s, missing: m, periodEnd: end, weights: TopWeights())
        return Dictionary(uniqueKeysWithValues: ranked.map { (e.ids[$0.child], $0) })
    }

    private func part(_ c: TopChild?, _ name: String) -> Double { c?.components.first { $0.name == name }?.value ?? 0 }

    @Test func missingTogetherCountsOnlyChildrenConnectedOtherwiseAndIsCapped() {
        let end: Int64 = 1_790_000_000
        // Children 0 and 1 go missing at the same time five times, 2 and 3 once.
        let days = (1...5).map { end - Int64($0) * 10 * 86_400 }
        let pairs = days.flatMap { [(0, $0, $0 + 7200, -1), (1, $0 + 60, $0 + 7000, -1)] as [(Int, Int64, Int64?, Int)] }
        let once: [(Int, Int64, Int64?, Int)] = [(2, end - 3 * 86_400, end - 3 * 86_400 + 7200, 6), (3, end - 3 * 86_400, end - 3 * 86_400 + 7200, 6)]
        // Nothing connects 0 and 1: coincidence, not counted. 2 and 3 were found at the same place.
        var r = scored(missing: pairs + once)
        #expect(part(r["E0"], "missing_together") == 0 && part(r["E1"], "missing_together") == 0)
        #expect(part(r["E2"], "missing_together") == 1 && part(r["E3"], "missing_together") == 1)
        // A link between 0 and 1: counted, up to three times with one child.
        r = scored(links: [(0, 1, "associate")], missing: pairs)
        #expect(part(r["E0"], "missing_together") == 3)
        #expect(r["E0"]!.reasons.contains("missing with E1 on"))
        // Both linked to the same adult who offends: counted. To the same child who offends: not.
        r = scored(links: [(0, 4, "associate"), (1, 4, "associate")], missing: pairs)
        #expect(part(r["E0"], "missing_together") == 3)
        r = scored(links: [(0, 5, "associate"), (1, 5, "associate")], missing: pairs)
        #expect(part(r["E0"], "missing_together") == 0)
        // Seen together at one place within the hour: counted; three hours apart: not.
        r = scored(seen: [(0, 7, end - 40 * 86_400), (1, 7, end - 40 * 86_400 + 1800)], missing: pairs)
        #expect(part(r["E0"], "missing_together") == 3)
        r = scored(seen: [(0, 7, end - 40 * 86_400), (1, 7, end - 40 * 86_400 + 3 * 3600)], missing: pairs)
        #expect(part(r["E0"], "missing_together") == 0)
        // Six in all: child 0 linked to 1, 2 and 3, missing with each three times, counts six.
        let three = days.prefix(3).flatMap { d in [(0, d, d + 7200, -1)] + (1...3).map { ($0, d + 60, d + 7000, -1) } as [(Int, Int64, Int64?, Int)] }
        r = scored(links: [(0, 1, "associate"), (0, 2, "associate"), (0, 3, "associate")], missing: three)
        #expect(part(r["E0"], "missing_together") == 6)
    }

    @Test func aChildStillMissingScoresForTheHoursUpToTheCap() {
        let end: Int64 = 1_790_000_000
        let r = scored(missing: [(0, end - 10 * 3600, nil, -1), (1, end - 100 * 3600, nil, -1), (2, end - 30 * 3600, end - 20 * 3600, -1)])
        #expect(part(r["E0"], "still_missing") == 10)
        #expect(part(r["E1"], "still_missing") == 48)
        #expect(part(r["E2"], "still_missing") == 0)
        #expect(r["E0"]!.reasons.contains("still missing after 10 hours"))
        // Found after the period's end: still missing at its end.
        let later = scored(missing: [(0, end - 5 * 3600, end + 3600, -1)], end: end)
        #expect(part(later["E0"], "still_missing") == 5)
    }

    @Test func adultsAndChildrenWhoOffendAreCountedApartAndSightingsOnALogScale() {
        let end: Int64 = 1_790_000_000
        var seen: [(Int, Int, Int64)] = []
        for d in 1...7 {
            let t = end - Int64(d) * 86_400
            seen += [(0, 6, t), (4, 6, t + 600), (5, 6, t + 600)]
        }
        let r = scored(links: [(0, 4, "associate"), (0, 5, "associate"), (1, 5, "associate")], seen: seen)
        #expect(part(r["E0"], "offender_links") == 1 && part(r["E0"], "child_offender_links") == 1)
        #expect(part(r["E1"], "offender_links") == 0 && part(r["E1"], "child_offender_links") == 1)
        // Seven days seen with the adult: log2(1 + 7) = 3; the child who offends is not counted.
        #expect(part(r["E0"], "offender_colocations") == 3)
        #expect(r["E0"]!.reasons.contains("linked to E5, a child who offends"))
    }
}
