import Foundation
import VoltModel

/// GEXF 1.3 (gexf.net) in dynamic mode: every edge has a spell from its link's start to its
/// end (none when the link is still in force), node and edge attributes are declared with
/// types. Directions are data (`directed`), as in GraphML, for readers that refuse mixed graphs.
/// Times are ISO 8601 date-times under `timeformat="date"`: Gephi reads them, and networkx
/// knows no other name for a textual time format.
public final class GEXFWriter: GraphWriter {
    private let xml: XMLWriter
    private var nodeIDs: [String: Int] = [:], linkIDs: [String: Int] = [:]
    private var inNodes = false, inEdges = false

    /// Writes to `path`.
    public init(path: String) throws(ExportError) { xml = try XMLWriter(path: path) }

    public func begin(_ h: ExportHeader) throws {
        xml.start("gexf", ["xmlns": "http://gexf.net/1.3", "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                           "xsi:schemaLocation": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd", "version": "1.3"])
        xml.start("meta")
        xml.element("creator", text: "volt")
        xml.element("description", text: "volt export; labels: \(h.level.rawValue); \(h.selection)")
        xml.end()
        xml.start("graph", ["mode": "dynamic", "defaultedgetype": "undirected", "timeformat": "date"])
        declare(h.nodeAttributes.filter { $0.name != "label" }, class: "node", into: &nodeIDs)
        declare(h.linkAttributes, class: "edge", into: &linkIDs)
    }

    private func declare(_ specs: [AttributeSpec], class cls: String, into ids: inout [String: Int]) {
        xml.start("attributes", ["class": cls, "mode": "static"])
        for (i, a) in specs.enumerated() {
            ids[a.name] = i
            xml.element("attribute", ["id": String(i), "title": a.name, "type": a.type == .int ? "integer" : a.type.rawValue])
        }
        xml.end()
    }

    public func node(_ n: ExportNode) throws {
        if !inNodes { xml.start("nodes"); inNodes = true }
        xml.start("node", ["id": n.key, "label": n.label])
        values(n.attributes, nodeIDs)
        xml.end()
    }

    public func link(_ l: ExportLink) throws {
        if !inNodes { xml.start("nodes"); inNodes = true }
        if !inEdges { xml.end(); xml.start("edges"); inEdges = true }
        xml.start("edge", ["id": l.key, "source": l.source, "target": l.target, "label": l.type])
        xml.attribute("start", l.start.iso8601)
        if let end = l.end { xml.attribute("end", end.iso8601) }
        values(l.attributes, linkIDs)
        xml.end()
    }

    private func values(_ attributes: [String: String], _ ids: [String: Int]) {
        let shown = attributes.compactMap { k, v in ids[k].map { ($0, v) } }.sorted { $0.0 < $1.0 }
        guard !shown.isEmpty else { return }
        xml.start("attvalues")
        for (id, v) in shown { xml.element("attvalue", ["for": String(id), "value": v]) }
        xml.end()
    }

    public func finish() throws {
        if !inNodes { xml.start("nodes"); inNodes = true }
        if !inEdges { xml.end(); xml.start("edges"); inEdges = true }
        try xml.finish()
    }
}
