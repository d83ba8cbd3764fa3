import Foundation
import VoltAnalysis
import VoltCasework
import VoltGraph
import VoltLoad
import VoltIO
import VoltModel
import VoltPack
import VoltPrivacy
import VoltRender
import VoltStore
import VoltTemporal

/// Whether any link, sighting or missing episode starts in `from...to`.
func hasRecords(_ l: TimedLinkTable, _ s: SightingTable, _ m: MissingTable, from: Int64, to: Int64) -> Bool {
    let inside = { (t: Int64) in t >= from && t <= to }
    return l.start.contains(where: inside) || s.start.contains(where: inside) || m.start.contains(where: inside)
}

/// The Top N weights: from a file when given, else the defaults.
func topWeights(_ path: String?) throws(BadRequest) -> TopWeights {
    guard let path else { return TopWeights() }
    do { return try TopWeights.read(path) } catch { throw BadRequest("cannot use --weights \(path): \(error)") }
}

/// Which children a Top N list ranks: everyone, those open to children's social care on the
/// period's last day (Havering's cohort 1), or those not open (cohort 2).
public enum Cohort: String, Sendable, CaseIterable, Codable {
    case all, csc
    case notCSC = "not-csc"

    /// Whether a child is in the cohort, given who is open to CSC.
    func admits(_ id: String, open: Set<String>) -> Bool {
        switch self {
        case .all: return true
        case .csc: return open.contains(id)
        case .notCSC: return !open.contains(id)
        }
    }
}

/// A period a panel reviews: a month, or any span of days (a week, a fortnight).
public struct ReviewPeriod: Sendable, Hashable, CustomStringConvertible {
    public let start: Timestamp, end: Timestamp

    /// A period from its first to its last second.
    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }

    /// A calendar month.
    public init(_ m: Month) { self.init(start: m.start, end: m.end) }

    /// The period of the same length just before this one (for a month, the month before).
    public var previous: ReviewPeriod {
        let m = Month(containing: start)
        if m.start == start && m.end == end { return ReviewPeriod(Month(containing: Timestamp(seconds: start.seconds - 1))) }
        let length = end.seconds - start.seconds + 1
        return ReviewPeriod(start: Timestamp(seconds: start.seconds - length), end: Timestamp(seconds: start.seconds - 1))
    }

    /// `2026-10` for a whole month, else `2026-10-05 to 2026-10-11`.
    public var description: String {
        let m = Month(containing: start)
        if m.start == start && m.end == end { return m.description }
        return "\(start.day) to \(Timestamp(seconds: end.seconds).day)"
    }
}

/// The children the data shows most at risk, each score the sum of shown parts; with the
/// cohort rule and each child's movement against the previous period of the same length.
public struct TopQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "top"
    /// How many children.
    public var n = 8
    /// The month (nil: the latest month with records, unless `from`/`to` say otherwise).
    public var period: Month?
    /// Any period instead of a month: its first and last moments (`--from`/`--to`).
    public var from: Timestamp?, to: Timestamp?
    /// Which children are ranked.
    public var cohort = Cohort.all
    /// A JSON file of weights (nil: the defaults).
    public var weightsFile: String?
    /// Only children referred to this forum (a forum's own list; nil: every child).
    public var forum: String?

    /// A request with these values; every other parameter at its default.
    public init(n: Int = 8, period: Month? = nil, from: Timestamp? = nil, to: Timestamp? = nil, cohort: Cohort = .all,
                weightsFile: String? = nil) {
        self.n = n
        self.period = period
        self.from = from
        self.to = to
        self.cohort = cohort
        self.weightsFile = weightsFile
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("n", n)
        if from != nil || to != nil {
            let w = TimeWindow(from: from, to: to)
            p.set("from", w.fromText)
            p.set("to", w.toText)
        } else {
            p.set("period", period?.description ?? "latest")
        }
        if cohort != .all { p.set("cohort", cohort.rawValue) }
        p.set("forum", forum)
        p.set("weights", weightsFile)
        return p
    }

    public func validate() throws {
        guard n >= 1 else { throw BadRequest("--n must be at least 1") }
        if period != nil && (from != nil || to != nil) { throw BadRequest("give either --period or --from/--to, not both") }
        if let from, let to, to < from { throw BadRequest("the period is empty: --from \(from.day) is after --to \(to.day)") }
    }

    /// One child on the list, or (with `rank` nil and movement `left`) one who was on the
    /// previous period's list and is not now.
    public struct Child: Sendable, Encodable {
        public let rank: Int?, id: String, type: String, name: String
        /// Age at the period's end (years, else the recorded band) and area (recorded, else postcode district).
        public let age: String?, area: String?
        public let score: Double, components: [ScoreComponent]
        /// Why the child is on the list, in words.
        public let reasons: String
        /// `new`, `up N`, `down N`, `same` or `left`.
        public let movement: String
        /// The place on the previous period's list.
        public let previousRank: Int?
    }

    /// The list (encoded as its rows; those who left are named in the notes), for the period it was made for.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let children: [Child]
        /// On the previous period's list and not on this one.
        public let left: [Child]
        public let period: ReviewPeriod
        public let previous: ReviewPeriod
        public let cohort: Cohort
        public let lookbackDays: Int
        /// The month, when the period is one.
        public var month: String { period.description }
        public func encode(to encoder: any Encoder) throws { try children.encode(to: encoder) }
        public var notes: Parameters {
            var p = Parameters()
            p.set("period", period.description)
            p.set("previous", previous.description)
            if !left.isEmpty { p.list("left", left.map(\.id)) }
            p.set("lookbackDays", lookbackDays)
            return p
        }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let w = try topWeights(weightsFile)
        let e = try EntityTable(r)
        let links = try TimedLinkTable(r, entities: e), sightings = try SightingTable(r, entities: e), missing = try MissingTable(r, entities: e)
        let latest = max(links.start.max() ?? .min, sightings.start.max() ?? .min, missing.start.max() ?? .min)
        guard latest > .min else { throw BadRequest("the store holds no links, sightings or missing episodes to rank children by") }
        let p: ReviewPeriod
        if from != nil || to != nil {
            let end = to ?? Timestamp(seconds: latest)
            p = ReviewPeriod(start: from ?? Timestamp(seconds: end.seconds - 7 * 86_400 + 1), end: end)
        } else {
            p = ReviewPeriod(period ?? Month(containing: Timestamp(seconds: latest)))
        }
        guard hasRecords(links, sightings, missing, from: p.start.seconds, to: p.end.seconds) else {
            throw BadRequest("no records in \(p): nothing to rank children by")
        }
        let casework = cohort == .all && forum == nil ? Casework() : try r.casework()
        let referred = forum.map { f in Set(casework.referrals.filter { $0.forum == f.lowercased() }.map(\.subject)) }
        let details = try PeopleDetails(r, entities: e)
        let names = e.names
        var facts = details.facts(at: p.end.seconds)
        facts.linkSources = try linkSources(r, links)
        facts.label = { names[$0] }  // the session's redactor relabels what is printed
        func list(_ q: ReviewPeriod) -> [TopChild] {
            let open = casework.openToCSC(at: q.end)
            return topChildren(entities: e, links: links, sightings: sightings, missing: missing, periodEnd: q.end.seconds, weights: w, facts: facts)
                .filter { cohort.admits(e.ids[$0.child], open: open) && (referred?.contains(e.ids[$0.child]) ?? true) }.prefix(n).map { $0 }
        }
        let now = list(p), before = list(p.previous)
        let (moves, left) = movement(current: now.map { e.ids[$0.child] }, previous: before.map { e.ids[$0.child] })
        let previousRank = Dictionary(before.enumerated().map { (e.ids[$0.element.child], $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
        func row(_ c: TopChild, rank: Int?, movement: String) -> Child {
            let id = e.ids[c.child]
            return Child(rank: rank, id: id, type: e.types[c.child].rawValue, name: e.names[c.child], age: c.age, area: c.area, score: c.score,
                         components: c.components, reasons: c.reasons, movement: movement, previousRank: previousRank[id])
        }
        let leavers = Set(left)
        return Answer(children: now.enumerated().map { i, c in row(c, rank: i + 1, movement: moves[i].description) },
                      left: before.filter { leavers.contains(e.ids[$0.child]) }.map { row($0, rank: nil, movement: "left") },
                      period: p, previous: p.previous, cohort: cohort, lookbackDays: w.lookbackDays)
    }
}

/// The monthly pack for a panel or a strategic board, written as pack.html and pack.json: a
/// disclosure, logged with its recipient in the same transaction that writes it.
public struct PackQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "pack"
    /// Logged as this kind of processing.
    public static let action = AuditAction.disclosure
    public var period: Month
    public var audience = PackAudience.panel
    /// Who receives it.
    public var recipient: String
    /// The folder pack.html and pack.json are written into.
    public var out: String
    /// Strategic packs: counts below this are suppressed.
    public var threshold = 5
    /// Children on the Top N list (panel).
    public var n = 8
    public var weightsFile: String?
    /// The panel whose last meeting's actions open the pack (nil: the latest meeting with actions).
    public var forum: String?
    /// Rows each list shows on the page (pack.json holds them all).
    public var rows = 8
    /// Peer-group changes shown for groups of at least this many, or newly in contact with an offender.
    public var minimumGroupSize = 4

    /// A request with these values; every other parameter at its default.
    public init(period: Month, audience: PackAudience, recipient: String, out: String) {
        self.period = period
        self.audience = audience
        self.recipient = recipient
        self.out = out
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("period", period.description)
        p.set("audience", audience.rawValue)
        p.set("labels", audience == .strategic ? "none" : LabelLevel.initials.rawValue)
        p.set("recipient", recipient)
        p.set("out", out)
        p.set("threshold", threshold)
        p.set("n", n)
        p.set("weights", weightsFile)
        p.set("forum", forum)
        p.set("rows", rows)
        p.set("min_group_size", minimumGroupSize)
        return p
    }

    public func validate() throws {
        guard !recipient.trimmingSpaces.isEmpty else { throw StoreError.missingRecipient("a pack") }
        guard rows >= 1 else { throw BadRequest("--rows must be at least 1") }
        guard minimumGroupSize >= 2 else { throw BadRequest("--min-group-size must be at least 2") }
        guard threshold >= 2 else { throw BadRequest("--threshold must be at least 2") }
        guard n >= 1 else { throw BadRequest("--n must be at least 1") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> PackReport {
        let (start, end) = (period.start.seconds, period.end.seconds)
        let labeller = Labeller(level: .initials, key: try r.pseudonymKey())
        let e = try EntityTable(r)
        let details = try PeopleDetails(r, entities: e)
        let band = e.ids.indices.map { details.ageBand[$0] ?? details.dateOfBirth[$0].flatMap { ageBand(dateOfBirth: $0, at: end) } }
        let links = try TimedLinkTable(r, entities: e)
        let sources = try linkSources(r, links)
        let sightings = try SightingTable(r, entities: e)
        let missing = try MissingTable(r, entities: e)
        guard hasRecords(links, sightings, missing, from: start, to: end) else { throw BadRequest("no records in \(period): there is nothing to report for that month") }
        let labels = labeller.labels(for: Array(e.ids.indices), in: e).map(\.label)
        var inputs = PackInputs(entities: e, gender: details.gender, ageBand: band, links: links, linkSources: sources,
                                sightings: sightings, missing: missing, label: { labels[$0] })
        inputs.ethnicity = details.ethnicity
        inputs.facts = details.facts(at: end)
        inputs.facts.linkSources = sources
        inputs.facts.label = { labels[$0] }
        inputs.casework = try r.casework()
        inputs.forum = forum
        if let forum, !inputs.casework.meetings.contains(where: { $0.forum == forum.lowercased() }) {
            throw BadRequest("no meeting of '\(forum)' is held (forums: \(Set(inputs.casework.meetings.map(\.forum)).sorted().joined(separator: ", ")))")
        }
        inputs.interviewed = Set(try r.returnInterviews().keys)
        let held = try r.knownGroups(method: "groups", at: Timestamp(seconds: end))
        let known = held.map { KnownGroup(id: $0.id, name: $0.name, memberships: $0.memberships) }
        let unnamed = Set(held.filter { $0.detected && $0.name.hasPrefix(FoundGroups.provisionalName) }.map(\.id))
        inputs.storedGroups = { groups in
            identifyGroups(groups, known: known, newSizes: 0...0).map { $0.map { (id: $0.id, name: unnamed.contains($0.id) ? nil : $0.name) } }
        }
        let weights = try topWeights(weightsFile)
        (inputs.rowsShown, inputs.minimumGroupSize) = (rows, minimumGroupSize)
        if audience == .panel {
            inputs.keyPlayers = try disruption(r, entities: e, end: end)
            let namer = try GroupNamer(r, entities: e, details: details)
            inputs.placeName = { namer.name($0) }
            // The Top N's groups, drawn with the links of the Top N's lookback.
            let from = end - Int64(weights.lookbackDays) * 86_400
            let recent = try TimedLinkTable(r, entities: e, selection: LinkSelection(window: TimeWindow(from: Timestamp(seconds: from), to: Timestamp(seconds: end)),
                                                                                     types: LinkType.betweenPeople))
            inputs.draw = { m in
                var request = MapRequest(title: m.title, subtitle: "links \(Timestamp(seconds: m.from).day) to \(Timestamp(seconds: end).day); labels: initials")
                request.nodes = m.peers + m.around
                request.focus = Set(m.focus)
                request.groups = [(m.groupLabel, m.peers)]
                request.linkTypes = LinkType.betweenPeople
                request.bare = true
                // Drawn both ways; the one that needs the least shrinking to fit the page is kept.
                var best: (svg: String, scale: Double)?
                for leftToRight in [true, false] {
                    request.leftToRight = leftToRight
                    let svg = String(decoding: try Graphviz.render(makeMap(request, entities: e, links: recent, labeller: labeller), format: .svg), as: UTF8.self)
                    let drawing = svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg
                    let scale = pageScale(drawing)
                    if best == nil || scale > best!.scale + 0.02 { best = (drawing, scale) }
                }
                return best!.svg
            }
        }
        let pack = try makePack(inputs, month: period.description, start: start, end: end, audience: audience, threshold: threshold,
                                weights: weights, topN: n, generatedAt: Timestamp.now.iso8601)
        try AtomicFile.makeFolder(out)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for (name, data) in [("pack.json", try encoder.encode(pack)), ("pack.html", Data(packHTML(pack).utf8))] {
            try AtomicFile.write(data, to: out + "/" + name)
        }
        return pack
    }

    /// Links between people in the six months to `end` (from `from` when given).
    private func peopleSnapshot(_ r: StoreReader, from: Int64, end: Int64) throws -> Snapshot {
        var f = SnapshotFilter()
        f.links = LinkSelection(window: TimeWindow(from: Timestamp(seconds: from), to: Timestamp(seconds: end)), types: LinkType.betweenPeople)
        return try Snapshot(r, filter: f)
    }

    /// Three offenders whose disruption cuts the most children off from offenders, over the
    /// links between people of the six months to the end of the month.
    private func disruption(_ r: StoreReader, entities e: EntityTable, end: Int64) throws -> [(entity: Int, childrenCutOff: Int)] {
        let snap = try peopleSnapshot(r, from: end - 180 * 86_400, end: end)
        let (victims, offenders) = victimsAndOffenders(snap, 0..<snap.graph.nodeCount)
        guard !victims.isEmpty, !offenders.isEmpty else { return [] }
        return keyPlayers(snap.graph, victims: victims, offenders: offenders, candidates: offenders, k: min(3, offenders.count))
            .filter { !$0.newlyCutOff.isEmpty }
            .map { (snap.entity[$0.node], $0.newlyCutOff.count) }
    }
}

/// The overview's drawing of a network: `communities` (snapshot nodes) with more than
/// `larger` members as one node each, largest first, and everyone else as themselves; as
/// entity indexes.
func collapsedCommunities(_ snap: Snapshot, _ members: [[Int]], larger: Int) -> (nodes: [Int], collapsed: [(label: String, members: [Int])]) {
    let big = members.filter { larger > 0 && $0.count > larger }.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
    let small = members.filter { !(larger > 0 && $0.count > larger) }.flatMap { $0 }.map { snap.entity[$0] }.sorted()
    return (small, big.enumerated().map { ("community \($0.offset + 1)", $0.element.map { snap.entity[$0] }) })
}

/// What the pack and the Top N read of each person beyond the snapshot's tables, by entity index.
struct PeopleDetails {
    var gender: [String?], ageBand: [String?], ethnicity: [String?], dateOfBirth: [String?], area: [String?], postcode: [String?]

    init(_ r: StoreReader, entities e: EntityTable) throws {
        gender = [String?](repeating: nil, count: e.ids.count)
        (ageBand, ethnicity, dateOfBirth, area, postcode) = (gender, gender, gender, gender, gender)
        try r.forEachEntity { x in
            guard let i = e.index(x.id) else { return }
            gender[i] = x.gender
            ageBand[i] = x.ageBand
            ethnicity[i] = x.ethnicity
            dateOfBirth[i] = x.dateOfBirth?.text
            area[i] = x.area
            postcode[i] = x.postcode
        }
    }

    /// Ages, areas and adulthood at `time`.
    func facts(at time: Int64) -> PeopleFacts {
        PeopleFacts(dateOfBirth: dateOfBirth, ageBand: ageBand, area: area, postcode: postcode, at: time)
    }
}

/// Each link's recording agency, by link position.
func linkSources(_ r: StoreReader, _ links: TimedLinkTable) throws -> [String] {
    let byRow = try r.linkSources()
    return links.row.map { byRow[$0] ?? "unknown" }
}
