import CGraphviz
import Foundation
import Synchronization
import VoltModel

/// Why a map could not be drawn. Each reads as one sentence.
public enum RenderError: Failure, Equatable {
    /// A layout engine Graphviz does not know.
    case unknownEngine(String)
    /// An output format volt does not write.
    case unknownFormat(String)
    /// Nothing to draw.
    case emptyMap(String)
    /// Graphviz failed.
    case graphviz(String)

    public var description: String {
        switch self {
        case .unknownEngine(let e): return "unknown layout engine '\(e)' (expected \(LayoutEngine.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .unknownFormat(let f): return "unknown map format '\(f)' (expected \(MapFormat.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .emptyMap(let why): return "nothing to draw: \(why)"
        case .graphviz(let why): return "Graphviz could not draw the map: \(why)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .unknownEngine, .unknownFormat: return 2
        case .emptyMap: return 1
        case .graphviz: return 3
        }
    }
}

/// Graphviz layout engines volt offers.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// Layered, for small maps and chains (paths): readable, slow above a few hundred nodes.
    case dot
    /// Spring model, for small to medium maps.
    case neato
    /// Force-directed, for medium maps.
    case fdp
    /// Multiscale force-directed, for large maps (thousands of nodes).
    case sfdp
    /// Circular.
    case circo
    /// Radial, around the first node: ego networks.
    case twopi

    /// The engine for a map of this many nodes: dot up to 300, sfdp above (dot takes about
    /// 30 s at 1,000 nodes on this machine; sfdp lays out 10,000 in about 6 s).
    public static func forSize(_ nodes: Int) -> LayoutEngine { nodes <= largeMap ? .dot : .sfdp }

    /// Above this many nodes a map is large: sfdp, straight lines.
    public static let largeMap = 300
}

/// Output formats.
public enum MapFormat: String, Sendable, CaseIterable {
    /// The graph in the DOT language, written by cgraph (no layout).
    case dot
    /// Scalable vector graphics, laid out; nodes carry ids and tooltips.
    case svg
    /// A picture.
    case png
    /// A printable document.
    case pdf

    /// The format a file name asks for, by its extension.
    public init?(fileName: String) {
        guard let ext = fileName.split(separator: ".").last.map({ String($0).lowercased() }), fileName.contains(".") else { return nil }
        self.init(rawValue: ext == "gv" ? "dot" : ext)
    }
}

/// Every call into Graphviz goes through here: it is not thread-safe (not even with one context
/// per thread), so one lock serializes all of it, and one long-lived context serves every map.
public enum Graphviz {
    private static let lock = Mutex<Context?>(nil)

    /// The context, made on first use (loading plugins once).
    private final class Context: @unchecked Sendable {
        let gvc: OpaquePointer
        init?() {
            guard let c = gvContext() else { return nil }
            gvc = c
        }
    }

    /// Draws `map` as `format` with `engine` (nil: the map's own engine, else chosen by size).
    public static func render(_ map: MapDocument, format: MapFormat, engine: LayoutEngine? = nil) throws(RenderError) -> Data {
        guard !map.nodes.isEmpty else { throw .emptyMap("the selection has no entities") }
        WorkProgress.stage("drawing \(map.nodes.count) entities with \(map.layoutEngine(forced: engine).rawValue)")
        let result: Result<Data, RenderError> = lock.withLock { context in
            // One context for every map: making and freeing one per map leaks in Graphviz 2.42.
            if context == nil { context = Context() }
            guard let ctx = context else { return .failure(.graphviz("no Graphviz context (are the plugins installed?)")) }
            return draw(map, format: format, engine: map.layoutEngine(forced: engine), gvc: ctx.gvc)
        }
        return try result.get()
    }

    private static func draw(_ map: MapDocument, format: MapFormat, engine: LayoutEngine, gvc: OpaquePointer) -> Result<Data, RenderError> {
        _ = agseterr(AGMAX)  // errors are read back, not printed
        guard let g = build(map, engine: engine) else { return .failure(.graphviz(lastError() ?? "could not build the graph")) }
        defer { agclose(g) }
        if format == .dot { return write(g) }
        guard gvLayout(gvc, g, engine.rawValue) == 0 else {
            return .failure(.graphviz(lastError() ?? "layout with \(engine.rawValue) failed"))
        }
        // The layout must be freed before the graph changes or closes.
        defer { gvFreeLayout(gvc, g) }
        var buffer: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        let device = format == .svg ? "svg" : format.rawValue
        guard gvRenderData(gvc, g, device, &buffer, &length) == 0, let buffer else {
            return .failure(.graphviz(lastError() ?? "rendering \(format.rawValue) failed"))
        }
        defer { gvFreeRenderData(buffer) }
        return .success(Data(bytes: buffer, count: Int(length)))
    }

    /// The DOT text of a built graph, written by cgraph into memory.
    private static func write(_ g: UnsafeMutablePointer<Agraph_t>) -> Result<Data, RenderError> {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard let stream = open_memstream(&buffer, &size) else { return .failure(.graphviz("no memory for the DOT text")) }
        let rc = agwrite(g, UnsafeMutableRawPointer(stream))
        fclose(stream)
        defer { free(buffer) }
        guard rc == 0, let buffer else { return .failure(.graphviz(lastError() ?? "writing DOT failed")) }
        return .success(Data(bytes: buffer, count: size))
    }

    private static func lastError() -> String? {
        guard let e = aglasterr() else { return nil }
        defer { free(e) }
        let s = String(cString: e).trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }

    /// The map's graph attributes adjusted to the engine and size.
    static func tuned(_ attributes: [String: String], for engine: LayoutEngine, nodes: Int) -> [String: String] {
        var a = attributes
        // dot packs components itself; its `pack` mode with clusters crashes Graphviz 2.42.
        if engine == .dot { a["pack"] = nil }
        // Curved lines routed around nodes only with dot: with the other engines, Graphviz 2.42
        // corrupts its heap on some maps (twopi and neato abort on the example area's busiest
        // place), and routing around thousands of nodes takes minutes.
        if engine != .dot || nodes > LayoutEngine.largeMap { a["splines"] = "false" }
        // The heading: lines flush left (`\l` ends a left-justified line).
        if let label = a["label"] { a["label"] = label.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) + "\\l" }.joined() }
        return a
    }

    /// Text shown as it is: Graphviz reads `\N`, `\G`, `\n` and the like in labels and
    /// tooltips as escapes, so a backslash in a name is doubled.
    static func escaped(_ text: String) -> String { text.replacingOccurrences(of: "\\", with: "\\\\") }

    /// An attribute's value as set: text attributes escaped.
    private static func shown(_ name: String, _ value: String) -> String {
        ["label", "xlabel", "tooltip"].contains(name) ? escaped(value) : value
    }

    /// Builds the cgraph graph of a map: attributes declared once, nodes in clusters, edges.
    private static func build(_ map: MapDocument, engine: LayoutEngine) -> UnsafeMutablePointer<Agraph_t>? {
        let desc = map.directed ? volt_agdirected() : volt_agundirected()
        guard let g = withC("volt", { agopen($0, desc, nil) }) else { return nil }
        for (k, v) in tuned(map.graphAttributes, for: engine, nodes: map.nodes.count).sorted(by: { $0.key < $1.key }) { set(g, k, v) }
        // Declare every attribute used on nodes and edges, with an empty default.
        for name in Set(map.nodes.flatMap { $0.attributes.keys }).sorted() { declare(g, AGNODE, name) }
        for name in Set(map.edges.flatMap { $0.attributes.keys }).sorted() { declare(g, AGEDGE, name) }
        for (k, v) in map.nodeDefaults.sorted(by: { $0.key < $1.key }) { declare(g, AGNODE, k, v) }
        for (k, v) in map.edgeDefaults.sorted(by: { $0.key < $1.key }) { declare(g, AGEDGE, k, v) }
        var clusters: [String: UnsafeMutablePointer<Agraph_t>] = [:]
        for c in map.clusters {
            guard let sub = withC("cluster_" + c.key, { agsubg(g, $0, 1) }) else { return nil }
            for (k, v) in c.attributes.sorted(by: { $0.key < $1.key }) { set(sub, k, shown(k, v)) }
            clusters[c.key] = sub
        }
        var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
        for n in map.nodes {
            let parent = n.cluster.flatMap { clusters[$0] } ?? g
            guard let node = withC(n.key, { agnode(parent, $0, 1) }) else { return nil }
            for (k, v) in n.attributes.sorted(by: { $0.key < $1.key }) { set(node, k, shown(k, v)) }
            nodes[n.key] = node
        }
        if let legend = map.legend {
            guard let node = withC("legend", { agnode(g, $0, 1) }) else { return nil }
            set(node, "shape", "plaintext")
            set(node, "id", "legend")
            set(node, "tooltip", "legend")
            // An HTML-like label: made with agstrdup_html, then set by that same string.
            let html = withC(legend) { agstrdup_html(g, $0) }
            if let html {
                _ = withC("label") { n in withC("") { d in agsafeset(UnsafeMutableRawPointer(node), n, html, d) } }
                agstrfree(g, html)
            }
        }
        for e in map.edges {
            guard let a = nodes[e.from], let b = nodes[e.to] else { continue }
            guard let edge = withC(e.key, { agedge(g, a, b, $0, 1) }) else { return nil }
            for (k, v) in e.attributes.sorted(by: { $0.key < $1.key }) { set(edge, k, shown(k, v)) }
        }
        return g
    }

    private static func declare(_ g: UnsafeMutablePointer<Agraph_t>, _ kind: Int32, _ name: String, _ value: String = "") {
        _ = withC(name) { n in withC(value) { v in agattr(g, kind, n, v) } }
    }

    private static func set(_ object: UnsafeMutableRawPointer, _ name: String, _ value: String) {
        _ = withC(name) { n in withC(value) { v in withC("") { d in agsafeset(object, n, v, d) } } }
    }

    private static func set(_ g: UnsafeMutablePointer<Agraph_t>, _ name: String, _ value: String) {
        set(UnsafeMutableRawPointer(g), name, value)
    }

    private static func set(_ n: UnsafeMutablePointer<Agnode_t>, _ name: String, _ value: String) {
        set(UnsafeMutableRawPointer(n), name, value)
    }

    private static func set(_ e: UnsafeMutablePointer<Agedge_t>, _ name: String, _ value: String) {
        set(UnsafeMutableRawPointer(e), name, value)
    }

    /// cgraph takes `char *` (not const) and copies what it keeps: lend it a temporary copy.
    private static func withC<T>(_ s: String, _ body: (UnsafeMutablePointer<CChar>) -> T) -> T {
        var bytes = Array(s.utf8CString)
        return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
