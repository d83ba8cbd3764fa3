import ArgumentParser
import VoltModel
import VoltQuestions
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
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions

    @Option(help: ArgumentHelp("The period starts here (ISO 8601).", valueName: "date"), transform: Parse.time("--from"))
    var from: Timestamp

    @Option(help: ArgumentHelp("The period ends here (default: the newest record; a bare date: the whole day).", valueName: "date"), transform: Parse.end("--to"))
    var to: Timestamp?

    @Option(help: ArgumentHelp("A victim and an offender within this long of each other count as a co-location (like 2h; default 1h).", valueName: "duration"),
            transform: Parse.span("--window"))
    var window = Span(seconds: 3600)

    @Option(help: "Rank locations, areas or categories.")
    var by = HotspotGrouping.location

    @Option(help: ArgumentHelp("Only locations of these categories, comma-separated (\(LocationCategory.accepted)).", valueName: "categories"),
            transform: Parse.categories("--categories"))
    var categories: Set<LocationCategory>?

    @Option(help: "Show at most this many (0: all).")
    var top = 20

    func run() throws {
        try guarded {
            var q = HotspotsQuestion(period: TimeWindow(from: from, to: to))
            (q.within, q.by, q.categories, q.top) = (window, by, categories, top)
            let a = try labels.session(store).ask(try checked(q))
            if output.format == .json { return try printJSON(q, a) }
            func change(_ now: Int, _ then: Int) -> String { now == then ? "=" : now > then ? "+\(now - then)" : "\(now - then)" }
            var t = Table([by.rawValue, "name", "victims", "change", "offenders", "change", "victim_offender_colocations", "change", "sightings", "change"])
            for h in a.rows {
                let x = h.current, y = h.previous
                t.add([h.key, h.name, String(x.victims), change(x.victims, y.victims), String(x.offenders), change(x.offenders, y.offenders),
                       String(x.victimOffenderCoLocations), change(x.victimOffenderCoLocations, y.victimOffenderCoLocations),
                       String(x.sightings), change(x.sightings, y.sightings)])
            }
            let noun: [HotspotGrouping: (String, String)] = [.location: ("location", "locations"), .area: ("area", "areas"), .category: ("category", "categories")]
            t.print(output.format, summary: "\(plural(a.total, noun[by]!.0, noun[by]!.1)) with sightings from \(shortTime(a.current.from)) to \(shortTime(a.current.to))\(a.endsAtLastRecord ? " (the newest record; --to sets the end)" : "") or the period before; change is against \(shortTime(a.previous.from)) to \(shortTime(a.previous.to))" + (a.rows.count < a.total ? "; " + shownOf(a.rows.count, a.total) : ""))
        }
    }
}
