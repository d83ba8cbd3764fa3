import Foundation
import Testing
import VoltAnalysis
import VoltGraph
import VoltIO
import VoltLoad
import VoltModel
import VoltStore
import VoltTestSupport

/// Accepted matches make one node of a person's records in every snapshot: the components must
/// be those of the records' own network with each person's records merged by hand.
@Suite struct CanonicalPersonTests {
    @Test func canonicalSnapshotEqualsABruteForceMergeOfTheRecords() throws {
        let store = try TestSupport.emptyStore()
        let (dir, area) = try TestSupport.sampleArea(seed: 5, people: 150, sightings: 2000)
        _ = try Importer.run(TestSupport.csvFiles(in: dir), into: store, context: TestSupport.context)
        let clusters = area.truth.duplicates
        #expect(clusters.count >= 5, "the sample should plant duplicates")
        try store.write(TestSupport.context, action: .combination) { w in
            for c in clusters { for other in c.dropFirst() { _ = try w.judge(c[0], other, .accept, actor: "test", score: nil) } }
            return ((), "test accepts")
        }
        // Each record to its person (the first id of its cluster): the hand merge.
        var person: [String: String] = [:]
        for c in clusters { for id in c { person[id] = c[0] } }
        func merged(_ id: String) -> String { person[id] ?? id }

        for links in [nil, ["associate"]] as [[String]?] {
            var filter = SnapshotFilter()
            if let links { filter.links.types = Set(links.compactMap { LinkType(parsing: $0) }) }
            let (canonical, records) = try store.consult(TestSupport.context, summary: "test") { r in
                (try Snapshot(r.seeingCanonicalPersons(true), filter: filter), try Snapshot(r.seeingCanonicalPersons(false), filter: filter))
            }
            // Components of the canonical snapshot, as sets of persons.
            let (labels, _) = connectedComponents(canonical.graph)
            var found: [Int32: Set<String>] = [:]
            for v in 0..<canonical.graph.nodeCount { found[labels[v], default: []].insert(merged(canonical.ids[v])) }

            // Brute force: every record edge relabelled to persons, components by relaxing labels.
            var label: [String: String] = [:]
            for id in records.ids { label[merged(id)] = merged(id) }
            var edges: [(String, String)] = []
            for u in 0..<records.graph.nodeCount {
                for k in records.graph.offsets[u]..<records.graph.offsets[u + 1] {
                    edges.append((merged(records.ids[u]), merged(records.ids[Int(records.graph.targets[k])])))
                }
            }
            var changed = true
            while changed {
                changed = false
                for (a, b) in edges {
                    let m = min(label[a]!, label[b]!)
                    if label[a]! != m { label[a] = m; changed = true }
                    if label[b]! != m { label[b] = m; changed = true }
                }
            }
            var expected: [String: Set<String>] = [:]
            for (id, l) in label { expected[l, default: []].insert(id) }

            #expect(Set(found.values) == Set(expected.values), "links \(links ?? ["all"])")
            #expect(canonical.graph.nodeCount == Set(records.ids.map(merged)).count)
            #expect(canonical.graph.nodeCount < records.graph.nodeCount)
            // No absorbed record is a node of its own.
            let absorbed = Set(clusters.flatMap { $0.dropFirst() })
            #expect(canonical.ids.allSatisfy { !absorbed.contains($0) })
        }
    }
}
