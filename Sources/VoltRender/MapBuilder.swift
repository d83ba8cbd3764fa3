import Foundation
import VoltGraph
import VoltModel
import VoltPrivacy

/// What to put on a map, as entity indexes; `makeMap` turns it into a `MapDocument` at a label
/// level. Which entities belong (a peer group, an ego network, ...) is decided by the caller
/// with the analysis functions; this only draws.
public struct MapRequest: Sendable {
    /// The heading: what the map shows (already at the label level).
    public var title: String
    /// Second heading line: period and filters.
    public var subtitle: String
    /// Entities drawn as themselves.
    public var nodes: [Int] = []
    /// Groups drawn as boxes around their members (members must be in `nodes`), with labels.
    public var groups: [(label: String, members: [Int])] = []
    /// Groups drawn as one node each (an overview), with labels; their members are not in `nodes`.
    public var collapsed: [(label: String, members: [Int])] = []
    /// Brokers: drawn with a double border.
    public var brokers: Set<Int> = []
    /// Key players for disruption: drawn with a thick border.
    public var keyPlayers: Set<Int> = []
    /// Whom the map is about (the child of a group map, the centre of an ego map, the two
    /// ends of a path): bold name and border, so the reader finds them first.
    public var focus: Set<Int> = []
    /// Co-location ties (seen together at a place), with how many times.
    public var coLocations: [(a: Int, b: Int, count: Int)] = []
    /// Sightings (person at a place), with how many times.
    public var sightings: [(person: Int, place: Int, count: Int)] = []
    /// Only links of these types are drawn (nil: all in the table).
    public var linkTypes: Set<LinkType>?
    /// Lay out left to right (paths).
    public var leftToRight = false
    /// Reading order (paths): each entity's step from the start. Lines are laid out from the
    /// lower step to the higher, so a chain reads from its start whatever way its arrows point.
    public var steps: [Int: Int] = [:]
    /// The layout engine this kind of map reads best in (nil: by size).
    public var engine: LayoutEngine?
    /// For the workspace: nodes carry classes `vt-TYPE h-HANDLE` (the handle is the entity's
    /// pseudonym, so a page can ask about a node without its id in the picture) and ties
    /// `tie g-GRADING m-YYYY-MM ...` (every month one of its links was active in), so a page
    /// can filter by type, grading and time without drawing again.
    public var interactive = false
    /// At most this many ties, those standing for the most links (nil: all): a county's
    /// communities are nearly all tied to one another, and only the strongest ties read.
    public var tieLimit: Int?
    /// No title and no legend: for a page that captions its maps and explains them once (the
    /// pack), so that the people get the space.
    public var bare = false

    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }
}

/// Builds the map: nodes in the VOLT visual language at the label level, one edge per pair (and
/// one more for exploits or supplies, with its arrow), styled by the best grading among its
/// links and as wide as it has links; groups as clusters; a legend of what appears.
public func makeMap(_ r: MapRequest, entities e: EntityTable, links l: TimedLinkTable, labeller: Labeller) -> MapDocument {
    var doc = MapDocument()
    doc.directed = true
    doc.engine = r.engine
    let shown = r.nodes
    let labels = labeller.labels(for: shown, in: e)
    var keyOf: [Int: String] = [:]
    for (i, v) in shown.enumerated() { keyOf[v] = labels[i].key }
    // Collapsed groups: every member maps to its group's node.
    var groupKey: [Int: String] = [:]
    for (g, c) in r.collapsed.enumerated() { for v in c.members { groupKey[v] = "group\(g + 1)" } }
    func endpoint(_ v: Int) -> String? { keyOf[v] ?? groupKey[v] }

    // Dates per node, for tooltips (dates are not identifying; names and ids never go there).
    var first = [Int: Int64](), last = [Int: Int64]()
    let allowed = l.typeNames.map { name in r.linkTypes.map { LinkType(parsing: name).map($0.contains) ?? false } ?? true }
    for k in 0..<l.count where allowed[Int(l.type[k])] {
        for v in [Int(l.src[k]), Int(l.dst[k])] where keyOf[v] != nil {
            first[v] = min(first[v] ?? .max, l.start[k])
            last[v] = max(last[v] ?? .min, l.end[k])
        }
    }
    func day(_ t: Int64) -> String { t == .max ? "still open" : Timestamp(seconds: t).day }

    var typesShown = Set<VoltType>()
    for (i, v) in shown.enumerated() {
        let t = e.types[v]
        typesShown.insert(t)
        let look = VisualLanguage.node(t)
        var a: [String: String] = [
            "label": labels[i].label, "shape": look.shape, "style": "filled", "fillcolor": look.fill, "id": labels[i].key,
            "tooltip": look.legend + (first[v].map { "; links \(day($0)) to \(day(last[v]!))" } ?? ""),
        ]
        if r.interactive { a["class"] = "vt-\(t.rawValue) h-\(labeller.pseudonym(e.ids[v], prefix: "H"))" }
        if r.brokers.contains(v) { a["peripheries"] = "2" }
        if r.focus.contains(v) { a["fontname"] = "DejaVu Sans Bold"; a["penwidth"] = "2"; a["fontsize"] = "12" }
        if r.keyPlayers.contains(v) { a["penwidth"] = "3"; a["label"]! += " ★" }
        doc.nodes.append(.init(key: labels[i].key, attributes: a))
    }
    for (g, c) in r.collapsed.enumerated() {
        var counts: [VoltType: Int] = [:]
        for v in c.members { counts[e.types[v], default: 0] += 1 }
        let breakdown = VoltType.allCases.compactMap { t in counts[t].map { count(t, $0) } }
        doc.nodes.append(.init(key: "group\(g + 1)", attributes: [
            // Who is inside, on the node itself: a panel reads "3 offenders" without hovering.
            "label": "\(c.label): \(c.members.count) members\n"
                + stride(from: 0, to: breakdown.count, by: 2).map { breakdown[$0..<min($0 + 2, breakdown.count)].joined(separator: ", ") }.joined(separator: "\n"), "shape": "doubleoctagon", "style": "filled", "fillcolor": "#FFFFFF",
            "id": "group\(g + 1)", "tooltip": breakdown.joined(separator: ", "),
            "width": String(format: "%.2f", min(3.0, 0.8 + Double(c.members.count).squareRoot() / 4)),
        ]))
    }
    // Clusters: members must be drawn as themselves.
    var clusterOf: [String: String] = [:]
    for (g, c) in r.groups.enumerated() where c.members.count > 1 {
        let key = "g\(g + 1)"
        doc.clusters.append(.init(key: key, attributes: ["label": c.label, "style": "rounded,dashed", "color": "#777777", "fontsize": "11"]))
        for v in c.members { if let k = keyOf[v] { clusterOf[k] = key } }
    }
    for i in doc.nodes.indices { doc.nodes[i].cluster = clusterOf[doc.nodes[i].key] }

    // Edges between what is drawn: one per unordered pair for two-way links, one per ordered
    // pair for exploits and supplies.
    struct Tie { var count = 0; var best = VisualLanguage.Confidence.weak; var types = Set<String>(); var first = Int64.max; var last = Int64.min; var months = Set<Month>() }
    // An open link is active up to the latest moment the table knows of.
    let latest = r.interactive ? (0..<l.count).reduce(Int64.min) { max($0, l.start[$1], l.end[$1] == .max ? .min : l.end[$1]) } : 0
    var ties: [String: (from: String, to: String, directed: Bool, tie: Tie)] = [:]
    var confidences = Set<VisualLanguage.Confidence>(), anyDirected = false
    for k in 0..<l.count where allowed[Int(l.type[k])] {
        guard let a = endpoint(Int(l.src[k])), let b = endpoint(Int(l.dst[k])), a != b else { continue }
        let directed = l.isDirected(l.type[k])
        let (x, y) = directed || a < b ? (a, b) : (b, a)
        let id = (directed ? "d:" : "u:") + x + "|" + y
        var entry = ties[id] ?? (x, y, directed, Tie())
        entry.tie.count += 1
        entry.tie.best = max(entry.tie.best, VisualLanguage.Confidence(source: l.gradeSource[k], intelligence: l.gradeIntelligence[k]))
        entry.tie.types.insert(l.typeNames[Int(l.type[k])])
        entry.tie.first = min(entry.tie.first, l.start[k])
        entry.tie.last = max(entry.tie.last, l.end[k])
        if r.interactive { entry.tie.months.formUnion(months(from: l.start[k], to: l.end[k] == .max ? max(latest, l.start[k]) : l.end[k])) }
        ties[id] = entry
    }
    var drawnTies = ties.sorted(by: { $0.key < $1.key })
    let allTies = drawnTies.count
    if let most = r.tieLimit, drawnTies.count > most {
        let strongest = Set(drawnTies.sorted { ($1.value.tie.count, $0.key) < ($0.value.tie.count, $1.key) }.prefix(most).map(\.key))
        drawnTies = drawnTies.filter { strongest.contains($0.key) }
    }
    for (id, t) in drawnTies {
        confidences.insert(t.tie.best)
        anyDirected = anyDirected || t.directed
        var a: [String: String] = [:]
        if r.interactive {
            a["class"] = (["tie", "g-\(t.tie.best)"] + t.tie.months.sorted { ($0.year, $0.month) < ($1.year, $1.month) }.map { "m-\($0)" }).joined(separator: " ")
        }
        doc.edges.append(.init(from: t.from, to: t.to, key: id, attributes: a.merging([
            "style": t.tie.best.style, "penwidth": String(format: "%.1f", VisualLanguage.width(t.tie.count)),
            "color": VisualLanguage.tieColour, "dir": t.directed ? "forward" : "none", "arrowsize": "0.7",
            "tooltip": "\(t.tie.types.sorted().joined(separator: ", ")) ×\(t.tie.count), \(day(t.tie.first)) to \(day(t.tie.last)); best grading: \(t.tie.best.legend)",
        ]) { a, _ in a }))
    }
    if !r.steps.isEmpty {
        var stepOf: [String: Int] = [:]
        for (v, s) in r.steps { if let k = keyOf[v] { stepOf[k] = s } }
        for i in doc.edges.indices {
            guard let a = stepOf[doc.edges[i].from], let b = stepOf[doc.edges[i].to] else { continue }
            if a == b { doc.edges[i].attributes["constraint"] = "false" }
            guard a > b else { continue }
            // Laid out backwards, drawn as it is: the arrow stays at the same end.
            var edge = doc.edges[i]
            (edge.from, edge.to) = (edge.to, edge.from)
            let flipped = ["forward": "back", "back": "forward"]
            edge.attributes["dir"] = edge.attributes["dir"].map { flipped[$0] ?? $0 }
            doc.edges[i] = edge
        }
    }
    for c in r.coLocations {
        guard let a = endpoint(c.a), let b = endpoint(c.b), a != b else { continue }
        doc.edges.append(.init(from: min(a, b), to: max(a, b), key: "c:\(min(a, b))|\(max(a, b))", attributes: [
            "style": "solid", "color": VisualLanguage.coLocationColour, "dir": "none",
            "penwidth": String(format: "%.1f", VisualLanguage.width(c.count)), "tooltip": "seen together ×\(c.count)",
        ]))
    }
    for s in r.sightings {
        guard let a = endpoint(s.person), let b = endpoint(s.place) else { continue }
        doc.edges.append(.init(from: a, to: b, key: "s:\(a)|\(b)", attributes: [
            "style": "solid", "color": VisualLanguage.sightingColour, "dir": "none",
            "penwidth": String(format: "%.1f", VisualLanguage.width(s.count) / 2), "tooltip": "seen here ×\(s.count)",
        ]))
    }

    // The legend: a table node with what this map uses, readable in any layout engine.
    var rows: [String] = []
    for t in VoltType.allCases where typesShown.contains(t) {
        let look = VisualLanguage.node(t)
        rows.append("<TR><TD BGCOLOR=\"\(look.fill)\" WIDTH=\"28\"></TD><TD ALIGN=\"LEFT\">\(look.legend) (\(shapeWords(look.shape)))</TD></TR>")
    }
    if !r.collapsed.isEmpty { rows.append("<TR><TD>double octagon</TD><TD ALIGN=\"LEFT\">a community drawn as one node</TD></TR>") }
    for c in VisualLanguage.Confidence.allCases.reversed() where confidences.contains(c) {
        let sample = c == .strong ? "━━━" : c == .middling ? "– – –" : "· · · · ·"
        rows.append("<TR><TD>\(sample)</TD><TD ALIGN=\"LEFT\">\(c.style) line: \(c.legend)</TD></TR>")
    }
    if !ties.isEmpty { rows.append("<TR><TD>wider</TD><TD ALIGN=\"LEFT\">more links</TD></TR>") }
    if drawnTies.count < allTies { rows.append("<TR><TD>\(drawnTies.count) of \(allTies)</TD><TD ALIGN=\"LEFT\">ties drawn: those with the most links</TD></TR>") }
    if anyDirected { rows.append("<TR><TD>──▶</TD><TD ALIGN=\"LEFT\">exploits or supplies, from offender</TD></TR>") }
    if !r.coLocations.isEmpty { rows.append("<TR><TD><FONT COLOR=\"\(VisualLanguage.coLocationColour)\">━━━</FONT></TD><TD ALIGN=\"LEFT\">seen together at a place</TD></TR>") }
    if !r.sightings.isEmpty { rows.append("<TR><TD><FONT COLOR=\"\(VisualLanguage.sightingColour)\">━━━</FONT></TD><TD ALIGN=\"LEFT\">seen at this place</TD></TR>") }
    if !r.brokers.isEmpty { rows.append("<TR><TD>double border</TD><TD ALIGN=\"LEFT\">broker (links parts that would fall apart)</TD></TR>") }
    if r.focus.contains(where: shown.contains) { rows.append("<TR><TD><B>bold</B></TD><TD ALIGN=\"LEFT\">whom this map is about</TD></TR>") }
    if !r.keyPlayers.isEmpty { rows.append("<TR><TD>★ thick border</TD><TD ALIGN=\"LEFT\">key player for disruption</TD></TR>") }
    doc.legend = r.bare ? nil : "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR><TD COLSPAN=\"2\"><B>Legend</B></TD></TR>"
        + rows.joined() + "</TABLE>"

    doc.graphAttributes = [
        "label": r.bare ? "" : r.title + "\n" + r.subtitle, "labelloc": "t", "labeljust": "l", "fontname": "DejaVu Sans", "fontsize": "16",
        "overlap": "prism", "splines": "true", "outputorder": "edgesfirst", "pack": "true", "nodesep": "0.35", "ranksep": "0.6",
        "rankdir": r.leftToRight ? "LR" : "TB", "bgcolor": "white",
    ]
    doc.nodeDefaults = ["fontname": "DejaVu Sans", "fontsize": "10", "margin": "0.08,0.04"]
    doc.edgeDefaults = ["arrowhead": "normal"]
    return doc
}

/// "3 victims", "1 offender": members of a collapsed group by type.
private func count(_ t: VoltType, _ n: Int) -> String {
    let noun: String
    switch t {
    case .victim: noun = "victim"
    case .offender: noun = "offender"
    case .victimOffender: noun = "victim-offender"
    case .person: noun = "other"
    case .location: noun = "location"
    case .theme: noun = "theme"
    }
    return "\(n) \(noun)\(n == 1 ? "" : "s")"
}

private func shapeWords(_ shape: String) -> String {
    switch shape {
    case "ellipse": return "oval"
    case "box": return "square corners"
    case "house": return "house"
    case "note": return "folded corner"
    default: return shape
    }
}

/// The calendar months a span touches, at most 120 (ten years: a longer link counts from its
/// last ten).
func months(from start: Int64, to end: Int64) -> [Month] {
    var m = Month(containing: Timestamp(seconds: max(start, end - 10 * 366 * 86_400)))
    let last = Month(containing: Timestamp(seconds: end))
    var out: [Month] = []
    while (m.year, m.month) <= (last.year, last.month) && out.count < 121 {
        out.append(m)
        m = Month(containing: Timestamp(seconds: m.end.seconds + 1))
    }
    return out
}
