import ArgumentParser
import Foundation
import VoltGraph
import VoltIO
import VoltInterop
import VoltModel
import VoltPrivacy
import VoltStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export for another tool (GraphML, GEXF), or the whole store as CSV files that 'volt import' reads back.",
        discussion: """
            Every export is a disclosure (DPA 2018 s.62): it needs --recipient and a purpose, and is logged with both and with how many entities it disclosed.

            volt (the default) writes entities.csv, links.csv, sightings.csv and missing.csv into the --out folder, names and all; files appear under their final names only when all four are complete.

            The other formats write at the --labels level (default pseudonyms) the entities that the selected links touch (--all-entities for every entity of the selected types) and the links chosen by --from, --to, --links, --types and --min-grading: graphml (typed keys), gexf (dynamic: every link a spell from its start to its end), cytoscape (Cytoscape.js JSON), jgf (JSON Graph Format v2), anx (i2 Analyst's Notebook, gradings in i2's grade fields) as one file; csv (nodes.csv and edges.csv) and neo4j (neo4j-admin import files) into a folder. Files appear under their names only when complete. docs/interop.md lists every attribute and the i2 mapping.

            Examples:
              volt export --out shared/ --recipient "MACE analyst team" --purpose "quarterly data share"
              volt export graphml --out area.graphml --labels pseudonyms --recipient "university research team" --purpose "DSA 2026-14: network study"
              volt export gexf --out area.gexf --from 2026-01-01 --links associate,exploits --recipient "Gephi, analyst's own machine" --purpose "EFH panel preparation"
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var snapshot: SnapshotOptions

    @Argument(help: ArgumentHelp("What to write: volt (CSV files volt imports), graphml, gexf, cytoscape, jgf, csv, neo4j or anx.", valueName: "format"))
    var format: String = "volt"

    @Option(help: ArgumentHelp("The file (the folder, for volt) to write.", valueName: "path"))
    var out: String

    @Option(help: ArgumentHelp("Who receives the export (required: it is logged as a disclosure).", valueName: "name"))
    var recipient: String?

    @Option(help: ArgumentHelp("What the export may show of people: names, initials or pseudonyms (all but volt).", valueName: "level"))
    var labels: String = "pseudonyms"

    @Flag(name: .customLong("all-entities"), help: "Also entities that no selected link touches.")
    var allEntities = false

    func run() throws {
        try guarded {
            guard let recipient, !recipient.trimmingSpaces.isEmpty else {
                throw UserError("an export is a disclosure and needs a recipient: give --recipient \"who receives it\"")
            }
            guard let kind = ExportFormat(rawValue: format) else {
                throw ValidationError("unknown export format '\(format)' (expected \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if kind == .volt { return try exportRecords(recipient) }
            guard let level = LabelLevel(rawValue: labels) else {
                throw ValidationError("--labels must be names, initials or pseudonyms (got '\(labels)')")
            }
            guard snapshot.colocated == nil, !snapshot.directed, !snapshot.weighted else {
                throw ValidationError("--colocated, --directed and --weighted shape analysis snapshots, not exports")
            }
            let filter = try snapshot.filter()
            var request = ExportRequest()
            request.links = filter.links
            request.types = filter.voltTypes
            request.allEntities = allEntities
            request.level = level
            request.selection = snapshot.summary.isEmpty ? "all links" : snapshot.summary
            let (s, ctx) = try store.open()
            let labeller = Labeller(level: level, key: try s.pseudonymKey())
            let disclose = { (writer: GraphWriter) throws -> ExportCount in
                try s.write(ctx, action: .disclosure) { w -> (ExportCount, String) in
                    let c = try GraphExport.run(w.reader, request, labeller: labeller, into: writer)
                    guard c.entities > 0 else { throw StoreError.badRequest("nothing to export: no link matches these filters") }
                    return (c, "export \(kind.rawValue) to \(recipient) (\(out)), labels \(level.rawValue), \(request.selection): \(c.entities) entities, \(c.links) links")
                }
            }
            // A folder's files are renamed into place together by their writer; one file through
            // a temporary beside it.
            let count = kind.isFolder ? try disclose(try kind.writer(out)) : try AtomicFile.write(to: out) { try disclose(try kind.writer($0)) }
            print("wrote \(out): \(count.entities) entities, \(count.links) links, labels \(level.rawValue); logged as a disclosure to \(recipient)")
        }
    }

    private func exportRecords(_ recipient: String) throws {
        let (s, ctx) = try store.open()
        let counts = try CSVExport.export(s, to: out, recipient: recipient, context: ctx)
        var t = Table(["file", "records"])
        for k in RecordKind.allCases { t.add(["\(out)/\(k.rawValue).csv", String(counts[k] ?? 0)]) }
        print(t.text)
    }
}

/// The formats `volt export` writes.
enum ExportFormat: String, CaseIterable {
    case volt, graphml, gexf, cytoscape, jgf, csv, neo4j, anx

    /// Whether it writes a folder of files rather than one file.
    var isFolder: Bool { self == .volt || self == .csv || self == .neo4j }

    func writer(_ path: String) throws -> GraphWriter {
        switch self {
        case .graphml: return try GraphMLWriter(path: path)
        case .gexf: return try GEXFWriter(path: path)
        case .cytoscape: return try CytoscapeWriter(path: path)
        case .jgf: return try JGFWriter(path: path)
        case .csv: return GraphCSVWriter(folder: path)
        case .neo4j: return Neo4jWriter(folder: path)
        case .anx: return try ANXWriter(path: path)
        case .volt: preconditionFailure("the volt format is the store's own CSV export")
        }
    }
}

/// A file written whole or not at all: into a hidden temporary beside it, renamed into place
/// when complete (rename(2) replaces the old file in one step: a reader sees the old or the
/// new), removed on any failure. Maps, exports and packs all write through it.
enum AtomicFile {
    /// Lets `body` write the temporary path, then renames it to `path`.
    static func write<T>(to path: String, _ body: (String) throws -> T) throws -> T {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial").path
        do {
            let result = try body(temporary)
            guard rename(temporary, url.path) == 0 else { throw UserError("cannot write \(path): \(String(cString: strerror(errno)))") }
            return result
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes `data` to `path`.
    static func write(_ data: Data, to path: String) throws {
        try write(to: path) { temporary in
            do { try data.write(to: URL(fileURLWithPath: temporary)) } catch {
                throw UserError("cannot write \(path): \(error.localizedDescription)")
            }
        }
    }
}
