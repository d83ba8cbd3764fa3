import ArgumentParser
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

struct Disrupt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Key players for disruption: the offenders (and places) whose removal cuts the most children off from every offender.",
        discussion: """
            Greedy: each pick is the candidate whose removal leaves the most victims (victim and victim+offender) with no offender within --within steps (default 2: exploited directly or through one person; 0: no path at all); the next pick assumes the earlier ones are gone. Each pick lists the children it newly cuts off. Candidates are offenders, and locations when --links brings places in (e.g. --links associate,family,co_offends,exploits,supplies,lives_at).

            Example:
              volt disrupt --k 3 --purpose "ROTH tactical: disruption options"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "How many to pick.")
    var k: Int = 3

    @Option(help: "A child counts as reached by an offender within this many steps (0: any path at all).")
    var within: Int = 2

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1") }
        guard within >= 0 else { throw ValidationError("--within must be 0 (any path) or more steps") }
    }

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let (s, ctx) = try store.open()
            let snap = try s.consult(ctx, summary: "disrupt k=\(k) within=\(within) \(snapshot.summary)") {
                try snapshot.snapshot($0, filter: filter)
            }
            let nodes = 0..<snap.graph.nodeCount
            let victims = nodes.filter { snap.types[$0] == .victim || snap.types[$0] == .victimOffender }
            let offenders = nodes.filter { snap.types[$0] == .offender }
            let candidates = nodes.filter { snap.types[$0] == .offender || snap.types[$0] == .location }
            guard !offenders.isEmpty && !victims.isEmpty else { throw UserError("these filters leave no victims linked to offenders, so there is nothing to disrupt") }
            guard k <= candidates.count else {
                throw UserError("--k \(k) is more than the \(candidates.count) offenders and places that could be picked")
            }
            let picks = keyPlayers(snap.graph, victims: victims, offenders: offenders, candidates: candidates, k: k, within: within)
            var t = Table(["rank", "id", "type", "name", "newly_cut_off", "still_reached", "children"])
            for (i, p) in picks.enumerated() {
                t.add([String(i + 1), snap.ids[p.node], snap.types[p.node].rawValue, snap.names[p.node], String(p.newlyCutOff.count),
                       String(p.stillReached), p.newlyCutOff.map { snap.ids[$0] }.joined(separator: output.format == .table ? " " : ";")])
            }
            switch output.format {
            case .json:
                struct Row: Encodable { let rank: Int, id: String, type: String, name: String, newly_cut_off: [String], still_reached: Int }
                var q = snapshot.description
                q["k"] = String(k)
                q["within"] = String(within)
                try printJSON(query: q, results: picks.enumerated().map { i, p in
                    Row(rank: i + 1, id: snap.ids[p.node], type: snap.types[p.node].rawValue, name: snap.names[p.node],
                        newly_cut_off: p.newlyCutOff.map { snap.ids[$0] }, still_reached: p.stillReached)
                })
            case .csv: print(t.csv)
            case .table:
                print(t.text)
                print("\(victims.count) victims, \(offenders.count) offenders, \(candidates.count) candidates")
            }
        }
    }
}
