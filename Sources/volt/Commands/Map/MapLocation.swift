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
            Draws the location, everyone seen there in --from/--to (grey lines: how often), blue lines between people seen there within --window of each other, and the links between those people.

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

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            let seconds = try parseDuration(window, option: "--window")
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
            let pairs = coLocatedPairs(encounters(table, types: c.entities.types, query: q))
            let people = seen.keys.sorted()
            var request = MapRequest(title: "Seen at \(c.name(Int(place))): \(people.count) people, \(pairs.count) pairs seen together within \(window)",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = [Int(place)] + people
            request.sightings = people.map { ($0, Int(place), seen[$0]!) }
            request.coLocations = pairs.map { ($0.a, $0.b, $0.count) }
            request.linkTypes = filter.links.types
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
