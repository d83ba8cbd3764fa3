import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// Problem locations: places (or areas, or categories) ranked by distinct victims, offenders,
/// victim–offender co-locations and sightings in a period, against the period before.
public struct HotspotsQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "hotspots"
    /// The period (`from` required; an open `to` means now).
    public var period: TimeWindow
    /// A victim and an offender within this long of each other count as a co-location.
    public var within = Span(seconds: 3600)
    public var by = HotspotGrouping.location
    /// Only locations of these categories.
    public var categories: Set<LocationCategory>?
    /// At most this many (0: all).
    public var top = 20

    /// A request with these values; every other parameter at its default.
    public init(period: TimeWindow) { self.period = period }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("from", period.fromText)
        p.set("to", period.toText ?? "newest_record")
        p.set("by", by.rawValue)
        p.set("window", within.description)
        p.list("categories", categories.map { c in LocationCategory.allCases.filter(c.contains).map(\.rawValue) })
        p.set("top", top)
        return p
    }

    public func validate() throws {
        guard let from = period.from else { throw BadRequest("hotspots need the start of a period: give --from") }
        guard from <= period.end() else { throw BadRequest("the period is empty: --from \(period.fromText!) is after --to \(period.toText ?? "now")") }
        guard within.seconds > 0 else { throw BadRequest("--window must be more than zero (got '\(within)')") }
        guard top >= 0 else { throw BadRequest("--top must be 0 (all) or more") }
    }

    /// Activity at a place in one period.
    public struct Counts: Sendable, Encodable { public let victims, offenders, victimOffenderCoLocations, sightings, people: Int }
    /// One place, area or category.
    public struct Row: Sendable, Encodable {
        public let key: String, name: String, places: [String], current: Counts, previous: Counts
        /// Where a location is (by location only, when recorded).
        public let latitude: Double?, longitude: Double?
        /// Whether a location is a public place (a private one is a home: never drawn below names).
        public let publicPlace: Bool?
    }

    /// The ranking shown (encoded as its rows), how many there were, and the two periods.
    public struct Answer: Sendable, Encodable {
        public let rows: [Row]
        public let total: Int
        /// The period and the one before it (seconds since 1970 UTC).
        public let current: Period, previous: Period
        /// The period was open at the end and stops at the newest record.
        public var endsAtLastRecord = false
        public func encode(to encoder: any Encoder) throws { try rows.encode(to: encoder) }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let end = period.end(orNow: try period.openEnd(r, startOption: "--from"))
        let current = Period(from: period.from!.seconds, to: end.seconds)
        let entities = try EntityTable(r)
        var table = try SightingTable(r, entities: entities, window: TimeWindow(from: Timestamp(seconds: current.from - current.length), to: end))
        if let categories {
            let keep = (0..<table.count).filter { k in
                categories.contains(LocationCategory(rawValue: entities.categories[Int(table.place[k])] ?? "other") ?? .other)
            }
            table = SightingTable(person: keep.map { table.person[$0] }, place: keep.map { table.place[$0] },
                                  start: keep.map { table.start[$0] }, end: keep.map { table.end[$0] })
        }
        let spots = hotspots(table, entities: entities, period: current, window: within.seconds, by: by)
        let shown = top == 0 ? spots : Array(spots.prefix(top))
        let counts = { (a: PlaceActivity) in
            Counts(victims: a.victims, offenders: a.offenders, victimOffenderCoLocations: a.victimOffenderCoLocations, sightings: a.sightings, people: a.people)
        }
        return Answer(rows: try shown.map {
            let place = by == .location ? try r.entity(id: entities.ids[$0.places[0]]) : nil
            return Row(key: $0.key, name: by == .location ? entities.names[$0.places[0]] : "\($0.places.count) locations",
                       places: $0.places.map { entities.ids[$0] }, current: counts($0.current), previous: counts($0.previous),
                       latitude: place?.latitude, longitude: place?.longitude,
                       publicPlace: by == .location ? entities.isPublicPlace($0.places[0]) : nil)
        }, total: spots.count, current: current, previous: Period(from: current.from - current.length, to: current.from - 1),
           endsAtLastRecord: period.to == nil)
    }
}

/// Could harm or influence have travelled from A to B through links in time order? The
/// earliest-arriving chain, beside the static shortest path.
public struct TimePathQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "timepath"
    public var from: String, to: String
    /// Travel starts at the window's start and must arrive by its end.
    public var window = TimeWindow.all
    /// Only these link types (nil: links between people).
    public var linkTypes: Set<LinkType>?
    /// Exploits and supplies carry only from offender to victim.
    public var directed = false

    /// A request with these values; every other parameter at its default.
    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public var parameters: Parameters {
        var p = Parameters()
        p.set("from_id", from)
        p.set("to_id", to)
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.list("links", linkTypes)
        p.flag("directed", directed)
        return p
    }

    public func validate() throws {
        if window.isEmpty { throw BadRequest("the period is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
    }

    /// One step of the chain, with the link it follows.
    public struct Step: Sendable, Encodable { public let from: String, to: String, time: String, link: Link? }

    /// The chain (empty when none arrives) and the static path.
    public struct Answer: Sendable, Encodable {
        public let reachable: Bool, arrival: String?, steps: [Step], staticHops: Int?, staticPath: [String]?
        /// Display names of the two ends.
        public let fromName: String, toName: String
        enum CodingKeys: CodingKey { case reachable, arrival, steps, staticHops, staticPath }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let types = linkTypes ?? LinkType.betweenPeople
        let entities = try EntityTable(r)
        guard let a = entities.index(from) else { throw StoreError.unknownEntity(from) }
        guard let b = entities.index(to) else { throw StoreError.unknownEntity(to) }
        let table = try TimedLinkTable(r, entities: entities, selection: LinkSelection(types: types))
        let arrival = earliestArrival(table, entityCount: entities.count, from: a, period: Period(window), directed: directed)
        let steps = arrival.path(to: b)
        var staticFilter = SnapshotFilter()
        staticFilter.links.types = types
        staticFilter.directed = directed
        let snap = try Snapshot(r, filter: staticFilter)
        let staticPath: [Int]? = snap.node(from).flatMap { u in snap.node(to).flatMap { v in shortestPaths(snap.graph, from: u, to: v, limit: 1).first } }
        guard steps != nil || staticPath != nil else {
            throw BadRequest("no chain of links joins \(from) and \(to), in time order or otherwise")
        }
        let rows = try r.links(rows: (steps ?? []).map { table.row[$0.link] })
        let iso = { (t: Int64) in Timestamp(seconds: t).iso8601 }
        return Answer(reachable: steps != nil, arrival: steps?.last.map { iso($0.time) },
                      steps: (steps ?? []).map { Step(from: entities.ids[$0.from], to: entities.ids[$0.to], time: iso($0.time), link: rows[table.row[$0.link]]) },
                      staticHops: staticPath.map { $0.count - 1 }, staticPath: staticPath?.map { snap.ids[$0] },
                      fromName: entities.names[a], toName: entities.names[b])
    }
}

/// Theme trends: links to each theme per month, and themes that meet on the same people or places.
public struct ThemesQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "themes"

    /// The two sections.
    public enum Section: String, Sendable, CaseIterable { case months, pairs, all }

    /// Only links starting in this window.
    public var window = TimeWindow.all
    public var section = Section.all

    /// A request with these values; every other parameter at its default.
    public init() {}

    public var parameters: Parameters {
        var p = Parameters()
        p.set("from", window.fromText)
        p.set("to", window.toText)
        p.set("section", section.rawValue)
        return p
    }

    public func validate() throws {
        if window.isEmpty { throw BadRequest("the period is empty: --from \(window.fromText!) is after --to \(window.toText!)") }
    }

    /// Links to one theme in one month.
    public struct Month: Sendable, Encodable { public let theme: String, month: String, links: Int, entities: Int }
    /// Two themes linked to the same people or places.
    public struct Pair: Sendable, Encodable { public let a: String, b: String, shared: [String] }

    /// The sections asked for, with the themes' names.
    public struct Answer: Sendable, Encodable {
        public let months: [Month]?
        public let pairs: [Pair]?
        /// Display names of the themes, by id.
        public let names: [String: String]
        enum CodingKeys: CodingKey { case months, pairs }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        let entities = try EntityTable(r)
        let report = themeReport(try TimedLinkTable(r, entities: entities, selection: LinkSelection(types: [.linkedToTheme])),
                                 entities: entities, period: Period(window))
        var names: [String: String] = [:]
        for t in report.months.map(\.theme) + report.pairs.flatMap({ [$0.a, $0.b] }) { names[entities.ids[t]] = entities.names[t] }
        return Answer(
            months: section == .pairs ? nil : report.months.map { Month(theme: entities.ids[$0.theme], month: $0.month, links: $0.links, entities: $0.entities) },
            pairs: section == .months ? nil : report.pairs.map { Pair(a: entities.ids[$0.a], b: entities.ids[$0.b], shared: $0.shared.map { entities.ids[$0] }) },
            names: names)
    }
}

extension TimeWindow {
    /// Where this window ends when its end is open: at the newest record, not today, so that
    /// data a few weeks behind does not thin every rate with weeks of nothing. A start after
    /// the newest record is refused with its date (`startOption` names the start's option).
    func openEnd(_ r: StoreReader, startOption: String) throws -> Timestamp {
        let last = try r.latestRecordTime() ?? .now
        if to == nil, let start = from, last < start {
            throw BadRequest("the records end on \(last.day), before \(startOption) \(fromText!): give an earlier \(startOption) (or --to)")
        }
        return last
    }
}
