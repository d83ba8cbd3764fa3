import Foundation
import VoltGraph
import VoltLoad
import VoltModel
import VoltPrivacy
import VoltStore

/// The type of an exported attribute, as GraphML, GEXF and the JSON formats declare it.
public enum AttributeType: String, Sendable {
    case string, int, double, boolean
}

/// An attribute every export declares, with its type and the label levels it may appear at.
public struct AttributeSpec: Sendable, Hashable {
    /// The attribute's name in every format.
    public let name: String
    public let type: AttributeType
    /// Shown only at the names level (identifying: dates of birth, agency references).
    public let namesOnly: Bool

    init(_ name: String, _ type: AttributeType = .string, namesOnly: Bool = false) {
        self.name = name
        self.type = type
        self.namesOnly = namesOnly
    }
}

/// One entity as an export shows it at a label level: `key` is its id in the file (the entity
/// id, a pseudonym, or `n1`, `n2`, ... at the initials level).
public struct ExportNode: Sendable, Hashable {
    public var key: String
    public var label: String
    public var type: VoltType
    /// Values by attribute name (only those with a value; always text, typed by the spec).
    public var attributes: [String: String]
}

/// One link as an export shows it: endpoints are node keys; exploits and supplies point from
/// the offender (`directed`).
public struct ExportLink: Sendable, Hashable {
    public var key: String
    public var source: String
    public var target: String
    public var type: String
    public var directed: Bool
    public var start: Timestamp
    public var end: Timestamp?
    public var attributes: [String: String]
}

/// What a format writer receives, in this order: `begin` once, every node, every link, `finish`.
public protocol GraphWriter: AnyObject {
    func begin(_ header: ExportHeader) throws
    func node(_ n: ExportNode) throws
    func link(_ l: ExportLink) throws
    func finish() throws
}

/// What an export says about itself.
public struct ExportHeader: Sendable {
    public var level: LabelLevel
    /// What was selected, in words (period, link types, grading), for the file's description.
    public var selection: String
    public var nodeAttributes: [AttributeSpec]
    public var linkAttributes: [AttributeSpec]
    /// The link types the export holds, sorted.
    public var linkTypes: [String]
}

/// Which entities and links an export takes.
public struct ExportRequest: Sendable {
    /// Links by period, type and grading.
    public var links = LinkSelection()
    /// Only entities of these VOLT types (nil: all); links to others are left out.
    public var types: Set<VoltType>?
    /// Also entities with no selected link (by default an export holds only entities that a
    /// selected link touches: disclose no more than the question needs).
    public var allEntities = false
    public var level: LabelLevel = .pseudonyms
    /// The period and filters in words.
    public var selection = "all links"

    public init() {}
}

/// How many entities and links an export disclosed.
public struct ExportCount: Sendable, Equatable {
    public var entities = 0
    public var links = 0
}

/// Streams the store through a `GraphWriter` at a label level: entities and links are read
/// twice from the store (once to see which entities the selected links touch, once to write),
/// never held whole, so memory is the entity table and not the links.
public enum GraphExport {
    /// Node attributes, in the order every format declares them.
    public static let nodeAttributes: [AttributeSpec] = [
        .init("label"), .init("volt_type"), .init("kind"), .init("category"), .init("area"), .init("age_band"),
        .init("gender"), .init("ethnicity"), .init("victim_since"), .init("offender_since"),
        .init("latitude", .double), .init("longitude", .double),
        .init("date_of_birth", namesOnly: true), .init("references", namesOnly: true), .init("review_date", namesOnly: true),
        .init("record_source"), .init("address", namesOnly: true), .init("postcode", namesOnly: true),
    ]
    /// Link attributes, in the order every format declares them.
    public static let linkAttributes: [AttributeSpec] = [
        .init("type"), .init("directed", .boolean), .init("start"), .init("end"), .init("source"), .init("grading"),
        .init("grade_source", .int), .init("grade_intelligence"), .init("grade_handling"), .init("weight", .double),
        .init("recorded_at"), .init("reference", namesOnly: true),
    ]

    /// Writes the selection through `writer`; returns what was disclosed.
    public static func run(_ r: StoreReader, _ request: ExportRequest, labeller: Labeller, into writer: GraphWriter) throws -> ExportCount {
        let table = try EntityTable(r)
        let all = Array(table.ids.indices)
        let labels = labeller.labels(for: all, in: table)
        let typeAllowed = table.types.map { request.types?.contains($0) ?? true }
        func admits(_ l: Link) -> Bool {
            guard let a = table.index(l.from), let b = table.index(l.to), typeAllowed[a], typeAllowed[b] else { return false }
            return request.links.admits(l)
        }
        var included = typeAllowed.map { $0 && request.allEntities }
        var linkTypes = Set<String>()
        try r.forEachLink { l in
            guard admits(l) else { return }
            included[table.index(l.from)!] = true
            included[table.index(l.to)!] = true
            linkTypes.insert(l.type.rawValue)
        }
        let names = request.level == .names
        let header = ExportHeader(level: request.level, selection: request.selection,
                                  nodeAttributes: nodeAttributes.filter { names || !$0.namesOnly },
                                  linkAttributes: linkAttributes.filter { names || !$0.namesOnly }, linkTypes: linkTypes.sorted())
        try writer.begin(header)
        var count = ExportCount()
        try r.forEachEntity { e in
            guard let i = table.index(e.id), included[i] else { return }
            try writer.node(node(e, i, table: table, key: labels[i].key, label: names ? e.name : labels[i].label, labeller: labeller))
            count.entities += 1
        }
        try r.forEachLink { l in
            guard admits(l) else { return }
            let a = table.index(l.from)!, b = table.index(l.to)!
            var attributes: [String: String] = ["type": l.type.rawValue, "directed": l.type.isDirected ? "true" : "false",
                                                "start": l.start.iso8601, "source": l.provenance.source]
            attributes["end"] = l.end?.iso8601
            if let g = l.grading {
                attributes["grading"] = g.description
                attributes["grade_source"] = String(g.source)
                attributes["grade_intelligence"] = String(g.intelligence)
                attributes["grade_handling"] = String(g.handling)
            }
            attributes["weight"] = l.weight.map { String($0) }
            attributes["recorded_at"] = l.provenance.recordedAt?.iso8601
            if names { attributes["reference"] = l.provenance.reference }
            try writer.link(ExportLink(key: "e\(count.links)", source: labels[a].key, target: labels[b].key, type: l.type.rawValue,
                                       directed: l.type.isDirected, start: l.start, end: l.end, attributes: attributes))
            count.links += 1
        }
        try writer.finish()
        return count
    }

    private static func node(_ e: Entity, _ i: Int, table: EntityTable, key: String, label: String, labeller: Labeller) -> ExportNode {
        var a: [String: String] = ["label": label, "volt_type": e.voltType.rawValue, "kind": e.kind.rawValue]
        a["category"] = e.category?.rawValue
        a["area"] = e.area
        a["age_band"] = e.ageBand
        a["gender"] = e.gender
        a["ethnicity"] = e.ethnicity
        // The agency holding a person's record (not "source": links use that for theirs).
        a["record_source"] = e.source
        // Exact times of a role re-identify people (95 of 150 in the sample): below names they
        // are rounded to the first of their month.
        func when(_ t: Timestamp?) -> String? {
            guard let t else { return nil }
            return labeller.level == .names ? t.iso8601 : Month(containing: t).start.iso8601
        }
        a["victim_since"] = when(e.victimSince)
        a["offender_since"] = when(e.offenderSince)
        // Where a place is, only where its name may be shown (a public place, or names level).
        if labeller.showsName(of: i, in: table) || labeller.level == .names {
            a["latitude"] = e.latitude.map { String($0) }
            a["longitude"] = e.longitude.map { String($0) }
        }
        if labeller.level == .names {
            a["date_of_birth"] = e.dateOfBirth?.text
            a["references"] = e.references.isEmpty ? nil : e.references.map { "\($0.agency):\($0.reference)" }.joined(separator: ";")
            a["review_date"] = e.reviewDate?.text
            a["address"] = e.address
            a["postcode"] = e.postcode
        }
        return ExportNode(key: key, label: label, type: e.voltType, attributes: a)
    }
}
