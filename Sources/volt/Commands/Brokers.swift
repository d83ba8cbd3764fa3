import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

struct Brokers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Go-betweens: people whose removal would split a group (cut points), ranked by betweenness, and the single ties that hold groups together.",
        discussion: """
            A cut point is someone without whom their group falls into pieces: a broker between peer groups or between a group and an offender network, or a child who is the only link between two groups. Check which before acting.

            Example:
              volt brokers --type offender,victim+offender --purpose "ROTH tactical: brokers"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: ArgumentHelp("Only list entities of these VOLT types, comma-separated.", valueName: "types"))
    var type: String?

    @Option(help: "Show at most this many (0: all).")
    var top: Int = 20

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let only = try type.map { try parseVoltTypes($0, option: "--type") }
            let (s, ctx) = try store.open()
            let snap = try s.consult(ctx, summary: "brokers \(snapshot.summary)") {
                try snapshot.snapshot($0, filter: filter)
            }
            guard snap.graph.nodeCount > 0 else { throw UserError("no links match these filters") }
            let cuts = cutPoints(snap.graph)
            let bc = betweennessChoosingMethod(snap.graph).values
            let ranked = cuts.brokers.filter { only?.contains(snap.types[$0.node]) ?? true }
                .sorted { (bc[$0.node], $1.node) > (bc[$1.node], $0.node) }
            let shown = top > 0 ? Array(ranked.prefix(top)) : ranked
            var t = Table(["id", "type", "name", "splits_into", "betweenness"])
            for b in shown {
                t.add([snap.ids[b.node], snap.types[b.node].rawValue, snap.names[b.node], String(b.pieces), String(format: "%.1f", bc[b.node])])
            }
            switch output.format {
            case .json:
                struct Row: Encodable { let id: String, type: String, name: String, splits_into: Int, betweenness: Double }
                struct Result: Encodable { let brokers: [Row]; let bridges: [[String]] }
                try printJSON(query: snapshot.description, results: Result(
                    brokers: shown.map { Row(id: snap.ids[$0.node], type: snap.types[$0.node].rawValue, name: snap.names[$0.node], splits_into: $0.pieces, betweenness: bc[$0.node]) },
                    bridges: cuts.bridges.map { [snap.ids[$0.0], snap.ids[$0.1]] }))
            case .csv: print(t.csv)
            case .table:
                if !shown.isEmpty { print(t.text) }
                print("\(ranked.count) cut point\(ranked.count == 1 ? "" : "s") and \(cuts.bridges.count) single ties holding groups together (--format json lists the ties)")
            }
        }
    }
}
