import Foundation
import Testing
@testable import VoltIO
import VoltModel
@testable import VoltStore
import VoltTestSupport

@Suite struct ImportTests {
    @Test func reimportingTheSameFilesAddsNothing() throws {
        let store = try TestSupport.emptyStore()
        let files = TinyArea.files()
        let first = try Importer.run(files, into: store, context: TestSupport.context)
        #expect(first.entities.added == 5)
        #expect(first.links.added == 3)
        #expect(first.sightings.added == 2)
        #expect(first.missing.added == 1)
        let digest = try store.contentDigest()
        let again = try Importer.run(files, into: store, context: TestSupport.context)
        #expect(again.entities == ImportCounts(unchanged: 5))
        #expect(again.links.added == 0 && again.links.unchanged == 3)
        #expect(again.sightings.added == 0 && again.missing.added == 0)
        #expect(try store.contentDigest() == digest)
    }

    @Test func aChangedGradingIsAnAlterationAndLogged() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let changed = TinyArea.spoil(TinyArea.links, line: 2, with: "O1,V1,exploits,2026-01-05T10:00:00Z,,police,1A-P")
        let r = try Importer.run(TinyArea.files(replacing: "links.csv", with: changed), into: store, context: TestSupport.context)
        #expect(r.links.updated == 1)
        #expect(r.links.unchanged == 2)
        let log = try store.auditEntries()
        #expect(log.last?.action == "alteration")
        #expect(log.last?.summary.contains("links 1") == true)
    }

    @Test func aSecondRoleJoinsTheSameRecord() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let dir = TestSupport.temporaryDirectory()
        let later = TestSupport.write("id,type,name,offender_since\nV1,offender,Ann Example,2026-06-01\n", to: "later.csv", in: dir)
        let r = try Importer.run([ImportFile(path: later)], into: store, context: TestSupport.context)
        #expect(r.entities.updated == 1)
        let e = try store.consult(TestSupport.context, summary: "test") { try $0.entity(id: "V1") }
        #expect(e?.voltType == .victimOffender)
        #expect(e?.offenderSince == Timestamp(iso8601: "2026-06-01"))
        let s = try store.consult(TestSupport.context, summary: "test") { try $0.stats() }
        #expect(s.entities == 5, "never two records for one person")
    }

    /// An id defined twice in one import is refused where it comes again, naming the file and
    /// line of its first definition: across files, in a new store and in one that holds it,
    /// and after an earlier problem has stopped the import writing (each is looked up another
    /// way: by the number a new or held entity has, or by the id of one never written).
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func anEntityDefinedTwiceNamesItsFirstDefinition(_ heldBefore: Bool, _ failingBefore: Bool) throws {
        let store = try TestSupport.emptyStore()
        if heldBefore { _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context) }
        let digest = try store.contentDigest()
        let dir = TestSupport.temporaryDirectory()
        let bad = failingBefore ? "P0,wizard,Zed\n" : ""
        let a = TestSupport.write("id,type,name\n\(bad)P1,victim,Ann\nV1,victim,Ann Example\nP2,victim,Bea\n", to: "a.csv", in: dir)
        let b = TestSupport.write("id,type,name\nP3,victim,Cal\nP4,victim,Dee\nV1,victim,Again\nP2,victim,Bea\n", to: "b.csv", in: dir)
        let error = #expect(throws: ImportError.self) {
            try Importer.run([ImportFile(path: a), ImportFile(path: b)], into: store, context: TestSupport.context)
        }
        guard case .rejected(let issues, _)? = error else { Issue.record("not rejected: \(String(describing: error))"); return }
        let twice = issues.filter { $0.reason.hasPrefix("duplicate id") }
        #expect(issues.count == twice.count + (failingBefore ? 1 : 0))
        let line = failingBefore ? 4 : 3
        #expect(twice.map(\.file) == [b, b] && twice.map(\.line) == [4, 5] && twice.allSatisfy { $0.column == 1 })
        #expect(twice.map(\.reason) == ["duplicate id 'V1' (first defined at \(a):\(line))",
                                         "duplicate id 'P2' (first defined at \(a):\(line + 1))"])
        #expect(try store.contentDigest() == digest)
    }

    /// A first load of 100,000 links or more hashes each link for the audit entry as it appends
    /// it, instead of reading the table back: the entry must record the digest the data has, or
    /// the store never verifies. Every optional column, held or not (a weight is read back).
    @Test func aFirstLoadRecordsTheDigestItsDataHas() throws {
        let dir = TestSupport.temporaryDirectory()
        var people = "id,type,name\n"
        for i in 0..<1_000 { people += "P\(i),\(i % 3 == 0 ? "offender" : "victim"),Person \(i)\n" }
        var rng = SplitMix(seed: 11)
        var rows = ["from,to,type,start,end,source,ref,recorded_at,grading,weight"]
        for i in 0..<120_000 {
            let a = Int(rng.next() % 1_000), b = (a + 1 + Int(rng.next() % 999)) % 1_000
            let r = rng.next()
            let end = r % 2 == 0 ? "" : "2025-06-0\(1 + r % 9)"
            let ref = r % 3 == 0 ? "" : "R\(i)"
            let recorded = r % 5 == 0 ? "2025-07-01T10:00:00Z" : ""
            let grading = r % 7 == 0 ? "" : ["1A-P", "2B-C", "3E-P"][Int(r % 3)]
            let weight = r % 11 == 0 ? ["0.5", "2", "1e-3"][Int(r % 3)] : ""
            rows.append("P\(a),P\(b),\(["associate", "sibling", "co_offends"][Int(r % 3)]),2025-01-01T00:00:\(String(format: "%02d", i % 60))Z,\(end),\(["police", "social_care", "é-agency"][Int(r % 3)]),\(ref)\(i),\(recorded),\(grading),\(weight)")
        }
        let files = [ImportFile(path: TestSupport.write(people, to: "entities.csv", in: dir)),
                     ImportFile(path: TestSupport.write(rows.joined(separator: "\n") + "\n", to: "links.csv", in: dir))]
        let store = try TestSupport.emptyStore()
        // Appended as they come from the first (the link table is empty), whatever the flush size.
        let r = try Importer.run(files, into: store, context: TestSupport.context, maxIssues: 50, allowErased: false,
                                 progress: nil, flushSizes: Importer.FlushSizes(sorted: 100_000))
        #expect(r.links.added == 120_000)
        guard case .intact = try store.verifyAudit() else { Issue.record("the recorded digest is not the data's"); return }
    }

    @Test func linksToRecordsHeldBeforeAreLoggedAsCombination() throws {
        let store = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: store, context: TestSupport.context)
        let dir = TestSupport.temporaryDirectory()
        let f = TestSupport.write("from,to,type,start,source\nO1,V2,exploits,2026-05-01,police\n", to: "new.csv", in: dir)
        let r = try Importer.run([ImportFile(path: f)], into: store, context: TestSupport.context)
        #expect(r.combined == 1)
        #expect(try store.auditEntries().suffix(2).map(\.action) == ["collection", "combination"])
    }

    @Test func jsonLinesHoldsTheSameContentAsCSV() throws {
        let csvStore = try TestSupport.emptyStore()
        _ = try Importer.run(TinyArea.files(), into: csvStore, context: TestSupport.context)
        let jsonl = """
            {"kind": "link", "from": "O1", "to": "V1", "type": "exploits", "start": "2026-01-05T10:00:00Z", "source": "police", "grading": "2B-P"}
            {"kind": "entity", "id": "V1", "type": "victim", "name": "Ann Example"}
            {"kind": "entity", "id": "V2", "type": "victim", "name": "Bea Example"}
            {"kind": "entity", "id": "O1", "type": "offender", "name": "Carl Example"}
            {"kind": "entity", "id": "L1", "type": "location", "name": "Riverside Park", "category": "park"}
            {"kind": "entity", "id": "T1", "type": "theme", "name": "CCE"}
            {"kind": "link", "from": "V1", "to": "V2", "type": "associate", "start": "2026-02-01", "end": "2026-02-01", "source": "education", "grading": "1A-P"}
            {"kind": "link", "from": "V1", "to": "T1", "type": "linked_to_theme", "start": "2026-02-03", "source": "social_care", "grading": null}

            {"kind": "sighting", "person": "V1", "location": "L1", "time": "2026-03-01T18:00:00Z"}
            {"kind": "sighting", "person": "O1", "location": "L1", "time": "2026-03-01T18:20:00Z"}
            {"kind": "missing", "person": "V2", "start": "2026-04-01T20:00:00Z", "end": "2026-04-02T09:00:00Z", "found_at": "L1"}
            """
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(jsonl, to: "area.jsonl", in: dir)
        let jsonStore = try TestSupport.emptyStore()
        _ = try Importer.run([ImportFile(path: path)], into: jsonStore, context: TestSupport.context)
        #expect(try jsonStore.contentDigest() == csvStore.contentDigest())

        let bad = TestSupport.write("{\"kind\": \"entity\", \"id\": \"X\", \"type\": \"victim\", \"name\": \"X\", \"dob\": \"2012-13-01\"}\nnot json\n", to: "bad.jsonl", in: dir)
        let r = TestSupport.rejection { try Importer.run([ImportFile(path: bad)], into: jsonStore, context: TestSupport.context) }
        #expect(r?.issues.map { "\($0.line):\($0.column)" } == ["1:62", "2:1"], "\(String(describing: r))")
    }

    @Test func theSampleAreaSurvivesExportAndReimport() throws {
        let (dir, area) = try TestSupport.sampleArea(seed: 3)
        let store = try TestSupport.emptyStore()
        let report = try Importer.run(TestSupport.csvFiles(in: dir), into: store, context: TestSupport.context)
        #expect(report.entities.added == area.entities.count)
        #expect(report.links.added == area.links.count)
        #expect(report.sightings.added == area.sightings.count)
        #expect(report.missing.added == area.missing.count)

        // The bulk load skips SQLite's per-row reference check because it resolves every id
        // itself: the result must still pass the check, and the check must be on again after.
        let check = try TestSupport.sqlite3(store.path, "PRAGMA foreign_key_check;")
        #expect(check.status == 0 && check.output.isEmpty, "dangling references after import: \(check.output)")
        #expect(TestSupport.refusesDanglingLink(store))

        let out = TestSupport.temporaryDirectory("export")
        let counts = try store.write(TestSupport.context, action: .disclosure) { w in (try CSVExport.write(w.reader, to: out), "export") }
        #expect(counts[.links] == area.links.count)
        let copy = try TestSupport.emptyStore()
        _ = try Importer.run(TestSupport.csvFiles(in: out), into: copy, context: TestSupport.context)
        #expect(try copy.contentDigest() == store.contentDigest())
        #expect(try store.auditEntries().last?.action == "disclosure")
        #expect(!FileManager.default.fileExists(atPath: out + "/.links.csv.partial"))
    }

    @Test func awkwardTextSurvivesTheRoundTrip() throws {
        let names = ["O'Brien & Sons <ltd>", "Zoë \"Z\" Quirke, jr", "line one\nline two", "لينا حداد", "Kai 🧒🏽 Ng", "  padded  "]
        var text = "id,type,name\n"
        for (i, n) in names.enumerated() {
            text += "P\(i),victim,\"\(n.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }
        let dir = TestSupport.temporaryDirectory()
        let store = try TestSupport.emptyStore()
        _ = try Importer.run([ImportFile(path: TestSupport.write(text, to: "p.csv", in: dir))], into: store, context: TestSupport.context)
        let out = TestSupport.temporaryDirectory("export")
        _ = try store.write(TestSupport.context, action: .disclosure) { w in (try CSVExport.write(w.reader, to: out), "export") }
        let copy = try TestSupport.emptyStore()
        _ = try Importer.run(TestSupport.csvFiles(in: out), into: copy, context: TestSupport.context)
        let back = try copy.consult(TestSupport.context, summary: "test") { r in try (0..<names.count).map { try r.entity(id: "P\($0)")!.name } }
        // Surrounding spaces are trimmed on import, as for every cell.
        #expect(back == names.map(\.trimmingSpaces))
    }

    @Test func largeFilesStreamAcrossChunkBoundaries() throws {
        // Over 1 MiB, so fields and quoted line breaks straddle the reader's chunk edges.
        var text = "id,type,name,area\n"
        for i in 0..<30_000 { text += "P\(i),victim,\"Name \(i)\nwith a break\",Ward \(i % 7)\n" }
        let dir = TestSupport.temporaryDirectory()
        let path = TestSupport.write(text + "P30000,victim,Bad,\"x\"y\n", to: "big.csv", in: dir)
        #expect(text.utf8.count > 1 << 20)
        let store = try TestSupport.emptyStore()
        let r = TestSupport.rejection { try Importer.run([ImportFile(path: path)], into: store, context: TestSupport.context) }
        #expect(r?.more == 0)
        #expect(r?.issues.map { "\($0.line):\($0.column)" } == ["60002:4"])
        let good = TestSupport.write(text, to: "good.csv", in: dir)
        let ok = try Importer.run([ImportFile(path: good)], into: store, context: TestSupport.context)
        #expect(ok.entities.added == 30_000)
        let e = try store.consult(TestSupport.context, summary: "test") { try $0.entity(id: "P29999") }
        #expect(e?.name == "Name 29999\nwith a break")
        #expect(e?.area == "Ward \(29999 % 7)")
    }

    /// A first load of 100,000 links or more into a store without links appends them with no
    /// key index and builds it at the end; a link given twice is then merged when the index is
    /// built. The result must be the upsert's, row by row: the same counts, the same links.
    /// The importer now appends from the first link into an empty link table
    /// (`StoreWriter.beginLinks`), whatever the flush size; both sizes are kept so that a change
    /// back to staging a first batch is tested too.
    @Test(arguments: [Importer.FlushSizes(), Importer.FlushSizes(sorted: 100_000)])
    func aBulkLoadMergesRepeatedLinksAsTheUpsertDoes(_ sizes: Importer.FlushSizes) throws {
        let dir = TestSupport.temporaryDirectory()
        var people = "id,type,name\n"
        for i in 0..<2_000 { people += "P\(i),\(i % 3 == 0 ? "offender" : "victim"),Person \(i)\n" }
        let entities = TestSupport.write(people, to: "entities.csv", in: dir)
        var rng = SplitMix(seed: 7)
        var rows: [String] = []
        for i in 0..<101_000 {
            let a = Int(rng.next() % 2_000), b = (a + 1 + Int(rng.next() % 1_999)) % 2_000
            rows.append("P\(a),P\(b),associate,2025-01-01T00:00:\(String(format: "%02d", i % 60))Z,,police,\(i),2B-P")
        }
        // Given again: as it was (unchanged), with a new grading (updated), and three times.
        for i in stride(from: 5, to: 101_000, by: 997) { rows.append(rows[i]) }
        for i in stride(from: 11, to: 101_000, by: 1_009) { rows.append(rows[i].replacingOccurrences(of: ",2B-P", with: ",1A-P")) }
        for i in stride(from: 17, to: 101_000, by: 5_003) { rows.append(rows[i]); rows.append(rows[i].replacingOccurrences(of: ",2B-P", with: ",3C-P")) }
        let links = TestSupport.write("from,to,type,start,end,source,ref,grading\n" + rows.joined(separator: "\n") + "\n", to: "links.csv", in: dir)
        let seed = TestSupport.write("from,to,type,start,source\nP1,P2,sibling,2024-01-01,police\n", to: "seed.csv", in: dir)

        // Bulk: links into a store without any; then the seed link.
        let bulk = try TestSupport.emptyStore()
        _ = try Importer.run([ImportFile(path: entities)], into: bulk, context: TestSupport.context)
        let loaded = try Importer.run([ImportFile(path: links)], into: bulk, context: TestSupport.context, maxIssues: 50,
                                      allowErased: false, progress: nil, flushSizes: sizes)
        _ = try Importer.run([ImportFile(path: seed)], into: bulk, context: TestSupport.context)
        // Upsert: the seed link first, so the big file meets a key index.
        let upsert = try TestSupport.emptyStore()
        _ = try Importer.run([ImportFile(path: entities)], into: upsert, context: TestSupport.context)
        _ = try Importer.run([ImportFile(path: seed)], into: upsert, context: TestSupport.context)
        let upserted = try Importer.run([ImportFile(path: links)], into: upsert, context: TestSupport.context)

        let repeats = (101_000 - 5 + 996) / 997 + (101_000 - 11 + 1_008) / 1_009 + 2 * ((101_000 - 17 + 5_002) / 5_003)
        #expect(loaded.links.added + loaded.links.updated + loaded.links.unchanged == 101_000 + repeats)
        #expect(loaded.links.updated > 100 && loaded.links.unchanged > 100)
        #expect(loaded.links == upserted.links)
        #expect(loaded.combined == upserted.combined && loaded.combined == loaded.links.added)
        #expect(try bulk.contentDigest() == upsert.contentDigest())
        guard case .intact = try bulk.verifyAudit() else { Issue.record("the audit chain or data does not verify"); return }
        let indexes = try TestSupport.sqlite3(bulk.path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'link' ORDER BY name")
        #expect(indexes.output.split(separator: "\n") == ["link_dst", "link_key"])
        // The load sized the page cache for appending and for the index builds; the store's
        // own size is back.
        #expect(try bulk.queue.read { try Int.fetchOne($0, sql: "PRAGMA cache_size") } == -65536)
    }
}

/// A seeded generator for test data (SplitMix64).
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
