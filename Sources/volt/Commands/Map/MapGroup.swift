import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltRender
import VoltStore

struct MapGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "The peer group an entity belongs to (its community), boxed, with everyone linked to its members around it.",
        discussion: """
            Example:
              volt map group Y012 --out g.svg --labels initials --purpose "EFH panel: Y012's peer group"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var map: MapOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("Someone in the group (an entity id).", valueName: "id"))
    var id: String

    func run() throws {
        try guarded {
            let (format, level, engine) = try map.checked()
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (c, _) = try MapContext.read(store: store, snapshotOptions: snapshot, filter: filter, level: level,
                                             summary: "map group \(id) \(snapshot.summary) out=\(map.out)") { r, _, _ in
                guard try r.entity(id: id) != nil else { throw StoreError.unknownEntity(id) }
            }
            guard let v = c.snapshot.node(id) else { throw UserError("\(id) has no links that match these filters, so it is in no group") }
            // The peer group: the community (Leiden) the entity is in, drawn as a box, with
            // everyone directly linked to its members around it (offenders, other groups).
            let communities = leiden(c.snapshot.graph, seed: 1)
            let group = (0..<c.snapshot.graph.nodeCount).filter { communities.labels[$0] == communities.labels[v] }
            let inGroup = Set(group)
            var around = Set<Int>()
            for m in group { for w in c.snapshot.graph.neighbours(m) where !inGroup.contains(Int(w)) { around.insert(Int(w)) } }
            let members = group + around.sorted()
            var request = MapRequest(title: "Peer group of \(c.name(c.entities.index(id)!)): \(group.count) members, \(around.count) linked from outside",
                                     subtitle: filterLine(snapshot, level: level))
            request.nodes = c.entityIndexes(members)
            request.focus = [c.entities.index(id)!]
            request.groups = [("peer group (community of \(group.count))", c.entityIndexes(group))]
            (request.brokers, request.keyPlayers) = marks(c.snapshot, within: members, entities: c.entities)
            request.linkTypes = filter.links.types
            try c.write(request, format: format, engine: engine, to: map.out)
        }
    }
}
