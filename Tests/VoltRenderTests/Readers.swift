import Foundation
import VoltTestSupport
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The DOT language as cgraph writes it, read back for tests: nodes with their attributes and
/// the subgraph they are in, edges with their attributes. A small reader, not Graphviz's.
struct DOTGraph {
    struct Node { var name: String; var subgraph: String?; var attributes: [String: String] }
    struct Edge { var from: String; var to: String; var attributes: [String: String] }
    var nodes: [String: Node] = [:]
    var edges: [Edge] = []
    var graphAttributes: [String: String] = [:]

    init(_ text: String) throws {
        var tokens = try DOTGraph.tokens(text)[...]
        func next() -> String? { tokens.popFirst() }
        func peek() -> String? { tokens.first }
        func attributes() -> [String: String] {
            var out: [String: String] = [:]
            guard peek() == "[" else { return out }
            _ = next()
            while let t = next(), t != "]" {
                if t == "," || t == ";" { continue }
                guard next() == "=", let v = next() else { break }
                out[t] = v
            }
            return out
        }
        var stack: [String?] = []
        _ = next()  // digraph / graph
        _ = next()  // name
        _ = next()  // {
        stack.append(nil)
        while let t = next() {
            switch t {
            case "}": stack.removeLast()
            case ";": continue
            case "subgraph":
                stack.append(next())
                _ = next()  // {
            case "graph":
                let a = attributes()
                if stack.count == 1 { graphAttributes.merge(a) { $1 } }
            case "node", "edge": _ = attributes()
            default:
                if peek() == "->" || peek() == "--" {
                    _ = next()
                    let to = next()!
                    edges.append(Edge(from: t, to: to, attributes: attributes()))
                } else {
                    var n = nodes[t] ?? Node(name: t, subgraph: stack.last ?? nil, attributes: [:])
                    n.attributes.merge(attributes()) { $1 }
                    nodes[t] = n
                }
            }
        }
    }

    /// Identifiers, quoted strings (unescaped), HTML strings, and punctuation.
    static func tokens(_ text: String) throws -> [String] {
        let c = Array(text.unicodeScalars)
        var out: [String] = [], i = 0
        while i < c.count {
            let ch = c[i]
            if ch.properties.isWhitespace { i += 1; continue }
            if "[]{};,=".unicodeScalars.contains(ch) { out.append(String(ch)); i += 1; continue }
            if ch == "-" && i + 1 < c.count && (c[i + 1] == ">" || c[i + 1] == "-") { out.append("-" + String(c[i + 1])); i += 2; continue }
            if ch == "\"" {
                var s = "", j = i + 1
                while j < c.count && c[j] != "\"" {
                    if c[j] == "\\" && j + 1 < c.count {
                        if c[j + 1] == "\n" { j += 2; continue }  // a line continuation
                        s.unicodeScalars.append(c[j + 1]); j += 2; continue
                    }
                    s.unicodeScalars.append(c[j]); j += 1
                }
                out.append(s); i = j + 1; continue
            }
            if ch == "<" {
                var depth = 0, j = i, s = ""
                repeat {
                    if c[j] == "<" { depth += 1 } else if c[j] == ">" { depth -= 1 }
                    s.unicodeScalars.append(c[j]); j += 1
                } while depth > 0 && j < c.count
                out.append(s); i = j; continue
            }
            var s = "", j = i
            while j < c.count && !c[j].properties.isWhitespace && !"[]{};,=\"".unicodeScalars.contains(c[j])
                && !(c[j] == "-" && j + 1 < c.count && (c[j + 1] == ">" || c[j + 1] == "-")) {
                s.unicodeScalars.append(c[j]); j += 1
            }
            guard j > i else { throw CocoaError(.coderReadCorrupt) }
            out.append(s); i = j
        }
        return out
    }
}

/// An SVG map read back: node, edge and cluster groups with what they draw.
final class SVGMap: NSObject, XMLParserDelegate {
    struct Item { var kind: String; var id: String; var title = ""; var tooltip = ""; var fills: [String] = []; var shapes: [String] = []; var dash: String?; var strokeWidth: String?; var texts: [String] = [] }
    var items: [Item] = []
    private var current: Item?
    private var depth = 0, itemDepth = 0
    private var inTitle = false, inText = false
    private(set) var wellFormed = false

    init(_ data: Data) {
        super.init()
        let p = XMLParser(data: data)
        p.delegate = self
        wellFormed = TestSupport.withXML { p.parse() && p.parserError == nil }  // Linux: parse() can be true after an error
    }

    var nodes: [Item] { items.filter { $0.kind == "node" } }
    var edges: [Item] { items.filter { $0.kind == "edge" } }
    var clusters: [Item] { items.filter { $0.kind == "cluster" } }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        depth += 1
        if name == "g", let cls = a["class"], ["node", "edge", "cluster"].contains(cls) {
            current = Item(kind: cls, id: a["id"] ?? "")
            itemDepth = depth
        }
        guard current != nil else { return }
        switch name {
        case "title": inTitle = true
        case "text": inText = true; current!.texts.append("")
        case "a": if let t = a["xlink:title"] { current!.tooltip = t }
        case "ellipse", "polygon", "path":
            if name != "path" || current!.kind == "edge" {
                current!.shapes.append(name)
                if let f = a["fill"] { current!.fills.append(f) }
                if name == "path" { current!.dash = a["stroke-dasharray"]; current!.strokeWidth = a["stroke-width"] }
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters s: String) {
        if inTitle { current?.title += s }
        if inText, current != nil { current!.texts[current!.texts.count - 1] += s }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { inTitle = false }
        if name == "text" { inText = false }
        if name == "g", let c = current, depth == itemDepth {
            items.append(c)
            current = nil
        }
        depth -= 1
    }
}
