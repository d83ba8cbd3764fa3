import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "How two entities are connected: the shortest chains of links between them, each link with its type, dates, source and grading.",
        discussion: """
            Uses the same filters as the other analysis commands (by default links between people; --links adds places and themes). Lists up to --limit shortest paths; under each step, the links that make it, so the chain can be checked against its sources.

            Example:
              volt path Y012 O003 --min-grading 2C --purpose "strategy meeting: how is Y012 linked to O003?"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("Where the path starts (an entity id).", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it ends (an entity id).", valueName: "to"))
    var b: String

    @Option(help: "At most this many shortest paths.")
    var limit: Int = 5

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (s, ctx) = try store.open()
            struct Step: Encodable { let from: String; let to: String; let links: [Link] }
            struct Found: Encodable { let hops: Int; let nodes: [String]; let steps: [Step] }
            let (snap, found): (Snapshot, [Found]) = try s.consult(ctx, summary: "path \(a) -> \(b)") { r in
                for id in [a, b] where try r.entity(id: id) == nil { throw StoreError.unknownEntity(id) }
                let snap = try snapshot.snapshot(r, filter: filter)
                guard let u = snap.node(a), let v = snap.node(b) else {
                    let missing = snap.node(a) == nil ? a : b
                    throw UserError("\(missing) has no links that match these filters, so no path can reach it")
                }
                let paths = shortestPaths(snap.graph, from: u, to: v, limit: max(1, limit))
                let found = try paths.map { p in
                    Found(hops: p.count - 1, nodes: p.map { snap.ids[$0] }, steps: try zip(p, p.dropFirst()).map { x, y in
                        let links = try r.links(between: snap.ids[x], and: snap.ids[y]).filter { l in
                            (filter.links.types?.contains(l.type.rawValue) ?? true)
                                && (filter.links.from.map { (l.end ?? Timestamp(seconds: .max)) >= $0 } ?? true)
                                && (filter.links.to.map { l.start <= $0 } ?? true)
                                && (filter.links.minimumGrading.map { g in l.grading?.meets(g) ?? false } ?? true)
                        }
                        return Step(from: snap.ids[x], to: snap.ids[y], links: links)
                    })
                }
                return (snap, found)
            }
            guard !found.isEmpty else { throw UserError("no path joins \(a) and \(b) through links that match these filters") }
            switch output.format {
            case .json:
                var q = snapshot.description
                q["from_id"] = a
                q["to_id"] = b
                try printJSON(query: q, results: found)
            case .csv:
                var t = Table(["path", "step", "from", "to", "type", "start", "end", "source", "ref", "grading"])
                for (i, f) in found.enumerated() {
                    for (j, st) in f.steps.enumerated() {
                        for l in st.links {
                            t.add([String(i + 1), String(j + 1), st.from, st.to, l.type.rawValue, l.start.iso8601, l.end?.iso8601,
                                   l.provenance.source, l.provenance.reference, l.grading?.description])
                        }
                    }
                }
                print(t.csv)
            case .table:
                func label(_ id: String) -> String {
                    guard let v = snap.node(id) else { return id }
                    return "\(id) (\(snap.names[v]), \(snap.types[v].rawValue))"
                }
                for (i, f) in found.enumerated() {
                    print("path \(i + 1): " + f.nodes.joined(separator: " - "))
                    for st in f.steps {
                        print("  \(label(st.from)) - \(label(st.to))")
                        for l in st.links {
                            let when = l.end == l.start ? l.start.day : "\(l.start.day) to \(l.end?.day ?? "now")"
                            print("    \(l.type.rawValue), \(when), \(l.provenance.source)\(l.provenance.reference.map { " \($0)" } ?? ""), \(l.grading?.description ?? "ungraded")")
                        }
                    }
                }
                print("\(found.count) shortest path\(found.count == 1 ? "" : "s") of \(found[0].hops) step\(found[0].hops == 1 ? "" : "s")")
            }
        }
    }
}
