import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// Missing children: who goes missing together, who goes missing repeatedly, and which
/// offenders they are linked to.
public struct MissingQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "missing"

    /// The three sections.
    public enum Section: String, Sendable, CaseIterable {
        case together, `repeat`, offenders, all
    }

    /// Only episodes active in this window; an open episode lasts until its end (or now).
    public var window = TimeWindow.all
    /// Missing together when episodes overlap by at least this long.
    public var overlap = Span(seconds: 1800)
    /// Only count children found at the same place.
    public var samePlace = false
    /// Repeat missing: at least this many episodes.
    public var repeatMinimum = 2
    /// Offenders within this many steps of a missing child.
    public var hops = 2
    /// Which sections the answer holds.
    public var section = Section.all
    /// At most this many rows per section (0: all).
    public var top = 20

    /// A request with these values; every other parameter at its default.
    public init() {}

    public var parameters: Parameters {
        var p = Parameters()
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.set("overlap", overlap.description)
        p.flag("same_place", samePlace)
        p.set("repeat", repeatMinimum)
        p.set("hops", hops)
        p.set("section", section.rawValue)
        p.set("top", top)
        return p
    }

    public func validate() throws {
        if window.isEmpty { throw BadRequest("the period is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
        guard (1...6).contains(hops) else { throw BadRequest("--hops must be from 1 to 6") }
        guard repeatMinimum >= 1 else { throw BadRequest("--repeat must be at least 1") }
        guard top >= 0 else { throw BadRequest("--top must be 0 (all) or more") }
    }

    /// Two children missing at the same time, with their overlapping episodes.
    public struct Pair: Sendable, Encodable {
        public let a: String, b: String, times: Int, secondsTogether: Int64, foundTogether: Int, episodes: [[MissingEpisode]]
        /// First and last time they were missing together (seconds since 1970 UTC).
        public let first: Int64, last: Int64
        enum CodingKeys: CodingKey { case a, b, times, secondsTogether, foundTogether, episodes }
    }

    /// A child missing in the period, with their episodes.
    public struct Repeat: Sendable, Encodable {
        public let child: String, episodes: Int, secondsMissing: Int64, stillMissing: Bool, records: [MissingEpisode]
        /// The child's VOLT type.
        public let type: String
        enum CodingKeys: CodingKey { case child, episodes, secondsMissing, stillMissing, records }
    }

    /// An offender within reach of a missing child.
    public struct Reach: Sendable, Encodable { public let child: String, offender: String, offenderType: String, steps: Int }

    /// The sections asked for (the others nil), with the full counts behind each.
    public struct Answer: Sendable, Encodable {
        public let together: [Pair]?
        public let `repeat`: [Repeat]?
        public let offenders: [Reach]?
        /// Rows in each section before `top`.
        public let togetherCount: Int, repeatCount: Int, reachCount: Int
        /// Children still missing.
        public let stillMissing: [String]
        enum CodingKeys: String, CodingKey { case together, `repeat`, offenders }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let period = Period(window)
        let asOf = window.end().seconds
        let entities = try EntityTable(r)
        let table = try MissingTable(r, entities: entities)
        let episodes = try r.missingEpisodes(rows: table.row)
        var links = SnapshotFilter()
        links.links = LinkSelection(window: TimeWindow(to: window.to), types: LinkType.betweenPeople)
        let snap = try Snapshot(r, filter: links)
        var q = MissingTogetherQuery(asOf: asOf)
        q.minimumOverlap = overlap.seconds
        q.period = period
        q.samePlace = samePlace
        let together = missingTogether(table, query: q)
        let repeats = repeatMissing(table, period: period, asOf: asOf)
        let id = { (i: Int) in entities.ids[i] }
        let episode = { (k: Int) in episodes[table.row[k]] }
        // Offenders within reach of each child missing in the period.
        var reach: [Reach] = []
        for x in repeats {
            guard let c = snap.node(entity: x.person) else { continue }
            for (v, d) in egoNetwork(snap.graph, center: c, hops: hops) where d > 0 && (snap.types[v] == .offender || snap.types[v] == .victimOffender) {
                reach.append(Reach(child: entities.ids[x.person], offender: snap.ids[v], offenderType: snap.types[v].rawValue, steps: d))
            }
        }
        reach.sort { ($0.steps, $0.child, $0.offender) < ($1.steps, $1.child, $1.offender) }
        let repeated = repeats.filter { $0.episodes >= repeatMinimum }
        func limited<T>(_ xs: [T]) -> [T] { top == 0 ? xs : Array(xs.prefix(top)) }
        let shows = { (s: Section) in section == .all || section == s }
        return Answer(
            together: shows(.together) ? limited(together).map { p in
                Pair(a: id(p.a), b: id(p.b), times: p.times, secondsTogether: p.secondsTogether, foundTogether: p.foundTogether,
                     episodes: p.evidence.map { [episode($0.0), episode($0.1)].compactMap { $0 } }, first: p.first, last: p.last)
            } : nil,
            repeat: shows(.repeat) ? limited(repeated).map { x in
                Repeat(child: id(x.person), episodes: x.episodes, secondsMissing: x.secondsMissing, stillMissing: x.stillMissing,
                       records: x.evidence.compactMap(episode), type: entities.types[x.person].rawValue)
            } : nil,
            offenders: shows(.offenders) ? limited(reach) : nil,
            togetherCount: together.count, repeatCount: repeated.count, reachCount: reach.count,
            stillMissing: repeats.filter(\.stillMissing).map { id($0.person) })
    }
}
