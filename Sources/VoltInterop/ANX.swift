import Foundation
import VoltModel

/// i2 Analyst's Notebook exchange XML (ANX, the `Chart` schema of ANB 7 to 9): entity types per
/// VOLT type, link types per link type, attribute classes for every attribute, one `ChartItem`
/// per entity (`End`/`Entity` with an icon) and per link (`Link` with `End1Id`/`End2Id`, an
/// arrow on exploits and supplies), link dates in `DateTime`, and the 3x5x2 grading in i2's
/// three grade fields: `GradeOneIndex` the source (1–3), `GradeTwoIndex` the intelligence (A–E),
/// `GradeThreeIndex` the handling code (P, C), each an index into the chart's grade lists.
/// docs/interop.md gives the mapping.
public final class ANXWriter: GraphWriter {
    private let xml: XMLWriter
    private var nodeAttributes: [AttributeSpec] = [], linkAttributes: [AttributeSpec] = []
    private var inItems = false
    private var x = 0

    /// The grade lists written into the chart; a grading's letters index into these.
    static let sourceGrades = ["1: reliable", "2: untested", "3: not reliable"]
    static let intelligenceGrades = ["A: known directly to the source", "B: known indirectly, corroborated", "C: known indirectly",
                                     "D: not known", "E: suspected to be false"]
    static let handlingGrades = ["P: lawful sharing permitted", "C: lawful sharing with conditions"]

    /// The i2 entity type (and icon) of each VOLT type.
    static func entityType(_ t: VoltType) -> (name: String, icon: String) {
        switch t {
        case .victim: return ("Victim", "Person")
        case .offender: return ("Offender", "Offender")
        case .victimOffender: return ("Victim and offender", "Offender")
        case .person: return ("Person", "Person")
        case .location: return ("Location", "Building")
        case .theme: return ("Theme", "Document")
        }
    }

    public init(path: String) throws(ExportError) { xml = try XMLWriter(path: path) }

    public func begin(_ h: ExportHeader) throws {
        nodeAttributes = h.nodeAttributes.filter { $0.name != "label" }
        linkAttributes = h.linkAttributes.filter { !["type", "directed", "start", "source", "reference", "grading", "grade_source", "grade_intelligence", "grade_handling"].contains($0.name) }
        xml.start("Chart", ["IdReferenceLinking": "false", "Rigorous": "true"])
        xml.start("Summary")
        xml.element("Title", text: "volt export")
        xml.element("Comments", text: "labels: \(h.level.rawValue); \(h.selection)")
        xml.end()
        grades("GradeOne", Self.sourceGrades)
        grades("GradeTwo", Self.intelligenceGrades)
        grades("GradeThree", Self.handlingGrades)
        xml.start("AttributeClassCollection")
        for a in nodeAttributes + linkAttributes {
            xml.element("AttributeClass", ["Name": a.name, "Type": Self.attributeType(a.type), "ShowValue": "true", "UserCanAdd": "true", "UserCanRemove": "true"])
        }
        xml.end()
        xml.start("EntityTypeCollection")
        for t in VoltType.allCases {
            let e = Self.entityType(t)
            xml.element("EntityType", ["Name": e.name, "IconFile": e.icon])
        }
        xml.end()
        xml.start("LinkTypeCollection")
        for t in h.linkTypes { xml.element("LinkType", ["Name": t, "Colour": "0"]) }
        xml.end()
    }

    private func grades(_ name: String, _ texts: [String]) {
        xml.start(name)
        xml.start("StringCollection")
        for t in texts { xml.element("String", ["Text": t]) }
        xml.end()
        xml.end()
    }

    static func attributeType(_ t: AttributeType) -> String {
        switch t {
        case .string: return "AttText"
        case .int, .double: return "AttNumber"
        case .boolean: return "AttFlag"
        }
    }

    private func items() {
        if !inItems { xml.start("ChartItemCollection"); inItems = true }
    }

    private func attributes(_ values: [String: String], _ specs: [AttributeSpec]) {
        let shown = specs.compactMap { a in values[a.name].map { (a.name, $0) } }
        guard !shown.isEmpty else { return }
        xml.start("AttributeCollection")
        for (k, v) in shown { xml.element("Attribute", ["AttributeClass": k, "Value": v]) }
        xml.end()
    }

    public func node(_ n: ExportNode) throws {
        items()
        // A simple grid so the chart opens readable before i2 lays it out.
        let position = (x % 40) * 120
        xml.start("ChartItem", ["Label": n.label, "DateSet": "false", "XPosition": String(position)])
        xml.start("End", ["Y": String((x / 40) * 120)])
        xml.start("Entity", ["EntityId": n.key, "Identity": n.key, "LabelIsIdentity": "false"])
        xml.start("Icon")
        xml.element("IconStyle", ["Type": Self.entityType(n.type).name])
        xml.end()
        xml.end()
        xml.end()
        attributes(n.attributes, nodeAttributes)
        xml.end()
        x += 1
    }

    public func link(_ l: ExportLink) throws {
        items()
        xml.start("ChartItem", ["Label": l.type, "DateSet": "true", "DateTime": l.start.iso8601])
        xml.attribute("SourceType", l.attributes["source"] ?? "")
        if let r = l.attributes["reference"] { xml.attribute("SourceReference", r) }
        if let s = l.attributes["grade_source"], let i = Int(s) { xml.attribute("GradeOneIndex", String(i - 1)) }
        if let c = l.attributes["grade_intelligence"]?.unicodeScalars.first {
            xml.attribute("GradeTwoIndex", String(Int(c.value) - Int(Unicode.Scalar("A").value)))
        }
        if let h = l.attributes["grade_handling"] { xml.attribute("GradeThreeIndex", h == "P" ? "0" : "1") }
        xml.start("Link", ["End1Id": l.source, "End2Id": l.target])
        xml.element("LinkStyle", ["Type": l.type, "ArrowStyle": l.directed ? "ArrowOnHead" : "ArrowNone", "LineWidth": "1"])
        xml.end()
        attributes(l.attributes, linkAttributes)
        xml.end()
    }

    public func finish() throws {
        items()
        try xml.finish()
    }
}
