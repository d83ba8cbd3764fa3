import Foundation
import Testing
import VoltIO
import VoltModel
import VoltStore
import VoltTestSupport

@Suite struct ErasureTests {
    @Test func erasingRemovesEveryRecordAndLogsOnlyMetadata() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let r = try store.write(TestSupport.context, action: .erasure) { w in
            let r = try w.erase(id: "V1")
            return (r, r.summary)
        }
        #expect(r == ErasureReport(id: "V1", kind: .person, links: 3, sightings: 1, missing: 0, episodesUnlinked: 0))
        let (held, stats) = try store.consult(TestSupport.context, summary: "test") { try ($0.entity(id: "V1"), $0.stats()) }
        #expect(held == nil)
        #expect(stats.entities == 4 && stats.links == 0 && stats.sightings == 1)
        let entry = try #require(try store.auditEntries().last(where: { $0.action == "erasure" }))
        #expect(entry.summary.contains("V1"))
        #expect(!entry.summary.contains("Ann"), "an erasure entry must not keep the erased values")
        #expect(try store.verifyAudit() == .intact(entries: Int64(try store.auditEntries().count)))
    }

    @Test func erasingAPlaceKeepsOtherChildrensEpisodes() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let r = try store.write(TestSupport.context, action: .erasure) { w in
            let r = try w.erase(id: "L1")
            return (r, r.summary)
        }
        #expect(r.sightings == 2 && r.missing == 0 && r.episodesUnlinked == 1)
        let episode = try store.consult(TestSupport.context, summary: "test") { try $0.profile(id: "V2").missing }
        #expect(episode.count == 1 && episode[0].foundAt == nil)
    }

    @Test func anUnknownIdErasesNothing() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let before = try store.contentDigest()
        let entries = try store.auditEntries().count
        #expect(throws: StoreError.unknownEntity("NOPE")) {
            try store.write(TestSupport.context, action: .erasure) { w in
                let r = try w.erase(id: "NOPE")
                return (r, r.summary)
            }
        }
        #expect(try store.contentDigest() == before)
        #expect(try store.auditEntries().count == entries)
    }
}
