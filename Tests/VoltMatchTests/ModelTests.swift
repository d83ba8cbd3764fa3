import Foundation
import Testing
import VoltModel
@testable import VoltMatch

/// Fellegi–Sunter's EM on a mixture whose m and u are known, and the rules judgements keep.
@Suite struct ModelTests {
    /// Draws a level from shares.
    static func draw(_ shares: [Double], _ rng: inout SplitMix64) -> Int {
        var x = rng.unit()
        for (k, s) in shares.enumerated() {
            x -= s
            if x < 0 { return k }
        }
        return shares.count - 1
    }

    /// m and u for every field: agreement likely for one class, rare for the other, each level
    /// different so that a swapped or averaged fit shows.
    static func truth() -> (m: [[Double]], u: [[Double]]) {
        var m: [[Double]] = [], u: [[Double]] = []
        for (k, f) in MatchField.allCases.enumerated() {
            let n = f.levels.count
            let top = 0.70 + 0.04 * Double(k)
            var mm = [top] + (1..<n).map { l in (1 - top) * Double(n - l) }
            let restM = mm[1...].reduce(0, +)
            for l in 1..<n { mm[l] = mm[l] / restM * (1 - top) }
            let bottom = 0.80 + 0.02 * Double(k)
            var uu = (0..<(n - 1)).map { l in 0.02 + 0.01 * Double(l + k % 2) }
            uu.append(bottom)
            let total = uu.reduce(0, +)
            uu = uu.map { $0 / total }
            m.append(mm)
            u.append(uu)
        }
        return (m, u)
    }

    @Test func emRecoversKnownWeightsOnASyntheticMixture() {
        let (m, u) = Self.truth()
        let prior = 0.08
        var rng = SplitMix64(seed: 7)
        func pattern(match: Bool) -> UInt32 {
            var p: UInt32 = 0
            for f in MatchField.allCases {
                // A field is missing on one side now and then, as agencies leave fields blank.
                let level = rng.unit() < 0.05 ? Int(MatchField.missing) : Self.draw(match ? m[f.rawValue] : u[f.rawValue], &rng)
                p |= UInt32(level) << (3 * UInt32(f.rawValue))
            }
            return p
        }
        var counts: [UInt32: Double] = [:]
        for _ in 0..<200_000 { counts[pattern(match: rng.unit() < prior), default: 0] += 1 }
        // u from random pairs, as the matcher gives it: a separate sample of non-matches.
        var random: [UInt32: Double] = [:]
        for _ in 0..<100_000 { random[pattern(match: false), default: 0] += 1 }
        let randomU = FellegiSunter.shares(random.map { ($0.key, $0.value) })
        let patterns = counts.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
        // Both ways: u held at the random pairs' shares (what the matcher does), and u re-fitted.
        for fixedU in [true, false] {
        let fit = FellegiSunter.fit(patterns, randomU: randomU, fixedU: fixedU)

        #expect(abs(fit.prior - prior) < 0.005, "prior \(fit.prior)")
        for f in MatchField.allCases {
            for l in f.levels.indices {
                #expect(abs(fit.m[f.rawValue][l] - m[f.rawValue][l]) < 0.015, "m \(f.name) level \(l): \(fit.m[f.rawValue][l]) vs \(m[f.rawValue][l])")
                #expect(abs(fit.u[f.rawValue][l] - u[f.rawValue][l]) < 0.005, "u \(f.name) level \(l): \(fit.u[f.rawValue][l]) vs \(u[f.rawValue][l])")
            }
        }
        // Agreement carries weight for, and the last level (different) against.
        for f in MatchField.allCases {
            #expect(fit.weight(f, 0) > 3)
            #expect(fit.weight(f, f.levels.count - 1) < -2)
        }
        }
    }

    static func judged(_ a: String, _ b: String, _ accepted: Bool) -> JudgedPair {
        JudgedPair(a: a, b: b, accepted: accepted, sentence: "\(a) and \(b) \(accepted ? "accepted as one person" : "rejected") by test")
    }

    @Test func anAcceptThatJoinsRejectedRecordsIsRefusedNamingBoth() {
        // Y1–A1 accepted, Y1–B1 rejected; accepting A1–C1 is fine; then C1–B1 would join B1 to Y1.
        let rules = Judgements([Self.judged("A1", "Y1", true), Self.judged("B1", "Y1", false), Self.judged("A1", "C1", true)])
        #expect(rules.refusal(accepting: "A1", "D1") == nil)
        let refusal = rules.refusal(accepting: "C1", "B1")
        #expect(refusal != nil)
        #expect(refusal?.contains("B1 and Y1 rejected by test") == true, "\(refusal ?? "")")
        #expect(refusal?.contains("A1 and Y1 accepted as one person by test") == true, "\(refusal ?? "")")
        #expect(refusal?.contains("A1 and C1 accepted as one person by test") == true, "\(refusal ?? "")")
        // Rejecting two records that are already one person through others is refused too.
        #expect(rules.refusal(rejecting: "C1", "Y1")?.contains("one person through other judgements") == true)
        #expect(rules.person(of: "C1") == ["A1", "C1", "Y1"])
        #expect(rules.person(of: "B1") == ["B1"])
    }

    @Test func matcherLinksASlippedDuplicateAndNotAStranger() {
        var records: [PersonRecord] = []
        var rng = SplitMix64(seed: 3)
        let given = ["kai", "martha", "dwayne", "zoe", "niamh", "omar", "lily", "jack", "ava", "leo"]
        let family = ["wickerham", "dixon", "jones", "abrams", "okafor", "patel", "nowak", "kelly", "reid", "shah"]
        for k in 0..<400 {
            let dob = CalendarDate(String(format: "%04d-%02d-%02d", 2005 + rng.int(12), 1 + rng.int(12), 1 + rng.int(28)))
            records.append(PersonRecord(id: "P\(k)", name: "\(given[rng.int(10)].capitalized) \(family[rng.int(10)].capitalized)\(k % 37)",
                                        dateOfBirth: dob, gender: rng.int(2) == 0 ? "female" : "male",
                                        address: "\(1 + rng.int(200)) Mill Lane", postcode: "WX\(1 + rng.int(9)) \(rng.int(9))AB", source: "police"))
        }
        var copy = records[10]
        copy.id = "D1"
        copy.name = copy.name.replacingOccurrences(of: "a", with: "e", options: [], range: copy.name.range(of: "a"))
        copy.source = "education"
        records.append(copy)
        let result = Matcher.match(records)
        let pair = result.candidates.first { Set([result.records[Int($0.a)].id, result.records[Int($0.b)].id]) == ["P10", "D1"] }
        #expect(pair?.band == .link, "\(String(describing: pair))")
        #expect(result.candidates.filter { $0.band == .link }.count == 1)
        let card = result.card(Int(pair?.a ?? 0), Int(pair?.b ?? 0))
        #expect(card.lines.map(\.field).contains("dob"))
        #expect(abs(card.lines.map(\.weight).reduce(0, +) - card.score) < 1e-9)
    }
}
