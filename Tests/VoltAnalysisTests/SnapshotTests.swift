import Foundation
import Testing
import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltIO
import VoltModel
import VoltSample
import VoltStore
import VoltTestSupport

@Suite struct SnapshotTests {
    /// A store with a few links whose times, types and gradings differ.
    func store() throws -> Store {
        let dir = TestSupport.temporaryDirectory()
        TestSupport.write("""
            id,type,name
            A,victim,A
            B,victim,B
            C,offender,C
            D,victim+offender,D
            L,location,Park
            """, to: "e.csv", in: dir)
        TestSupport.write("""
            from,to,type,start,end,source,grading
            A,B,associate,2026-01-10,2026-01-10,police,1A-P
            A,B,associate,2026-03-10,2026-03-10,police,2B-P
            C,A,exploits,2026-02-01,,police,3D-P
            C,D,supplies,2026-05-01,2026-06-01,police,2C-C
            B,D,family,2025-01-01,,social_care,
            D,L,lives_at,2025-06-01,,housing,1A-P
            """, to: "l.csv", in: dir)
        let s = try TestSupport.emptyStore()
        _ = try Importer.run([ImportFile(path: dir + "/e.csv"), ImportFile(path: dir + "/l.csv")], into: s, context: TestSupport.context)
        return s
    }

    func snapshot(_ s: Store, _ f: SnapshotFilter) throws -> Snapshot {
        try s.consult(TestSupport.context, summary: "test") { try Snapshot($0, filter: f) }
    }

    func edges(_ snap: Snapshot) -> Set<String> {
        var out = Set<String>()
        for u in 0..<snap.graph.nodeCount {
            for k in snap.graph.offsets[u]..<snap.graph.offsets[u + 1] {
                let v = Int(snap.graph.targets[k])
                if snap.graph.isDirected || u < v { out.insert("\(snap.ids[u])-\(snap.ids[v]):\(Int(snap.graph.weights[k]))") }
            }
        }
        return out
    }

    @Test func parallelLinksCollapseWithACount() throws {
        let snap = try snapshot(try store(), SnapshotFilter())
        #expect(snap.ids == ["A", "B", "C", "D", "L"])
        #expect(edges(snap) == ["A-B:2", "A-C:1", "C-D:1", "B-D:1", "D-L:1"])
        #expect(snap.linkCount == 6)
        #expect(snap.firstLink[snap.node("A")!] == Timestamp(iso8601: "2026-01-10")!.seconds)
        #expect(snap.lastLink[snap.node("A")!] == Int64.max, "an open-ended exploits link")
    }

    @Test func theWindowKeepsLinksActiveInIt() throws {
        var f = SnapshotFilter()
        f.links.window = TimeWindow(from: Timestamp(iso8601: "2026-03-01"), to: Timestamp(iso8601: "2026-04-30"))
        // A-B 2026-03-10 (one of two), C-A open since Feb, B-D open since 2025, D-L open since 2025.
        #expect(edges(try snapshot(try store(), f)) == ["A-B:1", "A-C:1", "B-D:1", "D-L:1"])
    }

    @Test func typesAndGradingFilter() throws {
        let s = try store()
        var f = SnapshotFilter()
        f.voltTypes = [.victim, .victimOffender]
        #expect(edges(try snapshot(s, f)) == ["A-B:2", "B-D:1"])
        f = SnapshotFilter()
        f.links.minimumGrading = Grading("2B-P")
        #expect(edges(try snapshot(s, f)) == ["A-B:2", "D-L:1"], "3D, 2C and ungraded links are left out")
        f = SnapshotFilter()
        f.links.types = Set(["exploits", "supplies"].compactMap { LinkType(parsing: $0) })
        #expect(edges(try snapshot(s, f)) == ["A-C:1", "C-D:1"])
    }

    @Test func theDirectedViewKeepsExploitsPointingAtTheVictim() throws {
        var f = SnapshotFilter()
        f.directed = true
        f.links.types = Set(["exploits", "associate"].compactMap { LinkType(parsing: $0) })
        // exploits C->A one way; associate A-B both ways.
        #expect(edges(try snapshot(try store(), f)) == ["C-A:1", "A-B:2", "B-A:2"])
    }

    @Test func recencyWeightsHalveEachHalfLife() throws {
        var f = SnapshotFilter()
        f.links.types = Set(["associate"].compactMap { LinkType(parsing: $0) })
        f.weight = .recency(halfLife: 30 * 86_400, at: Timestamp(iso8601: "2026-03-10")!)
        let snap = try snapshot(try store(), f)
        let w = snap.graph.weights[0]
        // One link today (1) and one 59 days earlier (0.5^(59/30)).
        #expect(abs(w - (1 + pow(0.5, 59.0 / 30))) < 1e-12)
    }

    @Test func theSampleAreasBrokersLieBetweenTheGroups() throws {
        let (dir, area) = try TestSupport.sampleArea()
        let s = try TestSupport.emptyStore()
        _ = try Importer.run(TestSupport.csvFiles(in: dir), into: s, context: TestSupport.context)
        var f = SnapshotFilter()
        f.links.types = Set(["associate", "family", "co_offends", "exploits", "supplies"].compactMap { LinkType(parsing: $0) })
        let snap = try snapshot(s, f)
        let bc = betweenness(snap.graph)
        let top = bc.indices.sorted { bc[$0] > bc[$1] }.prefix(3).map { snap.ids[$0] }
        #expect(Set(top) == Set(area.truth.brokers))
        // Associations alone never cross planted groups.
        f.links.types = Set(["associate"].compactMap { LinkType(parsing: $0) })
        let peers = try snapshot(s, f)
        var groupOf = Dictionary(uniqueKeysWithValues: area.truth.groups.flatMap { g in g.members.map { ($0, g.id) } })
        // Another agency's record of a child (not matched here) is in the child's group.
        for c in area.truth.duplicates { for id in c.dropFirst() { groupOf[id] = groupOf[c[0]] } }
        for g in peerGroups(peers) {
            #expect(Set(g.members.map { groupOf[peers.ids[$0]]! }).count == 1)
        }
    }
}
