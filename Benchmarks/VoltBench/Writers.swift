import CSV
import Foundation
import VoltInterop
import VoltPrivacy
import VoltStore

// volt's own writers beside the library a reviewer would reach for: the Cytoscape JSON writer
// beside JSONEncoder and JSONSerialization, the Gephi CSV writer beside CSV.swift. Each is fed
// the same nodes and links, collected once from the store by the real export (untimed), so
// only the writing is timed; every writer makes the same documents (same elements, same
// attribute types) and streams them to a file (make bench-export).

/// Keeps what the export hands its writer.
private final class Collected: GraphWriter {
    var header: ExportHeader?
    var nodes: [ExportNode] = []
    var links: [ExportLink] = []
    func begin(_ h: ExportHeader) throws { header = h }
    func node(_ n: ExportNode) throws { nodes.append(n) }
    func link(_ l: ExportLink) throws { links.append(l) }
    func finish() throws {}
}

/// An attribute as the JSON type its spec declares (as volt's JSON writers do).
private enum Typed: Encodable {
    case string(String), int(Int), double(Double), bool(Bool)

    init(_ v: String, _ type: AttributeType) {
        switch type {
        case .string: self = .string(v)
        case .int: self = Int(v).map(Typed.int) ?? .string(v)
        case .double: self = Double(v).map(Typed.double) ?? .string(v)
        case .boolean: self = .bool(v == "true")
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        }
    }

    var any: Any {
        switch self {
        case .string(let s): return s
        case .int(let i): return i
        case .double(let d): return d
        case .bool(let b): return b
        }
    }
}

private struct Key: CodingKey {
    var stringValue: String
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}

/// `{"data": {...}}`, one Cytoscape element.
private struct Element: Encodable {
    let members: [(String, Typed)]
    func encode(to encoder: Encoder) throws {
        var outer = encoder.container(keyedBy: Key.self)
        var data = outer.nestedContainer(keyedBy: Key.self, forKey: Key("data"))
        for (k, v) in members { try data.encode(v, forKey: Key(k)) }
    }
}

private func members(_ n: ExportNode, _ specs: [AttributeSpec]) -> [(String, Typed)] {
    [("id", .string(n.key))] + specs.compactMap { s in n.attributes[s.name].map { (s.name, Typed($0, s.type)) } }
}

private func members(_ l: ExportLink, _ specs: [AttributeSpec]) -> [(String, Typed)] {
    [("id", .string(l.key)), ("source", .string(l.source)), ("target", .string(l.target))]
        + specs.compactMap { s in l.attributes[s.name].map { (s.name == "source" ? "record_source" : s.name, Typed($0, s.type)) } }
}

/// A file written in 1 MiB pieces, as volt's own writers write.
private final class Sink {
    let handle: FileHandle
    var buffer: [UInt8] = []
    init(_ path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)!
        buffer.reserveCapacity(1 << 20)
    }
    func add(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { handle.write(Data(buffer)); buffer.removeAll(keepingCapacity: true) }
    }
    func close() { handle.write(Data(buffer)); try? handle.close() }
}

/// Cytoscape JSON with each element encoded by `encode` (JSONEncoder or JSONSerialization).
private func cytoscape(_ c: Collected, to path: String, _ encode: ([(String, Typed)]) throws -> Data) throws {
    let h = c.header!
    let out = Sink(path)
    out.add(#"{"data":{"name":"volt export","labels":"\#(h.level.rawValue)","selection":"\#(h.selection)"},"elements":{"nodes":["#.utf8)
    out.add([0x0A])
    for (i, n) in c.nodes.enumerated() {
        if i > 0 { out.add(",\n".utf8) }
        out.add(try encode(members(n, h.nodeAttributes)))
    }
    out.add("\n],\"edges\":[\n".utf8)
    for (i, l) in c.links.enumerated() {
        if i > 0 { out.add(",\n".utf8) }
        out.add(try encode(members(l, h.linkAttributes)))
    }
    out.add("\n]}}\n".utf8)
    out.close()
}

/// Gephi's nodes.csv and edges.csv (the columns `GraphCSVWriter` writes) through CSV.swift.
private func gephiCSV(_ c: Collected, to folder: String) throws {
    let h = c.header!
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let nodeColumns = h.nodeAttributes.map(\.name).filter { $0 != "label" }
    let linkColumns = h.linkAttributes.map(\.name).filter { $0 != "type" && $0 != "directed" }
    let nodes = try CSVWriter(stream: OutputStream(toFileAtPath: folder + "/nodes.csv", append: false)!)
    try nodes.write(row: ["Id", "Label"] + nodeColumns)
    for n in c.nodes { try nodes.write(row: [n.key, n.label] + nodeColumns.map { n.attributes[$0] ?? "" }) }
    nodes.stream.close()
    let edges = try CSVWriter(stream: OutputStream(toFileAtPath: folder + "/edges.csv", append: false)!)
    try edges.write(row: ["Id", "Source", "Target", "Type", "Label"] + linkColumns)
    for l in c.links {
        try edges.write(row: [l.key, l.source, l.target, l.directed ? "Directed" : "Undirected", l.type] + linkColumns.map { l.attributes[$0] ?? "" })
    }
    edges.stream.close()
}

private func replay(_ c: Collected, into w: GraphWriter) throws {
    try w.begin(c.header!)
    for n in c.nodes { try w.node(n) }
    for l in c.links { try w.link(l) }
    try w.finish()
}

/// Times each writer on the export of every link of the store at `path`, `runs` times, in turn.
func benchmarkWriters(_ path: String, runs: Int) {
    do {
        let store = try Store.open(at: path)
        let context = try AuditContext(actor: "bench", purpose: "export writer benchmark")
        let collected = Collected()
        _ = try store.consult(context, summary: "export writer benchmark") { r in
            try GraphExport.run(r, ExportRequest(), labeller: Labeller(level: .pseudonyms, key: try r.pseudonymKey()), into: collected)
        }
        let work = NSTemporaryDirectory() + "volt-writers-\(getpid())"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // VOLT_BENCH_KEEP=1 keeps the last run's files, to compare what the writers made.
        let keep = ProcessInfo.processInfo.environment["VOLT_BENCH_KEEP"] == "1"
        defer { if !keep { try? FileManager.default.removeItem(atPath: work) } else { say("kept in \(work)") } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // The two slowest (minutes at 1M links, measured) run once; the rest `runs` times.
        let writers: [(tool: String, kernel: String, once: Bool, write: (String) throws -> Void)] = [
            ("volt", "json_writer", false, { try replay(collected, into: CytoscapeWriter(path: $0)) }),
            ("JSONEncoder", "json_writer", false, { try cytoscape(collected, to: $0) { try encoder.encode(Element(members: $0)) } }),
            ("JSONSerialization", "json_writer", true, { try cytoscape(collected, to: $0) { m in
                try JSONSerialization.data(withJSONObject: ["data": Dictionary(m.map { ($0.0, $0.1.any) }, uniquingKeysWith: { a, _ in a })])
            } }),
            ("volt", "csv_writer", false, { try replay(collected, into: GraphCSVWriter(folder: $0)) }),
            ("CSV.swift", "csv_writer", true, { try gephiCSV(collected, to: $0) }),
        ]
        var times = Array(repeating: [Double](), count: writers.count)
        var sizes = Array(repeating: 0, count: writers.count)
        for run in 0..<runs {
            for (i, w) in writers.enumerated() where run == 0 || !w.once {
                let out = "\(work)/out-\(i)"
                let t = DispatchTime.now().uptimeNanoseconds
                try w.write(out)
                times[i].append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
                sizes[i] = bytes(at: out)
                if !keep { try? FileManager.default.removeItem(atPath: out) }
            }
        }
        for (i, w) in writers.enumerated() {
            let record: [String: Any] = ["tool": w.tool, "kernel": w.kernel, "median": median(times[i]), "runs": times[i].count,
                                         "times": times[i], "bytes": sizes[i], "nodes": collected.nodes.count, "links": collected.links.count]
            say(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
        }
    } catch {
        say("volt-bench writers: \(error)")
        exit(1)
    }
}

/// Bytes in a file, or in the files of a folder.
private func bytes(at path: String) -> Int {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDir) else { return 0 }
    if !isDir.boolValue { return (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
    return ((try? fm.contentsOfDirectory(atPath: path)) ?? []).reduce(0) { $0 + bytes(at: path + "/" + $1) }
}
