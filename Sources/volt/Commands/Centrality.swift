import ArgumentParser
import Foundation
import VoltAnalysis
import VoltGraph
import VoltModel
import VoltStore

/// The measures `volt centrality` computes.
enum Measure: String, ExpressibleByArgument, CaseIterable {
    case degree, betweenness, closeness, harmonic, eigenvector, pagerank
}

struct Centrality: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank entities by a centrality measure: who is most connected, who is a go-between, who is close to everyone.",
        discussion: """
            degree: distinct people linked to (weighted: number of links). betweenness: how often someone lies on the shortest paths between others (a broker, or a child moved between groups). closeness: how near someone is to everyone in their group. harmonic: the same across groups. eigenvector: tied to well-connected people. pagerank: where a walk along links spends its time. See docs/analysis.md. By default only links between people are used; --links changes that.

            Example:
              volt centrality --measure betweenness --type offender --top 10 --purpose "disruption planning"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Option(help: "The measure: degree, betweenness, closeness, harmonic, eigenvector or pagerank.")
    var measure: Measure = .degree

    @Option(help: "Show at most this many entities (0: all).")
    var top: Int = 20

    @Option(help: ArgumentHelp("Only list entities of these VOLT types, comma-separated (the measure still uses everyone).", valueName: "types"))
    var type: String?

    @Flag(help: "Betweenness divided by the number of pairs of other nodes (0 to 1).")
    var normalized = false

    @Flag(help: "Exact betweenness however large the network (otherwise large networks are sampled, with a stated error bound).")
    var exact = false

    @Option(help: "Sampled betweenness: the largest error, as a share of all pairs.")
    var epsilon: Double = 0.01

    func validate() throws {
        guard epsilon > 0 && epsilon < 1 else { throw ValidationError("--epsilon must be between 0 and 1") }
    }

    func run() throws {
        try guarded {
            let filter = try snapshot.filter(defaultLinks: personLinkTypes)
            let only = try type.map { try parseVoltTypes($0, option: "--type") }
            let (s, ctx) = try store.open()
            let snap = try s.consult(ctx, summary: "centrality \(measure.rawValue) \(snapshot.summary)") {
                try snapshot.snapshot($0, filter: filter)
            }
            guard snap.graph.nodeCount > 0 else { throw UserError("no links match these filters, so there is nothing to rank") }
            let g = snap.graph
            let length: PathLength = snapshot.weighted ? .inverseWeight : .hops
            var values: [Double]
            var approximation: ApproximateBetweenness?
            switch measure {
            case .degree:
                let d = degrees(g)
                values = snapshot.weighted ? d.weighted : d.distinct.map(Double.init)
            case .betweenness:
                let choice = betweennessChoosingMethod(g, length: length, epsilon: epsilon, forceExact: exact)
                values = choice.values
                approximation = choice.approximation
                if normalized {
                    let n = Double(g.nodeCount)
                    let pairs = g.isDirected ? (n - 1) * (n - 2) : (n - 1) * (n - 2) / 2
                    if pairs > 0 { values = values.map { $0 / pairs } }
                }
            case .closeness: values = closeness(g, length: length)
            case .harmonic: values = harmonicCloseness(g, length: length)
            case .eigenvector: values = eigenvectorCentrality(g, weighted: snapshot.weighted).values
            case .pagerank: values = pageRank(g, weighted: snapshot.weighted).values
            }
            let order = values.indices.filter { only?.contains(snap.types[$0]) ?? true }
                .sorted { (values[$0], snap.ids[$1]) > (values[$1], snap.ids[$0]) }
            let shown = top > 0 ? Array(order.prefix(top)) : order
            var t = Table(["id", "type", "name", measure.rawValue])
            for v in shown { t.add([snap.ids[v], snap.types[v].rawValue, snap.names[v], format(values[v])]) }
            switch output.format {
            case .json:
                var q = snapshot.description
                q["measure"] = measure.rawValue
                if let a = approximation {
                    q["approximate"] = "true"
                    q["epsilon"] = String(a.epsilon)
                    q["delta"] = String(a.delta)
                    q["samples"] = String(a.samples)
                }
                try printJSON(query: q, results: shown.map {
                    MeasureRow(id: snap.ids[$0], type: snap.types[$0].rawValue, name: snap.names[$0],
                               measure: measure.rawValue, value: values[$0])
                })
            case .csv: print(t.csv)
            case .table:
                if !shown.isEmpty { print(t.text) }
                print("\(measure.rawValue) over \(g.nodeCount) entities and \(g.edgeCount) ties (\(snap.linkCount) links); \(shown.count) of \(order.count) shown")
                if let a = approximation {
                    print("approximate: \(a.samples) sampled shortest paths; with probability \(1 - a.delta) every value is within \(a.epsilon) × the number of pairs of its exact value (--exact to compute it exactly)")
                }
            }
        }
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e12 ? String(Int64(v)) : String(format: "%.6g", v)
    }
}

/// A per-entity result row whose value is keyed by the measure's name (`"betweenness": 12.5`).
struct MeasureRow: Encodable {
    let id: String, type: String, name: String, measure: String, value: Double

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: Key("id"))
        try c.encode(type, forKey: Key("type"))
        try c.encode(name, forKey: Key("name"))
        try c.encode(value, forKey: Key(measure))
    }
}
