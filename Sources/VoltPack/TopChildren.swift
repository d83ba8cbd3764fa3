import Foundation
import VoltGraph
import VoltModel
import VoltTemporal

/// The weights of the Top N score, read from a JSON file (`config/top-weights.json` holds the
/// defaults, documented in docs/pack.md). Each component's points are its value times its
/// weight; a child's score is the sum of the points, nothing else.
public struct TopWeights: Codable, Sendable, Equatable {
    /// Per link between the child and an offender, counted by its grading: 1 for a strong
    /// grading (source 1 or intelligence A–B), 0.5 middling, 0.25 weak or ungraded.
    public var offenderLinks = 4.0
    /// Per exploits or supplies link from an offender to the child (also counted above).
    public var exploitationLinks = 10.0
    /// Per occasion the child was seen with an offender at the same place within the window
    /// (one per offender and day).
    public var offenderColocations = 1.0
    /// Per missing episode beyond the first.
    public var repeatMissing = 4.0
    /// Per time missing together with another child (episodes overlapping by 30 minutes).
    public var missingTogether = 6.0
    /// Per item of the evidence above dated within the last `recentDays` of the period.
    public var recency = 1.0
    /// Occasions seen with an offender count up to this many: where sightings are dense they
    /// would otherwise outweigh every recorded link.
    public var colocationCap = 10
    /// Recent items count up to this many.
    public var recencyCap = 10
    /// How far back evidence counts, from the end of the period.
    public var lookbackDays = 180
    /// What "recent" means, from the end of the period.
    public var recentDays = 30
    /// Seen together within this many minutes.
    public var colocationWindowMinutes = 60

    /// The defaults.
    public init() {}

    /// Reads weights from a JSON file; a key left out keeps its default, a key that is not a
    /// weight is refused, keys starting with `_` are comments.
    public static func read(_ path: String) throws(WeightsError) -> TopWeights {
        do {
            guard let given = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] else {
                throw WeightsError(reason: "it is not a JSON object")
            }
            // The defaults as JSON, overlaid with the file: the known keys are the fields themselves.
            var merged = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TopWeights())) as? [String: Any] ?? [:]
            for (key, value) in given where !key.hasPrefix("_") {
                guard merged[key] != nil else {
                    throw WeightsError(reason: "unknown weight '\(key)' (expected \(merged.keys.sorted().joined(separator: ", ")))")
                }
                merged[key] = value
            }
            return try JSONDecoder().decode(TopWeights.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let e as WeightsError {
            throw e
        } catch {
            throw WeightsError(reason: error.localizedDescription)
        }
    }
}

/// Why a weights file could not be used.
public struct WeightsError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// One part of a child's score: what was counted, its weight, and the points it gave.
public struct ScoreComponent: Sendable, Hashable, Codable {
    /// `offender_links`, `exploitation_links`, `offender_colocations`, `repeat_missing`,
    /// `missing_together`, `recency`.
    public let name: String
    public let value: Double
    public let weight: Double
    /// value × weight.
    public let points: Double
    /// The evidence in words (how many of what, with whom by count).
    public let detail: String
}

/// A child on the Top N list.
public struct TopChild: Sendable, Hashable {
    /// Entity index.
    public let child: Int
    /// The sum of the components' points.
    public let score: Double
    public let components: [ScoreComponent]
}

/// Ranks children (victims and victim-offenders) by the additive score of `weights` over the
/// evidence dated in the lookback before `periodEnd`: links with offenders by grading, links of
/// exploitation, times seen with offenders, repeat missing, missing together, and how much of it
/// is recent. Highest score first; ties by fewer days since the latest evidence, then by entity
/// id, so the same store always gives the same list. Children with no evidence are left out.
public func topChildren(entities e: EntityTable, links l: TimedLinkTable, sightings s: SightingTable, missing m: MissingTable,
                        periodEnd: Int64, weights w: TopWeights) -> [TopChild] {
    let from = periodEnd - Int64(w.lookbackDays) * 86_400, recentFrom = periodEnd - Int64(w.recentDays) * 86_400
    let isChild = e.types.map { $0 == .victim || $0 == .victimOffender }
    let isOffender = e.types.map { $0 == .offender || $0 == .victimOffender }
    struct Tally {
        var linkValue = 0.0, links = 0, exploitation = 0, colocations = 0, episodes = 0, together = 0, recent = 0
        var offenders = Set<Int>(), latest = Int64.min
    }
    var t: [Int: Tally] = [:]
    func note(_ c: Int, _ time: Int64) {
        if time > recentFrom { t[c, default: Tally()].recent += 1 }
        t[c, default: Tally()].latest = max(t[c]?.latest ?? .min, time)
    }
    // Links with offenders, by grading; exploitation from offenders.
    for k in 0..<l.count where l.start[k] <= periodEnd && l.end[k] >= from {
        let a = Int(l.src[k]), b = Int(l.dst[k])
        for (child, other) in [(a, b), (b, a)] where isChild[child] && isOffender[other] && child != other {
            switch GradingConfidence(source: l.gradeSource[k], intelligence: l.gradeIntelligence[k]) {
            case .strong: t[child, default: Tally()].linkValue += 1
            case .middling: t[child, default: Tally()].linkValue += 0.5
            case .weak: t[child, default: Tally()].linkValue += 0.25
            }
            t[child, default: Tally()].links += 1
            t[child, default: Tally()].offenders.insert(other)
            let type = l.typeNames[Int(l.type[k])]
            if (type == "exploits" || type == "supplies") && other == a { t[child, default: Tally()].exploitation += 1 }
            note(child, min(max(l.start[k], from), periodEnd))
        }
    }
    // Seen with an offender.
    var q = CoLocationQuery(window: Int64(w.colocationWindowMinutes) * 60)
    q.period = Period(from: from, to: periodEnd)
    q.pairs = PairRule([.victim, .victimOffender], [.offender, .victimOffender])
    let found = encounters(s, types: e.types, query: q)
    // Occasions, not sighting pairs: one per child, offender and day (a child hanging around
    // a takeaway with an offender all evening is one occasion, not twenty).
    var occasions = Set<[Int64]>()
    for k in 0..<found.items.count {
        let x = found.items[k]
        for (child, other) in [(Int(x.a), Int(x.b)), (Int(x.b), Int(x.a))] where isChild[child] && isOffender[other] {
            let time = found.time(k)
            guard occasions.insert([Int64(child), Int64(other), time / 86_400]).inserted else { continue }
            t[child, default: Tally()].colocations += 1
            note(child, time)
        }
    }
    // Missing, and missing together.
    let period = Period(from: from, to: periodEnd)
    for r in repeatMissing(m, period: period, asOf: periodEnd) where isChild[r.person] {
        t[r.person, default: Tally()].episodes = r.episodes
        for i in r.evidence { note(r.person, min(max(m.start[i], from), periodEnd)) }
    }
    var mq = MissingTogetherQuery(asOf: periodEnd)
    mq.period = period
    for p in missingTogether(m, query: mq) {
        for c in [p.a, p.b] where isChild[c] { t[c, default: Tally()].together += p.times }
    }

    let ranked: [(TopChild, Int64, String)] = t.compactMap { child, x in
        guard isChild[child] else { return nil }
        func part(_ name: String, _ value: Double, _ weight: Double, _ detail: String) -> ScoreComponent {
            ScoreComponent(name: name, value: value, weight: weight, points: value * weight, detail: detail)
        }
        let parts = [
            part("offender_links", x.linkValue, w.offenderLinks,
                 "\(x.links) link\(x.links == 1 ? "" : "s") with \(x.offenders.count) offender\(x.offenders.count == 1 ? "" : "s"), by grading"),
            part("exploitation_links", Double(x.exploitation), w.exploitationLinks, "\(x.exploitation) exploits or supplies link\(x.exploitation == 1 ? "" : "s") from offenders"),
            part("offender_colocations", Double(min(x.colocations, w.colocationCap)), w.offenderColocations,
                 "seen with an offender on \(x.colocations) occasion\(x.colocations == 1 ? "" : "s") (offender and day; counted up to \(w.colocationCap))"),
            part("repeat_missing", Double(max(0, x.episodes - 1)), w.repeatMissing, "\(x.episodes) missing episode\(x.episodes == 1 ? "" : "s")"),
            part("missing_together", Double(x.together), w.missingTogether, "missing with another child \(x.together) time\(x.together == 1 ? "" : "s")"),
            part("recency", Double(min(x.recent, w.recencyCap)), w.recency,
                 "\(x.recent) item\(x.recent == 1 ? "" : "s") of evidence in the last \(w.recentDays) days (counted up to \(w.recencyCap))"),
        ]
        let score = parts.reduce(0) { $0 + $1.points }
        guard score > 0 else { return nil }
        return (TopChild(child: child, score: score, components: parts), x.latest, e.ids[child])
    }
    return ranked.sorted { a, b in
        if a.0.score != b.0.score { return a.0.score > b.0.score }
        if a.1 != b.1 { return a.1 > b.1 }
        return a.2 < b.2
    }.map(\.0)
}
