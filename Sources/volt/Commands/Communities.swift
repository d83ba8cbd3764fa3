import Foundation
import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

struct CommunitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Split the network into communities (Leiden): tightly knit peer groups inside larger connected networks.",
        discussion: """
            Where 'volt groups' joins everyone who is linked at all, communities find the tightly knit parts: people with more links among themselves than to others. Leiden optimises modularity; --resolution above 1 gives more, smaller communities. Every community is connected. The same --seed gives the same answer. Ties are weighted by their number of links unless --unweighted.

            Example:
              volt communities --from 2026-05-01 --resolution 1.2 --purpose "MACE: peer-group review"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "Resolution: above 1 gives more, smaller communities; below 1 fewer, larger ones.")
    var resolution: Double = 1

    @Option(help: "Seed for the order nodes are visited in: the same seed gives the same communities.")
    var seed: UInt64 = 1

    @Flag(help: "Count each tie once, however many links it stands for.")
    var unweighted = false

    @Option(help: "Show at most this many communities in the table (0: all).")
    var top: Int = 20

    func validate() throws {
        guard resolution > 0 && resolution.isFinite else { throw ValidationError("--resolution must be a positive number") }
    }

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (s, ctx) = try store.open()
            let snap = try s.consult(ctx, summary: "communities resolution=\(resolution) seed=\(seed) \(snapshot.summary)") {
                try snapshot.snapshot($0, filter: filter)
            }
            guard snap.graph.nodeCount > 0 else { throw UserError("no links match these filters, so there is nothing to divide") }
            let c = leiden(snap.graph, resolution: resolution, weighted: !unweighted, seed: seed)
            var members = [[Int]](repeating: [], count: c.count)
            for (v, l) in c.labels.enumerated() { members[Int(l)].append(v) }
            let order = members.indices.sorted { (members[$0].count, -$0) > (members[$1].count, -$1) }
            struct Row: Encodable { let id: String, size: Int, members: [String], byType: [String: Int] }
            let rows = order.enumerated().map { i, k in
                Row(id: "C\(i + 1)", size: members[k].count, members: members[k].map { snap.ids[$0] },
                    byType: members[k].reduce(into: [String: Int]()) { $0[snap.types[$1].rawValue, default: 0] += 1 })
            }
            var t = Table(["id", "size", "victims", "offenders", "victim_offenders", "others", "members"])
            for r in rows {
                let v = r.byType["victim"] ?? 0, o = r.byType["offender"] ?? 0, vo = r.byType["victim+offender"] ?? 0
                let m = output.format == .table ? r.members.prefix(10).joined(separator: " ") + (r.size > 10 ? " …" : "") : r.members.joined(separator: ";")
                t.add([r.id, String(r.size), String(v), String(o), String(vo), String(r.size - v - o - vo), m])
            }
            switch output.format {
            case .json:
                var q = snapshot.description
                q["resolution"] = String(resolution)
                q["seed"] = String(seed)
                struct Result: Encodable { let modularity: Double; let communities: [Row] }
                try printJSON(query: q, results: Result(modularity: c.modularity, communities: rows))
            case .csv: print(t.csv)
            case .table:
                var shown = t
                if top > 0 { shown.rows = Array(t.rows.prefix(top)) }
                print(shown.text)
                print("\(c.count) communities of \(snap.graph.nodeCount) entities, modularity \(String(format: "%.4f", c.modularity)) at resolution \(resolution)")
            }
        }
    }
}
