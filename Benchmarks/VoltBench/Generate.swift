import Foundation
import VoltModel
import VoltSample

/// Writes a seeded benchmark area into `dir`, in files both volt and the Python libraries read:
/// - `edges.i32`: the ties as little-endian Int32 pairs (u0 v0 u1 v1 …);
/// - `sightings.bin`: person Int32 × n, place Int32 × n, time Int64 × n;
/// - `entities.csv`, `links.csv`: the same people and ties in volt's import format;
/// - `meta.json`: sizes, seed, and the sampled sources every library uses.
func generate(_ sizeName: String, into dir: String) {
    guard let size = BenchmarkSize(rawValue: sizeName.uppercased()) else {
        say("volt-bench generate: size must be one of \(BenchmarkSize.allCases.map(\.rawValue).joined(separator: ", ")).")
        exit(2)
    }
    let area = BenchmarkArea(size)
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var pairs = [Int32](repeating: 0, count: area.source.count * 2)
    for i in area.source.indices {
        pairs[2 * i] = area.source[i]
        pairs[2 * i + 1] = area.target[i]
    }
    write(pairs, to: dir + "/edges.i32")
    var sightings = Data()
    for a in [area.sightingPerson, area.sightingPlace] { a.withUnsafeBytes { sightings.append(contentsOf: $0) } }
    area.sightingTime.withUnsafeBytes { sightings.append(contentsOf: $0) }
    save(sightings, to: dir + "/sightings.bin")

    // volt's import files: one offender in ten, associate ties dated over 2025, graded.
    var text = "id,type,name\n"
    for v in 0..<area.nodes { text += "P\(v),\(v % 10 == 0 ? "offender" : "victim"),Person \(v)\n" }
    save(Data(text.utf8), to: dir + "/entities.csv")
    save(Data(), to: dir + "/links.csv")
    let handle = FileHandle(forWritingAtPath: dir + "/links.csv")!
    text = "from,to,type,start,end,source,grading\n"
    for i in area.source.indices {
        let day = 1 + i % 28, month = 1 + (i / 28) % 12
        text += "P\(area.source[i]),P\(area.target[i]),associate,2025-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),,police,2B-P\n"
        if text.utf8.count > 1 << 20 {
            handle.write(Data(text.utf8))
            text = ""
        }
    }
    handle.write(Data(text.utf8))
    try? handle.close()

    // Sampled sources, the same for every library: 10 for breadth-first search, 200 for
    // harmonic closeness.
    var rng = SplitMix64(seed: 7)
    var order = Array(0..<area.nodes)
    for i in 0..<210 { order.swapAt(i, i + rng.int(area.nodes - i)) }
    let bfs = Array(order[0..<10]), harmonic = Array(order[10..<210])
    let meta: [String: Any] = [
        "size": size.rawValue, "nodes": area.nodes, "edges": area.source.count, "sightings": area.sightingPerson.count,
        "places": area.places, "seed": 42, "bfs_sources": bfs, "harmonic_sources": harmonic,
    ]
    let json = try! JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys, .prettyPrinted])
    save(json, to: dir + "/meta.json")
    say("volt-bench generate \(size.rawValue): \(area.nodes) people, \(area.source.count) ties, \(area.sightingPerson.count) sightings in \(dir)")
}

func write<T>(_ values: [T], to path: String) {
    save(values.withUnsafeBytes { Data($0) }, to: path)
}

func save(_ data: Data, to path: String) {
    guard FileManager.default.createFile(atPath: path, contents: data) else {
        say("volt-bench: cannot write \(path).")
        exit(1)
    }
}

func read<T>(_ path: String, as: T.Type) -> [T] {
    guard let data = FileManager.default.contents(atPath: path) else {
        say("volt-bench: cannot read \(path); run volt-bench generate first.")
        exit(1)
    }
    return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
}
