import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VoltTestSupport

/// `volt export graphml|gexf` through the real binary, read back by networkx (the reference
/// venv) and by XMLParser, against the store's own CSV export.
@Suite(.serialized) struct ExportCLITests {
    let dir = TestSupport.temporaryDirectory("export-cli")
    var env: [String: String] { ["VOLT_DB": dir + "/area.sqlite", "VOLT_PURPOSE": "export test"] }
    static let example = TestSupport.packageRoot.appendingPathComponent("examples/wexbury").path
    /// Names that break careless writers: markup, quotes, a line break, emoji, right-to-left.
    static let awkward = ["Zoë \"Z\" <O'Neil> & Co", "Line one\nline two", "Ayşe 😀 Yıldız", "مريم الحسن", "Back\\slash \\N"]

    /// The example area plus people with awkward names linked to it; returns the CSV export of
    /// the whole store (what the store holds, written by volt's own CSV path).
    func loaded() throws -> (entities: [[String: String]], links: [[String: String]]) {
        var people = "id,type,name\n", links = "from,to,type,start,source,grading\n"
        for (i, name) in Self.awkward.enumerated() {
            people += "aw_\(i),victim,\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
            links += "aw_\(i),Y012,associate,2026-0\(i + 1)-02T10:00:00Z,school,2B-P\n"
        }
        let files = [TestSupport.write(people, to: "awkward-entities.csv", in: dir), TestSupport.write(links, to: "awkward-links.csv", in: dir)]
        let r = try TestSupport.volt(["import"] + ["entities", "links", "sightings", "missing"].map { "\(Self.example)/\($0).csv" } + files, environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try TestSupport.volt(["export", "volt", "--out", dir + "/csv", "--recipient", "test"], environment: env)
        #expect(csv.status == 0, "\(csv.stderr)")
        return (try TestSupport.readCSV(URL(fileURLWithPath: dir + "/csv/entities.csv")), try TestSupport.readCSV(URL(fileURLWithPath: dir + "/csv/links.csv")))
    }

    static let reader = """
        import sys, json, networkx as nx
        kind, path = sys.argv[1], sys.argv[2]
        g = nx.read_graphml(path) if kind == "graphml" else nx.read_gexf(path, version="1.3")
        print(json.dumps({"nodes": {n: d for n, d in g.nodes(data=True)},
                          "edges": [[u, v, d] for u, v, d in g.edges(data=True)]}, default=str))
        """

    @Test(arguments: ["graphml", "gexf"])
    func networkxReadsTheSameNodesLinksAttributesAndSpells(_ format: String) throws {
        let (entities, links) = try loaded()
        let out = "\(dir)/area.\(format)"
        let r = try TestSupport.volt(["export", format, "--out", out, "--labels", "names", "--recipient", "networkx test"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        guard let run = try TestSupport.python(Self.reader, [format, out]) else {
            if TestSupport.isCI { Issue.record("no reference Python under CI=true (make test makes .venv)") } else { print("skipped: no .venv with networkx") }
            return
        }
        #expect(run.status == 0, "\(run.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let nodes = parsed["nodes"] as! [String: [String: Any]]
        let edges = parsed["edges"] as! [[Any]]

        // Nodes: every entity a link touches, with its name and VOLT type, awkward names intact.
        let touched = Set(links.flatMap { [$0["from"]!, $0["to"]!] })
        #expect(Set(nodes.keys) == touched)
        let byID = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"]!, $0) })
        for (id, attributes) in nodes {
            #expect(attributes["label"] as? String == byID[id]?["name"], "\(id)")
            #expect(attributes["volt_type"] as? String == byID[id]?["type"], "\(id)")
        }
        for (i, name) in Self.awkward.enumerated() { #expect(nodes["aw_\(i)"]?["label"] as? String == name) }

        // Links: the same multiset of (pair, type, start, end, source, grading) as the store.
        func key(_ a: String, _ b: String, _ rest: [String?]) -> String { ([min(a, b), max(a, b)] + rest.map { $0 ?? "" }).joined(separator: "|") }
        let ours = links.map { key($0["from"]!, $0["to"]!, [$0["type"], $0["start"], $0["end"], $0["source"], $0["grading"]]) }.sorted()
        let theirs = edges.map { e -> String in
            let d = e[2] as! [String: Any]
            return key(e[0] as! String, e[1] as! String, [d["type"] as? String, d["start"] as? String, d["end"] as? String, d["source"] as? String, d["grading"] as? String])
        }.sorted()
        #expect(ours.count == theirs.count && ours == theirs, "\(Set(ours).symmetricDifference(theirs).prefix(4))")
        // Typed attributes come back typed.
        let graded = edges.compactMap { $0[2] as? [String: Any] }.first { $0["grade_source"] != nil }
        #expect(graded?["grade_source"] is Int && graded?["directed"] is Bool)
    }

    /// The bytes of an export: its file, or its folder's files one after another.
    func contents(_ path: String) throws -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return try Data(contentsOf: URL(fileURLWithPath: path)) }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted().reduce(into: Data()) { $0 += try Data(contentsOf: URL(fileURLWithPath: path + "/" + $1)) }
    }

    @Test(arguments: ["graphml", "gexf", "cytoscape", "jgf", "csv", "neo4j", "anx"], ["pseudonyms", "initials"])
    func belowNamesNoNameIdOrReferenceAppears(_ format: String, _ level: String) throws {
        let (entities, links) = try loaded()
        let out = "\(dir)/area-\(level).\(format)"
        let r = try TestSupport.volt(["export", format, "--out", out, "--labels", level, "--recipient", "research team"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let data = SearchableBytes(try contents(out))
        let people = entities.filter { !["location", "theme"].contains($0["type"]) || $0["category"] == "address" }
        var secrets = people.flatMap { [$0["id"]!, $0["name"]!] } + links.compactMap { $0["ref"] }.filter { !$0.isEmpty }
        secrets += entities.compactMap { $0["dob"] }.filter { !$0.isEmpty }
        // XML escapes what it must: look for the escaped forms too.
        func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
        }
        // Bytes, not String.contains: a plain byte search is fast on a large file.
        func shows(_ data: SearchableBytes, _ s: String) -> Bool { data.contains(s) || data.contains(escaped(s)) }
        let leaked = secrets.filter { shows(data, $0) }
        #expect(leaked.isEmpty, "\(leaked.prefix(5))")
        // The names level does show them, so the scan can fail.
        let named = "\(dir)/named.\(format)"
        _ = try TestSupport.volt(["export", format, "--out", named, "--labels", "names", "--recipient", "test"], environment: env)
        let namedData = SearchableBytes(try contents(named))
        #expect(secrets.filter { shows(namedData, $0) }.count > 100)
    }

    /// Below names, the time a child became a victim is the first of its month (exact times
    /// re-identify); at names it is exact.
    @Test func roleTimesAreRoundedToTheMonthBelowNames() throws {
        _ = try loaded()
        for (level, rounded) in [("pseudonyms", true), ("initials", true), ("names", false)] {
            let out = "\(dir)/roles-\(level).json"
            let r = try TestSupport.volt(["export", "cytoscape", "--out", out, "--labels", level, "--recipient", "research team"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            let times = text.components(separatedBy: "\"victim_since\"").dropFirst().compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
            #expect(times.count > 50, "\(level): \(times.count) victim_since values")
            let allFirsts = times.allSatisfy { $0.hasSuffix("-01T00:00:00Z") }
            #expect(allFirsts == rounded, "\(level): \(times.prefix(3))")
        }
    }

    /// Each format parsed back: well-formed, every entity and link, awkward names intact.
    @Test(arguments: ["cytoscape", "jgf", "csv", "neo4j", "anx", "graphml", "gexf"])
    func everyFormatParsesBackWithEveryEntityLinkAndName(_ format: String) throws {
        let (entities, links) = try loaded()
        let out = "\(dir)/all.\(format)"
        let r = try TestSupport.volt(["export", format, "--out", out, "--labels", "names", "--recipient", "test"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let touched = Set(links.flatMap { [$0["from"]!, $0["to"]!] })
        var labels: [String: String] = [:], linkCount = 0
        switch format {
        case "cytoscape":
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
            let elements = doc["elements"] as! [String: [[String: [String: Any]]]]
            for n in elements["nodes"]! { labels[n["data"]!["id"] as! String] = n["data"]!["label"] as? String }
            linkCount = elements["edges"]!.count
            // Each edge's ends are nodes (a `source` attribute must not replace the end), and the
            // agency that recorded it is kept beside them.
            #expect(elements["edges"]!.allSatisfy { e in
                labels[e["data"]!["source"] as? String ?? ""] != nil && labels[e["data"]!["target"] as? String ?? ""] != nil
                    && (e["data"]!["record_source"] as? String)?.isEmpty == false
            })
        case "jgf":
            let graph = (try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: [String: Any]])["graph"]!
            for (k, v) in graph["nodes"] as! [String: [String: Any]] { labels[k] = v["label"] as? String }
            linkCount = (graph["edges"] as! [Any]).count
        case "csv", "neo4j":
            let nodes = try TestSupport.readCSV(URL(fileURLWithPath: out + "/nodes.csv"))
            for n in nodes { labels[n["Id"] ?? n["id:ID"]!] = n["Label"] ?? n["label"] }
            let edges = try TestSupport.readCSV(URL(fileURLWithPath: out + (format == "csv" ? "/edges.csv" : "/relationships.csv")))
            linkCount = edges.count
            if format == "neo4j" {
                #expect(nodes.allSatisfy { $0[":LABEL"]?.isEmpty == false } && edges.allSatisfy { $0[":START_ID"] != nil && $0[":END_ID"] != nil && $0[":TYPE"]?.isEmpty == false })
            } else {
                #expect(Set(edges.map { $0["Type"]! }) == ["Directed", "Undirected"])
            }
        default:
            let reader = XMLLabels(Data(try contents(out)))
            #expect(reader.wellFormed)
            labels = reader.labels
            linkCount = reader.links
        }
        #expect(Set(labels.keys) == touched)
        #expect(linkCount == links.count)
        let names = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"]!, $0["name"]!) })
        #expect(labels.allSatisfy { names[$0.key] == $0.value }, "\(labels.filter { names[$0.key] != $0.value }.prefix(3))")
        for (i, name) in Self.awkward.enumerated() { #expect(labels["aw_\(i)"] == name, "\(format): \(labels["aw_\(i)"] ?? "missing")") }
    }

    @Test func exploitsPointFromTheOffenderAndFiltersApply() throws {
        let (_, links) = try loaded()
        let out = "\(dir)/exploits.graphml"
        let r = try TestSupport.volt(["export", "graphml", "--out", out, "--labels", "names", "--links", "exploits", "--from", "2026-06-01",
                                      "--recipient", "test"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let xml = try String(contentsOfFile: out, encoding: .utf8)
        let edges = xml.components(separatedBy: "<edge ").dropFirst()
        let expected = links.filter { $0["type"] == "exploits" && ($0["end"]!.isEmpty || $0["end"]! >= "2026-06-01") }
        #expect(edges.count == expected.count && !expected.isEmpty)
        let pairs = Set(expected.map { "source=\"\($0["from"]!)\" target=\"\($0["to"]!)\"" })
        for e in edges { #expect(pairs.contains { e.contains($0) } && e.contains(">true<"), "\(e.prefix(120))") }
    }

    @Test func everyExportIsADisclosureWithItsRecipientAndCount() throws {
        _ = try loaded()
        let r = try TestSupport.volt(["export", "gexf", "--out", "\(dir)/d.gexf", "--recipient", "Gephi on the analyst's laptop"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let log = try TestSupport.volt(["audit", "show", "--format", "csv", "--last", "1"], environment: env)
        #expect(log.stdout.contains("disclosure") && log.stdout.contains("Gephi on the analyst's laptop") && log.stdout.contains("export ") && log.stdout.contains("format=gexf"), "\(log.stdout)")
        let count = r.stdout.split(separator: " ").firstIndex(of: "entities,").map { r.stdout.split(separator: " ")[$0 - 1] }
        #expect(count != nil && log.stdout.contains("disclosed_entities=\(count!)"))
    }

    @Test(arguments: [
        (["export", "graphml", "--out", "x.graphml"], [String: String](), 1, "needs a recipient"),
        (["export", "graphml", "--out", "x.graphml", "--recipient", "r"], ["VOLT_PURPOSE": ""], 1, "purpose"),
        (["export", "pajek", "--out", "x.net", "--recipient", "r"], [:], 2, "The value 'pajek' is invalid for '<format>'"),
        (["export", "gexf", "--out", "x.gexf", "--recipient", "r", "--labels", "all"], [:], 2, "Please provide one of 'names', 'initials' or 'pseudonyms'"),
        (["export", "gexf", "--out", "x.gexf", "--recipient", "r", "--from", "2020-01-01", "--to", "2020-01-02"], [:], 1, "nothing to export"),
    ])
    func refusedInOneSentence(_ args: [String], _ extra: [String: String], _ status: Int32, _ message: String) throws {
        _ = try loaded()
        let r = try TestSupport.volt(args, environment: env.merging(extra) { $1 }, directory: dir)
        #expect(r.status == status, "\(args): \(r.stderr)")
        #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("x.") || $0.contains(".partial") }.isEmpty)
    }
}

/// Node labels and the link count of a GraphML, GEXF or ANX file, read with XMLParser.
final class XMLLabels: NSObject, XMLParserDelegate {
    var labels: [String: String] = [:], links = 0
    private(set) var wellFormed = false
    private var node: String?, dataKey: String?, text = "", itemLabel: String?

    init(_ data: Data) {
        super.init()
        let p = XMLParser(data: data)
        p.delegate = self
        wellFormed = TestSupport.withXML { p.parse() && p.parserError == nil }  // Linux: parse() can be true after an error
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        switch name {
        case "node": node = a["id"]; if let l = a["label"] { labels[a["id"]!] = l }  // GEXF has the label here
        case "data": dataKey = a["key"]; text = ""
        case "edge": links += 1
        case "ChartItem": itemLabel = a["Label"]
        case "Entity": labels[a["EntityId"]!] = itemLabel
        case "Link": links += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "data", dataKey == "n_label", let node { labels[node] = text }
        if name == "data" { dataKey = nil }
        if name == "node" { node = nil }
    }
}
