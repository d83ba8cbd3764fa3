import Foundation
import VoltGraph
import VoltModel

/// Where a scored pair falls: `link` (the same person, unless a person judges otherwise),
/// `review` (a person should look), `unlikely` (scored, not shown by default).
public enum MatchBand: String, Sendable, Codable, CaseIterable, Comparable {
    case link, review, unlikely

    public static func < (a: MatchBand, b: MatchBand) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// How records are matched.
public struct MatchOptions: Sendable, Hashable {
    /// The probability at or above which a pair is in the `link` band: more likely one
    /// person than two (the threshold that makes the fewest mistakes).
    public var linkProbability = 0.5
    /// The probability at or above which a pair is in the `review` band: a chance in ten
    /// thousand is worth a look, since a missed match splits a child's network in two.
    public var reviewProbability = 0.0001
    /// Blocks with more records than this are skipped (and counted in the report).
    public var maximumBlock = 1_000
    /// Random pairs drawn to estimate u before EM.
    public var randomPairs = 200_000
    /// The weight of a shared agency reference, in bits: decisive unless nearly every other
    /// field disagrees (a reference keyed against the wrong person happens too).
    public var referenceWeight = 30.0
    /// Threads comparing pairs.
    public var threads = 2
    /// Keep the pairs scored below `review` in the result (nil: dropped as they are scored, so
    /// that millions of unlikely pairs at county scale cost no memory).
    public var keepUnlikely = false

    /// The defaults.
    public init() {}
}

/// One scored pair of records (indexes into the records matched), best first in a result.
public struct MatchCandidate: Sendable, Hashable {
    /// The records, `a < b`.
    public let a: Int32, b: Int32
    /// The total weight in bits: field weights, term-frequency adjustments, a shared reference.
    public let score: Double
    /// The probability that the two records are one person.
    public let probability: Double
    /// The band.
    public let band: MatchBand
    /// Each field's level.
    public let comparison: ComparisonVector
    /// For a pair in the `link` band by way of other records rather than on its own score: the
    /// records between them, in order, each step a `link` pair (empty otherwise).
    public var through: [Int32] = []
}

/// What matching found: every candidate pair scored, best first, with the model behind it.
public struct MatchResult: Sendable {
    /// The records matched, as given.
    public let records: [PersonRecord]
    /// Scored candidate pairs, best first.
    public let candidates: [MatchCandidate]
    /// The fitted model.
    public let weights: MatchWeights
    /// How blocking went.
    public let blocking: BlockingReport
    let features: MatchFeatures
    let options: MatchOptions
    /// The pairs in the `link` band through other records, by `a << 32 | b`: the records between.
    let linkedThrough: [UInt64: [Int32]]

    /// Scores one pair of records (any two, candidates or not), as the result scores its own.
    public func score(_ a: Int, _ b: Int) -> MatchCandidate {
        var c = Comparer(features)
        let (x, y) = (Int32(min(a, b)), Int32(max(a, b)))
        var s = Matcher.scored(x, y, c.compare(Int(x), Int(y)), features, weights, options)
        if let via = linkedThrough[UInt64(x) << 32 | UInt64(y)] { s.promote(through: via) }
        return s
    }

    /// Each field's level (in words) and weight for a scored candidate, from the comparison it
    /// already holds: what a list of many pairs shows, without re-comparing or the values.
    public func fields(of c: MatchCandidate) -> [(field: String, level: String, weight: Double)] {
        var out: [(field: String, level: String, weight: Double)] = []
        out.reserveCapacity(MatchField.allCases.count + 1)
        for f in MatchField.allCases {
            guard let l = c.comparison.level(f) else {
                out.append((f.name, f == .postcode && c.comparison.postcodeWithAddress ? "weighed with the address" : "missing", 0))
                continue
            }
            var w = weights.weight(f, l)
            var level = f.levels[l]
            if l == 0, let tf = Matcher.termFrequencyAdjustment(f, c.a, features) {
                w += tf
                level += tf >= 0 ? " (rare name)" : " (common name)"
            }
            if (f == .givenName || f == .familyName) && c.comparison.namesSwapped { level += ", names swapped" }
            out.append((f.name, level, w))
        }
        out.append(("references", c.comparison.sharesReference ? "shared (decisive)" : "none shared",
                    c.comparison.sharesReference ? options.referenceWeight : 0))
        return out
    }

    /// The explanation card of a pair: each field's level and weight, so a person can see why.
    public func card(_ a: Int, _ b: Int) -> MatchCard {
        let s = score(a, b)
        let ra = records[Int(s.a)], rb = records[Int(s.b)]
        let na = SplitName(ra.name), nb = SplitName(rb.name)
        func values(_ f: MatchField) -> (String?, String?) {
            switch f {
            case .givenName: return (na.given.isEmpty ? nil : na.given, (s.comparison.namesSwapped ? nb.family : nb.given).nonEmpty)
            case .familyName: return (na.family.nonEmpty, (s.comparison.namesSwapped ? nb.given : nb.family).nonEmpty)
            case .dateOfBirth: return (ra.dateOfBirth?.text, rb.dateOfBirth?.text)
            case .address: return (ra.address, rb.address)
            case .postcode: return (ra.postcode, rb.postcode)
            case .gender: return (ra.gender, rb.gender)
            case .agency: return (ra.source, rb.source)
            }
        }
        var lines: [MatchCard.Line] = MatchField.allCases.map { f in
            let (x, y) = values(f)
            guard let l = s.comparison.level(f) else {
                let why = f == .postcode && s.comparison.postcodeWithAddress ? "weighed with the address" : "missing"
                return MatchCard.Line(field: f.name, level: why, weight: 0, a: x, b: y)
            }
            var w = weights.weight(f, l)
            var level = f.levels[l]
            if l == 0, let tf = Matcher.termFrequencyAdjustment(f, s.a, features) {
                w += tf
                level += tf >= 0 ? String(format: " (rare name, %+.1f)", tf) : String(format: " (common name, %+.1f)", tf)
            }
            if (f == .givenName || f == .familyName) && s.comparison.namesSwapped { level += ", names swapped" }
            return MatchCard.Line(field: f.name, level: level, weight: w, a: x, b: y)
        }
        let shared = Set(ra.references).intersection(rb.references).sorted { ($0.agency, $0.reference) < ($1.agency, $1.reference) }
        lines.append(MatchCard.Line(field: "references", level: shared.isEmpty ? "none shared" : "shared (decisive)",
                                    weight: shared.isEmpty ? 0 : options.referenceWeight,
                                    a: shared.first.map { "\($0.agency):\($0.reference)" }, b: shared.first.map { "\($0.agency):\($0.reference)" }))
        return MatchCard(a: ra.id, b: rb.id, sourceA: ra.source, sourceB: rb.source, score: s.score,
                         probability: s.probability, band: s.band, lines: lines, through: s.through.map { records[Int($0)].id })
    }
}

/// Why a pair scores as it does: one line per field with its level, its weight in bits and the
/// two records' values.
public struct MatchCard: Sendable, Hashable {
    /// One field of the card.
    public struct Line: Sendable, Hashable {
        /// The field (`given_name`, `dob`, ...).
        public let field: String
        /// The level in words ("one digit off", "missing").
        public let level: String
        /// The weight in bits (positive for the same person).
        public let weight: Double
        /// The two records' values (nil: not recorded).
        public let a: String?, b: String?
    }
    /// The records' ids.
    public let a: String, b: String
    /// The agencies holding them.
    public let sourceA: String?, sourceB: String?
    /// The total weight in bits.
    public let score: Double
    /// The probability they are one person.
    public let probability: Double
    /// The band.
    public let band: MatchBand
    /// Field by field.
    public let lines: [Line]
    /// In the `link` band through these records (each step a link pair), not on its own score.
    public let through: [String]
}

/// Suggests which person records are the same person: blocking, comparison, a Fellegi–Sunter
/// model fitted by EM on the records themselves, scores and bands. Nothing is merged: a
/// person judges each suggestion.
public enum Matcher {
    /// Matches `records` against one another.
    public static func match(_ records: [PersonRecord], options: MatchOptions = MatchOptions()) -> MatchResult {
        WorkProgress.stage("matching: preparing \(records.count) records")
        let features = MatchFeatures(records)
        WorkProgress.stage("matching: blocking")
        let (pairs, report) = Blocking.candidates(features, maximumBlock: options.maximumBlock)
        WorkProgress.stage("matching: comparing \(pairs.count) candidate pairs")
        let vectors = compareAll(pairs, features, threads: options.threads)
        // The model is fitted over every pair of records, not the candidates alone: blocking
        // gathers pairs that agree on its keys (neighbours share a postcode, classmates a year),
        // and EM on those alone, free to fit u, takes such a crowd for a class of its own. u is
        // held at what random pairs measure; the pairs no pass proposed count as different
        // people (a true pair among them has been missed by blocking whatever the model says).
        let (random, exact) = randomPatterns(features, count: options.randomPairs)
        let randomU = FellegiSunter.shares(random)
        var counts: [UInt32: Double] = [:]
        for v in vectors { counts[v.pattern, default: 0] += 1 }
        let candidateCounts = counts
        let allPairs = Double(features.count) * Double(max(0, features.count - 1)) / 2
        var uncompared = 0.0
        if exact {
            // Every pair was compared: the others are all pairs less the candidates, exactly.
            for (p, n) in random { counts[p, default: 0] += n - (candidateCounts[p] ?? 0) }
        } else {
            // Not as random patterns weighted up to their number: each drawn pair would stand
            // for tens of thousands, and one with a rare mix of levels (the same street, a
            // sound-alike family name) becomes a crowd that u cannot explain, which EM then
            // calls matches (at 100,000 records half its "matches" were such crowds).
            uncompared = max(0, allPairs - Double(pairs.count))
        }
        WorkProgress.stage("matching: fitting the model (EM)")
        let patterns = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { (pattern: $0.key, count: $0.value) }
        var weights = FellegiSunter.fit(patterns, randomU: randomU, initialPrior: max(1e-9, min(0.5, Double(pairs.count) / max(1, allPairs) * 0.1)),
                                        different: uncompared)
        // EM can settle with its two classes the wrong way round; the same person agrees on
        // date of birth more often than two people do.
        let dob = MatchField.dateOfBirth.rawValue
        if weights.m[dob][0] < weights.u[dob][0] {
            weights = MatchWeights(m: weights.u, u: weights.m, prior: 1 - weights.prior, iterations: weights.iterations, randomU: randomU)
        }
        var candidates: [MatchCandidate] = []
        if options.keepUnlikely { candidates.reserveCapacity(pairs.count) }
        for (k, p) in pairs.enumerated() {
            let c = scored(Int32(truncatingIfNeeded: p >> 32), Int32(truncatingIfNeeded: p & 0xFFFF_FFFF), vectors[k], features, weights, options)
            if c.band != .unlikely || options.keepUnlikely { candidates.append(c) }
        }
        let linkedThrough = promoteThroughLinks(&candidates, records: features.count)
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.a, $0.b) < ($1.a, $1.b) }
        return MatchResult(records: records, candidates: candidates, weights: weights, blocking: report,
                           features: features, options: options, linkedThrough: linkedThrough)
    }

    /// Puts in the `link` band each `review` pair whose records the `link` pairs already join
    /// (A–B and B–C are links, A–C on its own only review): accepting the links makes one
    /// person of them anyway, so asking about A–C apart is a question already answered. The
    /// third record of a child often differs from the first on more (a move and a slip) while
    /// close to the second on each; at 100,000 records this finds three true pairs in four of
    /// those it lifts. A pair whose family names differ outright stays in review. Returns the
    /// records between each lifted pair.
    static func promoteThroughLinks(_ candidates: inout [MatchCandidate], records: Int) -> [UInt64: [Int32]] {
        let sets = UnionFind(count: records)
        var neighbours: [Int32: [Int32]] = [:]
        for c in candidates where c.band == .link {
            sets.join(Int(c.a), Int(c.b))
            neighbours[c.a, default: []].append(c.b)
            neighbours[c.b, default: []].append(c.a)
        }
        let differentFamily = MatchField.familyName.levels.count - 1
        var lifted: [UInt64: [Int32]] = [:]
        for k in candidates.indices where candidates[k].band == .review {
            let c = candidates[k]
            guard sets.find(Int(c.a)) == sets.find(Int(c.b)), c.comparison.level(.familyName) != differentFamily else { continue }
            let via = path(from: c.a, to: c.b, neighbours)
            candidates[k].promote(through: via)
            lifted[UInt64(c.a) << 32 | UInt64(c.b)] = via
        }
        return lifted
    }

    /// The records strictly between `a` and `b` on a shortest path of link pairs (breadth first).
    static func path(from a: Int32, to b: Int32, _ neighbours: [Int32: [Int32]]) -> [Int32] {
        var previous: [Int32: Int32] = [a: a]
        var frontier = [a]
        while !frontier.isEmpty && previous[b] == nil {
            var next: [Int32] = []
            for x in frontier { for y in neighbours[x] ?? [] where previous[y] == nil { previous[y] = x; next.append(y) } }
            frontier = next
        }
        var between: [Int32] = []
        var x = previous[b] ?? a
        while x != a { between.append(x); x = previous[x]! }
        return between.reversed()
    }

    static func scored(_ a: Int32, _ b: Int32, _ v: ComparisonVector, _ f: MatchFeatures, _ w: MatchWeights,
                       _ o: MatchOptions) -> MatchCandidate {
        var score = 0.0
        for field in MatchField.allCases {
            guard let l = v.level(field) else { continue }
            score += w.weight(field, l)
            if l == 0, let tf = termFrequencyAdjustment(field, a, f) { score += tf }
        }
        if v.sharesReference { score += o.referenceWeight }
        let logOdds = score + log2(w.prior / (1 - w.prior))
        let p = 1 / (1 + exp2(-logOdds))
        var band: MatchBand = p >= o.linkProbability ? .link : p >= o.reviewProbability ? .review : .unlikely
        // A child's family name rarely changes between agencies; when it does (adoption, a
        // step-parent) a person should see it. Two children who share a given name and a
        // birthday score high on those alone: with family names that differ outright, a
        // pair is for review, however strong the rest.
        if band == .link, let family = v.level(.familyName), family == MatchField.familyName.levels.count - 1 { band = .review }
        return MatchCandidate(a: a, b: b, score: score, probability: p, band: band, comparison: v)
    }

    /// The term-frequency adjustment of exact agreement on `field` at record `a` (names only).
    static func termFrequencyAdjustment(_ field: MatchField, _ a: Int32, _ f: MatchFeatures) -> Double? {
        switch field {
        case .givenName: let n = f.given[Int(a)]; return n >= 0 ? f.givenAdjustment[Int(n)] : nil
        case .familyName: let n = f.family[Int(a)]; return n >= 0 ? f.familyAdjustment[Int(n)] : nil
        default: return nil
        }
    }

    /// Comparison vectors of every pair, on `threads` threads (each with its own scratch).
    static func compareAll(_ pairs: [UInt64], _ f: MatchFeatures, threads: Int) -> [ComparisonVector] {
        var out = [UInt32](repeating: 0, count: pairs.count)
        let parts = max(1, min(threads, pairs.count / 10_000 + 1))
        out.withUnsafeMutableBufferPointer { buffer in
            let sink = UnsafeSendable(buffer.baseAddress!)
            pairs.withUnsafeBufferPointer { pp in
                let source = UnsafeSendable(UnsafeMutablePointer(mutating: pp.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    var c = Comparer(f)
                    let lo = pairs.count * part / parts, hi = pairs.count * (part + 1) / parts
                    for k in lo..<hi {
                        let p = source.pointer[k]
                        sink.pointer[k] = c.compare(Int(p >> 32), Int(p & 0xFFFF_FFFF)).packed
                    }
                }
            }
        }
        return out.map(ComparisonVector.init(packed:))
    }

    /// Patterns of random pairs (fixed seed): how often two records taken at random agree;
    /// every pair, and `exact`, when there are no more than `count`.
    static func randomPatterns(_ f: MatchFeatures, count: Int) -> ([(pattern: UInt32, count: Double)], exact: Bool) {
        guard f.count > 1 else { return ([], true) }
        var rng = SplitMix64(seed: 0x5EED)
        var c = Comparer(f)
        var counts: [UInt32: Double] = [:]
        // Few enough records: every pair, exactly.
        if f.count * (f.count - 1) / 2 <= count {
            for i in 0..<f.count { for j in (i + 1)..<f.count { counts[c.compare(i, j).pattern, default: 0] += 1 } }
            return (counts.map { (pattern: $0.key, count: $0.value) }, true)
        }
        for _ in 0..<count {
            let i = rng.int(f.count), j = rng.int(f.count)
            if i == j { continue }
            counts[c.compare(min(i, j), max(i, j)).pattern, default: 0] += 1
        }
        return (counts.map { (pattern: $0.key, count: $0.value) }, false)
    }
}

extension MatchCandidate {
    /// Into the `link` band by way of the records `via`.
    mutating func promote(through via: [Int32]) {
        self = MatchCandidate(a: a, b: b, score: score, probability: probability, band: .link, comparison: comparison, through: via)
    }
}

/// A pointer handed to worker threads that each write their own range.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
