import VoltGraph
import VoltIO
import VoltInterop
import VoltModel
import VoltPrivacy
import VoltStore

/// What `export` writes: volt's own CSV records, or another tool's format.
public enum ExportFormat: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The whole store as the four CSV files `volt import` reads back, names and all.
    case volt
    /// Another tool's format, at a label level.
    case graph(GraphFormat)

    public static var allCases: [ExportFormat] { [.volt] + GraphFormat.allCases.map(ExportFormat.graph) }

    /// Reads a format's name.
    public init?(rawValue: String) {
        if rawValue == "volt" { self = .volt } else if let g = GraphFormat(rawValue: rawValue) { self = .graph(g) } else { return nil }
    }

    public var rawValue: String {
        switch self {
        case .volt: return "volt"
        case .graph(let g): return g.rawValue
        }
    }

    public var description: String { rawValue }
}

/// An export for another tool, or of the whole store: a disclosure, logged with its recipient
/// and what it disclosed in the transaction that writes it. Files appear whole or not at all.
public struct ExportQuestion: Question {
    /// The name in the audit log and the JSON `query`.
    public static let name = "export"
    /// Logged as this kind of processing.
    public static let action = AuditAction.disclosure
    public var format = ExportFormat.volt
    /// The file, or the folder for folder formats.
    public var out: String
    /// Who receives it.
    public var recipient: String
    /// Which links (and the entities they touch); not for `volt`, which is the whole store.
    public var filter = NetworkFilter()
    /// What it may show of people (not for `volt`).
    public var level = LabelLevel.pseudonyms
    /// Also entities no selected link touches.
    public var allEntities = false

    /// A request with these values; every other parameter at its default.
    public init(format: ExportFormat, out: String, recipient: String) {
        self.format = format
        self.out = out
        self.recipient = recipient
    }

    public var parameters: Parameters {
        var p = format == .volt ? Parameters() : filter.parameters
        p.set("format", format.rawValue)
        p.set("out", out)
        p.set("recipient", recipient)
        p.set("labels", format == .volt ? LabelLevel.names.rawValue : level.rawValue)
        p.flag("all_entities", allEntities)
        return p
    }

    public func validate() throws {
        guard !recipient.trimmingSpaces.isEmpty else { throw StoreError.missingRecipient("an export") }
        try filter.validate()
        guard filter.colocated == nil, !filter.directed, !filter.weighted else {
            throw BadRequest("--colocated, --directed and --weighted shape analysis snapshots, not exports")
        }
    }

    /// What was disclosed.
    public struct Answer: Sendable, Encodable, AnnotatedAnswer {
        public let entities: Int, links: Int
        /// Records by kind (the volt format).
        public let records: [RecordKind: Int]
        public var notes: Parameters {
            var p = Parameters()
            p.set("disclosed_entities", entities)
            p.set("disclosed_links", links)
            for (k, n) in records where k != .entities && k != .links { p.set("disclosed_\(k.rawValue)", n) }
            return p
        }
        enum CodingKeys: CodingKey { case entities, links }
    }

    public func answer(_ r: StoreReader, in session: Session) throws -> Answer {
        guard case .graph(let kind) = format else {
            let c = try CSVExport.write(r, to: out)
            return Answer(entities: c[.entities] ?? 0, links: c[.links] ?? 0, records: c)
        }
        var request = ExportRequest()
        request.links = filter.selection()
        request.types = filter.voltTypes
        request.allEntities = allEntities
        request.level = level
        let selection = filter.parameters.line
        request.selection = selection.isEmpty ? "all links" : selection
        let labeller = Labeller(level: level, key: try r.pseudonymKey())
        let write = { (path: String) throws -> ExportCount in
            let c = try GraphExport.run(r, request, labeller: labeller, into: try kind.writer(path))
            guard c.entities > 0 else { throw BadRequest("nothing to export: no link matches these filters") }
            return c
        }
        // A folder's files are renamed into place together by their writer; one file through
        // a temporary beside it.
        let c = kind.isFolder ? try write(out) : try AtomicFile.write(to: out, write)
        return Answer(entities: c.entities, links: c.links, records: [:])
    }
}
