import Testing
import VoltModel
import VoltSample

/// The benchmark generator: what every library is timed on must be what it says it is.
@Suite struct BenchmarkAreaTests {
    @Test func sameSeedSameAreaAndPlantedGroupsOfFiveToFifty() {
        let a = BenchmarkArea(.s), b = BenchmarkArea(.s)
        #expect(a.source == b.source && a.target == b.target && a.sightingTime == b.sightingTime)
        #expect(BenchmarkArea(.s, seed: 43).source != a.source)
        #expect(a.source.count == 5_000 && a.nodes == 1_000 && a.sightingPerson.count == 10_000)
        var size: [Int32: Int] = [:]
        for g in a.group { size[g, default: 0] += 1 }
        #expect(size.values.allSatisfy { (5...54).contains($0) })  // the last group takes what is left
        #expect(size.values.filter { $0 > 50 }.count <= 1)
        // Distinct ties, no self-ties, most of them inside a group.
        var keys = Set<Int64>()
        var inside = 0
        for (u, v) in zip(a.source, a.target) {
            #expect(u != v && u >= 0 && v >= 0 && Int(u) < a.nodes && Int(v) < a.nodes)
            keys.insert(Int64(min(u, v)) << 32 | Int64(max(u, v)))
            if a.group[Int(u)] == a.group[Int(v)] { inside += 1 }
        }
        #expect(keys.count == a.source.count)
        #expect(Double(inside) / Double(a.source.count) > 0.7)
        // Planted co-travelling: many sightings share a place within 20 minutes with someone
        // of the same peer group.
        var byPlace: [Int32: [(Int64, Int32)]] = [:]
        for i in a.sightingPerson.indices { byPlace[a.sightingPlace[i], default: []].append((a.sightingTime[i], a.sightingPerson[i])) }
        var together = 0
        for (_, seen) in byPlace {
            let sorted = seen.sorted { $0.0 < $1.0 }
            for i in sorted.indices.dropFirst() where sorted[i].0 - sorted[i - 1].0 <= 1200
                && sorted[i].1 != sorted[i - 1].1 && a.group[Int(sorted[i].1)] == a.group[Int(sorted[i - 1].1)] {
                together += 1
            }
        }
        #expect(together > a.sightingPerson.count / 6)
    }
}
