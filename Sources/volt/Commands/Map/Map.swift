import ArgumentParser
import Foundation
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltPrivacy
import VoltRender
import VoltStore

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

/// Options every map takes.
struct MapOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the map here; the extension picks the format (.dot, .svg, .png, .pdf).", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("What the map may show of people: names, initials or pseudonyms.", valueName: "level"))
    var labels: String = "pseudonyms"

    @Option(help: ArgumentHelp("Layout engine: dot, neato, fdp, sfdp, circo or twopi (default: by size).", valueName: "engine"))
    var engine: String?

    /// The format, level and engine, checked before anything is read.
    func checked() throws -> (MapFormat, LabelLevel, LayoutEngine?) {
        guard let format = MapFormat(fileName: out) else {
            throw ValidationError(RenderError.unknownFormat(URL(fileURLWithPath: out).pathExtension).description + ", from --out \(out)")
        }
        guard let level = LabelLevel(rawValue: labels) else {
            throw ValidationError("--labels must be names, initials or pseudonyms (got '\(labels)')")
        }
        var e: LayoutEngine?
        if let engine {
            guard let x = LayoutEngine(rawValue: engine) else { throw ValidationError(RenderError.unknownEngine(engine).description) }
            e = x
        }
        return (format, level, e)
    }
}

/// Everything a map command reads, in one logged consultation.
struct MapContext {
    let entities: EntityTable
    let links: TimedLinkTable
    let snapshot: Snapshot
    let labeller: Labeller

    /// Reads what maps need for `filter`, logging `summary`; `extra` reads more in the same
    /// transaction.
    static func read<T>(store: StoreOptions, snapshotOptions: SnapshotOptions, filter: SnapshotFilter, level: LabelLevel, summary: String,
                        _ extra: (StoreReader, EntityTable, Snapshot) throws -> T) throws -> (MapContext, T) {
        let (s, ctx) = try store.open()
        let key = try s.pseudonymKey()
        return try s.consult(ctx, summary: summary + " labels=\(level.rawValue)") { r in
            let entities = try EntityTable(r)
            let snap = try snapshotOptions.snapshot(r, filter: filter)
            let links = try TimedLinkTable(r, entities: entities, selection: filter.links)
            let x = try extra(r, entities, snap)
            return (MapContext(entities: entities, links: links, snapshot: snap, labeller: Labeller(level: level, key: key)), x)
        }
    }

    /// Entity indexes of snapshot nodes.
    func entityIndexes(_ nodes: [Int]) -> [Int] { nodes.map { entities.index(snapshot.ids[$0])! } }

    /// How one entity appears in a title at the label level.
    func name(_ i: Int) -> String { labeller.labels(for: [i], in: entities)[0].label.replacingOccurrences(of: "\n", with: " ") }

    /// Renders and writes the map atomically (a temporary file, then a rename), and says so.
    func write(_ request: MapRequest, format: MapFormat, engine: LayoutEngine?, to path: String) throws {
        let doc = makeMap(request, entities: entities, links: links, labeller: labeller)
        let data = try Graphviz.render(doc, format: format, engine: engine)
        try AtomicFile.write(data, to: path)
        let edges = doc.edges.count
        print("wrote \(path): \(doc.nodes.count) node\(doc.nodes.count == 1 ? "" : "s"), \(edges) edge\(edges == 1 ? "" : "s"), labels \(labeller.level.rawValue), \(format == .dot ? "no layout" : "laid out with \(doc.layoutEngine(forced: engine).rawValue)")")
    }
}

/// The marks every map of people gets: brokers (cut points) and key players for disruption.
func marks(_ snap: Snapshot, within nodes: [Int], entities: EntityTable) -> (brokers: Set<Int>, keyPlayers: Set<Int>) {
    let inside = Set(nodes)
    let cuts = cutPoints(snap.graph)
    let brokers = Set(cuts.brokers.map(\.node).filter(inside.contains).map { entities.index(snap.ids[$0])! })
    let victims = nodes.filter { snap.types[$0] == .victim || snap.types[$0] == .victimOffender }
    let offenders = nodes.filter { snap.types[$0] == .offender }
    guard !victims.isEmpty, !offenders.isEmpty, nodes.count <= 5000 else { return (brokers, []) }
    let picks = keyPlayers(snap.graph, victims: victims, offenders: offenders, candidates: offenders, k: min(3, offenders.count))
    return (brokers, Set(picks.filter { !$0.newlyCutOff.isEmpty }.map { entities.index(snap.ids[$0.node])! }))
}

/// The period and filters, for a map's second heading line.
func filterLine(_ o: SnapshotOptions, level: LabelLevel) -> String {
    var parts: [String] = []
    if let f = o.from { parts.append("from \(f)") }
    if let t = o.to { parts.append("to \(t)") }
    if let l = o.links { parts.append("links: \(l)") }
    if let g = o.minGrading { parts.append("graded \(g) or better") }
    if let c = o.colocated { parts.append("with co-location within \(c)") }
    parts.append("labels: \(level.rawValue)")
    return (parts.count == 1 ? "all dates; " : "") + parts.joined(separator: "; ")
}
