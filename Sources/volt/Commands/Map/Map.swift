import ArgumentParser
import VoltQuestions

struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Draw a map through Graphviz: a peer group, an ego network, a location's neighbourhood, a path, or an overview; as DOT, SVG, PNG or PDF.",
        discussion: """
            Every map uses the VOLT visual language (docs/maps.md) with a legend drawn in: a shape and colour per VOLT type, solid / dashed / dotted lines by grading, wider lines for more links, arrows on exploits and supplies, groups as boxes, brokers with a double border, key players with a thick border and a star.

            --labels decides what the map may show of people: names (names and ids), initials (no ids anywhere), or pseudonyms (the default: stable per store, no names, initials or ids anywhere in the file). Public places keep their names; addresses get pseudonyms below names.

            The format comes from the file's extension (.dot or .gv, .svg, .png, .pdf); the layout engine is dot up to 300 nodes and sfdp above, unless --engine says otherwise.

            Examples:
              volt map group Y012 --out g.svg --labels initials --purpose "EFH panel: Y012's peer group"
              volt map ego O003 --hops 2 --out o3.png --purpose "strategy meeting: O003's network"
              volt map location L016 --from 2026-09-01 --out l16.pdf --purpose "problem location review"
              volt map path Y012 O003 --out path.svg --labels names --purpose "case review"
              volt map overview --out area.svg --purpose "strategic board: the network"
            """,
        subcommands: [MapGroup.self, MapEgo.self, MapLocation.self, MapPath.self, MapOverview.self])
}

/// Asks a map view, which writes the file, and says what it wrote.
func draw<V: MapView>(_ view: V, _ store: StoreOptions) throws {
    let m = try store.session().ask(try checked(view))
    let how = m.engine.map { "laid out with \($0.rawValue)" } ?? "no layout"
    print("wrote \(view.view.out ?? ""): \(plural(m.nodes, "node")), \(plural(m.edges, "edge")), labels \(m.level.rawValue), \(how)")
}
