import Foundation
import VoltModel

/// A JSON value as exports write it: text, numbers, booleans and objects with ordered keys.
enum JSONValue {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case object([(String, JSONValue)])
}

/// A JSON document written straight into a 1 MiB buffer, element by element, so memory stays
/// flat. Strings are escaped here, in one place, as RFC 8259 says (quote, backslash and control
/// characters; everything else is UTF-8 as it is); tests parse every export back.
/// (JSONSerialization on Linux took 133 s for 1M links; this takes a few.)
final class JSONStream {
    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []

    init(path: String) throws(ExportError) {
        self.path = path
        // Opened in place (the path is AtomicFile's temporary, perhaps an unnamed file reached
        // through /proc/self/fd), never replaced.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unwritable(path: path, reason: "cannot create the file (\(String(cString: strerror(errno))))") }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        buffer.reserveCapacity(1 << 20)
    }

    /// Structural text: brackets, separators and keys that volt chooses (never data).
    func raw(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// A value.
    func value(_ v: JSONValue) throws {
        write(v)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func write(_ v: JSONValue) {
        switch v {
        case .string(let s): string(s)
        case .int(let i): buffer.append(contentsOf: String(i).utf8)
        case .double(let d): buffer.append(contentsOf: (d.isFinite ? (d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)) : "null").utf8)
        case .bool(let b): buffer.append(contentsOf: (b ? "true" : "false").utf8)
        case .object(let members):
            buffer.append(UInt8(ascii: "{"))
            for (i, (k, m)) in members.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                string(k)
                buffer.append(UInt8(ascii: ":"))
                write(m)
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private func string(_ s: String) {
        buffer.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                buffer.append(contentsOf: Array("\\u00".utf8))
                buffer.append(Self.hex[Int(b >> 4)])
                buffer.append(Self.hex[Int(b & 15)])
            default: buffer.append(b)
            }
        }
        buffer.append(UInt8(ascii: "\""))
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

/// Attributes as JSON values of the types their specs declare, in spec order.
func typed(_ attributes: [String: String], _ specs: [AttributeSpec], except: Set<String> = []) -> [(String, JSONValue)] {
    specs.compactMap { a in
        guard !except.contains(a.name), let v = attributes[a.name] else { return nil }
        switch a.type {
        case .string: return (a.name, .string(v))
        case .int: return (a.name, Int(v).map(JSONValue.int) ?? .string(v))
        case .double: return (a.name, Double(v).map(JSONValue.double) ?? .string(v))
        case .boolean: return (a.name, .bool(v == "true"))
        }
    }
}

/// Cytoscape.js JSON (`elements.nodes` and `elements.edges`, each with a `data` object), which
/// Cytoscape desktop opens as a .cyjs network.
public final class CytoscapeWriter: GraphWriter {
    private let json: JSONStream
    private var nodeSpecs: [AttributeSpec] = [], linkSpecs: [AttributeSpec] = []
    private var nodes = 0, links = 0

    public init(path: String) throws(ExportError) { json = try JSONStream(path: path) }

    public func begin(_ h: ExportHeader) throws {
        nodeSpecs = h.nodeAttributes
        linkSpecs = h.linkAttributes
        try json.raw("{\"data\":")
        try json.value(.object([("name", .string("volt export")), ("labels", .string(h.level.rawValue)), ("selection", .string(h.selection))]))
        try json.raw(",\"elements\":{\"nodes\":[\n")
    }

    public func node(_ n: ExportNode) throws {
        try json.raw(nodes == 0 ? "" : ",\n")
        try json.value(.object([("data", .object([("id", .string(n.key))] + typed(n.attributes, nodeSpecs)))]))
        nodes += 1
    }

    public func link(_ l: ExportLink) throws {
        if links == 0 { try json.raw("\n],\"edges\":[\n") } else { try json.raw(",\n") }
        let ends: [(String, JSONValue)] = [("id", .string(l.key)), ("source", .string(l.source)), ("target", .string(l.target))]
        // Cytoscape reads `source` and `target` as the edge's ends: the agency that recorded the
        // link goes under `record_source` (as a node's does), or it would replace the end.
        let attributes = typed(l.attributes, linkSpecs).map { $0.0 == "source" ? ("record_source", $0.1) : $0 }
        try json.value(.object([("data", .object(ends + attributes))]))
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
    private var nodeSpecs: [AttributeSpec] = [], linkSpecs: [AttributeSpec] = []
    private var nodes = 0, links = 0

    public init(path: String) throws(ExportError) { json = try JSONStream(path: path) }

    public func begin(_ h: ExportHeader) throws {
        nodeSpecs = h.nodeAttributes
        linkSpecs = h.linkAttributes
        try json.raw("{\"graph\":{\"id\":\"volt\",\"directed\":false,\"label\":")
        try json.value(.string("volt export; labels: \(h.level.rawValue); \(h.selection)"))
        try json.raw(",\"nodes\":{\n")
    }

    public func node(_ n: ExportNode) throws {
        try json.raw(nodes == 0 ? "" : ",\n")
        try json.value(.string(n.key))
        try json.raw(":")
        try json.value(.object([("label", .string(n.label)), ("metadata", .object(typed(n.attributes, nodeSpecs, except: ["label"])))]))
        nodes += 1
    }

    public func link(_ l: ExportLink) throws {
        if links == 0 { try json.raw("\n},\"edges\":[\n") } else { try json.raw(",\n") }
        try json.value(.object([("id", .string(l.key)), ("source", .string(l.source)), ("target", .string(l.target)),
                                ("relation", .string(l.type)), ("directed", .bool(l.directed)), ("metadata", .object(typed(l.attributes, linkSpecs)))]))
        links += 1
    }

    public func finish() throws {
        try json.raw(links == 0 ? "\n},\"edges\":[]}}\n" : "\n]}}\n")
        try json.close()
    }
}
