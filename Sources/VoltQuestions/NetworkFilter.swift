import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// The filters every network question shares: which links, between which people, counted how.
/// `--from/--to/--links/--types/--min-grading/--directed/--weighted/--recency/--colocated` on
/// the command line; the same fields in the workspace.
public struct NetworkFilter: Sendable, Hashable {
    /// Links active at any moment of this window.
    public var window = TimeWindow.all
    /// Only these link types (nil: the question's default, usually links between people).
    public var linkTypes: Set<LinkType>?
    /// Only entities of these VOLT types.
    public var voltTypes: Set<VoltType>?
    /// Only links graded at least this reliable.
    public var minimumGrading: Grading?
    /// Keep link direction (exploits and supplies from offender to victim).
    public var directed = false
    /// Weight ties by their number of links.
    public var weighted = false
    /// With `weighted`: a link counts half as much for every this many days before the end of
    /// the window (or now).
    public var recencyDays: Double?
    /// Also tie people seen at the same place within this span of each other in the window.
    public var colocated: Span?
    /// With `colocated`: only pairs seen together at least this many times.
    public var colocatedMinimum = 2

    /// Every link, undirected, weighted by nothing; or the filters given.
    public init(window: TimeWindow = .all, linkTypes: Set<LinkType>? = nil, voltTypes: Set<VoltType>? = nil, minimumGrading: Grading? = nil,
                directed: Bool = false, weighted: Bool = false, recencyDays: Double? = nil, colocated: Span? = nil, colocatedMinimum: Int = 2) {
        (self.window, self.linkTypes, self.voltTypes, self.minimumGrading) = (window, linkTypes, voltTypes, minimumGrading)
        (self.directed, self.weighted, self.recencyDays, self.colocated, self.colocatedMinimum) = (directed, weighted, recencyDays, colocated, colocatedMinimum)
    }

    /// The filters as parameters; only those given appear (`colocated_min` with `colocated`).
    public var parameters: Parameters {
        var p = Parameters()
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.list("links", linkTypes)
        p.list("types", voltTypes)
        p.set("min_grading", minimumGrading.map { "\($0.source)\($0.intelligence)" })
        p.flag("directed", directed)
        p.flag("weighted", weighted)
        p.set("recency_days", recencyDays.map { String($0) })
        if let colocated {
            p.set("colocated", colocated.description)
            p.set("colocated_min", colocatedMinimum)
        }
        return p
    }

    /// The links it selects, with `defaultLinks` when no link types were given.
    public func selection(defaultLinks: Set<LinkType>? = nil) -> LinkSelection {
        LinkSelection(window: window, types: linkTypes ?? defaultLinks, minimumGrading: minimumGrading)
    }

    /// The snapshot filter, with `defaultLinks` when no link types were given.
    public func snapshotFilter(defaultLinks: Set<LinkType>? = LinkType.betweenPeople) -> SnapshotFilter {
        var f = SnapshotFilter()
        f.links = selection(defaultLinks: defaultLinks)
        f.voltTypes = voltTypes
        f.directed = directed
        if let recencyDays, weighted {
            f.weight = .recency(halfLife: Int64(recencyDays * 86_400), at: window.end())
        }
        return f
    }

    /// Checks what a parser cannot: one sentence naming the option to change.
    public func validate() throws {
        if window.isEmpty { throw BadRequest("the window is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
        if let recencyDays {
            guard recencyDays > 0 && recencyDays.isFinite else { throw BadRequest("--recency must be a positive number of days") }
            guard weighted else { throw BadRequest("--recency weights ties, so it needs --weighted") }
        }
        if let colocated, colocated.seconds <= 0 { throw BadRequest("--colocated must be more than zero (got '\(colocated)')") }
        guard colocatedMinimum >= 1 else { throw BadRequest("--colocated-min must be at least 1") }
    }

    /// The snapshot: the selected links, plus co-location ties when `colocated` is set.
    public func snapshot(_ r: StoreReader, defaultLinks: Set<LinkType>? = LinkType.betweenPeople) throws -> Snapshot {
        try validate()
        let filter = snapshotFilter(defaultLinks: defaultLinks)
        guard let colocated else { return try Snapshot(r, filter: filter) }
        let entities = try EntityTable(r)
        let sightings = try SightingTable(r, entities: entities, window: window)
        var q = CoLocationQuery(window: colocated.seconds)
        q.period = Period(window)
        let pairs = coLocatedPairs(encounters(sightings, types: entities.types, query: q), minimumCount: colocatedMinimum)
        return try Snapshot(r, filter: filter, derivedTies: pairs.map { (entities.ids[$0.a], entities.ids[$0.b], Double($0.count)) })
    }
}
