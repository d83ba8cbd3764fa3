import VoltIO

/// The other tools' formats volt writes (and, for GraphML and ANX, reads): the registry the CLI
/// lists, the export question picks a writer from and the import takes a chart reader from. One case per format, one file per format beside this one.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// GraphML with typed keys (yEd, Gephi, networkx); also read by `volt import`.
    case graphml
    /// GEXF 1.3, dynamic: every link a spell (Gephi).
    case gexf
    /// Cytoscape.js elements JSON.
    case cytoscape
    /// JSON Graph Format v2.
    case jgf
    /// nodes.csv and edges.csv in a folder (Gephi's spreadsheet import).
    case csv
    /// neo4j-admin import files in a folder.
    case neo4j
    /// i2 Analyst's Notebook chart (ANX), gradings in i2's grade fields; also read by `volt import`.
    case anx

    /// The chart format that reads `path` into volt (GraphML and ANX, by extension), or nil.
    public static func chart(for path: String) -> ChartFormat? {
        let p = path.lowercased()
        guard let f = [GraphFormat.graphml, .anx].first(where: { p.hasSuffix("." + $0.rawValue) }) else { return nil }
        return ChartFormat(name: f.rawValue) { path, name, kind throws(ImportError) in
            try ChartRecordReader(path: path, displayName: name, kind: kind)
        }
    }

    /// Whether it writes a folder of files rather than one file.
    public var isFolder: Bool { self == .csv || self == .neo4j }

    /// A writer to `path` (a file, or a folder for `isFolder` formats).
    public func writer(_ path: String) throws -> GraphWriter {
        switch self {
        case .graphml: return try GraphMLWriter(path: path)
        case .gexf: return try GEXFWriter(path: path)
        case .cytoscape: return try CytoscapeWriter(path: path)
        case .jgf: return try JGFWriter(path: path)
        case .csv: return GraphCSVWriter(folder: path)
        case .neo4j: return Neo4jWriter(folder: path)
        case .anx: return try ANXWriter(path: path)
        }
    }
}
