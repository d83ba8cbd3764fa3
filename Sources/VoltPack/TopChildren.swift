import Foundation
import VoltGraph
import VoltModel
import VoltTemporal

/// The weights of the Top N score, read from a JSON file (`config/top-weights.json` holds the
/// defaults, documented in docs/pack.md with the reason for each rule). Each component's points
/// are its value times its weight; a child's score is the sum of the points, nothing else.
public struct TopWeights: Codable, Sendable, Equatable {
    /// Per link between the child and an adult who offends, counted by its grading: 1 for a
    /// strong grading (source 1 or intelligence A–B), 0.5 middling, 0.25 weak or ungraded.
    public var offenderLinks = 4.0
    /// Per link with a child who also offends, by grading as above. Kept apart from adults: a
    /// child who offends is often the child's own peer, and counting them as adults would make
    /// every peer group look exploited.
    public var childOffenderLinks = 2.0
    /// Per exploits or supplies link from an offender (adult or child) to the child.
    public var exploitationLinks = 10.0
    /// Per unit of log₂(1 + occasions seen with an adult who offends), an occasion being one
    /// offender and day. The log keeps separating children where sightings are dense: 1
    /// occasion gives 1, 3 give 2, 7 give 3, 15 give 4.
    public var offenderColocations = 3.0
    /// Per missing episode beyond the first.
    public var repeatMissing = 4.0
    /// Per hour a child is still missing at the end of the period, up to `stillMissingCapHours`.
    public var stillMissing = 0.5
    /// Per time missing together with another child who is linked to them (a link between
    /// them, or both linked to the same adult who offends), was found at the same place, or was
    /// seen with them (same place, within `colocationWindowMinutes`) in the lookback.
    public var missingTogether = 6.0
    /// Times missing together with any one child count up to this many.
    public var missingTogetherPerPartner = 3
    /// Times missing together count up to this many in all.
    public var missingTogetherCap = 6
    /// Per item of the evidence above dated within the last `recentDays` of the period.
    public var recency = 1.0
    /// Occasions seen with adults who offend count up to this many (before the log).
    public var colocationCap = 100
    /// Hours still missing count up to this many.
    public var stillMissingCapHours = 48
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
    /// `offender_links`, `child_offender_links`, `exploitation_links`, `offender_colocations`,
    /// `repeat_missing`, `still_missing`, `missing_together`, `recency`.
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
    /// Why the child is on the list, in words, naming the people by `PeopleFacts.label`
    /// ("exploited by CN (police 1B) twice in October; missing with DF and TU on 3 and 24 Oct").
    public let reasons: String
    /// Age at the end of the period (years from the date of birth, else the recorded band).
    public let age: String?
    /// The child's area (recorded, else the postcode district).
    public let area: String?
}

/// What the score's words and its adult/child rule need to know about people, beyond their
/// VOLT type; every array is by entity index and may be empty (unknown).
public struct PeopleFacts: Sendable {
    /// Age in words at the end of the period: `15`, or a band like `14–15`.
    public var age: [String?] = []
    /// Recorded area, else postcode district.
    public var area: [String?] = []
    /// Whether the person is 18 or over at the end of the period (nil: not recorded).
    public var adult: [Bool?] = []
    /// Each link's recording agency, by link position.
    public var linkSources: [String] = []
    /// How a person is named in the reasons (initials for a panel; nil: by id).
    public var label: (@Sendable (Int) -> String)?

    /// Nothing known beyond the VOLT types.
    public init() {}

    /// Ages, areas and adulthood at `time` from dates of birth (`YYYY-MM-DD`), recorded age
    /// bands, areas and postcodes, all by entity index.
    public init(dateOfBirth: [String?], ageBand: [String?], area: [String?], postcode: [String?], at time: Int64) {
        let today = Timestamp(seconds: time).iso8601.prefix(10).split(separator: "-").compactMap { Int($0) }
        for i in dateOfBirth.indices {
            var years: Int?
            if let d = dateOfBirth[i]?.split(separator: "-").compactMap({ Int($0) }), d.count == 3, today.count == 3 {
                let y = today[0] - d[0] - ((today[1], today[2]) < (d[1], d[2]) ? 1 : 0)
                if y >= 0 { years = y }
            }
            let band = i < ageBand.count ? ageBand[i] : nil
            age.append(years.map(String.init) ?? band)
            adult.append(years.map { $0 >= 18 } ?? band.map { $0.hasPrefix("18") || $0.hasPrefix("25") })
            self.area.append((i < area.count ? area[i] : nil) ?? Self.district(i < postcode.count ? postcode[i] : nil))
        }
    }

    /// A postcode's district (`WX3` of `WX3 1AB`): an area that does not identify a home.
    public static func district(_ postcode: String?) -> String? { postcode?.split(separator: " ").first.map(String.init) }

    /// Whether entity `i`, who offends, is an adult: as recorded when an age is known, else by
    /// VOLT type (an offender is taken as an adult, a victim-offender as a child).
    func isAdult(_ i: Int, _ type: VoltType) -> Bool { (i < adult.count ? adult[i] : nil) ?? (type == .offender) }

    /// Who is an adult who offends, by entity index: an offender or victim-offender who is an
    /// adult by `isAdult`. The one rule the Top N, the pack's places and its maps count by.
    func adultsWhoOffend(_ e: EntityTable) -> [Bool] {
        e.types.indices.map { i in (e.types[i] == .offender || e.types[i] == .victimOffender) && isAdult(i, e.types[i]) }
    }
}

/// Ranks children (victims and victim-offenders) by the additive score of `weights` over the
/// evidence dated in the lookback before `periodEnd`: links with adults and with children who
/// offend by grading, links of exploitation, times seen with adults who offend (log scale),
/// repeat missing, still missing, missing together with a child they are connected to (capped),
/// and how much of it is recent. Highest score first; ties by fewer days since the latest
/// evidence, then by entity id, so the same store always gives the same list. Children with no
/// evidence are left out.
public func topChildren(entities e: EntityTable, links l: TimedLinkTable, sightings s: SightingTable, missing m: MissingTable,
                        periodEnd: Int64, weights w: TopWeights, facts: PeopleFacts = PeopleFacts()) -> [TopChild] {
    let from = periodEnd - Int64(w.lookbackDays) * 86_400, recentFrom = periodEnd - Int64(w.recentDays) * 86_400
    let window = Int64(w.colocationWindowMinutes) * 60
    let isChild = e.types.map { $0 == .victim || $0 == .victimOffender }
    let isOffender = e.types.map { $0 == .offender || $0 == .victimOffender }
    let adult = facts.adultsWhoOffend(e)
    struct Tally {
        var adultLinks = 0.0, childLinks = 0.0, exploitation = 0, colocations = 0, episodes = 0, recent = 0
        var stillMissingSeconds: Int64 = 0
        var offenders: [Int: OffenderTally] = [:], seenWith: [Int: [Int64]] = [:], together: [(partner: Int, times: [Int64])] = []
        var latest = Int64.min
    }
    var t: [Int: Tally] = [:]
    func note(_ c: Int, _ time: Int64) {
        if time > recentFrom { t[c, default: Tally()].recent += 1 }
        t[c, default: Tally()].latest = max(t[c]?.latest ?? .min, time)
    }
    // Links with offenders, by grading; exploitation from offenders. Who each child's adult
    // offenders are, for the missing-together condition.
    var adultsOf: [Int: Set<Int>] = [:], linkedPairs = Set<UInt64>()
    func key(_ a: Int, _ b: Int) -> UInt64 { UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))) }
    for k in 0..<l.count where l.start[k] <= periodEnd && l.end[k] >= from {
        let a = Int(l.src[k]), b = Int(l.dst[k])
        guard a != b else { continue }
        if isChild[a] && isChild[b] { linkedPairs.insert(key(a, b)) }
        for (child, other) in [(a, b), (b, a)] where isChild[child] && isOffender[other] {
            let confidence = GradingConfidence(source: l.gradeSource[k], intelligence: l.gradeIntelligence[k])
            let value = confidence == .strong ? 1 : confidence == .middling ? 0.5 : 0.25
            if adult[other] {
                t[child, default: Tally()].adultLinks += value
                adultsOf[child, default: []].insert(other)
            } else {
                t[child, default: Tally()].childLinks += value
            }
            let type = l.typeNames[Int(l.type[k])]
            let exploits = (type == "exploits" || type == "supplies") && other == a
            if exploits { t[child, default: Tally()].exploitation += 1 }
            var o = t[child]!.offenders[other] ?? OffenderTally()
            o.value += value
            o.links += 1
            if exploits { o.exploitation += 1 }
            if o.grading.isEmpty || confidence > o.best {
                o.best = confidence
                o.grading = l.gradeSource[k] == 0 ? "ungraded" : "\(l.gradeSource[k])\(Character(UnicodeScalar(max(l.gradeIntelligence[k], 32))))"
            }
            if k < facts.linkSources.count { o.sources.insert(facts.linkSources[k].replacingOccurrences(of: "_", with: " ")) }
            let when = min(max(l.start[k], from), periodEnd)
            o.times.append(when)
            t[child]!.offenders[other] = o
            note(child, when)
        }
    }
    // Seen with an adult who offends: occasions, not sighting pairs (one per child, offender and
    // day: a child hanging around a takeaway with an offender all evening is one occasion).
    var q = CoLocationQuery(window: window)
    q.period = Period(from: from, to: periodEnd)
    q.pairs = PairRule([.victim, .victimOffender], [.offender, .victimOffender])
    let found = encounters(s, types: e.types, query: q)
    var occasions = Set<[Int64]>()
    for k in 0..<found.items.count {
        let x = found.items[k]
        for (child, other) in [(Int(x.a), Int(x.b)), (Int(x.b), Int(x.a))] where isChild[child] && adult[other] {
            let time = found.time(k)
            guard occasions.insert([Int64(child), Int64(other), time / 86_400]).inserted else { continue }
            t[child, default: Tally()].colocations += 1
            t[child]!.seenWith[other, default: []].append(time)
            note(child, time)
        }
    }
    // Missing, and still missing at the end of the period.
    let period = Period(from: from, to: periodEnd)
    for r in repeatMissing(m, period: period, asOf: periodEnd) where isChild[r.person] {
        t[r.person, default: Tally()].episodes = r.episodes
        for i in r.evidence {
            note(r.person, min(max(m.start[i], from), periodEnd))
            if m.start[i] <= periodEnd && m.end[i] > periodEnd {
                t[r.person]!.stillMissingSeconds = max(t[r.person]!.stillMissingSeconds, periodEnd - m.start[i])
            }
        }
    }
    // Missing together, only with a child the records connect them with: in a county most
    // overlapping episodes are coincidence.
    var mq = MissingTogetherQuery(asOf: periodEnd)
    mq.period = period
    let pairs = missingTogether(m, query: mq).filter { isChild[$0.a] && isChild[$0.b] }
    var seenAt: [Int: [(Int64, Int32)]] = [:]  // sightings of the children in those pairs, by time
    for p in pairs { seenAt[p.a] = []; seenAt[p.b] = [] }
    for k in 0..<s.count where s.start[k] >= from && s.start[k] <= periodEnd && seenAt[Int(s.person[k])] != nil {
        seenAt[Int(s.person[k])]!.append((s.start[k], s.place[k]))
    }
    for c in seenAt.keys { seenAt[c]!.sort { $0.0 < $1.0 } }
    func seenTogether(_ a: Int, _ b: Int) -> Bool {
        let other = seenAt[b] ?? []
        for (time, place) in seenAt[a] ?? [] {
            // The first of b's sightings at or after time − window, then forward while within it.
            var lo = 0, hi = other.count
            while lo < hi { let mid = (lo + hi) / 2; if other[mid].0 < time - window { lo = mid + 1 } else { hi = mid } }
            while lo < other.count && other[lo].0 <= time + window {
                if other[lo].1 == place { return true }
                lo += 1
            }
        }
        return false
    }
    for p in pairs {
        let connected = linkedPairs.contains(key(p.a, p.b)) || p.foundTogether > 0
            || !(adultsOf[p.a] ?? []).isDisjoint(with: adultsOf[p.b] ?? []) || seenTogether(p.a, p.b)
        guard connected else { continue }
        let times = Array(p.evidence.map { max(m.start[$0.0], m.start[$0.1]) }.suffix(w.missingTogetherPerPartner))
        t[p.a, default: Tally()].together.append((p.b, times))
        t[p.b, default: Tally()].together.append((p.a, times))
    }

    let ranked: [(TopChild, Int64, String)] = t.compactMap { child, x in
        guard isChild[child] else { return nil }
        func part(_ name: String, _ value: Double, _ weight: Double, _ detail: String) -> ScoreComponent {
            ScoreComponent(name: name, value: value, weight: weight, points: value * weight, detail: detail)
        }
        let adults = x.offenders.keys.filter { adult[$0] }.count, children = x.offenders.count - adults
        let adultLinkCount = x.offenders.filter { adult[$0.key] }.reduce(0) { $0 + $1.value.links }
        let childLinkCount = x.offenders.filter { !adult[$0.key] }.reduce(0) { $0 + $1.value.links }
        // The partners most often missing with the child first, then the most recent.
        let partners = x.together.sorted { ($1.times.count, $1.times.last ?? 0, $0.partner) < ($0.times.count, $0.times.last ?? 0, $1.partner) }
        var togetherCounted = 0, counted: [(partner: Int, times: [Int64])] = []
        for p in partners where togetherCounted < w.missingTogetherCap {
            let take = Array(p.times.suffix(w.missingTogetherCap - togetherCounted))
            togetherCounted += take.count
            counted.append((p.partner, take))
        }
        let togetherTotal = x.together.reduce(0) { $0 + $1.times.count }
        let hours = Double(x.stillMissingSeconds) / 3600
        let parts = [
            part("offender_links", x.adultLinks, w.offenderLinks,
                 "\(plural(adultLinkCount, "link")) with \(plural(adults, "adult")) who offend\(adults == 1 ? "s" : ""), by grading"),
            part("child_offender_links", x.childLinks, w.childOffenderLinks,
                 "\(plural(childLinkCount, "link")) with \(plural(children, "child", "children")) who also offend\(children == 1 ? "s" : ""), by grading"),
            part("exploitation_links", Double(x.exploitation), w.exploitationLinks, "\(plural(x.exploitation, "exploits or supplies link")) from offenders"),
            part("offender_colocations", log2(1 + Double(min(x.colocations, w.colocationCap))).rounded(toPlaces: 2), w.offenderColocations,
                 "seen with an adult who offends on \(plural(x.colocations, "occasion")) (offender and day; log₂(1 + occasions), occasions up to \(w.colocationCap))"),
            part("repeat_missing", Double(max(0, x.episodes - 1)), w.repeatMissing, plural(x.episodes, "missing episode")),
            part("still_missing", min(hours, Double(w.stillMissingCapHours)).rounded(toPlaces: 1), w.stillMissing,
                 x.stillMissingSeconds > 0 ? "still missing at the period's end, for \(Int(hours.rounded())) hours (counted up to \(w.stillMissingCapHours))" : "not missing at the period's end"),
            part("missing_together", Double(togetherCounted), w.missingTogether,
                 "missing at the same time as a child they are linked to, found with or seen with: \(plural(togetherTotal, "time")) with \(plural(x.together.count, "child", "children")) (up to \(w.missingTogetherPerPartner) per child, \(w.missingTogetherCap) in all)"),
            part("recency", Double(min(x.recent, w.recencyCap)), w.recency,
                 "\(plural(x.recent, "item")) of evidence in the last \(w.recentDays) days (counted up to \(w.recencyCap))"),
        ]
        let score = parts.reduce(0) { $0 + $1.points }
        guard score > 0 else { return nil }
        let words = reasons(x.offenders, seenWith: x.seenWith, together: counted, episodes: x.episodes, stillMissingHours: x.stillMissingSeconds > 0 ? Int(hours.rounded()) : nil,
                            adult: adult, label: facts.label ?? { e.ids[$0] })
        let child = TopChild(child: child, score: score, components: parts, reasons: words,
                             age: child < facts.age.count ? facts.age[child] : nil, area: child < facts.area.count ? facts.area[child] : nil)
        return (child, x.latest, e.ids[child.child])
    }
    return ranked.sorted { a, b in
        if a.0.score != b.0.score { return a.0.score > b.0.score }
        if a.1 != b.1 { return a.1 > b.1 }
        return a.2 < b.2
    }.map(\.0)
}

/// A child's evidence in a sentence or two: the offenders they are linked to (most serious
/// first, two at most), who they were seen with, how often missing, and with whom.
private func reasons(_ offenders: [Int: OffenderTally], seenWith: [Int: [Int64]], together: [(partner: Int, times: [Int64])],
                     episodes: Int, stillMissingHours: Int?, adult: [Bool], label: (Int) -> String) -> String {
    var clauses: [String] = []
    let ranked = offenders.sorted { ($1.value.exploitation, $1.value.value, $0.key) < ($0.value.exploitation, $0.value.value, $1.key) }
    for (o, x) in ranked.prefix(2) {
        let verb = x.exploitation > 0 ? "exploited by" : "linked to"
        let by = x.sources.sorted().joined(separator: " and ")
        let how = "(\([by, x.grading].filter { !$0.isEmpty }.joined(separator: " ")))"
        clauses.append(adult[o] ? "\(verb) \(label(o)) \(how) \(timesWord(x.links)) \(monthsText(x.times))"
                                : "\(verb) \(label(o)), a child who offends \(how), \(timesWord(x.links)) \(monthsText(x.times))")
    }
    if ranked.count > 2 { clauses.append("linked to \(plural(ranked.count - 2, "other offender"))") }
    let seen = seenWith.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }
    if let (o, times) = seen.first {
        let days = Set(times.map { $0 / 86_400 }).count
        clauses.append("seen with \(label(o)) on \(plural(days, "day")) \(monthsText(times))" + (seen.count > 1 ? " and with \(plural(seen.count - 1, "other adult")) who offend\(seen.count == 2 ? "s" : "")" : ""))
    }
    if let h = stillMissingHours { clauses.append("still missing after \(plural(h, "hour"))") }
    if episodes >= 2 { clauses.append("missing \(timesWord(episodes))") }
    if !together.isEmpty {
        let names = together.map { label($0.partner) }
        clauses.append("missing with \(listText(names)) on \(daysText(together.flatMap(\.times)))")
    }
    return clauses.joined(separator: "; ")
}

/// What a child's links with one offender add up to.
private struct OffenderTally {
    var value = 0.0, links = 0, exploitation = 0, best = GradingConfidence.weak, grading = "", sources = Set<String>(), times: [Int64] = []
}

private let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

/// `in October`, `in September and October`, `between May and October`.
func monthsText(_ times: [Int64]) -> String {
    let months = Array(Set(times.map { Int(Timestamp(seconds: $0).iso8601.dropFirst(5).prefix(2))! - 1 + 12 * Int(Timestamp(seconds: $0).iso8601.prefix(4))! })).sorted()
    guard let first = months.first, let last = months.last else { return "" }
    let names = months.map { monthNames[$0 % 12] }
    if months.count <= 2 { return "in " + listText(names) }
    return "between \(monthNames[first % 12]) and \(monthNames[last % 12])"
}

/// `3 and 24 Oct`, `28 Sep and 3 Oct`: days grouped by month, in time order.
func daysText(_ times: [Int64]) -> String {
    var groups: [(month: String, days: [String])] = []
    for t in Set(times.map { $0 / 86_400 }).sorted() {
        let iso = Timestamp(seconds: t * 86_400).iso8601
        let month = String(monthNames[Int(iso.dropFirst(5).prefix(2))! - 1].prefix(3)), day = String(Int(iso.dropFirst(8).prefix(2))!)
        if groups.last?.month == month { groups[groups.count - 1].days.append(day) } else { groups.append((month, [day])) }
    }
    return listText(groups.map { listText($0.days) + " " + $0.month })
}

/// `A`, `A and B`, `A, B and C`.
func listText(_ items: [String]) -> String {
    items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
}

func timesWord(_ n: Int) -> String { n == 1 ? "once" : n == 2 ? "twice" : "\(n) times" }

func plural(_ n: Int, _ word: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? word : many ?? word + "s")" }

extension Double {
    fileprivate func rounded(toPlaces p: Int) -> Double {
        let f = pow(10, Double(p))
        return (self * f).rounded() / f
    }
}
