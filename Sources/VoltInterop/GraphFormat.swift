/// The other tools' formats volt writes: the registry the CLI lists and the export question
/// picks a writer from. One case per format, one file per format beside this one.
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
