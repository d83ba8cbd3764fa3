/// A map ready to draw: nodes, edges and clusters with their Graphviz attributes, already at
/// the chosen label level. Building one touches no Graphviz; `Graphviz.render` draws it.
public struct MapDocument: Sendable, Hashable {
    /// A node: `key` is its Graphviz name (it appears in the SVG as the node's id and title).
    public struct Node: Sendable, Hashable {
        public var key: String
        public var cluster: String?
        public var attributes: [String: String]
        public init(key: String, cluster: String? = nil, attributes: [String: String]) {
            self.key = key
            self.cluster = cluster
            self.attributes = attributes
        }
    }

    /// An edge between two node keys.
    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        /// Distinguishes edges between the same pair (a directed and an undirected tie).
        public var key: String
        public var attributes: [String: String]
        public init(from: String, to: String, key: String, attributes: [String: String]) {
            self.from = from
            self.to = to
            self.key = key
            self.attributes = attributes
        }
    }

    /// A cluster (a group or community) drawn as a box around its nodes.
    public struct Cluster: Sendable, Hashable {
        public var key: String
        public var attributes: [String: String]
        public init(key: String, attributes: [String: String]) {
            self.key = key
            self.attributes = attributes
        }
    }

    /// The layout engine this map reads best in (nil: chosen by size); `--engine` overrides it.
    public var engine: LayoutEngine?
    /// Whether edges have a direction (arrows are then drawn per edge with `dir`).
    public var directed = true
    public var graphAttributes: [String: String] = [:]
    public var nodeDefaults: [String: String] = [:]
    public var edgeDefaults: [String: String] = [:]
    public var clusters: [Cluster] = []
    public var nodes: [Node] = []
    public var edges: [Edge] = []
    /// The legend, as a Graphviz HTML-like table (fixed words only, never personal data); drawn
    /// as a node of its own so that every layout engine places it.
    public var legend: String?

    public init() {}

    /// The engine a render uses: the one forced, else the map's own, else by size.
    public func layoutEngine(forced: LayoutEngine? = nil) -> LayoutEngine {
        forced ?? engine ?? LayoutEngine.forSize(nodes.count)
    }
}
