import ArgumentParser
import VoltGraph
import VoltModel
import VoltRender
import VoltStore
import VoltTemporal

struct MapLocation: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "location",
        abstract: "A location's neighbourhood: who was seen there, who was seen there together, and how they are linked.",
        discussion: """
            Draws the location, everyone seen there in --from/--to (grey lines: how often), blue lines between people seen there together (within --window of each other, at least --together-min times), and the links between those people. Laid out with neato (sfdp above 300 people).

            Example:
              volt map location L016 --from 2026-09-01 --out l16.pdf --purpose "problem location review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("The location (an entity id).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("Seen together within this long (like 1h).", valueName: "duration"))
    var window = "1h"

    @Option(name: .customLong("together-min"), help: ArgumentHelp("Draw a blue line only for people seen together here at least this many times (a busy place sees strangers together once).", valueName: "n"))
    var togetherMin = 2

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            let seconds = try parseDuration(window, option: "--window")
            guard togetherMin >= 1 else { throw UserError("--together-min must be at least 1, not \(togetherMin)") }
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (c, table) = try MapContext.read(store: store, snapshotOptions: snapshot, filter: filter, level: level,
                                                 summary: "map location \(id) window=\(window) \(snapshot.summary) out=\(map.out)") { r, entities, _ in
                guard let i = entities.index(id) else { throw StoreError.unknownEntity(id) }
                guard entities.types[i] == .location else { throw StoreError.badRequest("\(id) is not a location") }
                return try SightingTable(r, entities: entities, from: filter.links.from, to: filter.links.to)
            }
            let place = Int32(c.entities.index(id)!)
            var seen: [Int: Int] = [:]
            for k in 0..<table.count where table.place[k] == place { seen[Int(table.person[k]), default: 0] += 1 }
            guard !seen.isEmpty else { throw UserError("no one was seen at \(id) in this period") }
            var q = CoLocationQuery(window: seconds)
            q.places = [place]
            let pairs = coLocatedPairs(encounters(table, types: c.entities.types, query: q)).filter { $0.count >= togetherMin }
            let people = seen.keys.sorted()
            let often = togetherMin == 1 ? "" : " at least \(togetherMin) times"
            var request = MapRequest(title: "Seen at \(c.name(Int(place))): \(people.count) people, \(pairs.count) pairs seen together within \(window)\(often)",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = [Int(place)] + people
            request.sightings = people.map { ($0, Int(place), seen[$0]!) }
            request.coLocations = pairs.map { ($0.a, $0.b, $0.count) }
            request.linkTypes = filter.links.types
            // One place and everyone around it: a spring layout puts the place in the middle
            // (dot would put the people in one row thousands of pixels wide).
            request.engine = people.count < LayoutEngine.largeMap ? .neato : .sfdp
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
