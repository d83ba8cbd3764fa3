import Foundation
import VoltAnalysis
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

/// The children the data shows most at risk, each score the sum of shown parts.
public struct TopQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "top"
    /// How many children.
    public var n = 8
    /// The month (nil: the latest month with records).
    public var period: Month?
    /// A JSON file of weights (nil: the defaults).
    public var weightsFile: String?

    /// A request with these values; every other parameter at its default.
    public init(n: Int = 8, period: Month? = nil, weightsFile: String? = nil) {
        self.n = n
        self.period = period
        self.weightsFile = weightsFile
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("n", n)
        p.set("period", period?.description ?? "latest")
        p.set("weights", weightsFile)
        return p
    }

    public func validate() throws {
        guard n >= 1 else { throw BadRequest("--n must be at least 1") }
    }

    /// One child on the list.
    public struct Child: Sendable, Encodable {
        public let rank: Int, id: String, type: String, name: String, score: Double, components: [ScoreComponent]
    }

    /// The list (encoded as its rows), for the month it was made for.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let children: [Child]
        public let month: Month
        public let lookbackDays: Int
        public func encode(to encoder: any Encoder) throws { try children.encode(to: encoder) }
        public var notes: Parameters {
            var p = Parameters()
            p.set("period", month.description)
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
        let month = period ?? Month(containing: Timestamp(seconds: latest))
        guard hasRecords(links, sightings, missing, from: month.start.seconds, to: month.end.seconds) else {
            throw BadRequest("no records in \(period?.description ?? "that month"): nothing to rank children by")
        }
        let ranked = topChildren(entities: e, links: links, sightings: sightings, missing: missing, periodEnd: month.end.seconds, weights: w)
        return Answer(children: ranked.prefix(n).enumerated().map { i, c in
            Child(rank: i + 1, id: e.ids[c.child], type: e.types[c.child].rawValue, name: e.names[c.child], score: c.score, components: c.components)
        }, month: month, lookbackDays: w.lookbackDays)
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
        return p
    }

    public func validate() throws {
        guard !recipient.trimmingSpaces.isEmpty else { throw StoreError.missingRecipient("a pack") }
        guard threshold >= 2 else { throw BadRequest("--threshold must be at least 2") }
        guard n >= 1 else { throw BadRequest("--n must be at least 1") }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> PackReport {
        let (start, end) = (period.start.seconds, period.end.seconds)
        let labeller = Labeller(level: .initials, key: try r.pseudonymKey())
        let e = try EntityTable(r)
        var gender = [String?](repeating: nil, count: e.ids.count), band = gender, ethnicity = gender
        try r.forEachEntity { x in
            guard let i = e.index(x.id) else { return }
            gender[i] = x.gender
            band[i] = x.ageBand ?? x.dateOfBirth.flatMap { ageBand(dateOfBirth: $0.text, at: end) }
            ethnicity[i] = x.ethnicity
        }
        let links = try TimedLinkTable(r, entities: e)
        let full = try r.links(rows: links.row)
        let sightings = try SightingTable(r, entities: e)
        let missing = try MissingTable(r, entities: e)
        guard hasRecords(links, sightings, missing, from: start, to: end) else { throw BadRequest("no records in \(period): there is nothing to report for that month") }
        let labels = labeller.labels(for: Array(e.ids.indices), in: e).map(\.label)
        var inputs = PackInputs(entities: e, gender: gender, ageBand: band, links: links,
                                linkSources: links.row.map { full[$0]?.provenance.source ?? "unknown" },
                                sightings: sightings, missing: missing, label: { labels[$0] })
        inputs.ethnicity = ethnicity
        if audience == .panel { inputs.keyPlayers = try disruption(r, entities: e, end: end) }
        var pack = makePack(inputs, month: period.description, start: start, end: end, audience: audience, threshold: threshold,
                            weights: try topWeights(weightsFile), topN: n, generatedAt: Timestamp.now.iso8601)
        if audience == .panel { pack.map = try networkMap(r, entities: e, links: links, labeller: labeller, start: start, end: end) }
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

    /// The month's network between people as inline SVG at the initials level, communities of
    /// more than 12 drawn as one node.
    private func networkMap(_ r: StoreReader, entities e: EntityTable, links: TimedLinkTable, labeller: Labeller, start: Int64, end: Int64) throws -> String? {
        let snap = try peopleSnapshot(r, from: start - 180 * 86_400, end: end)
        guard snap.graph.nodeCount > 0 else { return nil }
        var request = MapRequest(title: "People linked in the six months to \(period)", subtitle: "labels: initials; communities of more than 12 as one node")
        (request.nodes, request.collapsed) = collapsedCommunities(snap, larger: 12)
        request.linkTypes = LinkType.betweenPeople
        let doc = makeMap(request, entities: e, links: links, labeller: labeller)
        let svg = String(decoding: try Graphviz.render(doc, format: .svg), as: UTF8.self)
        return svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) }
    }
}

/// The overview's and the pack's drawing of a network: communities (Leiden, seed 1) with more
/// than `larger` members as one node each, largest first, and everyone else as themselves; as
/// entity indexes.
func collapsedCommunities(_ snap: Snapshot, larger: Int) -> (nodes: [Int], collapsed: [(label: String, members: [Int])]) {
    let members = leiden(snap.graph, seed: 1).members
    let big = members.filter { larger > 0 && $0.count > larger }.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
    let small = members.filter { !(larger > 0 && $0.count > larger) }.flatMap { $0 }.map { snap.entity[$0] }.sorted()
    return (small, big.enumerated().map { ("community \($0.offset + 1)", $0.element.map { snap.entity[$0] }) })
}
