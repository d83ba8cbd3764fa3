import Testing
import VoltModel
@testable import VoltStore

/// The importer's id table against a Dictionary: every id it was given resolves to what was
/// set last, forgotten ids and ids never given do not, through growth, for short ids (held in
/// the slot), ids longer than 16 bytes (whose tails are compared apart), ids that share their
/// first 16 bytes, non-ASCII and empty ids.
@Suite struct EntityNumbersTests {
    @Test func agreesWithADictionary() {
        var table = EntityNumbers()
        var oracle: [String: (Int64, EntityKind)] = [:]
        var rng = SplitMix64(seed: 42)
        let kinds: [EntityKind] = [.person, .location, .theme]
        func id(_ i: Int) -> String {
            switch i % 5 {
            case 0: return "P\(i)"
            case 1: return "shared-prefix-of-16-\(i)"  // equal first 16 bytes, different tails
            case 2: return "lieu-é-\(i)"
            case 3: return String(repeating: "x", count: 1 + i % 40)  // lengths 1...40, equal heads
            default: return "loc:\(i):" + String(i, radix: 36)
            }
        }
        table.set("", n: 7, kind: .theme)
        oracle[""] = (7, .theme)
        for step in 0..<60_000 {
            let i = rng.int(20_000)
            let key = id(i)
            switch rng.int(10) {
            case 0:
                table.forget(key)
                oracle[key] = nil
            case 1, 2, 3, 4:
                let n = Int64(rng.int(1_000_000)) - 1  // -1: an entity a failing import will not write
                let k = kinds[rng.int(3)]
                table.set(key, n: n, kind: k)
                oracle[key] = (n, k)
            default:
                let got = table.find(key)
                let want = oracle[key]
                #expect(got?.n == want?.0 && got?.kind == want?.1, "step \(step): \(key)")
            }
        }
        for i in 0..<20_000 {
            let key = id(i)
            #expect(table.find(key)?.n == oracle[key]?.0 && table.find(key)?.kind == oracle[key]?.1, "\(key)")
        }
        #expect(table.find("")?.n == 7)
        #expect(table.find("never given") == nil)
    }
}
