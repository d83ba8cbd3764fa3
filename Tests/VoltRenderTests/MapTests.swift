import Foundation
import Testing
import VoltGraph
import VoltModel
import VoltPrivacy
@testable import VoltRender

/// A small area with one entity of each kind, distinctive names and ids, and links graded to
/// exercise every line style.
struct Area {
    let ids = ["VX1001", "VX1002", "OX2001", "VOX3001", "PX4001", "LX5001", "LX5002", "TX6001", "VX1003"]
    let names = ["Zebediah Quartermaine", "Anouk Fairweather-Lyle", "Barnaby Scrimshaw", "Ottoline Vexley", "Peregrine Hollis",
                 "Greggs Northgate", "14 Acacia Avenue", "CSE", "Zoë \"Z\" <O'Neil> & Co 😀 مرحبا"]
    let types: [VoltType] = [.victim, .victim, .offender, .victimOffender, .person, .location, .location, .theme, .victim]
    var entities: EntityTable {
        EntityTable(ids: ids, names: names, types: types, categories: [nil, nil, nil, nil, nil, "takeaway", "address", nil, nil])
    }
    // (from, to, type, grading)
    let raw: [(Int32, Int32, String, String?)] = [
        (0, 1, "associate", "1A-P"), (1, 0, "associate", "1C-P"),  // twice: width 2, best solid
        (1, 3, "associate", "2C-P"),  // dashed
        (0, 3, "associate", "3A-P"),  // source 3: dotted
        (2, 0, "exploits", "2B-C"),  // solid, arrow
        (3, 4, "family", nil),  // ungraded: dotted
        (4, 6, "lives_at", "2C-P"), (0, 7, "linked_to_theme", "2E-P"),  // E: dotted
        (8, 1, "associate", "2D-P"),
    ]
    var links: TimedLinkTable {
        TimedLinkTable(src: raw.map(\.0), dst: raw.map(\.1), type: raw.map(\.2), start: raw.indices.map { Int64($0) * 86_400 },
                       end: raw.map { _ in nil }, grading: raw.map { $0.3.flatMap(Grading.init) })
    }
    var request: MapRequest {
        var r = MapRequest(title: "test map", subtitle: "all dates")
        r.nodes = Array(0..<9)
        r.groups = [("peer group", [0, 1, 3])]
        r.brokers = [3]
        r.keyPlayers = [2]
        r.focus = [1]
        return r
    }
    static let key = Array("a test key of thirty-two bytes!!".utf8)
}

@Suite(.serialized) struct MapTests {
    let area = Area()

    func render(_ level: LabelLevel, _ format: MapFormat, key: [UInt8] = Area.key) throws -> Data {
        let doc = makeMap(area.request, entities: area.entities, links: area.links, labeller: Labeller(level: level, key: key))
        return try Graphviz.render(doc, format: format)
    }

    @Test func dotHasEveryNodeShapeColourClusterAndLineStyle() throws {
        let dot = try DOTGraph(String(decoding: try render(.names, .dot), as: UTF8.self))
        let nodes = dot.nodes.filter { $0.key != "legend" }
        #expect(nodes.count == 9)
        for (i, id) in area.ids.enumerated() {
            let look = VisualLanguage.node(area.types[i])
            #expect(nodes[id]?.attributes["shape"] == look.shape, "\(id)")
            #expect(nodes[id]?.attributes["fillcolor"] == look.fill, "\(id)")
        }
        #expect(Set(nodes.values.filter { $0.subgraph == "cluster_g1" }.map(\.name)) == ["VX1001", "VX1002", "VOX3001"])
        #expect(nodes["VOX3001"]?.attributes["peripheries"] == "2" && nodes["OX2001"]?.attributes["penwidth"] == "3")
        #expect(nodes["VX1002"]?.attributes["fontname"] == "DejaVu Sans Bold" && nodes.values.filter { $0.attributes["fontname"] != nil }.count == 1)
        #expect(dot.nodes["legend"]?.attributes["label"]?.contains("whom this map is about") == true)
        #expect(dot.edges.count == 8)
        func edge(_ a: String, _ b: String) -> [String: String]? {
            dot.edges.first { ($0.from == a && $0.to == b) || ($0.from == b && $0.to == a) }?.attributes
        }
        #expect(edge("VX1001", "VX1002")?["style"] == "solid" && edge("VX1001", "VX1002")?["penwidth"] == "2.0")
        #expect(edge("VX1002", "VOX3001")?["style"] == "dashed" && edge("VX1002", "VOX3001")?["penwidth"] == "1.0")
        #expect(edge("VX1001", "VOX3001")?["style"] == "dotted")
        #expect(edge("VOX3001", "PX4001")?["style"] == "dotted")
        #expect(edge("VX1001", "TX6001")?["style"] == "dotted")
        #expect(edge("VX1003", "VX1002")?["style"] == "dashed")
        let exploits = dot.edges.first { $0.from == "OX2001" }
        #expect(exploits?.to == "VX1001" && exploits?.attributes["dir"] == "forward" && exploits?.attributes["style"] == "solid")
        #expect(dot.edges.filter { $0.attributes["dir"] == "forward" }.count == 1)
        #expect(dot.graphAttributes["label"]?.hasPrefix("test map") == true)
    }

    @Test func svgHasTheSameNodesEdgesClustersAndStyles() throws {
        let svg = SVGMap(try render(.names, .svg))
        #expect(svg.wellFormed)
        let nodes = svg.nodes.filter { $0.id != "legend" }
        #expect(nodes.count == 9 && svg.edges.count == 8 && svg.clusters.count == 1)
        for (i, id) in area.ids.enumerated() {
            let n = nodes.first { $0.title == id }
            #expect(n?.id == id, "SVG nodes carry the entity id")
            #expect(n?.fills.first == VisualLanguage.node(area.types[i]).fill.lowercased(), "\(id)")
            #expect(n?.tooltip.hasPrefix(VisualLanguage.node(area.types[i]).legend) == true, "tooltip says the type: \(n?.tooltip ?? "")")
        }
        #expect(nodes.first { $0.title == "OX2001" }?.shapes.first == "polygon" && nodes.first { $0.title == "VX1001" }?.shapes.first == "ellipse")
        let dashes = svg.edges.map { $0.dash ?? "solid" }
        #expect(dashes.filter { $0 == "solid" }.count == 2 && dashes.filter { $0 == "5,2" }.count == 3 && dashes.filter { $0 == "1,5" }.count == 3)
        // The awkward name survives, escaped, and the file still parses.
        #expect(nodes.first { $0.title == "VX1003" }?.texts.first == area.names[8])
    }

    @Test(arguments: [LabelLevel.initials, .pseudonyms], [MapFormat.dot, .svg, .png, .pdf])
    func noNameOrIdBeyondTheLevelAnywhereInTheFile(_ level: LabelLevel, _ format: MapFormat) throws {
        let data = try render(level, format)
        let bytes = [UInt8](data)
        func contains(_ s: String) -> Bool {
            let needle = Array(s.utf8)
            return needle.count <= bytes.count && (0...(bytes.count - needle.count)).contains { i in bytes[i..<(i + needle.count)].elementsEqual(needle) }
        }
        // People's names (whole, and each part longer than two letters), every id, the address.
        var secrets = area.ids + [area.names[6]]
        for i in [0, 1, 2, 3, 4, 8] {
            secrets.append(area.names[i])
            secrets += area.names[i].split(separator: " ").map(String.init).filter { $0.count > 2 && $0.allSatisfy(\.isLetter) }
        }
        for s in secrets { #expect(!contains(s), "\(level) \(format) contains '\(s)'") }
        if format == .svg || format == .dot {
            // The scan can find things: public places and themes are shown by name.
            #expect(contains("Greggs Northgate") && contains("CSE"))
            if level == .initials { #expect(contains("ZQ") && contains("BS")) }
        }
    }

    @Test func theNamesLevelShowsNamesSoTheScanIsMeaningful() throws {
        let svg = String(decoding: try render(.names, .svg), as: UTF8.self)
        #expect(svg.contains("Zebediah Quartermaine") && svg.contains("VX1001") && svg.contains("14 Acacia Avenue"))
    }

    @Test func pseudonymsAreStableForAKeyAndDifferAcrossKeys() {
        let a = Labeller(level: .pseudonyms, key: Area.key), b = Labeller(level: .pseudonyms, key: Area.key)
        let other = Labeller(level: .pseudonyms, key: Array(repeating: 7, count: 32))
        let ids = area.ids
        #expect(ids.map { a.pseudonym($0, prefix: "P") } == ids.map { b.pseudonym($0, prefix: "P") })
        #expect(Set(ids.map { a.pseudonym($0, prefix: "P") }).count == ids.count)
        #expect(zip(ids.map { a.pseudonym($0, prefix: "P") }, ids.map { other.pseudonym($0, prefix: "P") }).allSatisfy { $0 != $1 })
        #expect(a.pseudonym("VX1001", prefix: "P").count == 12)
    }

    @Test func initialsThatClashAreNumbered() {
        let e = EntityTable(ids: ["a", "b", "c"], names: ["Tia Umber", "Tom Usher", "Amy Lee"], types: [.victim, .victim, .victim])
        let labels = Labeller(level: .initials, key: Area.key).labels(for: [0, 1, 2], in: e)
        #expect(Set(labels.map(\.label)) == ["TU", "TU (2)", "AL"])
        #expect(Set(labels.map(\.key)) == ["n1", "n2", "n3"])
    }

    @Test func renderingRepeatedlyGivesTheSameBytes() throws {
        let first = try render(.pseudonyms, .svg)
        for _ in 0..<25 { #expect(try render(.pseudonyms, .svg) == first) }
        for engine in LayoutEngine.allCases {
            let doc = makeMap(area.request, entities: area.entities, links: area.links, labeller: Labeller(level: .names, key: Area.key))
            #expect(SVGMap(try Graphviz.render(doc, format: .svg, engine: engine)).wellFormed, "\(engine)")
        }
    }

    @Test func aPathReadsFromItsStartWhateverWayTheArrowsPoint() throws {
        var r = area.request
        r.groups = []
        r.nodes = [1, 0, 2]
        r.steps = [1: 0, 0: 1, 2: 2]  // VX1002 → VX1001 → OX2001, though OX2001 exploits VX1001
        let doc = makeMap(r, entities: area.entities, links: area.links, labeller: Labeller(level: .names, key: Area.key))
        let dot = try DOTGraph(String(decoding: try Graphviz.render(doc, format: .dot), as: UTF8.self))
        let step = ["VX1002": 0, "VX1001": 1, "OX2001": 2]
        #expect(dot.edges.count == 2)
        for e in dot.edges { #expect(step[e.from]! < step[e.to]!, "\(e.from) -> \(e.to)") }
        // The exploits line is laid out backwards and drawn with its arrow at the child.
        let exploits = dot.edges.first { $0.to == "OX2001" }
        #expect(exploits?.from == "VX1001" && exploits?.attributes["dir"] == "back")
    }

    @Test func aBackslashInANameIsShownAsWritten() throws {
        var names = area.names
        names[0] = #"Ann \N \G Lee"#
        let e = EntityTable(ids: area.ids, names: names, types: area.types, categories: [nil, nil, nil, nil, nil, "takeaway", "address", nil, nil])
        let doc = makeMap(area.request, entities: e, links: area.links, labeller: Labeller(level: .names, key: Area.key))
        let svg = SVGMap(try Graphviz.render(doc, format: .svg))
        let texts = svg.nodes.flatMap(\.texts)
        #expect(texts.contains { $0.contains(#"Ann \N \G Lee"#) }, "\(texts)")
        #expect(!texts.contains { $0.contains("Ann VX1001") || $0.contains("volt") })
    }

    /// A busy place: a hub, everyone seen there, and many of them seen together. With curved
    /// lines, twopi corrupted Graphviz 2.42's heap on a map like this; every engine must draw it.
    @Test func aBusyPlaceDrawsInEveryEngine() throws {
        let n = 60
        let e = EntityTable(ids: (0..<n).map { "E\($0)" }, names: (0..<n).map { "Person \($0)" },
                            types: [.location] + Array(repeating: VoltType.victim, count: n - 1))
        let empty = TimedLinkTable(src: [], dst: [], type: [], start: [], end: [], grading: [])
        var r = MapRequest(title: "busy place", subtitle: "all dates")
        r.nodes = Array(0..<n)
        r.sightings = (1..<n).map { ($0, 0, 1 + $0 % 4) }
        r.coLocations = (1..<n).flatMap { a in stride(from: a + 1, to: n, by: 7).map { (a, $0, 2) } }
        let doc = makeMap(r, entities: e, links: empty, labeller: Labeller(level: .pseudonyms, key: Area.key))
        for engine in LayoutEngine.allCases {
            let svg = SVGMap(try Graphviz.render(doc, format: .svg, engine: engine))
            #expect(svg.wellFormed && svg.nodes.count == n + 1 && svg.edges.count == doc.edges.count, "\(engine)")
        }
    }

    @Test func anEmptyMapIsRefusedInOneSentence() {
        #expect(throws: RenderError.emptyMap("the selection has no entities")) { try Graphviz.render(MapDocument(), format: .svg) }
        #expect(MapFormat(fileName: "map.jpeg") == nil && MapFormat(fileName: "map.GV") == .dot && MapFormat(fileName: "svg") == nil)
    }
}
