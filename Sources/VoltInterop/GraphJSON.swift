import Foundation
import VoltModel

/// A JSON document written element by element through a 1 MiB buffer: each node and link is
/// serialised by JSONSerialization (escaping, Unicode) and only the brackets between them are
/// written here, so memory stays flat.
final class JSONStream {
    private let handle: FileHandle
    private let path: String
    private var buffer = Data()

    init(path: String) throws(ExportError) {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
            throw .unwritable(path: path, reason: "cannot create the file")
        }
        handle = h
        buffer.reserveCapacity(1 << 20)
    }

    /// Structural text: brackets, separators and keys that volt chooses (never data).
    func raw(_ text: String) throws { try append(Data(text.utf8)) }

    /// A JSON value (object, array, string, number, bool), keys sorted.
    func value(_ object: Any) throws {
        do {
            try append(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]))
        } catch let e as ExportError {
            throw e
        } catch {
            throw ExportError.unwritable(path: path, reason: "cannot encode a value as JSON (\(error))")
        }
    }

    private func append(_ d: Data) throws {
        buffer.append(d)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch { throw ExportError.unwritable(path: path, reason: "\(error)") }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        do {
            try handle.synchronize()
            try handle.close()
        } catch { throw ExportError.unwritable(path: path, reason: "\(error)") }
    }
}

/// Attribute text as the JSON type its spec declares.
func typed(_ attributes: [String: String], _ specs: [String: AttributeType]) -> [String: Any] {
    var out: [String: Any] = [:]
    for (k, v) in attributes {
        guard let t = specs[k] else { continue }
        switch t {
        case .string: out[k] = v
        case .int: out[k] = Int(v) ?? v
        case .double: out[k] = Double(v) ?? v
        case .boolean: out[k] = v == "true"
        }
    }
    return out
}

/// Cytoscape.js JSON (`elements.nodes` and `elements.edges`, each with a `data` object), which
/// Cytoscape desktop opens as a .cyjs network.
public final class CytoscapeWriter: GraphWriter {
    private let json: JSONStream
    private var nodeSpecs: [String: AttributeType] = [:], linkSpecs: [String: AttributeType] = [:]
    private var nodes = 0, links = 0

    public init(path: String) throws(ExportError) { json = try JSONStream(path: path) }

    public func begin(_ h: ExportHeader) throws {
        nodeSpecs = Dictionary(uniqueKeysWithValues: h.nodeAttributes.map { ($0.name, $0.type) })
        linkSpecs = Dictionary(uniqueKeysWithValues: h.linkAttributes.map { ($0.name, $0.type) })
        try json.raw("{\"data\":")
        try json.value(["name": "volt export", "labels": h.level.rawValue, "selection": h.selection])
        try json.raw(",\"elements\":{\"nodes\":[\n")
    }

    public func node(_ n: ExportNode) throws {
        var data = typed(n.attributes, nodeSpecs)
        data["id"] = n.key
        try json.raw(nodes == 0 ? "" : ",\n")
        try json.value(["data": data])
        nodes += 1
    }

    public func link(_ l: ExportLink) throws {
        if links == 0 { try json.raw("\n],\"edges\":[\n") } else { try json.raw(",\n") }
        var data = typed(l.attributes, linkSpecs)
        data["id"] = l.key
        data["source"] = l.source
        data["target"] = l.target
        try json.value(["data": data])
        links += 1
    }

    public func finish() throws {
        try json.raw(links == 0 ? "\n],\"edges\":[]}}\n" : "\n]}}\n")
        try json.close()
    }
}

/// JSON Graph Format v2 (jsongraphformat.info): `graph.nodes` an object keyed by id, `graph.edges`
/// a list with `relation`, `directed` and `metadata`.
public final class JGFWriter: GraphWriter {
    private let json: JSONStream
    private var nodeSpecs: [String: AttributeType] = [:], linkSpecs: [String: AttributeType] = [:]
    private var nodes = 0, links = 0

    public init(path: String) throws(ExportError) { json = try JSONStream(path: path) }

    public func begin(_ h: ExportHeader) throws {
        nodeSpecs = Dictionary(uniqueKeysWithValues: h.nodeAttributes.map { ($0.name, $0.type) })
        linkSpecs = Dictionary(uniqueKeysWithValues: h.linkAttributes.map { ($0.name, $0.type) })
        try json.raw("{\"graph\":{\"id\":\"volt\",\"directed\":false,\"label\":")
        try json.value("volt export; labels: \(h.level.rawValue); \(h.selection)")
        try json.raw(",\"nodes\":{\n")
    }

    public func node(_ n: ExportNode) throws {
        var metadata = typed(n.attributes, nodeSpecs)
        metadata["label"] = nil
        try json.raw(nodes == 0 ? "" : ",\n")
        try json.value(n.key)
        try json.raw(":")
        try json.value(["label": n.label, "metadata": metadata])
        nodes += 1
    }

    public func link(_ l: ExportLink) throws {
        if links == 0 { try json.raw("\n},\"edges\":[\n") } else { try json.raw(",\n") }
        try json.value(["id": l.key, "source": l.source, "target": l.target, "relation": l.type, "directed": l.directed,
                        "metadata": typed(l.attributes, linkSpecs)])
        links += 1
    }

    public func finish() throws {
        try json.raw(links == 0 ? "\n},\"edges\":[]}}\n" : "\n]}}\n")
        try json.close()
    }
}
