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
        // Either side of every power of ten and of two, where a digit count changes.
        var power: Int64 = 1
        for _ in 0...18 {
            values += [power - 1, power, power + 1, -power, -(power - 1)]
            if power <= Int64.max / 10 { power *= 10 }
        }
        for b in 0..<63 { values += [Int64(1) << b, (Int64(1) << b) - 1, -(Int64(1) << b)] }
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
    func bulkLoad(_ w: StoreWriter, links: Int, duplicate: Bool = false, weightsFrom: Int = 0) throws {
        var rng = SplitMix64(seed: 20)
        for i in 0..<50 {
            // Every column an entity can fill, each sometimes empty: REAL coordinates (one
            // integral), dates, later columns (address, postcode, source) held or not.
            var e = Entity(id: "P\(i)", kind: i % 7 == 6 ? .location : .person, name: i == 3 ? "" : "Person é \(i)")
            e.isVictim = rng.int(2) == 0
            e.victimSince = e.isVictim && rng.int(2) == 0 ? Timestamp(seconds: Int64(i) * 86_400) : nil
            e.isOffender = rng.int(3) == 0
            e.dateOfBirth = rng.int(2) == 0 ? CalendarDate("2010-0\(1 + i % 9)-1\(i % 10)") : nil
            e.ageBand = rng.int(2) == 0 ? "13-15" : nil
            e.gender = rng.int(2) == 0 ? "F" : nil
            if e.kind == .location {
                e.category = .park
                e.latitude = [53.0, 53.381_129, -0.000_1, 1e-7][rng.int(4)]
                e.longitude = rng.int(2) == 0 ? -1.470_085 : nil
            } else {
                e.address = rng.int(2) == 0 ? "1 High Street" : nil
                e.postcode = rng.int(2) == 0 ? "S1 2AB" : nil
            }
            e.source = rng.int(2) == 0 ? "police" : nil
            e.area = rng.int(2) == 0 ? "Ward 3" : nil
            _ = try w.upsert(e)
        }
        let weights: [Double?] = [nil, 0, -0.0, 1, 2.5, 0.1, 1e300, .leastNonzeroMagnitude, 123_456_789_012_345_680, 1e15, 1e16, 7.0 / 3]
        let sources = ["police", "social_care", "é-agency", ""]
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
                            grading: graded, weight: i < weightsFrom ? nil : weights[rng.int(weights.count)])
            staged.append((link, a + 1, b + 1))
        }
        if duplicate { staged.append(staged[17]) }
        for (i, (link, a, b)) in staged.enumerated() {
            try w.stage(link, from: a, to: b)
            if i == links / 2 { _ = try w.flushLinks(heldBefore: 0, final: false) }
        }
        _ = try w.flushLinks(heldBefore: 0)
    }

    /// A bulk load into an empty store hashes each entity and link as it appends it, instead
    /// of reading the tables back for the audit entry: the bytes must be the ones the read back
    /// gives, or the entry records a digest the store will never verify against.
    /// Links without a weight are inserted many to a statement, the last few of a flush with
    /// placeholder rows deleted after; from the first weight on, one by one: weights from the
    /// start, from a link in the middle of a statement's rows, and none at all.
    @Test(arguments: [(240_000, 0), (240_000, 100_037), (240_000, Int.max)])
    func aBulkLoadHashesItsRowsAsTheReadBackWould(_ links: Int, _ weightsFrom: Int) throws {
        let store = try TestSupport.emptyStore()
        try store.bulkChange(TestSupport.context) { w in
            try bulkLoad(w, links: links, weightsFrom: weightsFrom)
            let known = try w.knownDigests()
            let read = try ContentDigest.tables(w.db).split(separator: ";")
            for table in ["entity", "link"] {
                #expect(known[table] != nil, "the bulk load kept the \(table) digest")
                #expect(known[table].map { "\(table)=\($0)" } == read.first { $0.hasPrefix("\(table)=") }.map(String.init))
            }
            #expect(known["entity"]?.hasPrefix("50:") == true && known["link"]?.hasPrefix("\(links):") == true)
            return ((), [(.collection, "digest test: bulk load")])
        }
        #expect(try store.verifyAudit() == .intact(entries: 2))
    }

    /// A link given twice is merged after the load, and the table is then read back.
    @Test func aMergedBulkLoadReadsTheTableBack() throws {
        let store = try TestSupport.emptyStore()
        try store.bulkChange(TestSupport.context) { w in
            try bulkLoad(w, links: 120_000, duplicate: true)
            #expect(try w.knownDigests()["link"] == nil)
            return ((), [(.collection, "digest test: bulk load with a duplicate")])
        }
        #expect(try store.verifyAudit() == .intact(entries: 2))
    }

    /// An entity changed in place (a second load naming it again) stops the entity digest.
    @Test func anEntityChangedInPlaceReadsTheTableBack() throws {
        let store = try TestSupport.emptyStore()
        try store.bulkChange(TestSupport.context) { w in
            _ = try w.upsert(Entity(id: "A", kind: .person, name: "Ann"))
            _ = try w.upsert(Entity(id: "B", kind: .person, name: "Bo"))
            var a = Entity(id: "A", kind: .person, name: "Ann")
            a.gender = "F"
            #expect(try w.upsert(a) == .updated)
            #expect(try w.knownDigests()["entity"] == nil)
            return ((), [(.collection, "digest test: an entity updated")])
        }
        #expect(try store.verifyAudit() == .intact(entries: 2))
    }
}
