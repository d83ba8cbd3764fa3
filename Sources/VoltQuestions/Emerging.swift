import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// What is new or growing since the last period: peer groups new, grown, merged or split,
/// groups newly in contact with an offender, victims newly linked to offenders, rising places.
public struct EmergingQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "emerging"

    /// The period before the current one that it is compared with.
    public enum Baseline: Sendable, Hashable {
        /// This long, ending just before the current period starts.
        case length(Span)
        /// An explicit window, ending before the current period starts.
        case window(TimeWindow)
    }

    /// The current period (`from` required; an open `to` ends at the newest record, said in
    /// the answer's `endsAtLastRecord`).
    public var current: TimeWindow
    public var baseline = Baseline.length(Span(seconds: 90 * 86_400))
    /// Groups match when they share at least this share of their combined members.
    public var similarity = 0.3
    /// Rising: sightings per day at least this many times the baseline's...
    public var risingFactor = 2.0
    /// ... and at least this many sightings now.
    public var risingMinimum = 3
    /// Every group, including those that only continue.
    public var all = false

    /// A request with these values; every other parameter at its default.
    public init(current: TimeWindow) { self.current = current }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("since", current.fromText)
        p.set("to", current.toText ?? "newest_record")
        switch baseline {
        case .length(let s): p.set("baseline", s.description)
        case .window(let w):
            p.set("baseline_from", w.fromText)
            p.set("baseline_to", w.toText)
        }
        p.set("similarity", String(similarity))
        p.set("rising_factor", String(risingFactor))
        p.set("rising_min", risingMinimum)
        p.flag("all", all)
        return p
    }

    public func validate() throws {
        _ = try periods(now: .now)
        guard similarity > 0 && similarity <= 1 else { throw BadRequest("--similarity must be more than 0 and at most 1") }
        guard risingFactor > 0 && risingFactor.isFinite else { throw BadRequest("--rising-factor must be more than 0") }
        guard risingMinimum >= 1 else { throw BadRequest("--rising-min must be at least 1") }
    }

    /// The two periods, checked.
    func periods(now: Timestamp) throws(BadRequest) -> (baseline: Period, current: Period) {
        guard let start = current.from else { throw BadRequest("the current period needs a start: give --since") }
        let end = current.end(orNow: now)
        guard start <= end else { throw BadRequest("the current period is empty: --since \(current.fromText!) is after --to \(current.toText ?? "now")") }
        switch baseline {
        case .length(let s):
            guard s.seconds > 0 else { throw BadRequest("--baseline must be more than zero (got '\(s)')") }
            return (Period(from: start.seconds - s.seconds, to: start.seconds - 1), Period(from: start.seconds, to: end.seconds))
        case .window(let w):
            guard let a = w.from, let b = w.to else {
                throw BadRequest("--baseline-from and --baseline-to go together: give both, or neither and --baseline")
            }
            guard a <= b else { throw BadRequest("the baseline is empty: --baseline-from \(w.fromText!) is after --baseline-to \(w.toText!)") }
            guard b < start else {
                throw BadRequest("the baseline must end before the current period starts: --baseline-to \(w.toText!) is not before --since \(current.fromText!)")
            }
            return (Period(w), Period(from: start.seconds, to: end.seconds))
        }
    }

    /// A peer group that changed (or, with `all`, continued).
    public struct Group: Sendable, Encodable {
        public let kind: String, members: [String], from: [[String]], joined: [String], left: [String], similarity: Double
        public let growth: Double?, offenders: [String], newOffenders: [String], newlyInContact: Bool, evidence: [Link]
        /// The held group it is (a named group, or one `volt groups` found before), when it is one.
        public let group: String?, name: String?
    }

    /// A victim newly linked to an offender, with the links.
    public struct NewLink: Sendable, Encodable {
        public let victim: String, offender: String, links: [Link]
        /// When the first of them started (seconds since 1970 UTC).
        public let first: Int64
        enum CodingKeys: CodingKey { case victim, offender, links }
    }

    /// A location with many more sightings than before.
    public struct Rising: Sendable, Encodable {
        public let location: String, currentSightings: Int, baselineSightings: Int, currentPeople: Int, baselinePeople: Int
        public let newPeople: [String], rise: Double?, sightings: [Sighting]
        /// First and last sighting now (seconds since 1970 UTC).
        public let firstSeen: Int64, lastSeen: Int64
        enum CodingKeys: CodingKey { case location, currentSightings, baselineSightings, currentPeople, baselinePeople, newPeople, rise, sightings }
    }

    /// The changes, with the two periods.
    public struct Answer: Sendable, Encodable {
        public let baseline: [String], current: [String], groups: [Group], splits: [[String: [[String]]]]
        public let newVictimOffenderLinks: [NewLink], risingLocations: [Rising]
        /// How many groups there were before those that only continue were left out.
        public let groupTotal: Int
        /// The current period was open at the end and stops at the newest record.
        public var endsAtLastRecord = false
        /// Display names of the victims, offenders and places named, by id.
        public let names: [String: String]
        enum CodingKeys: CodingKey { case baseline, current, groups, splits, newVictimOffenderLinks, risingLocations, endsAtLastRecord }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let (base, now) = try periods(now: try current.openEnd(r, startOption: "--since"))
        var q = EmergingQuery(baseline: base, current: now)
        q.similarity = similarity
        q.risingFactor = risingFactor
        q.risingMinimum = risingMinimum
        let entities = try EntityTable(r)
        // Every link (not only the two periods): "newly linked" means never linked before.
        let links = try TimedLinkTable(r, entities: entities)
        let sightings = try SightingTable(r, entities: entities, window: TimeWindow(from: Timestamp(seconds: base.from), to: Timestamp(seconds: now.to)))
        let report = emerging(links: links, sightings: sightings, entities: entities, query: q)
        let evidenceLinks = try r.links(rows: (report.groups.flatMap(\.evidence) + report.newVictimOffenderLinks.flatMap(\.evidence)).map { links.row[$0] })
        let evidenceSightings = try r.sightings(rows: report.risingLocations.flatMap(\.evidence).map { sightings.row[$0] })
        let ids = { (xs: [Int]) in xs.map { entities.ids[$0] } }
        let linkOf = { (k: Int) in evidenceLinks[links.row[k]] }
        var names: [String: String] = [:]
        for i in report.newVictimOffenderLinks.flatMap({ [$0.victim, $0.offender] }) + report.risingLocations.map(\.place) { names[entities.ids[i]] = entities.names[i] }
        let iso = { (t: Int64) in Timestamp(seconds: t).iso8601 }
        let shown = report.groups.filter { all || $0.kind != .continuing || !$0.newOffenders.isEmpty }
        let held = try heldGroups(r, shown.map { ids($0.members) }, method: "groups", at: Timestamp(seconds: now.to))
        var answer = Answer(
            baseline: [iso(base.from), iso(base.to)], current: [iso(now.from), iso(now.to)],
            groups: zip(shown, held).map { g, h in
                Group(kind: g.kind.rawValue, members: ids(g.members), from: g.from.map(ids), joined: ids(g.joined), left: ids(g.left),
                      similarity: g.similarity, growth: g.growth.isFinite ? g.growth : nil, offenders: ids(g.offenders),
                      newOffenders: ids(g.newOffenders), newlyInContact: g.newlyInContact, evidence: g.evidence.compactMap(linkOf),
                      group: h?.id, name: h?.name)
            },
            splits: report.splits.map { ["members": [ids($0.members)], "into": $0.into.map(ids)] },
            newVictimOffenderLinks: report.newVictimOffenderLinks.map {
                NewLink(victim: entities.ids[$0.victim], offender: entities.ids[$0.offender], links: $0.evidence.compactMap(linkOf),
                        first: links.start[$0.evidence[0]])
            },
            risingLocations: report.risingLocations.map {
                Rising(location: entities.ids[$0.place], currentSightings: $0.currentSightings, baselineSightings: $0.baselineSightings,
                       currentPeople: $0.currentPeople, baselinePeople: $0.baselinePeople, newPeople: ids($0.newPeople),
                       rise: $0.rise.isFinite ? $0.rise : nil, sightings: $0.evidence.compactMap { evidenceSightings[sightings.row[$0]] },
                       firstSeen: sightings.start[$0.evidence.first!], lastSeen: sightings.start[$0.evidence.last!])
            },
            groupTotal: report.groups.count, names: names)
        answer.endsAtLastRecord = current.to == nil
        return answer
    }
}
