import Foundation

/// GraphML (graphml.graphdrawing.org) with a typed `<key>` for every attribute. The graph is
/// undirected by default and exploits and supplies carry `directed=true` as data, source to
/// target: GraphML readers (networkx among them) refuse graphs that mix edge directions.
public final class GraphMLWriter: GraphWriter {
    private let xml: XMLWriter
    private var links: [String: AttributeType] = [:], nodes: [String: AttributeType] = [:]

    /// Writes to `path`.
    public init(path: String) throws(ExportError) { xml = try XMLWriter(path: path) }

    public func begin(_ h: ExportHeader) throws {
        xml.start("graphml", ["xmlns": "http://graphml.graphdrawing.org/xmlns",
                              "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                              "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"])
        for a in h.nodeAttributes { key(a, for: "node"); nodes[a.name] = a.type }
        for a in h.linkAttributes { key(a, for: "edge"); links[a.name] = a.type }
        xml.start("graph", ["id": "volt", "edgedefault": "undirected"])
        xml.element("desc", text: "volt export; labels: \(h.level.rawValue); \(h.selection)")
    }

    private func key(_ a: AttributeSpec, for domain: String) {
        xml.element("key", ["id": "\(domain == "node" ? "n" : "e")_\(a.name)", "for": domain, "attr.name": a.name, "attr.type": a.type.rawValue])
    }

    public func node(_ n: ExportNode) throws {
        xml.start("node", ["id": n.key])
        for (name, value) in n.attributes.sorted(by: { $0.key < $1.key }) where nodes[name] != nil { xml.element("data", ["key": "n_\(name)"], text: value) }
        xml.end()
    }

    public func link(_ l: ExportLink) throws {
        xml.start("edge", ["id": l.key, "source": l.source, "target": l.target])
        for (name, value) in l.attributes.sorted(by: { $0.key < $1.key }) where links[name] != nil { xml.element("data", ["key": "e_\(name)"], text: value) }
        xml.end()
    }

    public func finish() throws { try xml.finish() }
}
