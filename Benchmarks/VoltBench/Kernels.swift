import Foundation
import VoltAnalysis
import VoltGraph
import VoltLoad
import VoltModel
import VoltStore
import VoltTemporal

/// Peak resident memory since the last `resetPeak()`, in MB (Linux: VmHWM).
func peakMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// Starts a new peak-memory measurement (Linux: writing 5 to clear_refs resets VmHWM).
func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

/// One line of results, read by Benchmarks/bench.py.
func report(_ kernel: String, _ times: [Double], peak: Double, extra: [String: Any] = [:]) {
    var record: [String: Any] = ["tool": "volt", "kernel": kernel, "median": median(times), "runs": times.count,
                                 "times": times, "peak_mb": peak]
    for (k, v) in extra { record[k] = v }
    let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    say(String(decoding: data, as: UTF8.self))
}

/// Times `body` `runs` times (after the data is loaded), with peak memory over the runs.
func measure<T>(_ runs: Int, _ body: () -> T) -> (times: [Double], peak: Double, last: T) {
    resetPeak()
    var times: [Double] = []
    var last: T?
    for _ in 0..<runs { times.append(seconds { last = body() }) }
    return (times, peakMB(), last!)
}

/// Runs volt's graph and temporal kernels on a generated area, as JSON lines; values other
/// libraries are compared with go to `DIR/out/volt-KERNEL.f64` (or `.i32` for labels).
func runKernels(_ dir: String, runs: Int, only: Set<String>?) {
    let meta = try! JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: dir + "/meta.json")!) as! [String: Any]
    let n = meta["nodes"] as! Int
    let size = meta["size"] as! String
    let bfsSources = meta["bfs_sources"] as! [Int], harmonicSources = meta["harmonic_sources"] as! [Int]
    let out = dir + "/out"
    try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    func wanted(_ k: String) -> Bool { only.map { $0.contains(k) } ?? true }

    var graph: Graph!
    let load = seconds {
        let pairs = read(dir + "/edges.i32", as: Int32.self)
        var edges: [(Int32, Int32, Double)] = []
        edges.reserveCapacity(pairs.count / 2)
        for i in stride(from: 0, to: pairs.count, by: 2) { edges.append((pairs[i], pairs[i + 1], 1)) }
        graph = Graph(nodeCount: n, edges: edges)
    }
    report("load", [load], peak: peakMB(), extra: ["arcs": graph.targets.count])
    let g = graph!

    if wanted("components") {
        let r = measure(runs) { connectedComponents(g) }
        report("components", r.times, peak: r.peak, extra: ["count": r.last.count])
    }
    if wanted("bfs") {
        let r = measure(runs) { bfsSources.map { hopDistances(g, from: $0) } }
        let reached = r.last.map { $0.lazy.filter { $0 >= 0 }.count }
        report("bfs", r.times, peak: r.peak, extra: ["reached": reached.reduce(0, +)])
    }
    if wanted("pagerank") {
        let r = measure(runs) { pageRank(g, tolerance: 1e-10, maxIterations: 100) }
        write(r.last.values, to: out + "/volt-pagerank.f64")
        report("pagerank", r.times, peak: r.peak,
               extra: ["iterations": r.last.iterations, "ns_per_arc_iteration": median(r.times) * 1e9 / Double(g.targets.count * r.last.iterations)])
    }
    if wanted("eigenvector") {
        let r = measure(runs) { eigenvectorCentrality(g, tolerance: 1e-10, maxIterations: 1000) }
        write(r.last.values, to: out + "/volt-eigenvector.f64")
        report("eigenvector", r.times, peak: r.peak, extra: ["iterations": r.last.iterations])
    }
    if wanted("harmonic") {
        let r = measure(runs) { harmonicCloseness(g, of: harmonicSources) }
        write(r.last, to: out + "/volt-harmonic.f64")
        report("harmonic", r.times, peak: r.peak, extra: ["sources": harmonicSources.count])
    }
    if wanted("betweenness") {
        let r = measure(runs) { betweenness(g) }
        write(r.last, to: out + "/volt-betweenness.f64")
        report("betweenness", r.times, peak: r.peak)
    }
    if wanted("approx-betweenness") {
        // At XL every sample's search misses cache (about 50 ms each): ε 0.05 there, 0.01 below.
        let epsilon = size == "XL" ? 0.05 : 0.01
        let r = measure(runs) { approximateBetweenness(g, epsilon: epsilon, delta: 0.1) }
        write(r.last.values, to: out + "/volt-approx-betweenness.f64")
        report("approx-betweenness", r.times, peak: r.peak, extra: ["samples": r.last.samples, "epsilon": epsilon])
    }
    if wanted("leiden") {
        let r = measure(runs) { leiden(g, weighted: false) }
        write(r.last.labels, to: out + "/volt-leiden.i32")
        report("leiden", r.times, peak: r.peak, extra: ["modularity": r.last.modularity, "communities": r.last.count])
    }
    if wanted("colocation") {
        let bytes = FileManager.default.contents(atPath: dir + "/sightings.bin")!
        let count = bytes.count / 16
        let places = meta["places"] as! Int
        var person = [Int32](repeating: 0, count: count), place = [Int32](repeating: 0, count: count)
        var time = [Int64](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                person[i] = raw.load(fromByteOffset: 4 * i, as: Int32.self)
                place[i] = raw.load(fromByteOffset: 4 * (count + i), as: Int32.self) + Int32(n)
                time[i] = raw.load(fromByteOffset: 8 * count + 8 * i, as: Int64.self)
            }
        }
        var types = [VoltType](repeating: .victim, count: n + places)
        for i in stride(from: 0, to: n, by: 10) { types[i] = .offender }
        for i in n..<(n + places) { types[i] = .location }
        var table: SightingTable!
        let sort = seconds { table = SightingTable(person: person, place: place, start: time) }
        let r = measure(runs) { encounters(table, types: types, query: CoLocationQuery(window: 3600)).count }
        report("colocation", r.times, peak: r.peak, extra: ["encounters": r.last, "sightings": count, "sort_seconds": sort])
    }
}

/// Builds the analysis snapshot of every link in a store `runs` times.
func benchmarkSnapshot(_ path: String, runs: Int) {
    do {
        let store = try Store.open(at: path)
        let context = try AuditContext(actor: "bench", purpose: "snapshot benchmark")
        let accepted = try store.consult(context, summary: "benchmark snapshot: judgements") { r in
            try r.judgements().filter { $0.verdict == .accept }.count
        }
        // Records apart and canonical persons, run by run in turn, so both see the same
        // machine: what seeing accepted records as one person costs the build pass.
        var apart: [Double] = [], persons: [Double] = []
        var nodes = (0, 0), links = (0, 0)
        resetPeak()
        for _ in 0..<runs {
            for canonical in [false, true] {
                let t = DispatchTime.now().uptimeNanoseconds
                let s = try store.consult(context, summary: "benchmark snapshot") {
                    try Snapshot(canonical ? $0.seeingCanonicalPersons() : $0, filter: SnapshotFilter())
                }
                let dt = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
                if canonical { persons.append(dt); nodes.1 = s.graph.nodeCount; links.1 = s.linkCount } else { apart.append(dt); nodes.0 = s.graph.nodeCount; links.0 = s.linkCount }
            }
        }
        let peak = peakMB()
        report("snapshot", apart, peak: peak, extra: ["nodes": nodes.0, "links": links.0])
        report("snapshot_persons", persons, peak: peak, extra: ["nodes": nodes.1, "links": links.1, "accepted_pairs": accepted])
    } catch {
        say("volt-bench snapshot: \(error)")
        exit(1)
    }
}

/// Accepts `count` pairs of person records (the first and second person, the third and
/// fourth, ...) as one person each, in one transaction: a store for `snapshot` to map.
func acceptPairs(_ path: String, count: Int) {
    do {
        let store = try Store.open(at: path)
        let context = try AuditContext(actor: "bench", purpose: "snapshot benchmark: accepted pairs")
        let ids = try store.consult(context, summary: "benchmark: person records") { try $0.personRecords().map(\.id) }
        let n = min(count, ids.count / 2)
        try store.write(context, action: .combination) { w in
            for k in 0..<n { _ = try w.judge(ids[2 * k], ids[2 * k + 1], .accept, actor: "bench", score: nil) }
            return ((), "benchmark: \(n) pairs accepted")
        }
        say("accepted \(n) pairs")
    } catch {
        say("volt-bench accept-pairs: \(error)")
        exit(1)
    }
}
