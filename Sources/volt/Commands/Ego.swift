import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

struct Ego: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "An entity's network: everyone within K steps, with how far they are and how many ties they have inside it.",
        discussion: """
            Example:
              volt ego Y012 --hops 2 --purpose "EFH panel: Y012's associates"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("The entity at the centre.", valueName: "id"))
    var id: String

    @Option(help: "How many steps out (1: direct links only).")
    var hops: Int = 1

    func validate() throws {
        guard (1...6).contains(hops) else { throw ValidationError("--hops must be from 1 to 6") }
    }

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (s, ctx) = try store.open()
            let snap = try s.consult(ctx, summary: "ego \(id) hops=\(hops)") { r in
                guard try r.entity(id: id) != nil else { throw StoreError.unknownEntity(id) }
                return try snapshot.snapshot(r, filter: filter)
            }
            guard let c = snap.node(id) else { throw UserError("\(id) has no links that match these filters") }
            let ego = egoNetwork(snap.graph, center: c, hops: hops)
            let inside = Set(ego.map(\.node))
            var t = Table(["id", "type", "name", "distance", "ties_inside"])
            var ties = 0
            for (v, d) in ego {
                let k = snap.graph.neighbours(v).filter { inside.contains(Int($0)) }.count
                ties += k
                t.add([snap.ids[v], snap.types[v].rawValue, snap.names[v], String(d), String(k)])
            }
            switch output.format {
            case .json:
                struct Row: Encodable { let id: String, type: String, name: String, distance: Int }
                var q = snapshot.description
                q["id"] = id
                q["hops"] = String(hops)
                try printJSON(query: q, results: ego.map { Row(id: snap.ids[$0.node], type: snap.types[$0.node].rawValue, name: snap.names[$0.node], distance: $0.distance) })
            case .csv: print(t.csv)
            case .table:
                print(t.text)
                print("\(ego.count - 1) entities within \(hops) step\(hops == 1 ? "" : "s") of \(id), \(snap.graph.isDirected ? ties : ties / 2) ties among them")
            }
        }
    }
}
