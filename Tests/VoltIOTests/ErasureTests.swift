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

    @Test func anErasedEntityIsNotBroughtBackByTheSameFeed() throws {
        let store = try TestSupport.emptyStore()
        let files = TinyArea.files()
        _ = try Importer.run(files, into: store, context: TestSupport.context)
        try store.write(TestSupport.context, action: .erasure) { w in ((), try w.erase(id: "V1").summary) }
        let before = try store.contentDigest()
        let rejected = TestSupport.rejection { try Importer.run(files, into: store, context: TestSupport.context) }
        let issues = try #require(rejected?.issues, "re-importing an erased id must be refused")
        #expect(issues.count == 1, "one problem, at the entity's line (its links are not reported again): \(issues)")
        #expect(issues.first?.reason.contains("'V1' was erased on") == true && issues.first?.reason.contains("--allow-erased") == true)
        #expect(issues.first?.line ?? 0 > 1 && issues.first?.column == 1)
        #expect(try store.contentDigest() == before, "a refused import changes nothing")
        // Brought back on purpose: the entity and its links return, and the log says so.
        let report = try Importer.run(files, into: store, context: TestSupport.context, allowErased: true)
        #expect(report.broughtBack == ["V1"] && report.links.added == 3)
        #expect(try store.auditEntries().contains { $0.summary.hasSuffix("brought back 1 erased entity: V1") })
        let again = try Importer.run(files, into: store, context: TestSupport.context)
        #expect(again.broughtBack.isEmpty && again.entities.added == 0, "once back, it is an ordinary entity")
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
