import Foundation
import Testing
import VoltTestSupport

/// Charts from other tools into volt: GraphML and i2 ANX, through the real binary.
@Suite(.serialized) struct ChartImportCLITests {
    let dir = TestSupport.temporaryDirectory("chart-import")
    func env(_ db: String) -> [String: String] { ["VOLT_DB": "\(dir)/\(db).sqlite", "VOLT_PURPOSE": "chart test"] }

    /// The example area and the awkward names of the export tests, in store `db`.
    func area(_ db: String) throws {
        let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
        var people = "id,type,name\n", links = "from,to,type,start,source,grading,ref,end\n"
        for (i, name) in ExportCLITests.awkward.enumerated() {
            people += "aw_\(i),victim,\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            links += "aw_\(i),Y012,associate,2026-0\(i + 1)-02T10:00:00Z,school,2B-C,\"ref <\(i)> & \"\"q\"\"\",2026-10-0\(i + 1)T00:00:00Z\n"
        }
        let files = [TestSupport.write(people, to: "aw-entities.csv", in: dir), TestSupport.write(links, to: "aw-links.csv", in: dir)]
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(example)/\($0).csv" } + files, environment: env(db))
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// The store's entities and links as volt's own CSV export writes them (sorted, every field).
    func content(_ db: String) throws -> [String] {
        let out = "\(dir)/content-\(db)"
        let r = try TestSupport.volt(["export", "volt", "--out", out, "--recipient", "test"], environment: env(db))
        #expect(r.status == 0, "\(r.stderr)")
        return try ["entities", "links"].map { try String(contentsOfFile: "\(out)/\($0).csv", encoding: .utf8) }
    }

    @Test(arguments: ["graphml", "anx"])
    func exportedThenImportedIntoAnEmptyStoreIsTheSameContent(_ format: String) throws {
        try area("source")
        let chart = "\(dir)/area.\(format)"
        let x = try TestSupport.volt(["export", format, "--out", chart, "--labels", "names", "--all-entities", "--recipient", "test"], environment: env("source"))
        #expect(x.status == 0, "\(x.stderr)")
        let i = try TestSupport.volt(["import", chart], environment: env("copy"))
        #expect(i.status == 0, "\(i.stderr)")
        let (a, b) = (try content("source"), try content("copy"))
        #expect(a[0] == b[0], "entities differ")
        #expect(a[1] == b[1], "links differ")
        #expect(a[0].contains("Zoë \"\"Z\"\" <O'Neil> & Co") && a[1].split(separator: "\n").count > 1000)
    }

    @Test(arguments: [
        ("bad.graphml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="t" for="node" attr.name="volt_type" attr.type="string"/>
              <key id="l" for="node" attr.name="label" attr.type="string"/>
              <key id="s" for="edge" attr.name="start" attr.type="string"/>
              <key id="src" for="edge" attr.name="source" attr.type="string"/>
              <key id="ty" for="edge" attr.name="type" attr.type="string"/>
              <graph edgedefault="undirected">
                <node id="A1"><data key="t">victim</data><data key="l">Amy</data></node>
                <node id="A2"><data key="l">No type</data></node>
                <edge source="A1" target="ZZ9"><data key="ty">associate</data><data key="s">2026-02-30</data><data key="src">police</data></edge>
              </graph>
            </graphml>
            """, ["bad.graphml:10:0: ", "type", "bad.graphml:11:0: ", "2026-02-30"]),
        ("broken.anx", "<Chart><ChartItemCollection><ChartItem Label=\"x\">\n<End><Entity EntityId=\"a\"></End>", ["broken.anx:2:0: not well-formed XML"]),
        ("other.graphml", "<?xml version=\"1.0\"?>\n<gexf><graph/></gexf>", ["other.graphml:2:0: no <graphml> element"]),
        // Accepted before, wrong: text that volt would have dropped in silence.
        ("dropped.graphml", """
            <graphml>
              <key id="t" for="node" attr.name="volt_type" attr.type="string"/>
              <key id="n" for="node" attr.name="label" attr.type="string"/>
              <key id="note" for="node" attr.name="intelligence_note" attr.type="string"/>
              <key id="x" for="node" attr.name="x" attr.type="float"/>
              <graph>
                <node id="B1"><data key="t">victim</data><data key="n">Bea</data><data key="x">1.5</data></node>
                <node id="B2"><data key="t">victim</data><data key="n">Cy</data>seen with B1</node>
                <node id="B3"><data key="t">victim</data><data key="n">Di</data><data key="note">goes to the flat</data></node>
                <node id="B4"><data key="t">victim</data><data key="n">Ed</data><data key="undeclared">x</data></node>
              </graph>
            </graphml>
            """, ["dropped.graphml:8:0: the text 'seen with B1' in <node id=\"B2\"> is outside any <data> element",
                  "dropped.graphml:9:0: the attribute 'intelligence_note' of <node id=\"B3\"> holds text ('goes to the flat') that has no volt column",
                  "dropped.graphml:10:0: <data key=\"undeclared\"> in <node id=\"B4\"> refers to no <key id=\"undeclared\">"]),
        ("entities.graphml", "<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [<!ENTITY big \"lol\">]>\n<graphml><graph><node id=\"x\">&big;</node></graph></graphml>",
         ["has a DOCTYPE, which charts do not need"]),
        ("unclosed.graphml", "<graphml>\n<graph>\n<node id=\"a\">\n", ["unclosed.graphml:3:0: not well-formed XML: the file ends before its elements are closed"]),
        ("grades.anx", """
            <Chart><ChartItemCollection>
            <ChartItem Label="a"><End><Entity EntityId="A1" Identity="A1"><Icon><IconStyle Type="Victim"/></Icon></Entity></End></ChartItem>
            <ChartItem Label="b"><End><Entity EntityId="A2" Identity="A2"><Icon><IconStyle Type="Victim"/></Icon></Entity></End></ChartItem>
            <ChartItem DateSet="true" DateTime="2026-01-02T00:00:00Z" SourceType="police" GradeOneIndex="high" GradeTwoIndex="1" GradeThreeIndex="0"><Link End1Id="A1" End2Id="A2"><LinkStyle Type="associate"/></Link></ChartItem>
            <ChartItem DateSet="true" DateTime="2026-01-03T00:00:00Z" SourceType="police" GradeOneIndex="1" GradeTwoIndex="7" GradeThreeIndex="0"><Link End1Id="A1" End2Id="A2"><LinkStyle Type="associate"/></Link></ChartItem>
            </ChartItemCollection></Chart>
            """, ["grades.anx:4:0: GradeOneIndex 'high' is not a number", "grades.anx:5:0: GradeTwoIndex 7 is out of range"]),
    ])
    func aBadChartIsRejectedWholeWithLineAndReason(_ name: String, _ xml: String, _ expected: [String]) throws {
        try area("store")
        let before = try content("store")
        let path = TestSupport.write(xml, to: name, in: dir)
        let r = try TestSupport.volt(["import", path], environment: env("store"), directory: dir)
        #expect(r.status == 1, "\(r.stderr)")
        for e in expected { #expect(r.stderr.contains(e), "\(e) in \(r.stderr)") }
        #expect(r.stderr.contains("nothing was stored"))
        #expect(try content("store") == before)
    }

    /// Accepted before, wrong: a chart over 10,000,000 bytes failed with "libxml2 error 1".
    /// Streamed now: 40,000 people with long names (about 14 MB) import whole.
    @Test func aChartOverTenMegabytesImports() throws {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml>\n"
        xml += "<key id=\"t\" for=\"node\" attr.name=\"volt_type\" attr.type=\"string\"/>\n<key id=\"l\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        xml += "<key id=\"ty\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/><key id=\"s\" for=\"edge\" attr.name=\"start\" attr.type=\"string\"/><key id=\"src\" for=\"edge\" attr.name=\"source\" attr.type=\"string\"/>\n<graph>\n"
        let n = 40_000
        let filler = String(repeating: "x", count: 250)
        for i in 0..<n {
            xml += "<node id=\"P\(i)\"><data key=\"t\">person</data><data key=\"l\">Person \(i) \(filler)</data></node>\n"
        }
        for i in 1..<n where i % 4 == 0 {
            xml += "<edge source=\"P\(i - 1)\" target=\"P\(i)\"><data key=\"ty\">associate</data><data key=\"s\">2026-01-01</data><data key=\"src\">police</data></edge>\n"
        }
        xml += "</graph>\n</graphml>\n"
        #expect(xml.utf8.count > 10_000_000)
        let path = TestSupport.write(xml, to: "big.graphml", in: dir)
        let r = try TestSupport.volt(["import", path, "--format", "json"], environment: env("big"), directory: dir)
        #expect(r.status == 0, "\(r.stderr.prefix(500))")
        let stats = try TestSupport.volt(["stats", "--format", "json"], environment: env("big"))
        #expect(stats.stdout.contains("\"entities\" : \(n)") || stats.stdout.contains("\"entities\":\(n)"), "\(stats.stdout.prefix(400))")
    }
}
