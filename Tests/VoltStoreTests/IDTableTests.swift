import Testing
import VoltModel
@testable import VoltStore

/// The importer's id table against a Dictionary: every id it was given resolves to what was
/// set last, forgotten ids and ids never given do not, through growth, for short ids (held in
/// the slot), ids longer than 16 bytes (whose tails are compared apart), ids that share their
/// first 16 bytes, non-ASCII and empty ids, and room reserved ahead; and a copy is a value of
/// its own.
@Suite struct IDTableTests {
    @Test func agreesWithADictionary() {
        var table = IDTable()
        var oracle: [String: Int64] = [:]
        var rng = SplitMix64(seed: 42)
        var copies: [(IDTable, [String: Int64])] = []
        func id(_ i: Int) -> String {
            switch i % 5 {
            case 0: return "P\(i)"
            case 1: return "shared-prefix-of-16-\(i)"  // equal first 16 bytes, different tails
            case 2: return "lieu-é-\(i)"
            case 3: return String(repeating: "x", count: 1 + i % 40)  // lengths 1...40, equal heads
            default: return "loc:\(i):" + String(i, radix: 36)
            }
        }
        table.set("", 7)
        oracle[""] = 7
        for step in 0..<60_000 {
            let i = rng.int(20_000)
            let key = id(i)
            switch rng.int(10) {
            case 0:
                table.forget(key)
                oracle[key] = nil
            case 1, 2, 3, 4:
                // Negative values too (the writer keeps -1 << 2 | kind), and the largest.
                let v = rng.int(100) == 0 ? Int64.max : Int64(rng.int(1_000_000)) - 500_000
                table.set(key, v)
                oracle[key] = v
            default:
                #expect(table.find(key) == oracle[key], "step \(step): \(key)")
            }
            if step % 15_000 == 0 { copies.append((table, oracle)) }
            // Room made ahead (as for a file of entities) moves every id held.
            if step % 10_000 == 5_000 { table.reserve(step) }
        }
        for i in 0..<20_000 {
            let key = id(i)
            #expect(table.find(key) == oracle[key], "\(key)")
        }
        #expect(table.find("") == 7)
        #expect(table.find("never given") == nil)
        // Copies taken along the way still hold what they held then.
        for (copy, then) in copies {
            for i in 0..<20_000 { #expect(copy.find(id(i)) == then[id(i)]) }
        }
    }
}
