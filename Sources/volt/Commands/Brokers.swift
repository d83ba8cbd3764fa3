import ArgumentParser
import Foundation
import VoltModel
import VoltQuestions

struct Brokers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Go-betweens: people whose removal would split a group (cut points), ranked by betweenness, and the single ties that hold groups together.",
        discussion: """
            A cut point is someone without whom their group falls into pieces: a broker between peer groups or between a group and an offender network, or a child who is the only link between two groups. Check which before acting.

            Example:
              volt brokers --type offender,victim+offender --purpose "ROTH tactical: brokers"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var labels: LabelOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var network: NetworkOptions

    @Option(help: ArgumentHelp("Only list entities of these VOLT types, comma-separated.", valueName: "types"), transform: Parse.voltTypes("--type"))
    var type: Set<VoltType>?

    @Option(help: "Show at most this many (0: all).")
    var top: Int = 20

    @Flag(help: "Exact betweenness however large the network (otherwise large networks are sampled, with a stated error bound).")
    var exact = false

    @Option(help: "Sampled betweenness: the largest error, as a share of all pairs.")
    var epsilon: Double = 0.01

    func run() throws {
        try guarded {
            var q = BrokersQuestion(filter: network.filter, only: type, top: top)
            (q.exact, q.epsilon) = (exact, epsilon)
            q = try checked(q)
            let a = try labels.session(store).ask(q)
            if output.format == .json { return try printJSON(q, a) }
            var t = Table(["id", "type", "name", "splits_into", "betweenness"])
            for b in a.brokers { t.add([b.id, b.type, b.name, String(b.splits_into), String(format: "%.1f", b.betweenness)]) }
            t.print(output.format, summary: "\(plural(a.total, "cut point")) and \(a.bridges.count) single ties holding groups together (--format json lists the ties)" + (a.brokers.count < a.total ? "; " + shownOf(a.brokers.count, a.total) : ""))
            if output.format == .table, let x = a.approximation { print(x.sentence) }
        }
    }
}
