import Foundation
import VoltIO
import VoltModel

/// Two CSV files in a folder, written beside their final names and renamed into place only
/// when both are complete.
final class CSVPair {
    let folder: URL
    private var files: [ChunkedCSVFile] = []

    init(folder: String, _ tables: [(name: String, header: [String])]) throws(ExportError) {
        self.folder = URL(fileURLWithPath: folder)
        do {
            try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for t in tables {
                files.append(try ChunkedCSVFile(destination: self.folder.appendingPathComponent(t.name).path, header: t.header))
            }
        } catch {
            abandon()
            throw .unwritable(path: folder, reason: "\(error)")
        }
    }

    func write(_ table: Int, _ row: [String]) throws { try files[table].write(row) }

    func finish() throws {
        for f in files { try f.close() }
        for f in files { try f.commit() }
        files = []
    }

    func abandon() {
        for f in files { f.discard() }
        files = []
    }

    deinit { abandon() }
}

/// `nodes.csv` and `edges.csv` as Gephi's spreadsheet import and most tools read them: nodes
/// `Id,Label,…attributes`; edges `Id,Source,Target,Type` (Directed or Undirected), `Label` (the
/// link type), then the link attributes.
public final class GraphCSVWriter: GraphWriter {
    private let folder: String
    private var pair: CSVPair?
    private var nodeColumns: [String] = [], linkColumns: [String] = []

    /// Writes `nodes.csv` and `edges.csv` into `folder` (created if needed).
    public init(folder: String) { self.folder = folder }

    public func begin(_ h: ExportHeader) throws {
        nodeColumns = h.nodeAttributes.map(\.name).filter { $0 != "label" }
        linkColumns = h.linkAttributes.map(\.name).filter { $0 != "type" && $0 != "directed" }
        pair = try CSVPair(folder: folder, [("nodes.csv", ["Id", "Label"] + nodeColumns),
                                            ("edges.csv", ["Id", "Source", "Target", "Type", "Label"] + linkColumns)])
    }

    public func node(_ n: ExportNode) throws {
        try pair!.write(0, [n.key, n.label] + nodeColumns.map { n.attributes[$0] ?? "" })
    }

    public func link(_ l: ExportLink) throws {
        try pair!.write(1, [l.key, l.source, l.target, l.directed ? "Directed" : "Undirected", l.type] + linkColumns.map { l.attributes[$0] ?? "" })
    }

    public func finish() throws { try pair!.finish() }
}

/// Neo4j's `neo4j-admin database import` files: `nodes.csv` with `id:ID` and `:LABEL`
/// (Person;Victim, Location, …) and typed property columns; `relationships.csv` with
/// `:START_ID`, `:END_ID`, `:TYPE` (ASSOCIATE, EXPLOITS, …) and the link properties, times as
/// `datetime`.
public final class Neo4jWriter: GraphWriter {
    private let folder: String
    private var pair: CSVPair?
    private var nodeColumns: [AttributeSpec] = [], linkColumns: [AttributeSpec] = []

    /// Writes `nodes.csv` and `relationships.csv` into `folder` (created if needed).
    public init(folder: String) { self.folder = folder }

    static func header(_ a: AttributeSpec) -> String {
        if ["start", "end", "recorded_at", "victim_since", "offender_since"].contains(a.name) { return a.name + ":datetime" }
        switch a.type {
        case .string: return a.name
        case .int: return a.name + ":long"
        case .double: return a.name + ":double"
        case .boolean: return a.name + ":boolean"
        }
    }

    /// Neo4j labels of an entity: its kind, and its role for people.
    static func labels(_ t: VoltType) -> String {
        switch t {
        case .victim: return "Person;Victim"
        case .offender: return "Person;Offender"
        case .victimOffender: return "Person;Victim;Offender"
        case .person: return "Person"
        case .location: return "Location"
        case .theme: return "Theme"
        }
    }

    /// A relationship type: upper case, letters, digits and underscores.
    static func relationship(_ type: String) -> String {
        String(type.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    public func begin(_ h: ExportHeader) throws {
        nodeColumns = h.nodeAttributes
        linkColumns = h.linkAttributes.filter { $0.name != "type" }
        pair = try CSVPair(folder: folder, [("nodes.csv", ["id:ID"] + nodeColumns.map(Self.header) + [":LABEL"]),
                                            ("relationships.csv", [":START_ID", ":END_ID", ":TYPE", "id", "link_type"] + linkColumns.map(Self.header))])
    }

    public func node(_ n: ExportNode) throws {
        try pair!.write(0, [n.key] + nodeColumns.map { n.attributes[$0.name] ?? "" } + [Self.labels(n.type)])
    }

    public func link(_ l: ExportLink) throws {
        try pair!.write(1, [l.source, l.target, Self.relationship(l.type), l.key, l.type] + linkColumns.map { l.attributes[$0.name] ?? "" })
    }

    public func finish() throws { try pair!.finish() }
}
