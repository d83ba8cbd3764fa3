import ArgumentParser
import Foundation
import VoltModel
import VoltQuestions

struct Centrality: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank entities by a centrality measure: who is most connected, who is a go-between, who is close to everyone.",
        discussion: """
            degree: distinct people linked to (weighted: number of links). betweenness: how often someone lies on the shortest paths between others (a broker, or a child moved between groups). closeness: how near someone is to everyone in their group. harmonic: the same across groups. eigenvector: tied to well-connected people. pagerank: where a walk along links spends its time. See docs/analysis.md. By default only links between people are used; --links changes that.

            Example:
              volt centrality --measure betweenness --type offender --top 10 --purpose "disruption planning"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: "The measure.")
    var measure: Measure = .degree

    @Option(help: "Show at most this many entities (0: all).")
    var top: Int = 20

    @Option(help: ArgumentHelp("Only list entities of these VOLT types, comma-separated (the measure still uses everyone).", valueName: "types"), transform: Parse.voltTypes("--type"))
    var type: Set<VoltType>?

    @Flag(help: "Betweenness divided by the number of pairs of other nodes (0 to 1).")
    var normalized = false

    @Flag(help: "Exact betweenness however large the network (otherwise large networks are sampled, with a stated error bound).")
    var exact = false

    @Option(help: "Sampled betweenness: the largest error, as a share of all pairs.")
    var epsilon: Double = 0.01

    func run() throws {
        try guarded {
            var q = CentralityQuestion(filter: network.filter, measure: measure)
            (q.only, q.top, q.normalized, q.exact, q.epsilon) = (type, top, normalized, exact, epsilon)
            let a = try labels.session(store).ask(try checked(q))
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["id", "type", "name", measure.rawValue])
            for r in a.rows { t.add([r.entity.id, r.entity.type, r.entity.name, format(r.value)]) }
            t.print(output.format, summary: "\(measure.rawValue) over \(a.nodeCount) entities and \(a.edgeCount) ties (\(a.linkCount) links); " + (a.rows.count < a.ranked ? shownOf(a.rows.count, a.ranked) : "all \(a.ranked) shown"))
            if output.format == .table, let x = a.approximation { print(x.sentence) }
        }
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e12 ? String(Int64(v)) : String(format: "%.6g", v)
    }
}
