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
            #expect(c.components.map(\.name) == ["offender_links", "exploitation_links", "offender_colocations", "repeat_missing", "missing_together", "recency"])
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
}
