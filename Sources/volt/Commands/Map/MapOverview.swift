import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltRender
import VoltStore

struct MapOverview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The whole network: communities larger than --collapse drawn as one node each, the rest as people.",
        discussion: """
            Example:
              volt map overview --collapse 12 --out area.svg --purpose "strategic board: the network"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "Draw communities with more than this many members as one node (0: draw everyone).")
    var collapse = 12

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            guard collapse >= 0 else { throw ValidationError("--collapse must be 0 or more") }
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (c, _) = try MapContext.read(store: store, snapshotOptions: snapshot, filter: filter, level: level,
                                             summary: "map overview collapse=\(collapse) \(snapshot.summary) out=\(map.out)") { _, _, _ in () }
            let g = c.snapshot.graph
            guard g.nodeCount > 0 else { throw UserError("no links match these filters: nothing to draw") }
            let communities = leiden(g, seed: 1)
            var members = [[Int]](repeating: [], count: communities.count)
            for v in 0..<g.nodeCount { members[Int(communities.labels[v])].append(v) }
            let big = members.filter { collapse > 0 && $0.count > collapse }.sorted { ($1.count, $0[0]) < ($0.count, $1[0]) }
            let small = members.filter { !(collapse > 0 && $0.count > collapse) }.flatMap { $0 }.sorted()
            var request = MapRequest(title: "Overview: \(g.nodeCount) entities, \(big.count) communities of more than \(collapse) drawn as one node",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = c.entityIndexes(small)
            request.collapsed = big.enumerated().map { ("community \($0.offset + 1)", c.entityIndexes($0.element)) }
            request.brokers = marks(c.snapshot, within: small, entities: c.entities).brokers
            request.linkTypes = filter.links.types
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
