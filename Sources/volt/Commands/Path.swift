import ArgumentParser
import VoltQuestions

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
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Argument(help: ArgumentHelp("Where the path starts (an entity id).", valueName: "from"))
    var a: String
    @Argument(help: ArgumentHelp("Where it ends (an entity id).", valueName: "to"))
    var b: String

    @Option(help: "At most this many shortest paths.")
    var limit: Int = 5

    func run() throws {
        try guarded {
            let q = try checked(PathQuestion(from: a, to: b, filter: network.filter, limit: limit))
            let found = try labels.session(store).ask(q)
            switch output.format {
            case .json: try printJSON(q, found)
            case .csv:
                var t = Table(["path", "step", "from", "to", "type", "start", "end", "source", "ref", "grading"])
                for (i, f) in found.paths.enumerated() {
                    for (j, st) in f.steps.enumerated() {
                        for l in st.links {
                            t.add([String(i + 1), String(j + 1), st.from, st.to] + linkCells(l))
                        }
                    }
                }
                print(t.csv)
            case .table:
                let label = { (id: String) in found.entities[id].map { "\(id) (\($0.name), \($0.type))" } ?? id }
                for (i, f) in found.paths.enumerated() {
                    print("path \(i + 1): " + f.nodes.joined(separator: " - "))
                    for st in f.steps {
                        print("  \(label(st.from)) - \(label(st.to))")
                        for l in st.links {
                            let when = l.end == l.start ? l.start.day : "\(l.start.day) to \(l.end?.day ?? "now")"
                            print("    \(l.type.rawValue), \(when), \(l.provenance.source)\(l.provenance.reference.map { " \($0)" } ?? ""), \(l.grading?.description ?? "ungraded")")
                        }
                    }
                }
                print("\(plural(found.paths.count, "shortest path")) of \(plural(found.paths[0].hops, "step"))")
            }
        }
    }
}
