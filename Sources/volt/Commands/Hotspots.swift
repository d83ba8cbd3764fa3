import ArgumentParser
import VoltGraph
import VoltModel
import VoltStore
import VoltTemporal

struct HotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Problem locations: places ranked by distinct victims, distinct offenders, victim–offender co-locations and sightings in a period, with the change against the period before.",
        discussion: """
            Ranks by distinct people with the victim role seen there, then distinct offenders, then victim–offender co-locations (a victim and an offender seen there within --window of each other), then sightings. The previous period is the one of the same length just before --from. --by area or --by category adds locations up.

            Examples:
              volt hotspots --from 2026-10-01 --to 2026-10-31 --purpose "EFH panel: problem locations"
              volt hotspots --from 2026-08-01 --to 2026-10-31 --by area --format csv --purpose "strategic board: areas"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("The period starts here (ISO 8601).", valueName: "date"))
    var from: String

    @Option(help: ArgumentHelp("The period ends here (default now; a bare date: the whole day).", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("A victim and an offender within this long of each other count as a co-location (like 1h).", valueName: "duration"))
    var window = "1h"

    @Option(help: ArgumentHelp("Rank locations, areas or categories.", valueName: "location|area|category"))
    var by: String = "location"

    @Option(help: ArgumentHelp("Only locations of these categories, comma-separated (\(LocationCategory.accepted)).", valueName: "categories"))
    var categories: String?

    @Option(help: "Show at most this many (0: all).")
    var top = 20

    func validate() throws {
        guard HotspotGrouping(rawValue: by) != nil else { throw ValidationError("--by must be location, area or category (got '\(by)')") }
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more") }
    }

    func run() throws {
        try guarded {
            let seconds = try parseDuration(window, option: "--window")
            let start = try parseTime(from, option: "--from")!
            let end = try parseTime(to, option: "--to", endOfDay: true) ?? Timestamp.now
            guard start <= end else { throw ValidationError("the period is empty: --from \(from) is after --to \(to ?? "now")") }
            let period = Period(from: start.seconds, to: end.seconds)
            let cats = try categories.map { text in
                Set(try text.split(separator: ",").map { c in
                    guard let k = LocationCategory(parsing: String(c)) else {
                        throw ValidationError("unknown location category '\(c)' in --categories (expected \(LocationCategory.accepted))")
                    }
                    return k.rawValue
                })
            }
            let (s, ctx) = try store.open()
            let summary = "hotspots from=\(from) to=\(to ?? "now") by=\(by) window=\(window)" + (categories.map { " categories=\($0)" } ?? "")
            let (entities, spots) = try s.consult(ctx, summary: summary) { r in
                let entities = try EntityTable(r)
                var table = try SightingTable(r, entities: entities, from: Timestamp(seconds: period.from - period.length), to: end)
                if let cats {
                    let keep = (0..<table.count).filter { cats.contains(entities.categories[Int(table.place[$0])] ?? "other") }
                    table = SightingTable(person: keep.map { table.person[$0] }, place: keep.map { table.place[$0] },
                                          start: keep.map { table.start[$0] }, end: keep.map { table.end[$0] })
                }
                return (entities, hotspots(table, entities: entities, period: period, window: seconds, by: HotspotGrouping(rawValue: by)!))
            }
            let shown = top == 0 ? spots : Array(spots.prefix(top))
            func change(_ now: Int, _ then: Int) -> String { now == then ? "=" : now > then ? "+\(now - then)" : "\(now - then)" }
            let nameOf = { (h: Hotspot) -> String in by == "location" ? entities.names[h.places[0]] : "\(h.places.count) locations" }
            switch output.format {
            case .json:
                struct Row: Encodable { let key: String, name: String, places: [String], current: Counts, previous: Counts }
                struct Counts: Encodable { let victims, offenders, victimOffenderCoLocations, sightings, people: Int }
                let counts = { (a: PlaceActivity) in Counts(victims: a.victims, offenders: a.offenders, victimOffenderCoLocations: a.victimOffenderCoLocations,
                                                            sightings: a.sightings, people: a.people) }
                var q = ["from": from, "to": to ?? "now", "by": by, "window": window]
                if let categories { q["categories"] = categories }
                try printJSON(query: q, results: shown.map {
                    Row(key: $0.key, name: nameOf($0), places: $0.places.map { entities.ids[$0] }, current: counts($0.current), previous: counts($0.previous))
                })
            case .csv, .table:
                var t = Table([by, "name", "victims", "change", "offenders", "change", "victim_offender_colocations", "change", "sightings", "change"])
                for h in shown {
                    let a = h.current, b = h.previous
                    t.add([h.key, nameOf(h), String(a.victims), change(a.victims, b.victims), String(a.offenders), change(a.offenders, b.offenders),
                           String(a.victimOffenderCoLocations), change(a.victimOffenderCoLocations, b.victimOffenderCoLocations),
                           String(a.sightings), change(a.sightings, b.sightings)])
                }
                if output.format == .csv { print(t.csv); return }
                if !shown.isEmpty { print(t.text) }
                let noun = ["location": ("location", "locations"), "area": ("area", "areas"), "category": ("category", "categories")][by]!
                print("\(spots.count) \(spots.count == 1 ? noun.0 : noun.1) with sightings from \(shortTime(period.from)) to \(shortTime(period.to)) or the period before; change is against \(shortTime(period.from - period.length)) to \(shortTime(period.from - 1))")
            }
        }
    }
}
