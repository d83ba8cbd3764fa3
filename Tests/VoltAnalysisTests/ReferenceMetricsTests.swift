import Foundation
import Testing
import VoltAnalysis
import VoltGraph
import VoltTestSupport

/// Every measure against networkx 3.6.1 and igraph 1.3.5 on the eight real networks in
/// `../shared/datasets/reference_metrics/` (the two libraries agree with each other to 3e-10).
@Suite struct ReferenceMetricsTests {
    static let networks = [
        "london_gang", "caviar_full", "siren", "montreal_street_gangs", "italian_gangs",
        "noordin_top_operations", "karate_networkx", "florentine_networkx",
    ]

    struct Reference {
        let graph: Graph
        let names: [String]
        let igraph: [[String: String]]   // by node index
        let networkx: [[String: String]]
    }

    static func load(_ name: String) throws -> Reference? {
        guard let base = TestSupport.dataset("reference_metrics", missing: { Issue.record(Comment(rawValue: $0)) }) else { return nil }
        let edges = try TestSupport.readCSV(base.appendingPathComponent("inputs/\(name).csv"))
        var index: [String: Int32] = [:], names: [String] = []
        func id(_ s: String) -> Int32 {
            if let i = index[s] { return i }
            index[s] = Int32(names.count)
            names.append(s)
            return Int32(names.count - 1)
        }
        let e = edges.map { (id($0["source"]!), id($0["target"]!), 1.0) }
        let g = Graph(nodeCount: names.count, edges: e)
        func byNode(_ rows: [[String: String]]) -> [[String: String]] {
            var out = [[String: String]](repeating: [:], count: names.count)
            for r in rows { if let i = index[r["node"]!] { out[Int(i)] = r } }
            return out
        }
        let ig = byNode(try TestSupport.readCSV(base.appendingPathComponent("igraph/\(name).csv")))
        let nx = byNode(try TestSupport.readCSV(base.appendingPathComponent("networkx/\(name).csv")))
        #expect(!ig.contains { $0.isEmpty } && !nx.contains { $0.isEmpty }, "every node has reference values")
        return Reference(graph: g, names: names, igraph: ig, networkx: nx)
    }

    /// Within 1e-9 relative; values that are zero in exact arithmetic (the eigenvector of a
    /// smaller component) are compared absolutely.
    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) <= 1e-12
    }

    func check(_ name: String, _ measure: String, _ ours: [Double], _ r: Reference) {
        for (lib, rows) in [("igraph", r.igraph), ("networkx", r.networkx)] {
            var worst = 0.0, at = ""
            for (i, row) in rows.enumerated() {
                let ref = Double(row[measure]!)!
                if !Self.close(ours[i], ref) {
                    let d = abs(ours[i] - ref)
                    if d > worst { worst = d; at = "\(r.names[i]): ours \(ours[i]), \(lib) \(ref)" }
                }
            }
            #expect(worst == 0, "\(name) \(measure) differs from \(lib): \(at)")
        }
    }

    @Test(arguments: networks)
    func componentsDegreeAndCoresExactly(_ name: String) throws {
        guard let r = try Self.load(name) else { return }
        let (labels, count) = connectedComponents(r.graph)
        // Same partition as igraph's component column.
        var pairs = Set<String>()
        for i in 0..<labels.count { pairs.insert("\(labels[i])-\(r.igraph[i]["component"]!)") }
        #expect(pairs.count == count, "\(name): components differ from igraph")
        #expect(Set(r.igraph.map { $0["component"]! }).count == count)
        let d = degrees(r.graph)
        #expect(d.distinct.enumerated().allSatisfy { Double($0.element) == Double(r.networkx[$0.offset]["degree"]!)! })
        #expect(d.distinct.enumerated().allSatisfy { Double($0.element) == Double(r.igraph[$0.offset]["degree"]!)! })
        let cores = coreNumbers(r.graph)
        #expect(cores.enumerated().allSatisfy { Double($0.element) == Double(r.networkx[$0.offset]["coreness"]!)! }, "\(name) coreness")
        #expect(cores.enumerated().allSatisfy { Double($0.element) == Double(r.igraph[$0.offset]["coreness"]!)! }, "\(name) coreness")
    }

    @Test(arguments: networks)
    func betweennessAndClosenessWithin1e9(_ name: String) throws {
        guard let r = try Self.load(name) else { return }
        check(name, "betweenness", betweenness(r.graph), r)
        check(name, "betweenness", betweenness(r.graph, threads: 1), r)
        check(name, "closeness", closeness(r.graph), r)
    }

    @Test(arguments: networks)
    func eigenvectorAndPageRankWithin1e9(_ name: String) throws {
        guard let r = try Self.load(name) else { return }
        let ev = eigenvectorCentrality(r.graph)
        #expect(ev.converged)
        check(name, "eigenvector_maxscaled", ev.values, r)
        let pr = pageRank(r.graph)
        #expect(pr.converged)
        #expect(abs(pr.values.reduce(0, +) - 1) < 1e-12)
        check(name, "pagerank", pr.values, r)
    }

    @Test func brokersOfTheFlorentineFamiliesAreTheMedici() throws {
        guard let r = try Self.load("florentine_networkx") else { return }
        let bc = betweenness(r.graph)
        let top = bc.indices.sorted { bc[$0] > bc[$1] }.prefix(3).map { r.names[$0] }
        #expect(top == ["Medici", "Guadagni", "Albizzi"])
    }
}
