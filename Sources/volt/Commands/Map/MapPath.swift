import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltRender
import VoltStore

struct MapPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "How two entities are connected: the shortest chains of links between them, left to right.",
        discussion: """
            Example:
              volt map path Y012 O003 --out path.svg --labels names --purpose "case review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("Where the path starts.", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it ends.", valueName: "to"))
    var b: String

    @Option(help: "At most this many shortest paths.")
    var limit = 5

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (c, _) = try MapContext.read(store: store, snapshotOptions: snapshot, filter: filter, level: level,
                                             summary: "map path \(a) -> \(b) \(snapshot.summary) out=\(map.out)") { r, _, _ in
                for x in [a, b] where try r.entity(id: x) == nil { throw StoreError.unknownEntity(x) }
            }
            guard let u = c.snapshot.node(a), let v = c.snapshot.node(b) else {
                throw UserError("\(c.snapshot.node(a) == nil ? a : b) has no links that match these filters, so no path can reach it")
            }
            let paths = shortestPaths(c.snapshot.graph, from: u, to: v, limit: max(1, limit))
            guard let shortest = paths.first else { throw UserError("no path joins \(a) and \(b) through links that match these filters") }
            var seen = Set<Int>(), nodes: [Int] = []
            for p in paths { for x in p where seen.insert(x).inserted { nodes.append(x) } }
            var request = MapRequest(title: "\(c.name(c.entities.index(a)!)) to \(c.name(c.entities.index(b)!)): \(paths.count) shortest path\(paths.count == 1 ? "" : "s") of \(shortest.count - 1) step\(shortest.count == 2 ? "" : "s")",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = c.entityIndexes(nodes)
            request.leftToRight = true
            request.focus = [c.entities.index(a)!, c.entities.index(b)!]
            // Each entity at its step along the shortest paths, so the map reads from A to B.
            for p in paths { for (step, x) in p.enumerated() { request.steps[c.entities.index(c.snapshot.ids[x])!] = step } }
            request.linkTypes = filter.links.types
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
