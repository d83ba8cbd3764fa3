import Foundation
import Testing
import VoltGraph
import VoltModel
import VoltTemporal
import VoltTestSupport

/// Real third-party data, read in place from ../shared/datasets (never copied into the project).
@Suite struct RealDataTests {
    /// The 2012 high-school contacts: rows of (t, i, j), two pupils face to face for 20 s at t.
    struct Contacts {
        var t: [Int64] = [], i: [Int32] = [], j: [Int32] = []
        var people = 0
    }

    func contacts() throws -> Contacts? {
        guard let url = TestSupport.dataset("sociopatterns_highschool_2012/raw/tij_thiers12.dat",
                                            missing: { Issue.record(Comment(rawValue: $0)) }) else { return nil }
        var c = Contacts()
        var index: [String: Int32] = [:]
        func person(_ s: Substring) -> Int32 {
            if let k = index[String(s)] { return k }
            index[String(s)] = Int32(index.count)
            return Int32(index.count - 1)
        }
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let f = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            guard f.count == 3, let t = Int64(f[0]) else { continue }
            c.t.append(t); c.i.append(person(f[1])); c.j.append(person(f[2]))
        }
        c.people = index.count
        return c
    }

    /// Each contact row as both pupils sighted at the pair's meeting point at t: with a window of
    /// zero, co-location counts per pair in any period must equal the contact rows in it.
    @Test func highSchoolCoPresenceCountsEqualTheContactRows() throws {
        guard let c = try contacts() else { return }
        #expect(c.t.count == 45_047 && c.people == 180)
        var pairPlace: [[Int32]: Int32] = [:]
        var person: [Int32] = [], place: [Int32] = [], start: [Int64] = []
        for k in c.t.indices {
            let key = [min(c.i[k], c.j[k]), max(c.i[k], c.j[k])]
            let p = pairPlace[key] ?? {
                let p = Int32(c.people + pairPlace.count)
                pairPlace[key] = p
                return p
            }()
            person += [c.i[k], c.j[k]]; place += [p, p]; start += [c.t[k], c.t[k]]
        }
        let table = SightingTable(person: person, place: place, start: start)
        let types = Array(repeating: VoltType.person, count: c.people) + Array(repeating: .location, count: pairPlace.count)
        var rng = SplitMix64(seed: 2012)
        let (lo, hi) = (c.t.min()!, c.t.max()!)
        var windows = [Period(), Period(from: lo, to: lo), Period(from: hi - 3600, to: hi)]
        for _ in 0..<12 {
            let a = lo + rng.int64(hi - lo), len = [20, 3600, 86_400, 7 * 86_400][rng.int(4)] as Int64
            windows.append(Period(from: a, to: a + len))
        }
        for w in windows {
            var q = CoLocationQuery(window: 0)
            q.period = w
            let pairs = coLocatedPairs(encounters(table, types: types, query: q))
            var rows: [[Int]: Int] = [:]
            for k in c.t.indices where w.contains(c.t[k]) {
                rows[[Int(min(c.i[k], c.j[k])), Int(max(c.i[k], c.j[k]))], default: 0] += 1
            }
            #expect(Dictionary(uniqueKeysWithValues: pairs.map { ([$0.a, $0.b], $0.count) }) == rows, "window \(w)")
            #expect(pairs.reduce(0) { $0 + $1.count } == rows.values.reduce(0, +))
        }
    }

    /// Everyone in a contact at t as present in the school at t: pupils present within 20 s of
    /// each other, in one-hour periods, against a count over every pair of presences.
    @Test func highSchoolPresenceWithinTwentySecondsMatchesAllPairs() throws {
        guard let c = try contacts() else { return }
        var seen = Set<[Int64]>()
        var person: [Int32] = [], start: [Int64] = []
        for k in c.t.indices {
            for p in [c.i[k], c.j[k]] where seen.insert([Int64(p), c.t[k]]).inserted {
                person.append(p); start.append(c.t[k])
            }
        }
        let school = Int32(c.people)
        let table = SightingTable(person: person, place: Array(repeating: school, count: person.count), start: start)
        let types = Array(repeating: VoltType.person, count: c.people) + [.location]
        var rng = SplitMix64(seed: 20)
        let (lo, hi) = (c.t.min()!, c.t.max()!)
        var total = 0
        for _ in 0..<6 {
            // A busy hour: start at a random contact.
            let a = c.t[rng.int(c.t.count)] - rng.int64(1800), w = Period(from: a, to: a + 3600)
            var q = CoLocationQuery(window: 20)
            q.period = w
            let mine = coLocatedPairs(encounters(table, types: types, query: q))
            let inside = person.indices.filter { w.contains(start[$0]) }
            var brute: [[Int]: Int] = [:]
            for x in inside.indices { for y in inside.indices where y > x {
                let (i, j) = (inside[x], inside[y])
                guard person[i] != person[j], abs(start[i] - start[j]) <= 20 else { continue }
                brute[[Int(min(person[i], person[j])), Int(max(person[i], person[j]))], default: 0] += 1
            } }
            #expect(Dictionary(uniqueKeysWithValues: mine.map { ([$0.a, $0.b], $0.count) }) == brute, "window \(w)")
            total += brute.count
        }
        #expect(total > 500 && hi > lo)
    }

    /// Suffragette events (person, dated event, place): co-location by place and day.
    @Test func suffragettesTogetherByPlaceAndDayMatchAllPairs() throws {
        guard let url = TestSupport.dataset("covert/derived/suffragettes_person_event.csv",
                                            missing: { Issue.record(Comment(rawValue: $0)) }) else { return }
        let rows = try TestSupport.readCSV(url)
        #expect(rows.count == 1996)
        var ids: [String: Int32] = [:]
        func index(_ s: String) -> Int32 {
            if let k = ids[s] { return k }
            ids[s] = Int32(ids.count)
            return Int32(ids.count - 1)
        }
        var person: [Int32] = [], place: [Int32] = [], day: [Int64] = []
        for r in rows {
            person.append(index("person:" + r["person"]!))
            place.append(index("place:" + r["place"]!))
            day.append(Timestamp(iso8601: r["date"]!)!.seconds)
        }
        let types = ids.sorted { $0.value < $1.value }.map { $0.key.hasPrefix("place:") ? VoltType.location : .person }
        // Days are midnights, so "the same day" is a gap under a day: window one second.
        let table = SightingTable(person: person, place: place, start: day)
        let pairs = coLocatedPairs(encounters(table, types: types, query: CoLocationQuery(window: 1)))
        var brute: [[Int]: (Int, Set<Int32>)] = [:]
        for i in rows.indices { for j in rows.indices where j > i {
            guard rows[i]["place"] == rows[j]["place"], rows[i]["date"] == rows[j]["date"], person[i] != person[j] else { continue }
            let key = [Int(min(person[i], person[j])), Int(max(person[i], person[j]))]
            var v = brute[key] ?? (0, [])
            v.0 += 1; v.1.insert(place[i])
            brute[key] = v
        } }
        #expect(pairs.count == brute.count && pairs.count > 1000)
        for p in pairs {
            #expect(brute[[p.a, p.b]]?.0 == p.count && brute[[p.a, p.b]]?.1.count == p.places)
        }
    }
}
