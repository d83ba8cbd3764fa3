import Foundation
import VoltGraph
import VoltLoad
import VoltModel
import VoltPrivacy
import VoltRender

/// Resident memory now, in MB (Linux /proc).
func residentMB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * 4096 / 1_048_576
}

/// A random area of `n` people in groups of about 25 (planted partition), with offenders and
/// graded links: what a peer-group map or an overview draws.
func randomMap(_ n: Int, seed: UInt64) -> (EntityTable, TimedLinkTable, MapRequest) {
    var rng = SplitMix64(seed: seed)
    let kinds: [VoltType] = [.victim, .victim, .victim, .victimOffender, .person, .offender]
    let types = (0..<n).map { _ in kinds[rng.int(kinds.count)] }
    let entities = EntityTable(ids: (0..<n).map { "E\($0)" }, names: (0..<n).map { "Person \($0)" }, types: types)
    var src: [Int32] = [], dst: [Int32] = [], type: [String] = [], grading: [Grading?] = []
    let gradings = ["1A-P", "2B-P", "2C-C", "3D-P", "2E-P"].map(Grading.init)
    for v in 0..<n {
        for _ in 0..<2 {
            let inGroup = rng.unit() < 0.85
            let w = inGroup ? (v / 25) * 25 + rng.int(min(25, n - (v / 25) * 25)) : rng.int(n)
            guard w != v else { continue }
            src.append(Int32(v)); dst.append(Int32(w))
            type.append(types[v] == .offender && rng.unit() < 0.5 ? "exploits" : "associate")
            grading.append(rng.unit() < 0.1 ? nil : gradings[rng.int(gradings.count)])
        }
    }
    let links = TimedLinkTable(src: src, dst: dst, type: type, start: src.indices.map { Int64($0) * 600 }, end: src.map { _ in nil }, grading: grading)
    var r = MapRequest(title: "benchmark", subtitle: "\(n) nodes")
    r.nodes = Array(0..<n)
    if n <= 300 { r.groups = stride(from: 0, to: n, by: 25).map { ("group", Array($0..<min(n, $0 + 25))) } }
    return (entities, links, r)
}

func benchmarkMaps() {
    let labeller = Labeller(level: .pseudonyms, key: Array(repeating: 1, count: 32))
    say("volt-bench maps: Graphviz \(LayoutEngine.forSize(200).rawValue) up to 300 nodes, \(LayoutEngine.forSize(5000).rawValue) above; median of 5 where shown")
    let sizes = args.count > 2 ? args[2].split(separator: ",").map { Int($0)! } : [200, 5000]
    for (n, format, runs) in sizes.flatMap({ n in n <= 300 ? [(n, MapFormat.svg, 5), (n, .png, 5)] : [(n, MapFormat.svg, 1)] }) {
        let (e, l, r) = randomMap(n, seed: UInt64(n))
        var doc: MapDocument?
        let build = seconds { doc = makeMap(r, entities: e, links: l, labeller: labeller) }
        var times: [Double] = [], bytes = 0
        for _ in 0..<runs { times.append(seconds { bytes = (try? Graphviz.render(doc!, format: format))?.count ?? -1 }) }
        say(String(format: "  %5d nodes, %5d edges, %@ with %@: build %.3f s, render median %.2f s (%d bytes)", n, doc!.edges.count,
                     format.rawValue, LayoutEngine.forSize(n).rawValue, build, median(times), bytes))
    }
    // Memory over many renders: a 40-node map drawn 1,000 times, without and with its two
    // clusters (dot in Graphviz 2.42 leaks the virtual nodes and edges of clusters, about 37 KB a
    // layout by valgrind: ellson/MOTHBALLED-graphviz#65; the process-per-map CLI never adds it up).
    let (e, l, r) = randomMap(40, seed: 40)
    let clustered = makeMap(r, entities: e, links: l, labeller: labeller)
    var plain = clustered
    plain.clusters = []
    for (name, doc) in [("without clusters", plain), ("with 2 clusters", clustered)] {
        var marks: [(Int, Double)] = []
        let total = seconds {
            for i in 1...1000 {
                _ = try? Graphviz.render(doc, format: i % 2 == 0 ? .svg : .png)
                if [10, 100, 500, 1000].contains(i) { marks.append((i, residentMB())) }
            }
        }
        say(String(format: "  1,000 renders of a 40-node map %@ (svg and png in turn): %.1f s; resident memory ", name, total)
              + marks.map { String(format: "%.1f MB after %d", $0.1, $0.0) }.joined(separator: ", "))
    }
}
