import VoltGraph
import VoltModel

/// What a location (or an area, or a category of location) saw in a period.
public struct PlaceActivity: Sendable, Hashable {
    /// Sightings starting in the period.
    public var sightings = 0
    /// Distinct people with the victim role seen.
    public var victims = 0
    /// Distinct people with the offender role seen.
    public var offenders = 0
    /// Distinct people seen.
    public var people = 0
    /// Times a victim and an offender were seen there within the window of each other.
    public var victimOffenderCoLocations = 0

    public init() {}
}

/// One hotspot: a location, area or category, its activity now and in the previous period.
public struct Hotspot: Sendable, Hashable {
    /// The location's id, the area name or the category name.
    public let key: String
    /// Entity indexes of the locations it covers (one for a location).
    public let places: [Int]
    /// Activity in the period.
    public let current: PlaceActivity
    /// Activity in the previous period of equal length.
    public let previous: PlaceActivity
}

/// How locations are put together.
public enum HotspotGrouping: String, Sendable, Hashable, CaseIterable {
    /// Each location alone.
    case location
    /// By recorded area ("unknown area" when none).
    case area
    /// By location category ("other" when none).
    case category
}

/// Locations ranked by distinct victims, then distinct offenders, then victim–offender
/// co-locations (within `window` seconds), then sightings, then key; each with its activity in
/// the previous period of equal length. Only places with sightings in either period appear.
public func hotspots(_ s: SightingTable, entities: EntityTable, period: Period, window: Int64,
                     by grouping: HotspotGrouping = .location) -> [Hotspot] {
    precondition(period.length != .max, "hotspots need a bounded period")
    let previous = Period(from: period.from - period.length, to: period.from - 1)
    func key(_ place: Int) -> String {
        switch grouping {
        case .location: return entities.ids[place]
        case .area: return entities.areas[place] ?? "unknown area"
        case .category: return entities.categories[place] ?? "other"
        }
    }
    func activity(_ p: Period) -> [String: (PlaceActivity, Set<Int32>, Set<Int32>, Set<Int32>)] {
        var out: [String: (PlaceActivity, Set<Int32>, Set<Int32>, Set<Int32>)] = [:]
        for i in 0..<s.count where p.contains(s.start[i]) {
            let k = key(Int(s.place[i]))
            var x = out[k] ?? (PlaceActivity(), [], [], [])
            x.0.sightings += 1
            let who = s.person[i]
            x.1.insert(who)
            if entities.isVictim(Int(who)) { x.2.insert(who) }
            if entities.isOffender(Int(who)) { x.3.insert(who) }
            out[k] = x
        }
        var q = CoLocationQuery(window: window)
        q.period = p
        q.pairs = PairRule([.victim, .victimOffender], [.offender, .victimOffender])
        let e = encounters(s, types: entities.types, query: q)
        for k in 0..<e.count {
            // Both in the period by start, like the other counts; a victim with an offender.
            let (x, y) = (Int(e[k].sightingA), Int(e[k].sightingB))
            guard p.contains(s.start[x]) && p.contains(s.start[y]) else { continue }
            let (a, b) = (Int(e[k].a), Int(e[k].b))
            guard (entities.isVictim(a) && entities.isOffender(b)) || (entities.isVictim(b) && entities.isOffender(a)) else { continue }
            out[key(Int(e.place(k)))]?.0.victimOffenderCoLocations += 1
        }
        for k in out.keys {
            out[k]!.0.people = out[k]!.1.count
            out[k]!.0.victims = out[k]!.2.count
            out[k]!.0.offenders = out[k]!.3.count
        }
        return out
    }
    let now = activity(period), then = activity(previous)
    var placesOf: [String: [Int]] = [:]
    for place in Set(s.place) where place >= 0 { placesOf[key(Int(place)), default: []].append(Int(place)) }
    let keys = Set(now.keys).union(then.keys)
    return keys.map { k in
        Hotspot(key: k, places: (placesOf[k] ?? []).sorted(), current: now[k]?.0 ?? PlaceActivity(), previous: then[k]?.0 ?? PlaceActivity())
    }
    .sorted {
        let a = $0.current, b = $1.current
        return (b.victims, b.offenders, b.victimOffenderCoLocations, b.sightings, $0.key)
            < (a.victims, a.offenders, a.victimOffenderCoLocations, a.sightings, $1.key)
    }
}
