import Foundation
import Testing
import VoltModel
import VoltSample
@testable import VoltMatch

/// The matcher on a generated population with other agencies' messy copies of a fifth of the
/// people and the truth: what EM learns, and what the link band holds, against the planted pairs.
@Suite struct PopulationTests {
    /// 12,000 originals and their copies, matched once for every test here.
    static let population = AgencyRecords.population(people: 12_000, rate: 0.2, seed: 11)
    static let result = Matcher.match(population.records.map(PersonRecord.init))
    static let truth: Set<[Int]> = {
        let index = Dictionary(uniqueKeysWithValues: result.records.enumerated().map { ($0.element.id, $0.offset) })
        var pairs = Set<[Int]>()
        for cluster in population.truth {
            let ids = cluster.map { index[$0]! }
            for x in ids { for y in ids where x < y { pairs.insert([x, y]) } }
        }
        return pairs
    }()

    /// EM's m is what the planted pairs themselves show: for every field and level, the share of
    /// true pairs there (counted from their comparisons, the truth in hand) is within 0.03 of the
    /// fitted m, and the fitted prior counts the true pairs within 10%. When random pairs stood
    /// for the pairs not compared, each drawn pair weighing as tens of thousands, EM took their
    /// noise for matches (m of "given name different" near 0.5, twice the pairs).
    @Test func emLearnsTheLevelsThePlantedPairsShow() {
        let r = Self.result
        var counts = MatchField.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        for pair in Self.truth {
            let c = r.score(pair[0], pair[1]).comparison
            for f in MatchField.allCases { if let l = c.level(f) { counts[f.rawValue][l] += 1 } }
        }
        for f in MatchField.allCases where f != .postcode {  // the postcode is mostly weighed with the address
            let total = counts[f.rawValue].reduce(0, +)
            for l in f.levels.indices {
                let observed = counts[f.rawValue][l] / total
                #expect(abs(r.weights.m[f.rawValue][l] - observed) < 0.03,
                        "\(f.name) \(f.levels[l]): fitted m \(r.weights.m[f.rawValue][l]), planted pairs \(observed)")
            }
        }
        let n = Double(r.records.count)
        let expected = r.weights.prior * n * (n - 1) / 2
        #expect(abs(expected - Double(Self.truth.count)) < 0.1 * Double(Self.truth.count),
                "the prior says \(expected) true pairs; \(Self.truth.count) were planted")
        // The originals all come from one agency: EM learns that two records from one agency
        // are seldom one child.
        let agency = MatchField.agency.rawValue
        #expect(r.weights.weight(.agency, 1) < -1, "same agency weighs \(r.weights.weight(.agency, 1))")
        #expect(r.weights.m[agency][0] > r.weights.u[agency][0])
    }

    /// The link band against the planted truth: precision and recall both at least 0.97, and
    /// link or review holds at least 99.5% of the true pairs.
    @Test func theLinkBandFindsThePlantedPairs() {
        let r = Self.result
        let link = Set(r.candidates.filter { $0.band == .link }.map { [Int($0.a), Int($0.b)] })
        let either = Set(r.candidates.filter { $0.band != .unlikely }.map { [Int($0.a), Int($0.b)] })
        let tp = Double(link.intersection(Self.truth).count)
        #expect(tp / Double(link.count) >= 0.97, "precision \(tp / Double(link.count))")
        #expect(tp / Double(Self.truth.count) >= 0.97, "recall \(tp / Double(Self.truth.count))")
        let found = Double(either.intersection(Self.truth).count) / Double(Self.truth.count)
        #expect(found >= 0.995, "link or review recall \(found)")
    }

    /// A pair lifted into the link band through other records: every step of its path is a
    /// link pair on its own score, its own probability is below the link threshold, its family
    /// names do not differ outright, and the card gives the same band and path. And lifting is
    /// worth it: more of the lifted pairs are planted than not.
    @Test func pairsLinkedThroughOthersStandOnLinkPairs() {
        let r = Self.result
        let own = Set(r.candidates.filter { $0.band == .link && $0.through.isEmpty }.map { [Int($0.a), Int($0.b)] })
        let lifted = r.candidates.filter { !$0.through.isEmpty }
        #expect(!lifted.isEmpty, "no pair was linked through another record")
        for c in lifted {
            #expect(c.band == .link)
            #expect(c.probability < MatchOptions().linkProbability)
            #expect(c.comparison.level(.familyName) != MatchField.familyName.levels.count - 1)
            let path = [Int(c.a)] + c.through.map(Int.init) + [Int(c.b)]
            for k in 1..<path.count {
                #expect(own.contains([min(path[k - 1], path[k]), max(path[k - 1], path[k])]),
                        "step \(r.records[path[k - 1]].id)-\(r.records[path[k]].id) of \(r.records[Int(c.a)].id)-\(r.records[Int(c.b)].id) is not a link pair")
            }
            let card = r.card(Int(c.a), Int(c.b))
            #expect(card.band == .link && card.through == c.through.map { r.records[Int($0)].id })
        }
        let planted = lifted.filter { Self.truth.contains([Int($0.a), Int($0.b)]) }.count
        #expect(planted * 2 > lifted.count, "\(planted) of \(lifted.count) lifted pairs are planted")
    }
}
