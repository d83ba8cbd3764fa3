import Testing
import VoltModel
@testable import VoltStore
import VoltTestSupport

/// The content digest writes integers itself instead of asking SQLite for their text; the
/// bytes must be the ones SQLite gives (plain decimal), or every recorded digest stops verifying.
@Suite struct ContentDigestTests {
    @Test func integersAreWrittenAsSQLiteWritesThem() {
        var rng = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
                               1_700_000_000, -1_700_000_000, 9_223_372_036_854_775_807]
        for _ in 0..<10_000 {
            let bits = Int64.random(in: 0...63, using: &rng)
            values.append(Int64.random(in: Int64.min...Int64.max, using: &rng) >> bits)
        }
        for v in values {
            #expect(ContentDigest.decimal(v) == Array(String(v).utf8), "\(v)")
        }
    }

    /// Links staged for a bulk load into an empty link table, with every kind of value a column
    /// can hold: NULLs, empty and non-ASCII text, negative and extreme times, and weights SQLite
    /// stores as integers (integral ones, -0.0) or renders in exponent form.
    func bulkLoad(_ w: StoreWriter, links: Int, duplicate: Bool = false) throws {
        for i in 0..<50 {
            _ = try w.upsert(Entity(id: "P\(i)", kind: .person, name: "Person \(i)"))
        }
        let weights: [Double?] = [nil, 0, -0.0, 1, 2.5, 0.1, 1e300, .leastNonzeroMagnitude, 123_456_789_012_345_680, 1e15, 1e16, 7.0 / 3]
        let sources = ["police", "social_care", "é-agency", ""]
        var rng = SplitMix64(seed: 20)
        var staged: [(Link, Int64, Int64)] = []
        for i in 0..<links {
            let a = rng.int64(50), b = rng.int64(50)
            let start = rng.int64(4_000_000_000) - 2_000_000_000
            let graded = rng.int(3) == 0 ? nil : Grading("\(1 + rng.int(3))\(["A", "B", "C", "D", "E"][rng.int(5)])-\(["P", "C"][rng.int(2)])")
            let link = Link(from: "P\(a)", to: "P\(b)", type: [.associate, .family, .coOffends][rng.int(3)],
                            start: Timestamp(seconds: start), end: rng.int(2) == 0 ? nil : Timestamp(seconds: start + rng.int64(1000)),
                            provenance: Provenance(source: sources[rng.int(sources.count)],
                                                   reference: rng.int(2) == 0 ? nil : "R\(i)",
                                                   recordedAt: rng.int(2) == 0 ? nil : Timestamp(seconds: Int64(i))),
                            grading: graded, weight: weights[rng.int(weights.count)])
            staged.append((link, a + 1, b + 1))
        }
        if duplicate { staged.append(staged[17]) }
        for (i, (link, a, b)) in staged.enumerated() {
            w.stage(link, from: a, to: b)
            if i == links / 2 { _ = try w.flushLinks(heldBefore: 0, final: false) }
        }
        _ = try w.flushLinks(heldBefore: 0)
    }

    /// A bulk load into an empty link table hashes each row as it appends it, instead of
    /// reading the table back for the audit entry: the bytes must be the ones the read back
    /// gives, or the entry records a digest the store will never verify against.
    @Test func aBulkLoadHashesItsLinksAsTheReadBackWould() throws {
        let store = try TestSupport.emptyStore()
        try store.bulkChange(TestSupport.context) { w in
            try bulkLoad(w, links: 240_000)
            let known = try w.knownDigests()
            let link = try ContentDigest.tables(w.db).split(separator: ";").first { $0.hasPrefix("link=") }
            #expect(known["link"] != nil, "the bulk load took the append path and kept the digest")
            #expect(known["link"].map { "link=\($0)" } == link.map(String.init))
            #expect(known["link"]?.hasPrefix("240000:") == true)
            return ((), [(.collection, "digest test: bulk load")])
        }
        #expect(try store.verifyAudit() == .intact(entries: 2))
    }

    /// A link given twice is merged after the load, and the table is then read back.
    @Test func aMergedBulkLoadReadsTheTableBack() throws {
        let store = try TestSupport.emptyStore()
        try store.bulkChange(TestSupport.context) { w in
            try bulkLoad(w, links: 120_000, duplicate: true)
            #expect(try w.knownDigests().isEmpty)
            return ((), [(.collection, "digest test: bulk load with a duplicate")])
        }
        #expect(try store.verifyAudit() == .intact(entries: 2))
    }
}
