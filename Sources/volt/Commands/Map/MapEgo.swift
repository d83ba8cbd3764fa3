import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltRender
import VoltStore

struct MapEgo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ego",
        abstract: "An entity's network: everyone within K steps and the links among them.",
        discussion: """
            Example:
              volt map ego O003 --hops 2 --out o3.png --purpose "strategy meeting: O003's network"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("The entity at the centre.", valueName: "id"))
    var id: String

    @Option(help: "How many steps out (1: direct links only).")
    var hops = 1

    func validate() throws {
        guard (1...4).contains(hops) else { throw ValidationError("--hops must be from 1 to 4") }
    }

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (c, _) = try MapContext.read(store: store, snapshotOptions: snapshot, filter: filter, level: level,
                                             summary: "map ego \(id) hops=\(hops) \(snapshot.summary) out=\(map.out)") { r, _, _ in
                guard try r.entity(id: id) != nil else { throw StoreError.unknownEntity(id) }
            }
            guard let v = c.snapshot.node(id) else { throw UserError("\(id) has no links that match these filters") }
            let ego = egoNetwork(c.snapshot.graph, center: v, hops: hops).map(\.node)
            var request = MapRequest(title: "Network of \(c.name(c.entities.index(id)!)) within \(hops) step\(hops == 1 ? "" : "s"): \(ego.count) entities",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = c.entityIndexes(ego)
            request.focus = [c.entities.index(id)!]
            (request.brokers, request.keyPlayers) = marks(c.snapshot, within: ego, entities: c.entities)
            request.linkTypes = filter.links.types
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
