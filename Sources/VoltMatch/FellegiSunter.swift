import Foundation

/// The Fellegi–Sunter model of agreement: for each field and level, `m` (how often a true
/// pair lands there) and `u` (how often two different people do), and the share of candidate
/// pairs that are true pairs. A pair's weight on a field is `log2(m / u)`; its score is the
/// sum over the fields both records hold.
public struct MatchWeights: Sendable, Codable, Hashable {
    /// m per field (`MatchField` order) and level.
    public var m: [[Double]]
    /// u per field and level.
    public var u: [[Double]]
    /// The share of candidate pairs that are the same person.
    public var prior: Double
    /// EM iterations run.
    public var iterations: Int
    /// u as random pairs of records gave it, before EM (what the fit started from).
    public var randomU: [[Double]]

    /// The weight of `level` on `field`, in bits. No partial agreement counts for more than
    /// exact agreement: in a small store a handful of pairs can make "close" rarer by chance
    /// than "exact", and a card saying an initial outweighs the full name misleads.
    public func weight(_ field: MatchField, _ level: Int) -> Double {
        let w = log2(m[field.rawValue][level] / u[field.rawValue][level])
        return level == 0 ? w : min(w, log2(m[field.rawValue][0] / u[field.rawValue][0]))
    }
}

enum FellegiSunter {
    /// How many true pairs' worth of `MatchField.typicalM` the fitted m is pulled towards.
    static let priorPairs = 20.0

    /// Level shares over patterns (each pattern weighted by its count), smoothed so that no
    /// level has probability 0.
    static func shares(_ patterns: [(pattern: UInt32, count: Double)]) -> [[Double]] {
        MatchField.allCases.map { field in
            var c = [Double](repeating: 0.5, count: field.levels.count)
            for (p, n) in patterns {
                let l = Int((p >> (3 * UInt32(field.rawValue))) & 7)
                if l != Int(MatchField.missing) { c[l] += n }
            }
            let total = c.reduce(0, +)
            return c.map { $0 / total }
        }
    }

    /// Fits m, u and the prior by expectation–maximisation over patterns with their counts
    /// (distinct patterns: a few thousand, however many pairs), from u as random pairs give it
    /// and m as agencies' records typically differ (a prior worth a few pairs). Fields are taken as independent
    /// given match status, as the model assumes; a missing field is left out of a pattern's
    /// likelihood.
    ///
    /// `different` pairs beyond the patterns are taken as different people (the pairs blocking
    /// did not propose): they count in the prior's denominator and, when u is fitted, in u as
    /// random pairs gave it.
    static func fit(_ patterns: [(pattern: UInt32, count: Double)], randomU: [[Double]], initialPrior: Double = 0.1,
                    different: Double = 0,
                    maximumIterations: Int = 500, tolerance: Double = 1e-9, fixedU: Bool = true,
                    priorPairs: Double = FellegiSunter.priorPairs) -> MatchWeights {
        let fields = MatchField.allCases
        var m = fields.map(\.typicalM)
        var u = randomU
        var prior = initialPrior
        var iterations = 0
        let levels = patterns.map { p in fields.map { f in Int((p.pattern >> (3 * UInt32(f.rawValue))) & 7) } }
        let missing = Int(MatchField.missing)
        for it in 1...maximumIterations {
            iterations = it
            // A little of every level in both classes, so no weight is infinite.
            var mCount = fields.map { f in f.typicalM.map { 0.5 + priorPairs * $0 } }
            var uCount = fields.map { [Double](repeating: 0.5, count: $0.levels.count) }
            var matched = 0.0, total = different
            if different > 0 {
                for fi in fields.indices { for l in uCount[fi].indices { uCount[fi][l] += different * randomU[fi][l] } }
            }
            for (k, p) in patterns.enumerated() {
                var lm = log(prior), lu = log(1 - prior)
                for (fi, l) in levels[k].enumerated() where l != missing {
                    lm += log(m[fi][l])
                    lu += log(u[fi][l])
                }
                let g = 1 / (1 + exp(lu - lm))
                matched += g * p.count
                total += p.count
                for (fi, l) in levels[k].enumerated() where l != missing {
                    mCount[fi][l] += g * p.count
                    uCount[fi][l] += (1 - g) * p.count
                }
            }
            let newM = mCount.map { c in c.map { $0 / c.reduce(0, +) } }
            // u stays as random pairs measured it: nearly all random pairs are different
            // people, so that is u itself. Re-estimated, EM is free to redefine its second class
            // (at 100,000 records it settled on "shares a family name", with dates of birth
            // weighing nothing).
            let newU = fixedU ? u : uCount.map { c in c.map { $0 / c.reduce(0, +) } }
            let newPrior = min(max(matched / total, 1e-12), 1 - 1e-9)
            var change = abs(newPrior - prior) / prior
            for fi in fields.indices {
                for l in m[fi].indices { change = max(change, abs(newM[fi][l] - m[fi][l]), abs(newU[fi][l] - u[fi][l])) }
            }
            m = newM
            u = newU
            prior = newPrior
            if change < tolerance { break }
        }
        return MatchWeights(m: m, u: u, prior: prior, iterations: iterations, randomU: randomU)
    }
}
